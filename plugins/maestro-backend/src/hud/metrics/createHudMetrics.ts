import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { CatalogEntityOwners } from '../../alerts/alertNotifications';
import { DatabaseHudAlertStore } from '../../alerts/DatabaseHudAlertStore';
import { DatabaseHudMetricsStore } from './DatabaseHudMetricsStore';
import { DatabaseHudRetentionStore } from '../retention/DatabaseHudRetentionStore';
import { HudAlertService, HudAlertSources } from '../../alerts/HudAlertService';
import { HudMetricsService } from './HudMetricsService';
import { DigestReferences, HudRetention } from '../retention/HudRetention';
import { readHudMetricsConfig } from './hudMetricsConfig';
import { readReplayWindowMs } from '../hudConfig';

/** Build HUD metrics, alerts and retention, built once in the plugin's init. */
export type HudMetricsAndAlerts = {
  metrics: HudMetricsService;
  /** Ingestion calls `alerts.requestEvaluation(entityRef)` after its commit. */
  alerts: HudAlertService;
  retention: HudRetention;
};

/**
 * Reads the metrics keys of `maestro.hud`, builds the services and schedules
 * `maestro-hud-alerts` (every minute) and `maestro-hud-retention` (daily).
 */
export async function createHudMetrics(options: {
  config: Config;
  db: Knex;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  signals: { publish(entityRef: string, topic: string): Promise<void> };
  /** The supply-chain summaries (critical vulnerabilities of the newest artifact). */
  vulnerabilities: HudAlertSources['vulnerabilities'];
  /** The policy service (emergency bypasses). */
  bypasses: HudAlertSources['bypasses'];
  /** The supply-chain service (digests that are artifacts). */
  digests: DigestReferences;
  logger: LoggerService;
}): Promise<HudMetricsAndAlerts> {
  const { config, db, scheduler, logger } = options;
  const settings = readHudMetricsConfig(config);
  const metricsStore = DatabaseHudMetricsStore.fromClient(db);
  const alertStore = DatabaseHudAlertStore.fromClient(db);

  const metrics = new HudMetricsService({
    store: metricsStore,
    previewTtlHours: settings.previewTtlHours,
  });
  const alerts = new HudAlertService({
    rules: settings.alerts,
    store: alertStore,
    metrics: metricsStore,
    sources: {
      vulnerabilities: options.vulnerabilities,
      bypasses: options.bypasses,
    },
    owners: new CatalogEntityOwners({
      catalog: options.catalog,
      auth: options.auth,
      logger,
    }),
    notifications: options.notifications,
    signals: options.signals,
    logger,
  });
  const retention = new HudRetention({
    store: DatabaseHudRetentionStore.fromClient(db),
    alerts: alertStore,
    digests: options.digests,
    retentionDays: settings.retentionDays,
    replayWindowMs: readReplayWindowMs(config),
    logger,
  });

  await scheduler.scheduleTask({
    id: 'maestro-hud-alerts',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await alerts.evaluate();
    },
  });
  await scheduler.scheduleTask({
    id: 'maestro-hud-retention',
    frequency: { hours: 24 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 10 },
    fn: async () => {
      await retention.prune();
    },
  });
  logger.info(
    `Build HUD alert rules: ${
      settings.alerts.map(rule => rule.id).join(', ') || 'none'
    }; retention ${settings.retentionDays} days`,
  );
  return { metrics, alerts, retention };
}
