import { chartScale, niceMax } from './chartGeometry';
import { ChartFrame, ChartProps, ChartSeries } from './ChartFrame';

/** Runs of consecutive days that have a value; a missing day breaks the line. */
function segments(values: ChartSeries['values']): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  values.forEach((value, index) => {
    if (value === undefined) {
      if (current.length > 0) result.push(current);
      current = [];
    } else {
      current.push(index);
    }
  });
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * One line per series over the days, in plain SVG. Days without a value
 * leave a gap; a lone day shows as a dot.
 */
export function LineChart(props: ChartProps) {
  const dataMax = Math.max(
    0,
    ...props.series.flatMap(item =>
      item.values.filter((value): value is number => value !== undefined),
    ),
  );
  const scale = chartScale(props.dates.length, props.yMax ?? niceMax(dataMax));
  return (
    <ChartFrame {...props} scale={scale}>
      {props.series.map(item => (
        <g key={item.key} data-series={item.key}>
          {segments(item.values).map(days =>
            days.length === 1 ? (
              <circle
                key={days[0]}
                cx={scale.x(days[0])}
                cy={scale.y(item.values[days[0]]!)}
                r={2.5}
                fill={item.colour}
              />
            ) : (
              <polyline
                key={days[0]}
                points={days
                  .map(
                    day =>
                      `${scale.x(day).toFixed(1)},${scale
                        .y(item.values[day]!)
                        .toFixed(1)}`,
                  )
                  .join(' ')}
                fill="none"
                stroke={item.colour}
                strokeWidth={2}
                strokeDasharray={item.dashed ? '5 3' : undefined}
              />
            ),
          )}
        </g>
      ))}
    </ChartFrame>
  );
}
