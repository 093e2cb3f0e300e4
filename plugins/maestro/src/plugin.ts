import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MaestroClient, maestroApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The Maestro frontend plugin, for apps on the legacy frontend system. Apps
 * on the new frontend system install the default export of
 * `@maestro-conductor/backstage-plugin-maestro/alpha` instead.
 *
 * @public
 */
export const maestroPlugin = createPlugin({
  id: 'maestro',
  apis: [
    createApiFactory({
      api: maestroApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MaestroClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Maestro portal page: services under Maestro and the audit ledger.
 *
 * @public
 */
export const MaestroPage = maestroPlugin.provide(
  createRoutableExtension({
    name: 'MaestroPage',
    component: () =>
      import('./components/MaestroPage').then(m => m.MaestroPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Maestro tab of a catalog entity page. Show it only where
 * `isMaestroAvailable(entity)` holds.
 *
 * @public
 */
export const EntityMaestroContent = maestroPlugin.provide(
  createComponentExtension({
    name: 'EntityMaestroContent',
    component: {
      lazy: () =>
        import('./components/EntityMaestroContent').then(
          m => m.EntityMaestroContent,
        ),
    },
  }),
);
