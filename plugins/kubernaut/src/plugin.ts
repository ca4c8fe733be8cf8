import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  KubernautClient,
  kubernautApiRef,
  kubernautUserTokenApiRef,
  noUserToken,
} from './api';
import { rootRouteRef } from './routes';

/**
 * The Kubernaut frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const kubernautPlugin = createPlugin({
  id: 'kubernaut',
  apis: [
    // Apps that sign people in through the OIDC provider API Frontend trusts register their own.
    createApiFactory(kubernautUserTokenApiRef, noUserToken),
    createApiFactory({
      api: kubernautApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        userTokenApi: kubernautUserTokenApiRef,
      },
      factory: deps => new KubernautClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Kubernaut page: fleet overview, investigations, approvals and workflows.
 *
 * @public
 */
export const KubernautPage: () => JSX.Element = kubernautPlugin.provide(
  createRoutableExtension({
    name: 'KubernautPage',
    component: () =>
      import('./components/KubernautPage').then(m => m.KubernautPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity page tab listing the remediations of the entity's Kubernetes resources.
 *
 * @public
 */
export const EntityKubernautContent: () => JSX.Element =
  kubernautPlugin.provide(
    createRoutableExtension({
      name: 'EntityKubernautContent',
      component: () =>
        import('./components/EntityKubernautContent').then(
          m => m.EntityKubernautContent,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * A card for an entity's overview: its latest remediations (renders nothing without targets).
 *
 * @public
 */
export const EntityKubernautCard: () => JSX.Element | null =
  kubernautPlugin.provide(
    createComponentExtension({
      name: 'EntityKubernautCard',
      component: {
        lazy: () =>
          import('./components/EntityKubernautContent').then(
            m => m.EntityKubernautCard,
          ),
      },
    }),
  );
