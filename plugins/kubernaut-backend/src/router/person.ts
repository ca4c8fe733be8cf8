import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { ClusterConnection } from '../cluster/ClusterConnection';

/** Header the app may use to pass a token API Frontend trusts for the user (same OIDC provider). */
export const USER_TOKEN_HEADER = 'x-kubernaut-user-token';

/** The person behind a request to act: services and anonymous callers are refused. */
export interface Person {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userEntityRef: string;
  ownershipEntityRefs: string[];
  /**
   * A token API Frontend trusts for this person: set by {@link forCluster} only for a cluster
   * configured to take user tokens; undefined means the backend's service credential.
   */
  apiFrontendToken?: string;
  /** What the request's {@link USER_TOKEN_HEADER} carried, not yet judged for any cluster. */
  offeredToken?: string;
}

/** Decisions, steering and investigations are a person's acts. */
export function personOf(httpAuth: HttpAuthService, userInfo: UserInfoService) {
  return async (req: Request): Promise<Person> => {
    const credentials = (await httpAuth.credentials(req, {
      allow: ['user'],
    })) as BackstageCredentials<BackstageUserPrincipal>;
    const info = await userInfo.getUserInfo(credentials);
    const token = req.header(USER_TOKEN_HEADER);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
      offeredToken: token || undefined,
    };
  };
}

/**
 * The person as they act on one cluster: the token they offered is passed on only where the
 * cluster's API Frontend is configured to take user tokens (`approvalMode: apiFrontend`).
 * Elsewhere the header is ignored, so nobody can make the backend replay a token of their
 * choosing to a cluster that does not expect one.
 */
export function forCluster(
  person: Person,
  connection: ClusterConnection,
): Person {
  const takesUserTokens = connection.config.approvalMode === 'apiFrontend';
  return {
    ...person,
    apiFrontendToken: takesUserTokens ? person.offeredToken : undefined,
  };
}

/** Which credential a person's act goes upstream with, for the audit log. */
export function credentialOf(person: Person): 'user' | 'service' {
  return person.apiFrontendToken ? 'user' : 'service';
}
