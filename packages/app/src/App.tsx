import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import kubernautPlugin from '@kubernaut/plugin-kubernaut/alpha';
import { navModule } from './modules/nav';
import { rootRedirectModule } from './modules/rootRedirect';
import { kubernautUserTokenModule, signInModule } from './modules/signIn';

export default createApp({
  features: [
    kubernautPlugin,
    catalogPlugin,
    notificationsPlugin,
    signalsPlugin,
    navModule,
    rootRedirectModule,
    signInModule,
    kubernautUserTokenModule,
  ],
});
