import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/** The portal opens on Kubernaut. */
const rootRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    loader: async () => <Navigate to="/kubernaut" replace />,
  },
});

export const rootRedirectModule = createFrontendModule({
  pluginId: 'app',
  extensions: [rootRedirect],
});
