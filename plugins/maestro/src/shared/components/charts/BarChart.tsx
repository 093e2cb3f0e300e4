import { chartScale, niceMax } from './chartGeometry';
import { ChartFrame, ChartProps } from './ChartFrame';

/**
 * Bars per day in plain SVG, the series side by side within each day.
 * Each bar carries its day and value as a tooltip.
 */
export function BarChart(props: ChartProps) {
  const { dates, series, formatY } = props;
  const dataMax = Math.max(
    0,
    ...series.flatMap(item => item.values.map(value => value ?? 0)),
  );
  // Bars count things: a top of at least 2 keeps the half-way tick whole.
  const scale = chartScale(
    dates.length,
    props.yMax ?? Math.max(2, niceMax(dataMax)),
  );
  const groupWidth = scale.band * 0.8;
  const barWidth = groupWidth / Math.max(series.length, 1);
  return (
    <ChartFrame {...props} scale={scale}>
      {series.map((item, seriesIndex) => (
        <g key={item.key} data-series={item.key} fill={item.colour}>
          {item.values.map((value, day) =>
            value ? (
              <rect
                key={dates[day]}
                data-date={dates[day]}
                x={
                  scale.bandStart(day) +
                  (scale.band - groupWidth) / 2 +
                  seriesIndex * barWidth
                }
                y={scale.y(value)}
                width={Math.max(barWidth - 1, 1)}
                height={scale.y(0) - scale.y(value)}
              >
                <title>{`${dates[day]}: ${formatY(
                  value,
                )} ${item.label.toLocaleLowerCase('en-US')}`}</title>
              </rect>
            ) : null,
          )}
        </g>
      ))}
    </ChartFrame>
  );
}
