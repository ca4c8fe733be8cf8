/**
 * Kubernaut for Backstage on the new frontend system: page, API, entity tab and entity card.
 *
 * @packageDocumentation
 */
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
  type OverridableFrontendPlugin,
  type RouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AutoFixHighOutlined from '@mui/icons-material/AutoFixHighOutlined';
import {
  KubernautClient,
  kubernautApiRef,
  kubernautUserTokenApiRef,
  noUserToken,
} from './api';
import { isKubernautAvailable } from './entity';
import { rootRouteRef } from './routes';

const routes = convertLegacyRouteRefs({ root: rootRouteRef });

const kubernautApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kubernautApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        userTokenApi: kubernautUserTokenApiRef,
      },
      factory: deps => new KubernautClient(deps),
    }),
});

/**
 * No user token by default (`api:kubernaut/user-token`): an app whose people sign in through
 * the OIDC provider API Frontend trusts overrides this extension with a module of its own.
 */
const userTokenApi = ApiBlueprint.make({
  name: 'user-token',
  params: defineParams =>
    defineParams({
      api: kubernautUserTokenApiRef,
      deps: {},
      factory: () => noUserToken,
    }),
});

const kubernautPage = PageBlueprint.make({
  params: {
    path: '/kubernaut',
    title: 'Kubernaut',
    icon: <AutoFixHighOutlined fontSize="inherit" />,
    routeRef: routes.root,
    noHeader: true,
    loader: () =>
      import('./components/KubernautPage').then(m => <m.KubernautPage />),
  },
});

const entityKubernautContent = EntityContentBlueprint.make({
  params: {
    path: 'kubernaut',
    title: 'Kubernaut',
    filter: isKubernautAvailable,
    loader: () =>
      import('./components/EntityKubernautContent').then(m => (
        <m.EntityKubernautContent />
      )),
  },
});

const entityKubernautCard = EntityCardBlueprint.make({
  name: 'remediations',
  params: {
    filter: isKubernautAvailable,
    loader: () =>
      import('./components/EntityKubernautContent').then(m => (
        <m.EntityKubernautCard />
      )),
  },
});

/**
 * The Kubernaut frontend plugin for apps on the new frontend system.
 *
 * @remarks
 * Typed by its routes only: the inferred type would spell out every extension's config schema,
 * whose union members TypeScript orders differently from one build to the next, and the API
 * report must not change with them. Its extensions are `api:kubernaut`, `page:kubernaut`,
 * `entity-content:kubernaut` and `entity-card:kubernaut/remediations`.
 *
 * @alpha
 */
const kubernautPlugin: OverridableFrontendPlugin<{
  root: RouteRef<undefined>;
}> = createFrontendPlugin({
  pluginId: 'kubernaut',
  title: 'Kubernaut',
  icon: <AutoFixHighOutlined fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes,
  extensions: [
    kubernautApi,
    userTokenApi,
    kubernautPage,
    entityKubernautContent,
    entityKubernautCard,
  ],
});

export default kubernautPlugin;
