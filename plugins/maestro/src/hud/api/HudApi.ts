import {
  EntityTimeline,
  HudAlert,
  HudMetrics,
  HudUnroutedDeliveries,
  PullRequestTimeline,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  HudAlertQuery,
  HudMetricsQuery,
  HudTimelineQuery,
  HudUnroutedQuery,
  PullRequestTimelineQuery,
} from './hudQueries';

/**
 * The Build HUD: timelines, metrics, alerts and unrouted deliveries.
 *
 * @public
 */
export interface HudApi {
  /**
   * An entity's build timeline: its pull requests (open first) each with
   * its latest run, and its recent runs on all branches, newest first.
   */
  getHudTimeline(query: HudTimelineQuery): Promise<EntityTimeline>;

  /** One pull request of an entity with all its runs, newest first. */
  getPullRequestTimeline(
    query: PullRequestTimelineQuery,
  ): Promise<PullRequestTimeline>;

  /**
   * Success rate, durations, policy violations and previews in use over the
   * last `days` days, per day; org-wide without `entityRef`.
   */
  getHudMetrics(query: HudMetricsQuery): Promise<HudMetrics>;

  /** Build HUD alerts, of one entity or of all entities. */
  listHudAlerts(query?: HudAlertQuery): Promise<{ items: HudAlert[] }>;

  /**
   * GitHub deliveries parked because several trusted entities, or only
   * untrusted ones, claim their repository; of one claimant or all.
   */
  listHudUnrouted(
    query?: HudUnroutedQuery,
  ): Promise<{ items: HudUnroutedDeliveries[] }>;
}
