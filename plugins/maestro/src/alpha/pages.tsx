import { compatWrapper } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { maestroIcon } from './maestroIcon';

/**
 * `page:maestro` at `/maestro`. Its title and icon put it in the app's
 * sidebar; the app draws the page header, so the page renders without its own.
 */
export const maestroPage = PageBlueprint.make({
  params: {
    path: '/maestro',
    title: 'Maestro',
    icon: maestroIcon,
    routeRef: rootRouteRef,
    loader: () =>
      import('../services').then(m =>
        compatWrapper(<m.MaestroPage withHeader={false} />),
      ),
  },
});
