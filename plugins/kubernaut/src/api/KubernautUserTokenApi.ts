import { createApiRef } from '@backstage/core-plugin-api';

/**
 * Where the Kubernaut client gets a token that the clusters' API Frontend trusts for the
 * signed-in person (an ID token of the OIDC provider it trusts). The backend passes it on only
 * to clusters with `approvalMode: apiFrontend`, so decisions and investigations there are the
 * person's own. The plugin's default has none; an app that signs people in through that provider
 * overrides it (see the plugin's README).
 *
 * @public
 */
export interface KubernautUserTokenApi {
  /** The token, or undefined when the person has none (for example the guest). */
  getToken(): Promise<string | undefined>;
}

/**
 * The {@link KubernautUserTokenApi}.
 *
 * @public
 */
export const kubernautUserTokenApiRef = createApiRef<KubernautUserTokenApi>({
  id: 'plugin.kubernaut.user-token',
});

/**
 * The default {@link KubernautUserTokenApi}: no token, so the backend acts with its own
 * credential where a cluster allows it.
 *
 * @public
 */
export const noUserToken: KubernautUserTokenApi = {
  getToken: async () => undefined,
};
