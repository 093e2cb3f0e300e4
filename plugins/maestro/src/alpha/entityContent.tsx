import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMaestroAvailable } from '@maestro-conductor/backstage-plugin-maestro-common';
import { maestroIcon, supplyChainIcon } from './maestroIcon';

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
      import('../components/EntityMaestroContent').then(m =>
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
      import('../components/SupplyChain').then(m =>
        compatWrapper(<m.EntitySupplyChainContent />),
      ),
  },
});
