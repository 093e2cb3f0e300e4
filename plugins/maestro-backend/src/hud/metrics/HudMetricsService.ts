/*
 * Build HUD metrics per entity or org-wide, over the last 7, 30 or 90 days
 * (UTC calendar days, today included), with one point per day:
 *
 * - runs, failed: runs that finished that day with a verdict, succeeded or
 *   failed. Cancelled and skipped runs say nothing about the code and are
 *   not counted; runs that have not finished are not counted yet.
 * - successRate: (runs - failed) / runs; absent without runs.
 * - durationP50Ms, durationP95Ms: nearest-rank percentiles (percentile.ts)
 *   of those runs' durations (finish minus start when no duration was
 *   reported); absent when none is known.
 * - policyViolations: runs with a stage whose policy check failed (passed
 *   false or denied above 0), each counted once, on the day its first such
 *   stage finished.
 * - previewsInUse (window total only): preview URLs of pull requests that are
 *   open, whose TTL (maestro.hud.previewTtlHours, when set) since the URL
 *   was last reported has not passed.
 *
 * The window totals are computed from the same runs, not averaged from the
 * daily points.
 */
import {
  HudMetrics,
  HudMetricsPoint,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DatabaseHudMetricsStore,
  FinishedRun,
} from './DatabaseHudMetricsStore';
import { percentile } from './percentile';

export const HUD_METRICS_DAYS = [7, 30, 90] as const;
export type HudMetricsDays = (typeof HUD_METRICS_DAYS)[number];

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/** The UTC dates of the window, oldest first, and its bounds. */
export function metricsWindow(
  now: Date,
  days: number,
): { dates: string[]; from: string; before: string } {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const dates = Array.from({ length: days }, (_, index) =>
    new Date(today - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  );
  return {
    dates,
    from: `${dates[0]}T00:00:00.000Z`,
    before: new Date(today + DAY_MS).toISOString(),
  };
}

type RunFigures = Pick<
  HudMetricsPoint,
  'runs' | 'failed' | 'successRate' | 'durationP50Ms' | 'durationP95Ms'
>;

function figuresOf(runs: FinishedRun[]): RunFigures {
  const failed = runs.filter(run => run.status === 'failed').length;
  const durations = runs
    .map(run => run.durationMs)
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  const figures: RunFigures = { runs: runs.length, failed };
  if (runs.length > 0) {
    figures.successRate = (runs.length - failed) / runs.length;
  }
  const p50 = percentile(durations, 50);
  const p95 = percentile(durations, 95);
  if (p50 !== undefined) figures.durationP50Ms = p50;
  if (p95 !== undefined) figures.durationP95Ms = p95;
  return figures;
}

export class HudMetricsService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseHudMetricsStore;
      /** How long a preview counts after it was last reported; unknown when absent. */
      previewTtlHours?: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async getMetrics(query: {
    entityRef?: string;
    days: HudMetricsDays;
  }): Promise<HudMetrics> {
    const { store } = this.options;
    const now = this.now();
    const { dates, from, before } = metricsWindow(now, query.days);
    const window = { from, before, entityRef: query.entityRef };
    const [runs, violations, previews] = await Promise.all([
      store.listFinishedRuns(window),
      store.listPolicyViolations(window),
      store.listOpenPreviews({ entityRef: query.entityRef }),
    ]);

    const runsByDate = new Map<string, FinishedRun[]>();
    for (const run of runs) {
      const date = run.finishedAt.slice(0, 10);
      const day = runsByDate.get(date);
      if (day) day.push(run);
      else runsByDate.set(date, [run]);
    }
    const violationsByDate = new Map<string, number>();
    for (const violation of violations) {
      const date = violation.at.slice(0, 10);
      violationsByDate.set(date, (violationsByDate.get(date) ?? 0) + 1);
    }

    const ttlMs = this.options.previewTtlHours
      ? this.options.previewTtlHours * HOUR_MS
      : undefined;
    const previewsInUse = previews.filter(
      preview =>
        ttlMs === undefined ||
        Date.parse(preview.reportedAt) + ttlMs > now.getTime(),
    ).length;

    return {
      ...(query.entityRef && { entityRef: query.entityRef }),
      days: query.days,
      ...figuresOf(runs),
      policyViolations: violations.length,
      previewsInUse,
      daily: dates.map(date => ({
        date,
        ...figuresOf(runsByDate.get(date) ?? []),
        policyViolations: violationsByDate.get(date) ?? 0,
      })),
    };
  }
}
