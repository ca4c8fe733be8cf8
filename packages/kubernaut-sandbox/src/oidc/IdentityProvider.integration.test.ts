import { SignJWT, generateKeyPair, decodeJwt } from 'jose';
import { OIDC_CLIENT_ID, Sandbox } from '../Sandbox';
import { SANDBOX_PASSWORD } from './people';
import { signInWithPassword, type SignedIn } from './signInFlow';

const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/oidc/handler/frame';

/**
 * The dev stack's people sign in at the sandbox's OpenID Connect provider, and each cluster's
 * API Frontend takes their ID tokens as upstream's does (`pkg/apifrontend/auth/jwt.go`: issuer
 * routing, JWKS signature, `exp`, audience, `preferred_username` and `groups`), with RBAC per
 * cluster environment (`kube/auth.ts`).
 */
jest.setTimeout(30_000);

describe('the sandbox identity provider and API Frontend', () => {
  let sandbox: Sandbox;
  const signIn = (username: string, password = SANDBOX_PASSWORD) =>
    signInWithPassword({
      issuer: sandbox.identity!.issuer,
      clientId: OIDC_CLIENT_ID,
      clientSecret: sandbox.identity!.client.clientSecret,
      redirectUri: REDIRECT_URI,
      username,
      password,
    });
  const apiFrontend = (name: string) =>
    sandbox.cluster(name)!.apiFrontendServer.url;
  const access = (cluster: string, token: string) =>
    fetch(`${apiFrontend(cluster)}/a2a/access`, {
      headers: { authorization: `Bearer ${token}` },
    });
  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [
        { name: 'prod-x', environment: 'production', layout: 'v1.6' },
        { name: 'stage-x', environment: 'staging', layout: 'v1.6' },
      ],
      host: '127.0.0.1',
      port: 0,
      seed: 1,
      speed: 100,
      scale: 0,
      live: false,
      serviceTls: false,
      identity: { enabled: true, port: 0, redirectUris: [REDIRECT_URI] },
    });
    await sandbox.start();
  });

  afterAll(() => sandbox.stop());

  it('signs a person in with the authorization code flow and names them in the ID token', async () => {
    const carol: SignedIn = await signIn('carol');
    const claims = decodeJwt(carol.idToken);
    expect(claims).toMatchObject({
      iss: sandbox.identity!.issuer,
      aud: OIDC_CLIENT_ID,
      sub: 'carol',
      preferred_username: 'carol',
      email: 'carol@kubernaut.example',
      groups: ['staging-approvers'],
    });
    expect(carol.refreshToken).toEqual(expect.any(String));
    const metadata = await (
      await fetch(
        `${sandbox.identity!.issuer}/.well-known/openid-configuration`,
      )
    ).json();
    expect(metadata.jwks_uri).toBe(sandbox.identity!.jwksUrl);
  });

  it('refreshes a session without offline_access, granting the scopes asked for', async () => {
    // Backstage restores a session on reload by refreshing, and drops it when the granted
    // scopes lack one it asked for (offline_access is never granted without a consent prompt).
    const { refreshToken } = await signIn('dave');
    const { clientSecret } = sandbox.identity!.client;
    const response = await fetch(`${sandbox.identity!.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(
          `${OIDC_CLIENT_ID}:${encodeURIComponent(clientSecret)}`,
        ).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken!,
      }).toString(),
    });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.scope.split(' ').sort()).toEqual([
      'email',
      'groups',
      'openid',
      'profile',
    ]);
    expect(decodeJwt(body.id_token)).toMatchObject({
      preferred_username: 'dave',
      groups: ['oncall-leads', 'sre'],
    });
  });

  it('refuses a wrong password and an unknown person', async () => {
    await expect(signIn('carol', 'wrong')).rejects.toThrow(/refused/);
    await expect(signIn('mallory')).rejects.toThrow(/refused/);
  });

  it("lets API Frontend take a person's ID token as that person", async () => {
    const { idToken } = await signIn('alice');
    const response = await access('prod-x', idToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ allowed: true, user: 'alice' });
  });

  it('keeps staging approvers to staging, and viewers to reading', async () => {
    const carol = (await signIn('carol')).idToken;
    const bob = (await signIn('bob')).idToken;
    const approve = (cluster: string, token: string) =>
      sandbox.cluster(cluster)!.authorizer.allows({
        user: {
          username: decodeJwt(token).preferred_username as string,
          groups: [],
        },
        verb: 'use',
        apiGroup: 'kubernaut.ai',
        resource: 'tools',
        name: 'kubernaut_approve',
      });
    expect(approve('stage-x', carol)).toBe(true);
    expect(approve('prod-x', carol)).toBe(false);
    expect(approve('stage-x', bob)).toBe(false);
    expect((await access('prod-x', bob)).status).toBe(200);
    expect((await access('prod-x', carol)).status).toBe(200);
  });

  it('refuses tokens it must not trust: another key, widened claims, a broken signature', async () => {
    const { idToken } = await signIn('alice');
    const forger = await generateKeyPair('RS256');
    const forged = (claims: object, exp = '10m') =>
      new SignJWT({ preferred_username: 'alice', ...claims })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(sandbox.identity!.issuer)
        .setAudience(OIDC_CLIENT_ID)
        .setExpirationTime(exp)
        .sign(forger.privateKey);
    const [header, payload, signature] = idToken.split('.');
    const widened = Buffer.from(
      JSON.stringify({ ...decodeJwt(idToken), groups: ['system:masters'] }),
    ).toString('base64url');
    for (const token of [
      await forged({}),
      `${header}.${widened}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    ])
      expect((await access('prod-x', token)).status).toBe(401);
  });

  it('still takes the static service tokens (TokenReview path) next to ID tokens', async () => {
    const token = sandbox
      .cluster('prod-x')!
      .users.find(u => u.username.endsWith(':kubernaut-backstage'))!.token;
    expect((await access('prod-x', token)).status).toBe(200);
  });
});
