import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogAllowedLocationTypesModule } from './allowedLocationTypesModule';

// A stand-in catalog plugin that only offers the extension point, so the test
// sees exactly what the module asks of the catalog.
function catalogWithLocations(calls: string[][]) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerExtensionPoint(catalogLocationsExtensionPoint, {
        setAllowedLocationTypes: types => calls.push(types),
      });
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('catalogAllowedLocationTypesModule', () => {
  it('passes the configured location types to the catalog', async () => {
    const calls: string[][] = [];
    await startTestBackend({
      features: [
        catalogWithLocations(calls),
        catalogAllowedLocationTypesModule,
        mockServices.rootConfig.factory({
          data: { catalog: { allowedLocationTypes: ['url', 'file'] } },
        }),
      ],
    });
    expect(calls).toEqual([['url', 'file']]);
  });

  it("leaves the catalog's default alone without config", async () => {
    const calls: string[][] = [];
    await startTestBackend({
      features: [
        catalogWithLocations(calls),
        catalogAllowedLocationTypesModule,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(calls).toEqual([]);
  });
});
