/*
 * Build HUD alert rules (maestro.hud.alerts), evaluated per entity, with
 * breach state so that owners hear of a breach once, not once per event:
 *
 *   value > threshold, no open breach   → open it (unique per rule and
 *                                          entity) and notify the owners
 *   value > threshold, breach open      → nothing
 *   value ≤ threshold or no verdict     → resolve the open breach, if any
 *
 * A later crossing opens a new breach and notifies again. Evaluation runs
 * every minute for every entity (plugin schedule `maestro-hud-alerts`) and,
 * for a faster reaction, for one entity when ingestion asks
 * (requestEvaluation, after its commit). Two evaluations racing cannot both
 * open a breach: the open key is unique, and only the insert that wins
 * notifies. A notification that failed is retried by the scheduled
 * evaluation; it carries the breach id as its scope, so a retry updates the
 * same notification instead of adding one.
 *
 * Metrics come from each capability's service: run counts from the HUD's
 * tables, critical vulnerabilities of the newest artifact from the
 * supply-chain summary, bypasses from the policy service.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  MAESTRO_SIGNAL_TOPICS,
  HudAlert,
  SupplyChainSummary,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { randomUUID } from 'node:crypto';
import { DatabaseHudAlertStore, HudBreach } from './DatabaseHudAlertStore';
import { DatabaseHudMetricsStore } from '../hud/metrics/DatabaseHudMetricsStore';
import { HudAlertMetric, HudAlertRule } from './alertsConfig';
import { EntityOwners, notificationFor } from './alertNotifications';

/** The signal topic of Build HUD changes on an entity's channel (see the contract). */
const HUD_SIGNAL_TOPIC = MAESTRO_SIGNAL_TOPICS.hud;
const DAY_MS = 24 * 3600 * 1000;
/** Unnotified breaches younger than this may still be notifying in another evaluation. */
const NOTIFY_RETRY_AFTER_MS = 5 * 60 * 1000;
export const MAX_LISTED_ALERTS = 200;

/** A metric's value for one entity, and how it came about (for the notification). */
export type Measurement = { value: number; detail: string };

export type HudAlertSources = {
  /** The supply-chain summary: counts of each entity's newest artifact. */
  vulnerabilities: {
    summary(query: {
      days: number;
      entityRef?: string;
    }): Promise<SupplyChainSummary>;
  };
  /** The policy service. */
  bypasses: {
    countBypasses(query: {
      entityRef?: string;
      since: string;
    }): Promise<Array<{ entityRef: string; count: number }>>;
  };
};

export type HudAlertEvaluation = { opened: HudBreach[]; resolved: HudBreach[] };

/** `1 day`, `7 days`; `many` when the plural is not the word plus s. */
const counted = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

export class HudAlertService {
  private readonly now: () => Date;
  private readonly pending = new Map<
    string,
    { rerun: boolean; done: Promise<void> }
  >();

