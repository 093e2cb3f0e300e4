import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { maestroPermissions } from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DeploymentSource,
  maestroDeploymentSourcesExtensionPoint,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { createChangeRecording } from './createChangeRecording';
import { getMigratedClient } from './database/migrateDatabase';
import { DeploymentSources } from './deployments/DeploymentSources';
import { createHud } from './hud/createHud';
import { createHudMetrics } from './hud/metrics/createHudMetrics';
import { createPolicy } from './policy/createPolicy';
import { createReleases } from './releases/createReleases';
import { createRouter } from './router';
import { ServiceDirectory } from './services/ServiceDirectory';
import { createSupplyChain } from './supplyChain/createSupplyChain';

/**
 * The Maestro backend plugin.
 *
 * @public
 */
export const maestroPlugin = createBackendPlugin({
  pluginId: 'maestro',
  register(env) {
    // Modules add them before init runs; init fixes the set.
    const addedDeploymentSources: DeploymentSource[] = [];
    env.registerExtensionPoint(maestroDeploymentSourcesExtensionPoint, {
      addDeploymentSource(source) {
        addedDeploymentSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        logger,
        config,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        auth,
        scheduler,
        catalog,
        events,
        signals,
        notifications,
      }) {
        permissionsRegistry.addPermissions(maestroPermissions);

        // What runs where, for release channels and rollouts to read.
        const deploymentSources = DeploymentSources.create({
          sources: addedDeploymentSources,
          logger,
        });
        const installed = deploymentSources.list();
        logger.info(
          installed.length > 0
            ? `Maestro deployment sources: ${installed
                .map(({ id, displayName }) => `${displayName} (${id})`)
                .join(', ')}`
            : 'Maestro has no deployment source installed: every release channel shows what runs there as not configured',
        );

        const db = await getMigratedClient(database);
        // The ledger, signals and idempotency keys every change goes through.
        const {
          ledger,
          mutations,
          signals: entitySignals,
        } = await createChangeRecording({
          db,
          auditor,
          signals,
          scheduler,
          logger,
        });
        const directory = new ServiceDirectory({ catalog, ledger });

        const policy = createPolicy({
          config,
          db,
          mutations,
          notifications,
          logger,
        });

        const supplyChain = await createSupplyChain({
          config,
          db,
          mutations,
          policy,
          catalog,
          auth,
          logger,
        });

        // Release channels: promotions through the GitOps repository.
        const releases = await createReleases({
          config,
          db,
          mutations,
          policy,
          supplyChain: supplyChain.supplyChain,
          catalog,
          auth,
          deployments: deploymentSources,
          logger,
        });

        const hudMetrics = await createHudMetrics({
          config,
          db,
          scheduler,
          catalog,
          auth,
          notifications,
          signals: entitySignals,
          vulnerabilities: supplyChain.summaries,
          bypasses: policy,
          digests: supplyChain.supplyChain,
          logger,
        });

        const hud = await createHud({
          config,
          db,
          catalog,
          auth,
          events,
          signals: entitySignals,
          logger,
          // React to a failing build at once, not only on the next schedule.
          onIngested: entityRef =>
            hudMetrics.alerts.requestEvaluation(entityRef),
        });
        httpRouter.use(
          createRouter({
            httpAuth,
            permissions,
            ledger,
            directory,
            policy,
            supplyChain,
            hud,
            hudMetrics,
            releases,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
