import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { HudMetrics } from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { HudMetricsDays } from '../api';
import { useHudMetrics } from '../hooks/useHudMetrics';
import { BarChart } from '../../shared/components/charts/BarChart';
import { LineChart } from '../../shared/components/charts/LineChart';
import { formatDuration, formatPercent } from './formatDuration';
import {
  durationSummary,
  policyViolationsSummary,
  runsSummary,
  successRateSummary,
} from './metricsSummaries';

/** The windows the backend offers. */
export const HUD_METRICS_WINDOWS: HudMetricsDays[] = [7, 30, 90];

const useStyles = makeStyles(theme => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(0, 0, 3),
  },
  stat: { margin: 0 },
  value: {
    margin: 0,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

function Stat(props: { label: string; value: string; detail?: string }) {
  const classes = useStyles();
  return (
    <div className={classes.stat}>
      <Typography variant="body2" color="textSecondary" component="dt">
        {props.label}
      </Typography>
      <dd className={classes.value}>
        {props.value}
        {props.detail && (
          <Typography variant="body2" color="textSecondary" component="span">
            {' '}
            {props.detail}
          </Typography>
        )}
      </dd>
    </div>
  );
}

const minutes = (ms?: number) => (ms === undefined ? undefined : ms / 60_000);
const formatMinutes = (value: number) =>
  `${Number(value.toFixed(1)).toString()} min`;
const formatCount = (value: number) => String(Math.round(value));

function MetricsBody(props: { metrics: HudMetrics }) {
  const classes = useStyles();
  const theme = useTheme();
  const { metrics } = props;
  const { daily } = metrics;
  const dates = daily.map(point => point.date);
  const charts = [
    <LineChart
      key="success"
      title="Success rate per day"
      summary={successRateSummary(daily)}
      dates={dates}
      series={[
        {
          key: 'successRate',
          label: 'Success rate',
          colour: theme.palette.success.main,
          values: daily.map(point => point.successRate),
        },
      ]}
      yMax={1}
      formatY={formatPercent}
      yAxisLabel="Succeeded"
    />,
    <LineChart
      key="duration"
      title="Duration per day"
      summary={durationSummary(daily)}
      dates={dates}
      series={[
        {
          key: 'p50',
          label: 'Median (p50)',
          colour: theme.palette.primary.main,
          values: daily.map(point => minutes(point.durationP50Ms)),
        },
        {
          key: 'p95',
          label: '95th percentile (p95)',
          colour: theme.palette.warning.main,
          dashed: true,
          values: daily.map(point => minutes(point.durationP95Ms)),
        },
      ]}
      formatY={formatMinutes}
      yAxisLabel="Duration"
    />,
    <BarChart
      key="runs"
      title="Runs and failures per day"
      summary={runsSummary(daily)}
      dates={dates}
      series={[
        {
          key: 'runs',
          label: 'Runs',
          colour: theme.palette.primary.light,
          values: daily.map(point => point.runs),
        },
        {
          key: 'failed',
          label: 'Failed',
          colour: theme.palette.error.main,
          values: daily.map(point => point.failed),
        },
      ]}
      formatY={formatCount}
      yAxisLabel="Runs"
    />,
    <BarChart
      key="policy"
      title="Policy violations per day"
      summary={policyViolationsSummary(daily)}
      dates={dates}
      series={[
        {
          key: 'policyViolations',
          label: 'Policy violations',
          colour: theme.palette.warning.dark,
          values: daily.map(point => point.policyViolations),
        },
      ]}
      formatY={formatCount}
      yAxisLabel="Violations"
    />,
  ];

  return (
    <>
      <dl className={classes.stats}>
        <Stat
          label="Success rate"
          value={
            metrics.successRate === undefined
              ? '–'
              : formatPercent(metrics.successRate)
          }
        />
        <Stat
          label="Runs"
          value={String(metrics.runs)}
          detail={`(${metrics.failed} failed)`}
        />
        <Stat
          label="Duration p50"
          value={
            metrics.durationP50Ms === undefined
              ? '–'
              : formatDuration(metrics.durationP50Ms)
          }
        />
        <Stat
          label="Duration p95"
          value={
            metrics.durationP95Ms === undefined
              ? '–'
              : formatDuration(metrics.durationP95Ms)
          }
        />
        <Stat
          label="Policy violations"
          value={String(metrics.policyViolations)}
        />
        <Stat label="Previews in use" value={String(metrics.previewsInUse)} />
      </dl>
      <Grid container spacing={3}>
        {charts.map(chart => (
          <Grid item xs={12} md={6} key={chart.key}>
            {chart}
          </Grid>
        ))}
      </Grid>
    </>
  );
}

/**
 * Build metrics over the last 7, 30 or 90 days: success rate, median and
 * 95th-percentile duration, runs and failures, policy violations and
 * previews in use, with a chart per day for each. Of one entity, or
 * org-wide without `entityRef`.
 */
export function HudMetricsPanel(props: { entityRef?: string }) {
  const [days, setDays] = useState<HudMetricsDays>(7);
  const { value, error } = useHudMetrics({ entityRef: props.entityRef, days });

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    content = <MetricsBody metrics={value} />;
  }

  return (
    <InfoCard
      title="Build metrics"
      subheader={props.entityRef ? undefined : 'All services'}
      action={
        <ToggleButtonGroup
          exclusive
          size="small"
          value={days}
          aria-label="Metrics window"
          onChange={(_event, next: HudMetricsDays | null) => {
            // Clicking the active button would otherwise clear the value.
            if (next) setDays(next);
          }}
        >
          {HUD_METRICS_WINDOWS.map(window => (
            <ToggleButton key={window} value={window}>
              {window} days
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      }
    >
      {content}
    </InfoCard>
  );
}