  constructor(
    private readonly options: {
      rules: HudAlertRule[];
      store: DatabaseHudAlertStore;
      metrics: DatabaseHudMetricsStore;
      sources: HudAlertSources;
      owners: EntityOwners;
      notifications?: NotificationService;
      signals: { publish(entityRef: string, topic: string): Promise<void> };
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Breaches, open first, then newest opened first; at most MAX_LISTED_ALERTS. */
  async listAlerts(query: { entityRef?: string }): Promise<HudAlert[]> {
    const breaches = await this.options.store.listBreaches({
      entityRef: query.entityRef,
      limit: MAX_LISTED_ALERTS,
    });
    return breaches.map(
      ({ metric, resolvedValue, notifiedAt, ...alert }) => alert,
    );
  }

  /**
   * For ingestion, after its commit: evaluates the entity's rules soon,
   * without making the caller wait or fail. Requests that arrive while one
   * runs for the same entity coalesce into one more evaluation. The returned
   * promise (never rejected) settles when that is done.
   */
  requestEvaluation(entityRef: string): Promise<void> {
    const running = this.pending.get(entityRef);
    if (running) {
      running.rerun = true;
      return running.done;
    }
    const state = { rerun: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.rerun = false;
          await this.evaluate({ entityRef });
        } while (state.rerun);
      } catch (error) {
        this.options.logger.error(
          `Could not evaluate Build HUD alerts for ${entityRef}: ${error}`,
        );
      } finally {
        this.pending.delete(entityRef);
      }
    })();
    this.pending.set(entityRef, state);
    return state.done;
  }

  /**
   * Evaluates every rule for one entity, or for all entities: opens and
   * notifies new breaches, resolves those back under their threshold.
   */
  async evaluate(
    query: { entityRef?: string } = {},
  ): Promise<HudAlertEvaluation> {
    const { store, rules, logger } = this.options;
    const open = await store.listOpenBreaches(query);
    const result: HudAlertEvaluation = { opened: [], resolved: [] };

    for (const rule of rules) {
      let measured: Map<string, Measurement>;
      try {
        measured = await this.measure(rule, query.entityRef);
      } catch (error) {
        // Without a value there is no verdict: open breaches stay open.
        logger.error(`Could not measure alert rule ${rule.id}: ${error}`);
        continue;
      }
      const openOfRule = open.filter(breach => breach.ruleId === rule.id);
      const isOpen = new Set(openOfRule.map(breach => breach.entityRef));
      for (const [entityRef, measurement] of measured) {
        if (measurement.value > rule.threshold && !isOpen.has(entityRef)) {
          const opened = await this.open(rule, entityRef, measurement);
          if (opened) result.opened.push(opened);
        }
      }
      for (const breach of openOfRule) {
        const value = measured.get(breach.entityRef)?.value;
        if (value === undefined || value <= rule.threshold) {
          const resolved = await this.resolve(breach, value);
          if (resolved) result.resolved.push(resolved);
        }
      }
    }

    const ruleIds = new Set(rules.map(rule => rule.id));
    for (const breach of open.filter(b => !ruleIds.has(b.ruleId))) {
      logger.info(
        `Resolving Build HUD alert ${breach.id}: rule ${breach.ruleId} is no longer configured`,
      );
      const resolved = await this.resolve(breach, undefined);
      if (resolved) result.resolved.push(resolved);
    }

    const resolvedIds = new Set(result.resolved.map(breach => breach.id));
    await this.retryNotifications(open.filter(b => !resolvedIds.has(b.id)));
    return result;
  }

  private async measure(
    rule: HudAlertRule,
    entityRef?: string,
  ): Promise<Map<string, Measurement>> {
    const since = new Date(
      this.now().getTime() - rule.windowDays * DAY_MS,
    ).toISOString();
    const days = counted(rule.windowDays, 'day');
    const measured = new Map<string, Measurement>();
    const metric: HudAlertMetric = rule.metric;
    if (metric === 'failureRate') {
      const counts = await this.options.metrics.countFinishedRuns({
        from: since,
        entityRef,
      });
      for (const { entityRef: ref, runs, failed } of counts) {
        if (runs < rule.minRuns) continue;
        measured.set(ref, {
          value: failed / runs,
          detail: `${failed} of ${counted(
            runs,
            'finished run',
          )} failed in the last ${days}`,
        });
      }
    } else if (metric === 'criticalVulnerabilities') {
      const { items } = await this.options.sources.vulnerabilities.summary({
        days: 1,
        entityRef,
      });
      for (const item of items) {
        measured.set(item.entityRef, {
          value: item.counts.critical,
          detail: `${counted(
            item.counts.critical,
            'critical vulnerability',
            'critical vulnerabilities',
          )} in the newest artifact${
            item.latestDigest ? ` (${item.latestDigest})` : ''
          }`,
        });
      }
    } else if (metric === 'policyBypasses') {
      const counts = await this.options.sources.bypasses.countBypasses({
        entityRef,
        since,
      });
      for (const { entityRef: ref, count } of counts) {
        measured.set(ref, {
          value: count,
          detail: `${counted(
            count,
            'emergency policy bypass',
            'emergency policy bypasses',
          )} in the last ${days}`,
        });
      }
    }
    if (entityRef) {
      for (const ref of [...measured.keys()]) {
        if (ref !== entityRef) measured.delete(ref);
      }
    }
    return measured;
  }

  private async open(
    rule: HudAlertRule,
    entityRef: string,
    measurement: Measurement,
  ): Promise<HudBreach | undefined> {
    const breach: HudBreach = {
      id: randomUUID(),
      ruleId: rule.id,
      metric: rule.metric,
      entityRef,
      title: rule.title,
      value: measurement.value,
      threshold: rule.threshold,
      status: 'open',
      openedAt: this.now().toISOString(),
    };
    const { created } = await this.options.store.openBreach(breach);
    if (!created) return undefined; // another evaluation opened it first
    this.options.logger.info(
      `Build HUD alert ${rule.id} opened for ${entityRef}: ${measurement.detail}`,
    );
    await this.options.signals.publish(entityRef, HUD_SIGNAL_TOPIC);
    await this.notify(breach, measurement.detail);
    return breach;
  }

  private async resolve(
    breach: HudBreach,
    value: number | undefined,
  ): Promise<HudBreach | undefined> {
    const resolvedAt = this.now().toISOString();
    if (
      !(await this.options.store.resolveBreach(breach.id, {
        resolvedAt,
        value,
      }))
    ) {
      return undefined;
    }
    this.options.logger.info(
      `Build HUD alert ${breach.ruleId} resolved for ${breach.entityRef}`,
    );
    await this.options.signals.publish(breach.entityRef, HUD_SIGNAL_TOPIC);
    return {
      ...breach,
      status: 'resolved',
      resolvedAt,
      ...(value !== undefined && { resolvedValue: value }),
    };
  }

  /** Sends the breach's one notification; failures are left for a retry. */
  private async notify(breach: HudBreach, detail?: string): Promise<void> {
    const { notifications, owners, store, logger } = this.options;
    if (!notifications) {
      logger.warn(
        `Build HUD alert ${breach.id} (${breach.ruleId}) opened for ${breach.entityRef}, but no notification service is available`,
      );
      return;
    }
    try {
      const owner = await owners.ownerOf(breach.entityRef);
      await notifications.send(notificationFor(breach, owner, detail));
      await store.markNotified(breach.id, this.now().toISOString());
    } catch (error) {
      logger.error(
        `Could not notify the owners of ${breach.entityRef} about alert ${breach.id} (${breach.ruleId}); retrying later: ${error}`,
      );
    }
  }

  /** Open breaches whose notification failed a while ago get another try. */
  private async retryNotifications(open: HudBreach[]): Promise<void> {
    if (!this.options.notifications) return;
    const before = this.now().getTime() - NOTIFY_RETRY_AFTER_MS;
    for (const breach of open) {
      if (!breach.notifiedAt && Date.parse(breach.openedAt) < before) {
        await this.notify(breach);
      }
    }
  }
}
