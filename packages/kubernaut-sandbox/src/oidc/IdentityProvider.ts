import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { ServerHandle } from '../ServerHandle';
import { loginPage } from './loginPage';
import { SANDBOX_PASSWORD, SANDBOX_PEOPLE, type SandboxPerson } from './people';

/** The one client: Backstage, signing its users in with the authorization code flow. */
export interface IdentityClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface IdentityProviderOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  client: Omit<IdentityClient, 'clientSecret'> & { clientSecret?: string };
  people?: SandboxPerson[];
}

const SCOPES = ['openid', 'offline_access', 'profile', 'email', 'groups'];
const MAX_FORM_BYTES = 4096;

/**
 * A real OpenID Connect provider on loopback (`oidc-provider`), for the dev stack's people:
 * Backstage signs them in through it, and each cluster's API Frontend trusts its ID tokens
 * (issuer, audience `backstage`, keys from its JWKS), as upstream's `auth/jwt.go` trusts a
 * cluster's OIDC issuer.
 */
export class IdentityProvider {
  readonly server: ServerHandle;
  readonly client: IdentityClient;
  private provider: Provider | undefined;
  /** The provider's own routes (Koa), built once. */
  private providerRoutes:
    | ((req: IncomingMessage, res: ServerResponse) => void)
    | undefined;
  private readonly people: SandboxPerson[];

  constructor(options: IdentityProviderOptions) {
    this.people = options.people ?? SANDBOX_PEOPLE;
    this.client = {
      ...options.client,
      clientSecret:
        options.client.clientSecret ?? randomBytes(24).toString('base64url'),
    };
    this.server = new ServerHandle(
      'oidc',
      options.host,
      options.port,
      (req, res) => this.handle(req, res),
    );
  }

  get issuer(): string {
    return this.server.url;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  async start(): Promise<void> {
    await this.server.start();
    if (!this.provider) {
      this.provider = await this.createProvider();
      this.providerRoutes = this.provider.callback();
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  private async createProvider(): Promise<Provider> {
    const { privateKey } = await generateKeyPair('RS256', {
      extractable: true,
    });
    const signingKey = {
      ...(await exportJWK(privateKey)),
      alg: 'RS256',
      use: 'sig',
    };
    const ttl = 3600; // ID and access tokens live an hour, as most providers default to.
    const people = this.people;
    const configuration: Configuration = {
      clients: [
        {
          client_id: this.client.clientId,
          client_secret: this.client.clientSecret,
          client_name: 'Backstage',
          redirect_uris: this.client.redirectUris,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      scopes: SCOPES,
      claims: {
        openid: ['sub'],
        profile: ['name', 'preferred_username'],
        email: ['email', 'email_verified'],
        groups: ['groups'],
      },
      // API Frontend reads the user from the ID token itself (`preferred_username`, `groups`).
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => false },
      ttl: {
        AccessToken: ttl,
        IdToken: ttl,
        AuthorizationCode: 60,
        Interaction: 600,
        Session: 12 * 3600,
        Grant: 12 * 3600,
        RefreshToken: 12 * 3600,
      },
      // Backstage keeps its users signed in by refreshing; its first-party client needs no consent.
      issueRefreshToken: async (_ctx, client) =>
        client.grantTypeAllowed('refresh_token'),
      loadExistingGrant: async ctx => {
        const { oidc } = ctx;
        const grantId =
          oidc.result?.consent?.grantId ??
          oidc.session!.grantIdFor(oidc.client!.clientId);
        if (grantId) return oidc.provider.Grant.find(grantId);
        const grant = new oidc.provider.Grant({
          clientId: oidc.client!.clientId,
          accountId: oidc.session!.accountId!,
        });
        grant.addOIDCScope(SCOPES.join(' '));
        await grant.save();
        return grant;
      },
      findAccount: async (_ctx, sub) => {
        const person = people.find(p => p.username === sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: async () => ({
            sub,
            preferred_username: person.username,
            name: person.name,
            email: person.email,
            email_verified: true,
            groups: person.groups,
          }),
        };
      },
      interactions: {
        url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      },
      renderError: async (ctx, out) => {
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = `${out.error}: ${out.error_description ?? ''}`;
      },
    };
    const provider = new Provider(this.issuer, configuration);
    provider.on('server_error', (_ctx, error) =>
      process.stderr.write(`kubernaut-sandbox oidc: ${error.stack ?? error}\n`),
    );
    return provider;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const { provider, providerRoutes } = this;
    if (!provider || !providerRoutes) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('starting');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://oidc').pathname;
    if (/^\/interaction\/[-\w]+$/.test(path)) {
      await this.interact(provider, req, res);
      return;
    }
    providerRoutes(req, res);
  }

  /** The sign-in step of an authorization: the form, then the login it submits. */
  private async interact(
    provider: Provider,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendHtml(
        res,
        400,
        '<p>This sign-in has expired; start again from Backstage.</p>',
      );
      return;
    }
    const action = `/interaction/${details.uid}`;
    const page = (error?: string, username?: string) =>
      loginPage({
        action,
        clientName: 'Backstage',
        people: this.people,
        password: SANDBOX_PASSWORD,
        error,
        username,
      });
    if (details.prompt.name === 'consent') {
      // Backstage is the provider's only, first-party client: asked for consent, it has it.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            clientId: String(details.params.client_id),
            accountId: details.session!.accountId,
          });
      grant!.addOIDCScope(SCOPES.join(' '));
      const grantId = await grant!.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    if (req.method === 'GET') {
      sendHtml(res, 200, page());
      return;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, page('Use the form.'));
      return;
    }
    const form = await readForm(req);
    if (!form) {
      sendHtml(res, 413, page('The form was too large.'));
      return;
    }
    const username = form.get('username')?.trim() ?? '';
    const person = this.people.find(p => p.username === username);
    if (!person || form.get('password') !== SANDBOX_PASSWORD) {
      sendHtml(res, 401, page('Unknown username or wrong password.', username));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.username } },
      { mergeWithLastSubmission: false },
    );
  }
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

async function readForm(
  req: IncomingMessage,
): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
