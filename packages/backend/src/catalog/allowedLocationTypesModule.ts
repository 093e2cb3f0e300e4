import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Sets the location types users may register through the catalog API from
 * `catalog.allowedLocationTypes` (the catalog itself offers only the
 * extension point; its default is `url`). The local portal adds `file` so the
 * secure-service template can register the repositories it publishes on this
 * machine; production config keeps `url` only.
 */
export const catalogAllowedLocationTypesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'allowed-location-types',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, locations }) {
        const types = config.getOptionalStringArray(
          'catalog.allowedLocationTypes',
        );
        if (types) {
          locations.setAllowedLocationTypes(types);
        }
      },
    });
  },
});
