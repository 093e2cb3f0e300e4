/*
 * Retention of the Build HUD (plugin schedule `maestro-hud-retention`, daily):
 * rows older than `maestro.hud.retentionDays` (default 90) are deleted, in
 * batches of one transaction each, except evidence something still points to:
 *
 * - runs with no event since the cutoff, unless their image digest is a
 *   supply-chain artifact (asked of the supply-chain service) or they belong
 *   to a pull request that is open; their stages go with them;
 * - events received before the cutoff, unless their run is kept;
 * - pull requests not updated since the cutoff, unless open or still holding
 *   kept runs;
 * - alert breaches resolved before the cutoff (open ones are never deleted);
 * - GitHub deliveries parked before the cutoff (see UnroutedDeliveries.ts);
 * - payload digests older than `maestro.hud.replayWindowHours`: past the
 *   window a copy of the payload would be stored again anyway.
 *
 * Metrics read 90 days at most, so a shorter retention shortens them.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseHudAlertStore } from '../../alerts/DatabaseHudAlertStore';
import {
  DatabaseHudRetentionStore,
  ExpiredRun,
} from './DatabaseHudRetentionStore';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_REPLAY_WINDOW_MS = 72 * 3600 * 1000;
export const DEFAULT_RETENTION_BATCH_SIZE = 500;

/** The supply-chain service's answer to "is this digest evidence?". */
export type DigestReferences = {
  referencedDigests(digests: string[]): Promise<Set<string>>;
};

export type HudRetentionResult = {
  cutoff: string;
  runs: number;
  /** Expired runs kept because an artifact has their image digest. */
  keptRuns: number;
  events: number;
  pullRequests: number;
  alerts: number;
  unrouted: number;
  payloadDigests: number;
};

export class HudRetention {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseHudRetentionStore;
      alerts: DatabaseHudAlertStore;
      digests: DigestReferences;
      retentionDays: number;
      /** Default 72 hours. */
      replayWindowMs?: number;
      logger: LoggerService;
      batchSize?: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async prune(): Promise<HudRetentionResult> {
    const { store, alerts, logger } = this.options;
    const limit = this.options.batchSize ?? DEFAULT_RETENTION_BATCH_SIZE;
    const cutoff = new Date(
      this.now().getTime() - this.options.retentionDays * DAY_MS,
    ).toISOString();

    // Runs first: events and pull requests are kept while their runs are.
    const { runs, keptRuns } = await this.pruneRuns(cutoff, limit);
    const events = await repeatBatches(limit, () =>
      store.deleteExpiredEvents(cutoff, limit),
    );
    const pullRequests = await repeatBatches(limit, () =>
      store.deleteExpiredPullRequests(cutoff, limit),
    );
    const resolvedAlerts = await repeatBatches(limit, () =>
      alerts.deleteResolvedBefore(cutoff, limit),
    );
    const unrouted = await repeatBatches(limit, () =>
      store.deleteReceivedBefore('unrouted', cutoff, limit),
    );
    const replayCutoff = new Date(
      this.now().getTime() -
        (this.options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS),
    ).toISOString();
    const payloadDigests = await repeatBatches(limit, () =>
      store.deleteReceivedBefore('payloadDigests', replayCutoff, limit),
    );

    const result = {
      cutoff,
      runs,
      keptRuns,
      events,
      pullRequests,
      alerts: resolvedAlerts,
      unrouted,
      payloadDigests,
    };
    logger.info(
      `Build HUD retention before ${cutoff}: deleted ${runs} runs, ${events} events, ${pullRequests} pull requests, ${resolvedAlerts} resolved alerts, ${unrouted} parked deliveries; kept ${keptRuns} runs whose image is a supply-chain artifact; ${payloadDigests} payload digests past the replay window deleted`,
    );
    return result;
  }

  private async pruneRuns(
    cutoff: string,
    limit: number,
  ): Promise<{ runs: number; keptRuns: number }> {
    const { store, digests } = this.options;
    let runs = 0;
    let keptRuns = 0;
    let after: ExpiredRun | undefined;
    for (;;) {
      const page = await store.listExpiredRuns({ cutoff, after, limit });
      if (page.length === 0) break;
      const pageDigests = [
        ...new Set(
          page.flatMap(run => (run.imageDigest ? [run.imageDigest] : [])),
        ),
      ];
      const referenced =
        pageDigests.length > 0
          ? await digests.referencedDigests(pageDigests)
          : new Set<string>();
      const deletable = page.filter(
        run => !run.imageDigest || !referenced.has(run.imageDigest),
      );
      keptRuns += page.length - deletable.length;
      runs += await store.deleteRuns(
        deletable.map(run => run.id),
        cutoff,
      );
      // Pages go by (updatedAt, id): kept runs are not listed again.
      after = page[page.length - 1];
      if (page.length < limit) break;
    }
    return { runs, keptRuns };
  }
}

/** Runs a batch until one deletes less than a full batch; returns the total. */
async function repeatBatches(
  limit: number,
  batch: () => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await batch();
    total += deleted;
    if (deleted < limit) return total;
  }
}
