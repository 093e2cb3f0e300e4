import { useTheme } from '@material-ui/core/styles';
import { Bar, BarChart as RechartsBarChart } from 'recharts';
import { niceMax } from './chartAxes';
import { ChartFrame, ChartProps, chartAxes } from './ChartFrame';

type BarShape = {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  value?: unknown;
  payload?: { date: string };
};

/**
 * Bars per day, the series side by side within each day. Each bar carries
 * its day and value as an SVG tooltip as well as recharts' hover tooltip.
 */
export function BarChart(props: ChartProps) {
  const theme = useTheme();
  const { dates, series, formatY } = props;
  const dataMax = Math.max(
    0,
    ...series.flatMap(item => item.values.map(value => value ?? 0)),
  );
  // Bars count things: a top of at least 2 keeps the half-way tick whole.
  const yMax = props.yMax ?? Math.max(2, niceMax(dataMax));
  return (
    <ChartFrame {...props}>
      {surface => (
        <RechartsBarChart
          width={surface.width}
          height={surface.height}
          data={surface.data}
          margin={surface.margin}
          title={surface.title}
          desc={surface.desc}
          barCategoryGap="20%"
          barGap={1}
        >
          {chartAxes({
            dates,
            yMax,
            formatY,
            yAxisLabel: props.yAxisLabel,
            axisColour: theme.palette.text.secondary,
            gridColour: theme.palette.divider,
          })}
          {series.map(item => (
            <Bar
              key={item.key}
              dataKey={item.key}
              name={item.label}
              fill={item.colour}
              isAnimationActive={false}
              shape={(bar: BarShape) => {
                const value = typeof bar.value === 'number' ? bar.value : 0;
                const date = bar.payload?.date ?? '';
                return (
                  <g data-series={item.key}>
                    {value > 0 && (
                      <rect
                        data-date={date}
                        x={bar.x}
                        y={bar.y}
                        width={Math.max((bar.width ?? 0) - 1, 1)}
                        height={bar.height}
                        fill={item.colour}
                      >
                        <title>{`${date}: ${formatY(
                          value,
                        )} ${item.label.toLocaleLowerCase('en-US')}`}</title>
                      </rect>
                    )}
                  </g>
                );
              }}
            />
          ))}
        </RechartsBarChart>
      )}
    </ChartFrame>
  );
}
