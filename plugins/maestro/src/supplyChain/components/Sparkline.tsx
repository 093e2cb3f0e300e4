import { useTheme } from '@material-ui/core/styles';

/** One day of the trend. */
export type TrendPoint = { date: string; critical: number; high: number };

const WIDTH = 120;
const HEIGHT = 28;
const PADDING = 2;

function points(values: number[], max: number): string {
  const step =
    values.length > 1 ? (WIDTH - 2 * PADDING) / (values.length - 1) : 0;
  return values
    .map((value, index) => {
      const x = PADDING + index * step;
      const y = HEIGHT - PADDING - (value / max) * (HEIGHT - 2 * PADDING);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** What the lines show, for screen readers and the tooltip. */
export function describeTrend(trend: TrendPoint[]): string {
  if (trend.length === 0) {
    return 'No trend data';
  }
  const first = trend[0];
  const last = trend[trend.length - 1];
  return `Critical ${first.critical} to ${last.critical}, high ${first.high} to ${last.high}, from ${first.date} to ${last.date}`;
}

/**
 * Critical (solid) and high (dashed) findings per day as two small lines,
 * on one scale so they compare. Plain SVG: a chart library would be heavy
 * for a table cell.
 */
export function Sparkline(props: { trend: TrendPoint[] }) {
  const theme = useTheme();
  const { trend } = props;
  const label = describeTrend(trend);
  const max = Math.max(
    1,
    ...trend.map(point => Math.max(point.critical, point.high)),
  );
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <title>{label}</title>
      {trend.length > 0 && (
        <>
          <polyline
            data-series="high"
            points={points(
              trend.map(point => point.high),
              max,
            )}
            fill="none"
            stroke={theme.palette.warning.main}
            strokeWidth={1.5}
            strokeDasharray="3 2"
          />
          <polyline
            data-series="critical"
            points={points(
              trend.map(point => point.critical),
              max,
            )}
            fill="none"
            stroke={theme.palette.error.main}
            strokeWidth={1.5}
          />
        </>
      )}
    </svg>
  );
}
