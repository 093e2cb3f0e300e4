import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMaestroAvailable } from '@maestro-conductor/backstage-plugin-maestro-common';
import { maestroIcon } from './maestroIcon';

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
