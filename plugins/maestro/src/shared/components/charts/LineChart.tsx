import { useTheme } from '@material-ui/core/styles';
import { Line, LineChart as RechartsLineChart } from 'recharts';
import { niceMax } from './chartAxes';
import { ChartFrame, ChartProps, chartAxes } from './ChartFrame';

/**
 * One line per series over the days. Days without a value leave a gap;
 * every day with one has a dot, so a lone day still shows.
 */
export function LineChart(props: ChartProps) {
  const theme = useTheme();
  const dataMax = Math.max(
    0,
    ...props.series.flatMap(item =>
      item.values.filter((value): value is number => value !== undefined),
    ),
  );
  const yMax = props.yMax ?? niceMax(dataMax);
  return (
    <ChartFrame {...props}>
      {surface => (
        <RechartsLineChart
          width={surface.width}
          height={surface.height}
          data={surface.data}
          margin={surface.margin}
          title={surface.title}
          desc={surface.desc}
        >
          {chartAxes({
            dates: props.dates,
            yMax,
            formatY: props.formatY,
            yAxisLabel: props.yAxisLabel,
            axisColour: theme.palette.text.secondary,
            gridColour: theme.palette.divider,
          })}
          {props.series.map(item => (
            <Line
              key={item.key}
              dataKey={item.key}
              name={item.label}
              type="linear"
              stroke={item.colour}
              strokeWidth={2}
              strokeDasharray={item.dashed ? '5 3' : undefined}
              connectNulls={false}
              isAnimationActive={false}
              dot={(dot: {
                key?: string;
                cx?: number;
                cy?: number;
                value?: unknown;
              }) => (
                <g key={dot.key} data-series={item.key}>
                  {typeof dot.value === 'number' &&
                    dot.cx !== undefined &&
                    dot.cy !== undefined && (
                      <circle
                        cx={dot.cx}
                        cy={dot.cy}
                        r={2.5}
                        fill={item.colour}
                      />
                    )}
                </g>
              )}
            />
          ))}
        </RechartsLineChart>
      )}
    </ChartFrame>
  );
}
