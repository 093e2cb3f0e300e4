import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabaseHudStore } from './DatabaseHudStore';
import { DatabaseHudUnroutedStore } from './DatabaseHudUnroutedStore';
import { GithubHudSubscriber } from './ingest/github/GithubHudSubscriber';
import { CatalogHudEntityResolver } from './HudEntityResolver';
import { HudService } from './HudService';
import { readHudConfig } from './hudConfig';
import { UnroutedDeliveries } from './UnroutedDeliveries';

/** The Build HUD capability, built once in the plugin's init. */
export type Hud = {
  hud: HudService;
  unrouted: UnroutedDeliveries;
  maxEventBytes: number;
};

/**
 * Reads `maestro.hud`, builds the store and service, and subscribes to the
 * GitHub topics of the events backend when webhooks are signature-checked.
 */
export async function createHud(options: {
  config: Config;
  db: Knex;
  catalog: CatalogService;
  auth: AuthService;
  events: EventsService;
  signals: EntitySignalPublisher;
  logger: LoggerService;
  /** Called after each stored event, e.g. alert re-evaluation. */
  onIngested?: (entityRef: string) => void;
}): Promise<Hud> {
  const { config, db, catalog, auth, events, signals, logger, onIngested } =
    options;
  const settings = readHudConfig(config);
  const hud = new HudService({
    store: DatabaseHudStore.fromClient(db),
    resolver: new CatalogHudEntityResolver({
      catalog,
      auth,
      trusted: settings.trusted,
      logger,
      cacheTtlMs: settings.correlationCacheMs,
    }),
    signals,
    logger,
    onIngested,
    replayWindowMs: settings.replayWindowMs,
  });
  const unrouted = new UnroutedDeliveries({
    store: DatabaseHudUnroutedStore.fromClient(db),
    signals,
    logger,
  });
  logger.info(
    `Build HUD gives CI events to entities from trusted catalog locations: ${settings.trusted.describe()}`,
  );
  if (settings.github.enabled) {
    await new GithubHudSubscriber({
      hud,
      unrouted,
      logger,
      read: { previewEnvironment: settings.previewEnvironment },
    }).subscribe(events);
    logger.info(`Build HUD reads GitHub webhooks: ${settings.github.reason}`);
  } else {
    logger.warn(
      `Build HUD does not read GitHub webhooks: ${settings.github.reason}`,
    );
  }
  return { hud, unrouted, maxEventBytes: settings.maxEventBytes };
}
