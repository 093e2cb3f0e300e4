import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { maestroApi } from './apis';
import {
  maestroBuildsEntityContent,
  maestroEntityContent,
  maestroSupplyChainEntityContent,
} from './entityContent';
import { maestroIcon } from './maestroIcon';
import { maestroPage } from './pages';

/**
 * The Maestro frontend plugin for the new frontend system.
 *
 * @alpha
 */
export const maestroPlugin = createFrontendPlugin({
  pluginId: 'maestro',
  title: 'Maestro',
  icon: maestroIcon,
  info: { packageJson: () => import('../../package.json') },
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [
    maestroApi,
    maestroPage,
    maestroEntityContent,
    maestroSupplyChainEntityContent,
    maestroBuildsEntityContent,
  ],
});
