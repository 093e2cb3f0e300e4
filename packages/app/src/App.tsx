import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import maestroPlugin from '@maestro-conductor/backstage-plugin-maestro/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Other plugins are installed through feature discovery (`app.packages: all`).
export default createApp({
  features: [catalogPlugin, maestroPlugin, navModule, signInModule],
});
