import { useTheme } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  ChartScale,
  labelledDays,
  MARGIN,
  PLOT_HEIGHT,
  PLOT_WIDTH,
  shortDate,
} from './chartGeometry';

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

/**
 * The SVG around a chart: accessible name and title, y axis with 0, half
 * and maximum, x axis with the first, middle and last day, axis titles,
 * and a legend when there is more than one series. `children` draw the
 * data with `scale`.
 */
export function ChartFrame(
  props: Omit<ChartProps, 'yMax'> & { scale: ChartScale; children: ReactNode },
) {
  const theme = useTheme();
  const { title, summary, dates, series, scale, formatY } = props;
  const axisColour = theme.palette.text.secondary;
  const fontSize = 11;
  const bottom = MARGIN.top + PLOT_HEIGHT;
  return (
    <figure style={{ margin: 0 }}>
      {/* Shown for sighted readers; the SVG's own name already says it. */}
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
      <svg
        role="img"
        aria-label={`${title}. ${summary}`}
        viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
        width="100%"
        style={{ maxWidth: CHART_WIDTH * 1.5, display: 'block' }}
      >
        <title>{title}</title>
        <desc>{summary}</desc>
        <g fontSize={fontSize} fill={axisColour}>
          {[0, scale.yMax / 2, scale.yMax].map(tick => (
            <g key={tick}>
              <line
                x1={MARGIN.left}
                x2={MARGIN.left + PLOT_WIDTH}
                y1={scale.y(tick)}
                y2={scale.y(tick)}
                stroke={theme.palette.divider}
              />
              <text
                x={MARGIN.left - 6}
                y={scale.y(tick)}
                textAnchor="end"
                dominantBaseline="middle"
              >
                {formatY(tick)}
              </text>
            </g>
          ))}
          {labelledDays(dates.length).map(index => (
            <text
              key={index}
              x={scale.x(index)}
              y={bottom + 14}
              textAnchor="middle"
            >
              {shortDate(dates[index])}
            </text>
          ))}
          <text
            x={MARGIN.left + PLOT_WIDTH / 2}
            y={CHART_HEIGHT - 4}
            textAnchor="middle"
          >
            Day
          </text>
          <text
            transform={`translate(12 ${
              MARGIN.top + PLOT_HEIGHT / 2
            }) rotate(-90)`}
            textAnchor="middle"
          >
            {props.yAxisLabel}
          </text>
        </g>
        <line
          x1={MARGIN.left}
          x2={MARGIN.left + PLOT_WIDTH}
          y1={bottom}
          y2={bottom}
          stroke={axisColour}
        />
        {dates.length === 0 ? (
          <text
            x={MARGIN.left + PLOT_WIDTH / 2}
            y={MARGIN.top + PLOT_HEIGHT / 2}
            textAnchor="middle"
            fontSize={12}
            fill={axisColour}
          >
            No data
          </text>
        ) : (
          props.children
        )}
      </svg>
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
