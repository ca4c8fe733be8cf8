import { OAuth2 } from '@backstage/core-app-api';
import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  discoveryApiRef,
  oauthRequestApiRef,
  type BackstageIdentityApi,
  type OpenIdConnectApi,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import {
  kubernautUserTokenApiRef,
  type KubernautUserTokenApi,
} from '@kubernaut/plugin-kubernaut';

/** Sign-in through the OpenID Connect provider the clusters' API Frontend trusts (the auth backend's `oidc`). */
export const oidcAuthApiRef = createApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'app.auth.oidc' });

export const oidcAuthApi = ApiBlueprint.make({
  name: 'oidc',
  params: defineParams =>
    defineParams({
      api: oidcAuthApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
        configApi: configApiRef,
      },
      factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          provider: {
            id: 'oidc',
            title: 'Kubernaut sandbox',
            icon: () => null,
          },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email', 'groups'],
        }),
    }),
});

/**
 * The person's ID token, for clusters whose API Frontend trusts this provider; none for people
 * signed in otherwise (the guest), without asking them to sign in.
 */
export function idTokenOf(
  oidc: Pick<OpenIdConnectApi, 'getIdToken'>,
): KubernautUserTokenApi {
  return {
    getToken: async () =>
      (await oidc.getIdToken({ optional: true })) || undefined,
  };
}

/** Overrides the Kubernaut plugin's `api:kubernaut/user-token`, which has no token. */
export const kubernautUserTokenApi = ApiBlueprint.make({
  name: 'user-token',
  params: defineParams =>
    defineParams({
      api: kubernautUserTokenApiRef,
      deps: { oidc: oidcAuthApiRef },
      factory: ({ oidc }) => idTokenOf(oidc),
    }),
});
