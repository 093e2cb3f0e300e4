import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { maestroPermissions } from '@maestro-conductor/backstage-plugin-maestro-common';
import { getMigratedClient } from './database/migrateDatabase';
import { DatabaseLedgerStore } from './ledger/DatabaseLedgerStore';
import { LedgerService } from './ledger/LedgerService';
import { createRouter } from './router';
import { ServiceDirectory } from './services/ServiceDirectory';
import { EntitySignalPublisher } from './signals/EntitySignalPublisher';

/**
 * The Maestro backend plugin.
 *
 * @public
 */
export const maestroPlugin = createBackendPlugin({
  pluginId: 'maestro',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init({
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        signals,
      }) {
        permissionsRegistry.addPermissions(maestroPermissions);

        const db = await getMigratedClient(database);
        const ledger = new LedgerService({
          store: DatabaseLedgerStore.fromClient(db),
          transaction: fn => db.transaction(fn),
          auditor,
          signals: new EntitySignalPublisher(signals, logger),
          logger,
        });
        const directory = new ServiceDirectory({ catalog, ledger });

        httpRouter.use(
          createRouter({ httpAuth, permissions, ledger, directory }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
