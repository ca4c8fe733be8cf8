import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  kubernautUserTokenApi,
  oidcAuthApi,
  oidcAuthApiRef,
} from './sandboxOidc';

/**
 * The dev app signs people in through the sandbox's OpenID Connect provider (alice, carol, bob,
 * dave: see app-config.yaml), or as the guest for a quick look.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          providers={[
            {
              id: 'oidc-auth-provider',
              title: 'Kubernaut sandbox',
              message: 'Sign in as one of the dev stack\u2019s people (OIDC)',
              apiRef: oidcAuthApiRef,
            },
            'guest',
          ]}
        />
      ),
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});

/** The person's ID token for Kubernaut's clusters that decide through API Frontend. */
export const kubernautUserTokenModule = createFrontendModule({
  pluginId: 'kubernaut',
  extensions: [kubernautUserTokenApi],
});
