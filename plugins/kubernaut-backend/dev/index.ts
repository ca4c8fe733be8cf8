import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

// `yarn start` in this package: a backend with only the Kubernaut plugin on :7007, reading the
// root app-config.yaml, whose clusters are the sandbox's (start it first: `yarn sandbox
// --kubeconfig-out .sandbox/kubeconfig` from the repository root, as ./run.sh does).
const backend = createBackend();

// Development only: a request without a token is the user `user:default/guest` and every
// permission is allowed, so `curl http://127.0.0.1:7007/api/kubernaut/remediations` just works.
// Never deploy these; a real backend uses the auth and permission backends.
backend.add(mockServices.auth.factory());
backend.add(
  mockServices.httpAuth.factory({
    defaultCredentials: mockCredentials.user('user:default/guest'),
  }),
);
backend.add(mockServices.userInfo.factory());
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);

// The plugin sends approval notifications through the notifications backend.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('../src'));

backend.start();
