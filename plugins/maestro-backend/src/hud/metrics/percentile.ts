/**
 * The nearest-rank percentile of ascending values: the smallest value with
 * at least `p` percent of the values at or below it. It is always one of the
 * measured durations (no interpolation), so a p95 of ten runs is the slowest
 * run, and the same numbers give the same answer on every database.
 */
export function percentile(
  ascending: readonly number[],
  p: number,
): number | undefined {
  if (ascending.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(Math.max(rank, 1), ascending.length) - 1];
}
