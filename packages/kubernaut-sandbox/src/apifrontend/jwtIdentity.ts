import {
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import type { UserInfo } from '../kube/auth';

/** An OIDC issuer API Frontend trusts (upstream's `auth.jwt[]`: issuer URL, JWKS URL, audiences). */
export interface TrustedIssuer {
  url: string;
  jwksUrl: string;
  audiences: string[];
}

export interface JwtIdentity {
  user: UserInfo;
  expiresAt: Date;
}

/** The token is a JWT from a trusted issuer but does not verify (signature, expiry, audience). */
export class JwtRejected extends Error {}

/**
 * Verifies bearer tokens that are JWTs from a trusted issuer, as upstream's JWT validator does
 * (`pkg/apifrontend/auth/jwt.go`): routed by the unverified `iss`, verified with the issuer's
 * JWKS (RS256 or ES256), `exp` required, `nbf` honoured, one configured audience required; the
 * username is `preferred_username`, else `sub`; groups from `groups`. Anything else (not a JWT,
 * another issuer) is left to the TokenReview path. Upstream main wires one mode or the other
 * (`cmd/apifrontend/auth_wiring.go`: TokenReview only when no issuer is configured), so the
 * sandbox, which keeps both, is more lenient than an installation with an issuer.
 */
export class JwtIdentityVerifier {
  private readonly issuers = new Map<
    string,
    { issuer: TrustedIssuer; keys: ReturnType<typeof createRemoteJWKSet> }
  >();

  constructor(issuers: TrustedIssuer[]) {
    for (const issuer of issuers)
      this.issuers.set(issuer.url, {
        issuer,
        keys: createRemoteJWKSet(new URL(issuer.jwksUrl), {
          cooldownDuration: 30_000,
          cacheMaxAge: 10 * 60_000,
        }),
      });
  }

  /** Undefined when the token is not a JWT of a trusted issuer; throws when it is but fails. */
  async verify(token: string): Promise<JwtIdentity | undefined> {
    const issuer = unverifiedIssuer(token);
    const trusted = issuer === undefined ? undefined : this.issuers.get(issuer);
    if (!trusted) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer.url,
        audience: trusted.issuer.audiences,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new JwtRejected(
        error instanceof joseErrors.JOSEError ? error.code : String(error),
      );
    }
    const username = stringClaim(payload.preferred_username) ?? payload.sub;
    if (!username) throw new JwtRejected('no username claim');
    return {
      user: {
        username,
        groups: [
          ...(Array.isArray(payload.groups)
            ? payload.groups.filter((g): g is string => typeof g === 'string')
            : []),
          'system:authenticated',
        ],
      },
      expiresAt: new Date(payload.exp! * 1000),
    };
  }
}

function unverifiedIssuer(token: string): string | undefined {
  if (token.split('.').length !== 3) return undefined;
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
