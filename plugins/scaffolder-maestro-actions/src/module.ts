import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMaestroCatalogAnnotateAction } from './actions/catalogAnnotate';
import { createMaestroCatalogRegisterLocalAction } from './actions/catalogRegisterLocal';
import { createMaestroDockerfileCreateAction } from './actions/dockerfileCreate';
import { createMaestroHelmCreateAction } from './actions/helmCreate';
import { createMaestroPolicyCheckAction } from './actions/policyCheck';
import { createMaestroPublishLocalAction } from './actions/publishLocal';
import { createMaestroTurboRegisterAction } from './actions/turboRegister';

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
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, catalog }) {
        scaffolder.addActions(
          createMaestroCatalogAnnotateAction(),
          createMaestroDockerfileCreateAction({ config }),
          createMaestroHelmCreateAction({
            prometheusAddress: config.getOptionalString(
              'maestro.scaffolder.prometheusAddress',
            ),
          }),
          createMaestroTurboRegisterAction(),
          createMaestroPolicyCheckAction({ config, logger }),
          createMaestroPublishLocalAction({ config }),
          createMaestroCatalogRegisterLocalAction({ config, catalog }),
        );
      },
    });
  },
});
