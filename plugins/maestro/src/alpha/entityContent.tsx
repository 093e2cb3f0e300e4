import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMaestroAvailable } from '@maestro-conductor/backstage-plugin-maestro-common';
import { buildsIcon, maestroIcon, supplyChainIcon } from './maestroIcon';

/**
 * `entity-content:maestro`: the Maestro tab, shown only on entities that
 * carry the `maestro.io/image` annotation.
 */
export const maestroEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'maestro',
    title: 'Maestro',
    icon: maestroIcon,
    filter: isMaestroAvailable,
    loader: () =>
      import('../services').then(m =>
        compatWrapper(<m.EntityMaestroContent />),
      ),
  },
});

/**
 * `entity-content:maestro/supply-chain`: the Supply chain tab, on the same
 * entities as the Maestro tab. Its artifact and diff views are sub-routes
 * (`supply-chain/artifacts/:artifactId`, `supply-chain/diff?from=&to=`).
 */
export const maestroSupplyChainEntityContent = EntityContentBlueprint.make({
  name: 'supply-chain',
  params: {
    path: 'supply-chain',
    title: 'Supply chain',
    icon: supplyChainIcon,
    filter: isMaestroAvailable,
    loader: () =>
      import('../supplyChain').then(m =>
        compatWrapper(<m.EntitySupplyChainContent />),
      ),
  },
});

/**
 * `entity-content:maestro/builds`: the Builds tab (Build HUD), on the same
 * entities as the Maestro tab. A pull request's runs are a sub-route
 * (`builds/pull-requests/:number`); runs link to their artifacts in the
 * Supply chain tab at `supply-chain`.
 */
export const maestroBuildsEntityContent = EntityContentBlueprint.make({
  name: 'builds',
  params: {
    path: 'builds',
    title: 'Builds',
    icon: buildsIcon,
    filter: isMaestroAvailable,
    loader: () =>
      import('../hud').then(m => compatWrapper(<m.EntityBuildsContent />)),
  },
});
