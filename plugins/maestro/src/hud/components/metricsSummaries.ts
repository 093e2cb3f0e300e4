import { HudMetricsPoint } from '@maestro-conductor/backstage-plugin-maestro-common';
import { formatDuration, formatPercent } from './formatDuration';

/**
 * The HUD charts in words, for their accessible names: a screen reader
 * hears the range, where the series started and ended, and its extreme.
 */

function range(daily: HudMetricsPoint[]): string {
  return `from ${daily[0].date} to ${daily[daily.length - 1].date}`;
}

function defined<K extends keyof HudMetricsPoint>(
  daily: HudMetricsPoint[],
  key: K,
): Array<HudMetricsPoint & Record<K, number>> {
  return daily.filter(
    (point): point is HudMetricsPoint & Record<K, number> =>
      typeof point[key] === 'number',
  );
}

export function successRateSummary(daily: HudMetricsPoint[]): string {
  if (daily.length === 0) {
    return 'No data.';
  }
  const days = defined(daily, 'successRate');
  if (days.length === 0) {
    return `No finished runs ${range(daily)}.`;
  }
  const first = days[0];
  const last = days[days.length - 1];
  const lowest = days.reduce((low, point) =>
    point.successRate < low.successRate ? point : low,
  );
  return `${range(daily)}: ${formatPercent(first.successRate)} on ${
    first.date
  }, ${formatPercent(last.successRate)} on ${last.date}; lowest ${formatPercent(
    lowest.successRate,
  )} on ${lowest.date}.`;
}

export function durationSummary(daily: HudMetricsPoint[]): string {
  if (daily.length === 0) {
    return 'No data.';
  }
  const p50 = defined(daily, 'durationP50Ms');
  const p95 = defined(daily, 'durationP95Ms');
  if (p50.length === 0 && p95.length === 0) {
    return `No finished runs ${range(daily)}.`;
  }
  const parts = [];
  if (p50.length > 0) {
    parts.push(
      `median ${formatDuration(p50[0].durationP50Ms)} to ${formatDuration(
        p50[p50.length - 1].durationP50Ms,
      )}`,
    );
  }
  if (p95.length > 0) {
    parts.push(
      `95th percentile ${formatDuration(
        p95[0].durationP95Ms,
      )} to ${formatDuration(p95[p95.length - 1].durationP95Ms)}`,
    );
  }
  return `${range(daily)}: ${parts.join(', ')}.`;
}

export function runsSummary(daily: HudMetricsPoint[]): string {
  if (daily.length === 0) {
    return 'No data.';
  }
  const runs = daily.reduce((sum, point) => sum + point.runs, 0);
  const failed = daily.reduce((sum, point) => sum + point.failed, 0);
  if (runs === 0) {
    return `No runs ${range(daily)}.`;
  }
  const busiest = daily.reduce((top, point) =>
    point.runs > top.runs ? point : top,
  );
  return `${range(daily)}: ${runs} runs, ${failed} failed; busiest ${
    busiest.date
  } with ${busiest.runs} runs.`;
}

export function policyViolationsSummary(daily: HudMetricsPoint[]): string {
  if (daily.length === 0) {
    return 'No data.';
  }
  const total = daily.reduce((sum, point) => sum + point.policyViolations, 0);
  if (total === 0) {
    return `No policy violations ${range(daily)}.`;
  }
  const worst = daily.reduce((top, point) =>
    point.policyViolations > top.policyViolations ? point : top,
  );
  return `${range(daily)}: ${total} in total, most on ${worst.date} (${
    worst.policyViolations
  }).`;
}
