import { useTheme } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import {
  CartesianGrid,
  Customized,
  Label,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  CHART_HEIGHT,
  CHART_MAX_WIDTH,
  CHART_WIDTH,
  labelledDays,
  shortDate,
  yTicks,
} from './chartAxes';

/** One line or one set of bars. */
export type ChartSeries = {
  key: string;
  label: string;
  colour: string;
  dashed?: boolean;
  /** One value per day; `undefined` where the day has none (a gap). */
  values: Array<number | undefined>;
};

/** What every HUD chart takes. */
export type ChartProps = {
  /** The chart's title, its SVG `<title>`. */
  title: string;
  /** What the chart shows, in words: its accessible name with the title. */
  summary: string;
  /** `YYYY-MM-DD`, one per value of each series. */
  dates: string[];
  series: ChartSeries[];
  /** Fixed top of the y axis (1 for shares); else rounded up from the data. */
  yMax?: number;
  formatY: (value: number) => string;
  yAxisLabel: string;
};

/** A day of the chart as recharts reads it: the date and a value per series. */
export type ChartDatum = { date: string } & Record<
  string,
  number | string | null
>;

/** The series' values rearranged by day, `null` where a day has none. */
export function chartData(
  dates: string[],
  series: ChartSeries[],
): ChartDatum[] {
  return dates.map((date, day) => {
    const datum: ChartDatum = { date };
    for (const item of series) {
      datum[item.key] = item.values[day] ?? null;
    }
    return datum;
  });
}

/** What the recharts chart inside a frame is given. */
export type ChartSurface = {
  width: number;
  height: number;
  data: ChartDatum[];
  title: string;
  desc: string;
  margin: { top: number; right: number; bottom: number; left: number };
};

/**
 * The parts every HUD chart shares, as children of a recharts chart: grid,
 * y axis with 0, half and maximum, x axis with the first, middle and last
 * day, axis titles, tooltip, and "No data" on an empty chart.
 */
export function chartAxes(props: {
  dates: string[];
  yMax: number;
  formatY: (value: number) => string;
  yAxisLabel: string;
  axisColour: string;
  gridColour: string;
}): ReactNode[] {
  const { dates, yMax, formatY, axisColour } = props;
  const tick = { fontSize: 11, fill: axisColour };
  return [
    <CartesianGrid key="grid" vertical={false} stroke={props.gridColour} />,
    <XAxis
      key="x"
      dataKey="date"
      ticks={labelledDays(dates.length).map(day => dates[day])}
      interval={0}
      tickFormatter={shortDate}
      tick={tick}
      stroke={axisColour}
      height={36}
    >
      <Label
        value="Day"
        position="insideBottom"
        fontSize={11}
        fill={axisColour}
      />
    </XAxis>,
    <YAxis
      key="y"
      domain={[0, yMax]}
      ticks={yTicks(yMax)}
      tickFormatter={formatY}
      tick={tick}
      stroke={axisColour}
      axisLine={false}
      width={60}
      allowDataOverflow
    >
      <Label
        value={props.yAxisLabel}
        angle={-90}
        position="insideLeft"
        fontSize={11}
        fill={axisColour}
        style={{ textAnchor: 'middle' }}
      />
    </YAxis>,
    <Tooltip
      key="tooltip"
      isAnimationActive={false}
      labelFormatter={label => shortDate(String(label))}
      formatter={value =>
        typeof value === 'number' ? formatY(value) : String(value)
      }
    />,
    dates.length === 0 ? (
      <Customized
        key="empty"
        component={(chart: {
          offset?: { left: number; top: number; width: number; height: number };
        }) =>
          chart.offset ? (
            <text
              x={chart.offset.left + chart.offset.width / 2}
              y={chart.offset.top + chart.offset.height / 2}
              textAnchor="middle"
              fontSize={12}
              fill={axisColour}
            >
              No data
            </text>
          ) : null
        }
      />
    ) : null,
  ];
}

/**
 * Around a recharts chart: the visible title, the accessible name (title
 * and summary) on the drawing, the width of its container (up to
 * {@link CHART_MAX_WIDTH}; {@link CHART_WIDTH} until measured, and where
 * nothing can measure, as in tests), and a legend when there is more than
 * one series.
 */
export function ChartFrame(
  props: Pick<ChartProps, 'title' | 'summary' | 'dates' | 'series'> & {
    children: (surface: ChartSurface) => ReactNode;
  },
) {
  const theme = useTheme();
  const { title, summary, series } = props;
  const [measureRef, { width: measured }] = useMeasure<HTMLDivElement>();
  const width = Math.min(
    measured > 0 ? measured : CHART_WIDTH,
    CHART_MAX_WIDTH,
  );
  return (
    <figure style={{ margin: 0 }}>
      {/* Shown for sighted readers; the drawing's own name already says it. */}
      <div
        aria-hidden="true"
        style={{
          fontSize: theme.typography.subtitle2.fontSize,
          fontWeight: theme.typography.subtitle2.fontWeight,
          marginBottom: theme.spacing(0.5),
        }}
      >
        {title}
      </div>
      <div
        ref={measureRef}
        style={{ width: '100%', maxWidth: CHART_MAX_WIDTH }}
      >
        <div role="img" aria-label={`${title}. ${summary}`}>
          {props.children({
            width,
            height: CHART_HEIGHT,
            data: chartData(props.dates, series),
            title,
            desc: summary,
            margin: { top: 12, right: 12, bottom: 0, left: 0 },
          })}
        </div>
      </div>
      {series.length > 1 && (
        <figcaption
          style={{
            display: 'flex',
            gap: theme.spacing(2),
            fontSize: theme.typography.caption.fontSize,
          }}
        >
          {series.map(item => (
            <span
              key={item.key}
              style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
            >
              <svg width={16} height={8} aria-hidden="true">
                <line
                  x1={0}
                  x2={16}
                  y1={4}
                  y2={4}
                  stroke={item.colour}
                  strokeWidth={item.dashed ? 2 : 4}
                  strokeDasharray={item.dashed ? '4 2' : undefined}
                />
              </svg>
              {item.label}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
