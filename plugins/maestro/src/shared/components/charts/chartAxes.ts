/**
 * Axis arithmetic of the HUD's small charts, which recharts draws: a y axis
 * from 0 to a round maximum with a tick half-way, and the first, middle and
 * last day labelled along x.
 */

/** Size a chart takes before its container has been measured. */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 180;
/** Widest a chart grows; beyond it the labels would look lost. */
export const CHART_MAX_WIDTH = CHART_WIDTH * 1.5;

/**
 * The smallest of 1, 2, 4 × 10ⁿ at or above `value` (1 for nothing), so
 * the half-way tick is round too.
 */
export function niceMax(value: number): number {
  if (!(value > 0)) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 10]) {
    if (value <= step * magnitude) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

/** 0, half-way and the top: the y axis ticks. */
export function yTicks(yMax: number): number[] {
  return [0, yMax / 2, yMax];
}

/** First, middle and last day: the x axis labels, without repeats. */
export function labelledDays(days: number): number[] {
  if (days <= 0) {
    return [];
  }
  return [...new Set([0, Math.floor((days - 1) / 2), days - 1])];
}

/** `Nov 23` for `2026-11-23`, in UTC so the day does not shift. */
export function shortDate(date: string): string {
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) {
    return date;
  }
  return parsed.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
