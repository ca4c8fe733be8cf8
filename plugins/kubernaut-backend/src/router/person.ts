import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/** Header the app may use to pass a token API Frontend trusts for the user (same OIDC provider). */
export const USER_TOKEN_HEADER = 'x-kubernaut-user-token';

/** The person behind a request to act: services and anonymous callers are refused. */
export interface Person {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userEntityRef: string;
  ownershipEntityRefs: string[];
  /** A token API Frontend trusts for this person, when the app passes one. */
  apiFrontendToken?: string;
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
      apiFrontendToken: token || undefined,
    };
  };
}
