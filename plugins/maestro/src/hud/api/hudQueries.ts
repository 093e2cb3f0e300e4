/**
 * Windows the Build HUD's metrics come in, in days.
 *
 * @public
 */
export type HudMetricsDays = 7 | 30 | 90;

/**
 * Which part of an entity's build timeline to read.
 *
 * @public
 */
export type HudTimelineQuery = {
  entityRef: string;
  /** How many recent runs (all branches) to return; the backend's default when absent. */
  limit?: number;
};

/**
 * One pull request of an entity.
 *
 * @public
 */
export type PullRequestTimelineQuery = {
  entityRef: string;
  number: number;
};

/**
 * The Build HUD metrics to read: of one entity, or org-wide without
 * `entityRef`.
 *
 * @public
 */
export type HudMetricsQuery = {
  entityRef?: string;
  days: HudMetricsDays;
};

/**
 * Which Build HUD alerts to list: of one entity, or all without `entityRef`.
 *
 * @public
 */
export type HudAlertQuery = {
  entityRef?: string;
};

/**
 * Which parked (unrouted) GitHub deliveries to list: those an entity is a
 * claimant of, or all without `entityRef`.
 *
 * @public
 */
export type HudUnroutedQuery = {
  entityRef?: string;
};
