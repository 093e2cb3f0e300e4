import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMaestroCatalogAnnotateAction } from './actions/catalogAnnotate';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createMaestroCatalogAnnotateAction());
      },
    });
  },
});
