import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMaestroCatalogAnnotateAction } from './actions/catalogAnnotate';
import { createMaestroCatalogRegisterLocalAction } from './actions/catalogRegisterLocal';
import { createMaestroPublishLocalAction } from './actions/publishLocal';

/**
 * Maestro's golden-path actions for the scaffolder.
 *
 * @public
 */
export const scaffolderModuleMaestro = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'maestro',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, catalog }) {
        scaffolder.addActions(
          createMaestroCatalogAnnotateAction(),
          createMaestroPublishLocalAction({ config }),
          createMaestroCatalogRegisterLocalAction({ config, catalog }),
        );
      },
    });
  },
});
