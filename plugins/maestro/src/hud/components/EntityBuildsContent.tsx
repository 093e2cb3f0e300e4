import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Route, Routes } from 'react-router-dom';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';
import { useArtifactIdsByDigest } from '../hooks/useArtifactIdsByDigest';
import { useHudTimeline } from '../hooks/useHudTimeline';
import { ENTITY_POLL_INTERVAL_MS } from '../../shared/hooks/useEntitySignal';
import { EntityTab } from '../../shared/components/EntityTab';
import { BuildsPathsProvider } from './buildsPaths';
import { HudAlertsCard } from './HudAlertsCard';
import { HudMetricsPanel } from './HudMetricsPanel';
import { PullRequestList } from './PullRequestList';
import { PullRequestView } from './PullRequestView';
import { RecentRuns } from './RecentRuns';
import { UnroutedDeliveriesWarning } from './UnroutedDeliveriesWarning';

/** Recent runs the overview asks for. */
export const RECENT_RUNS = 20;

/** The signal topic the backend publishes Build HUD changes on. */
const BUILDS_TAB_TOPICS: readonly MaestroSignalTopic[] = [
  MAESTRO_SIGNAL_TOPICS.hud,
];

function LiveNote() {
  const { isLive } = useEntityRefresh();
  return (
    <Typography variant="body2" color="textSecondary">
      {isLive
        ? 'Live: updates as CI reports'
        : `Refreshed every ${ENTITY_POLL_INTERVAL_MS / 1000} seconds`}
    </Typography>
  );
}

/** Parked deliveries come first: they say why builds may be missing. */
function BuildsOverview(props: { entityRef: string }) {
  return (
    <>
      <UnroutedDeliveriesWarning entityRef={props.entityRef} />
      <BuildsTimeline entityRef={props.entityRef} />
    </>
  );
}

function BuildsTimeline(props: { entityRef: string }) {
  const { value, error } = useHudTimeline(props.entityRef, RECENT_RUNS);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return <Progress />;
  }
  if (value.pullRequests.length === 0 && value.runs.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No builds yet"
        description="Maestro shows runs once CI reports them: GitHub workflow runs through the events backend's GitHub webhook, Tekton through CloudEvents (POST /api/maestro/hud/cloudevents), any other CI through POST /api/maestro/hud/events."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <LiveNote />
      </Grid>
      <Grid item xs={12}>
        <HudAlertsCard entityRef={props.entityRef} />
      </Grid>
      <Grid item xs={12}>
        <PullRequestList pullRequests={value.pullRequests} />
      </Grid>
      <Grid item xs={12}>
        <RecentRuns runs={value.runs} />
      </Grid>
      <Grid item xs={12}>
        <HudMetricsPanel entityRef={props.entityRef} />
      </Grid>
    </Grid>
  );
}

function BuildsRoutes(props: { entityRef: string; base: string }) {
  const artifactIds = useArtifactIdsByDigest(props.entityRef);
  return (
    <BuildsPathsProvider base={props.base} artifactIds={artifactIds}>
      <Routes>
        <Route
          path="/"
          element={<BuildsOverview entityRef={props.entityRef} />}
        />
        <Route
          path="pull-requests/:number"
          element={<PullRequestView entityRef={props.entityRef} />}
        />
      </Routes>
    </BuildsPathsProvider>
  );
}

/**
 * The Builds tab of a catalog entity, Maestro's Build HUD: open pull
 * requests with the stage strip of their latest run, recent runs on all
 * branches, open alerts and build metrics; at `pull-requests/:number` every
 * run of one pull request. It refetches on each `hud` notice on the
 * entity's signals channel, or every 30 seconds without signals.
 */
export function EntityBuildsContent() {
  return (
    <EntityTab topics={BUILDS_TAB_TOPICS}>
      {({ entityRef, base }) => (
        <BuildsRoutes entityRef={entityRef} base={base} />
      )}
    </EntityTab>
  );
}
