/**
 * The arithmetic of the HUD's small SVG charts: one band per day along x
 * (so bars and line points of the same day line up), a y scale from 0 to a
 * round maximum.
 */

export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 180;
export const MARGIN = { top: 12, right: 12, bottom: 36, left: 60 };
export const PLOT_WIDTH = CHART_WIDTH - MARGIN.left - MARGIN.right;
export const PLOT_HEIGHT = CHART_HEIGHT - MARGIN.top - MARGIN.bottom;

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

export type ChartScale = {
  /** Width of one day's band. */
  band: number;
  /** Left edge of the band of day `index`. */
  bandStart(index: number): number;
  /** Centre of the band of day `index`. */
  x(index: number): number;
  y(value: number): number;
  yMax: number;
};

export function chartScale(days: number, yMax: number): ChartScale {
  const band = PLOT_WIDTH / Math.max(days, 1);
  return {
    band,
    bandStart: index => MARGIN.left + index * band,
    x: index => MARGIN.left + (index + 0.5) * band,
    y: value => MARGIN.top + PLOT_HEIGHT - (value / yMax) * PLOT_HEIGHT,
    yMax,
  };
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
