import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { isMaestroAvailable as isManagedByMaestro } from '@maestro-conductor/backstage-plugin-maestro-common';
import { JSX } from 'react';
import { MaestroClient, maestroApiRef } from './api';
import type { MaestroPageProps } from './services';
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
 * The Maestro portal page: services under Maestro and the audit ledger,
 * policies, the supply-chain summary and org-wide build metrics.
 *
 * @public
 */
export const MaestroPage: (props: MaestroPageProps) => JSX.Element =
  maestroPlugin.provide(
    createRoutableExtension({
      name: 'MaestroPage',
      component: () => import('./services').then(m => m.MaestroPage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The Maestro tab of a catalog entity page. Show it only where
 * `isMaestroAvailable(entity)` holds.
 *
 * @public
 */
export const EntityMaestroContent: () => JSX.Element = maestroPlugin.provide(
  createComponentExtension({
    name: 'EntityMaestroContent',
    component: {
      lazy: () => import('./services').then(m => m.EntityMaestroContent),
    },
  }),
);

/**
 * The Supply chain tab of a catalog entity page: the entity's image
 * digests, each artifact's gates, signature, provenance, vulnerabilities,
 * SBOM and evidence, and a diff between two artifacts. Mount it at
 * `/supply-chain` and show it only where `isMaestroAvailable(entity)` holds.
 *
 * @public
 */
export const EntitySupplyChainContent: () => JSX.Element =
  maestroPlugin.provide(
    createComponentExtension({
      name: 'EntitySupplyChainContent',
      component: {
        lazy: () =>
          import('./supplyChain').then(m => m.EntitySupplyChainContent),
      },
    }),
  );

/**
 * The Builds tab of a catalog entity page, Maestro's Build HUD: open pull
 * requests with the stage strip of their latest run, recent runs on all
 * branches, open alerts and build metrics, live over signals; every run
 * of one pull request at `pull-requests/:number`. Mount it at `/builds`,
 * next to the Supply chain tab at `/supply-chain` (runs link to the
 * artifacts they built there), and show it only where
 * `isMaestroAvailable(entity)` holds.
 *
 * @public
 */
export const EntityBuildsContent: () => JSX.Element = maestroPlugin.provide(
  createComponentExtension({
    name: 'EntityBuildsContent',
    component: {
      lazy: () => import('./hud').then(m => m.EntityBuildsContent),
    },
  }),
);

// Re-declared rather than re-exported so this package's API report does not
// reach into the common package's sources.
/**
 * True when the entity carries the `maestro.io/image` annotation, i.e. when
 * the Maestro entity tab has something to show. Use it as the `if` of the
 * tab in a legacy app's entity page.
 *
 * @public
 */
export const isMaestroAvailable: (entity: Entity) => boolean =
  isManagedByMaestro;
