import { randomBytes } from 'node:crypto';

export interface SignedIn {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export interface SignInOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
}

/** Cookies by name, as a browser would keep them across the provider's redirects (path ignored). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs a person in at an OpenID Connect provider the way a browser and Backstage would (the
 * authorization code flow: authorize, the provider's sign-in form, the code, the token
 * endpoint), without a browser: for tests and benchmarks that need a person's own ID token.
 */
export async function signInWithPassword(
  options: SignInOptions,
): Promise<SignedIn> {
  const jar = new CookieJar();
  const state = randomBytes(8).toString('hex');
  const step = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, options.issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: jar.header() },
    });
    jar.keep(response);
    return response;
  };
  const authorize = new URL('/auth', options.issuer);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    scope: 'openid profile email groups',
    redirect_uri: options.redirectUri,
    state,
    nonce: randomBytes(8).toString('hex'),
  }).toString();
  let response = await step(authorize.toString());
  const interaction = location(response, 'the sign-in form');
  response = await step(interaction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: options.username,
      password: options.password,
    }).toString(),
  });
  if (response.status === 401)
    throw new Error(`the provider refused ${options.username}'s password`);
  // The provider resumes the authorization, then redirects to the client with a code.
  for (let hops = 0; hops < 5; hops++) {
    const next = location(response, 'the authorization');
    if (next.startsWith(options.redirectUri)) {
      const callback = new URL(next);
      if (callback.searchParams.get('state') !== state)
        throw new Error('the provider returned another state');
      const code = callback.searchParams.get('code');
      if (!code)
        throw new Error(
          `no code: ${callback.searchParams.get('error_description')}`,
        );
      return exchange(options, code);
    }
    response = await step(next);
  }
  throw new Error('too many redirects');
}

function location(response: Response, what: string): string {
  const to = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || !to)
    throw new Error(
      `expected a redirect to ${what}, got HTTP ${response.status}`,
    );
  return to;
}

async function exchange(
  options: SignInOptions,
  code: string,
): Promise<SignedIn> {
  const response = await fetch(new URL('/token', options.issuer), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(options.clientId)}:${encodeURIComponent(
          options.clientSecret,
        )}`,
      ).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, any>;
  if (!response.ok)
    throw new Error(`token endpoint: ${body.error}: ${body.error_description}`);
  return {
    idToken: body.id_token,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresIn: body.expires_in,
  };
}
