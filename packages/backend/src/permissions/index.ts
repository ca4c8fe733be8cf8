import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readKubernautGrants } from './grants';
import { KubernautPolicy } from './KubernautPolicy';

/** The permission backend's policy in the dev stack: Kubernaut's grants from config. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'kubernaut-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new KubernautPolicy(readKubernautGrants(config), userInfo),
        );
      },
    });
  },
});
