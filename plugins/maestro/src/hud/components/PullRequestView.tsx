import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useParams } from 'react-router-dom';
import { usePullRequestTimeline } from '../hooks/usePullRequestTimeline';
import { useBuildsPaths } from './buildsPaths';
import { BuildRunItem } from './BuildRunItem';
import { PullRequestSummary } from './PullRequestSummary';

function BackToBuilds() {
  const paths = useBuildsPaths();
  return (
    <Box mb={2}>
      <Link
        to={paths.overview}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <ArrowBackIcon fontSize="small" />
        All builds
      </Link>
    </Box>
  );
}

function PullRequestRuns(props: { entityRef: string; number: number }) {
  const { value, error } = usePullRequestTimeline(
    props.entityRef,
    props.number,
  );
  if (error) {
    return error instanceof ResponseError && error.statusCode === 404 ? (
      <EmptyState
        missing="data"
        title={`No pull request #${props.number}`}
        description="Maestro has received no CI events for this pull request of this entity."
      />
    ) : (
      <ResponseErrorPanel error={error} />
    );
  }
  if (!value) {
    return <Progress />;
  }
  const { runs, ...pullRequest } = value;
  return (
    <InfoCard>
      <PullRequestSummary pullRequest={pullRequest} headingLevel="h2">
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            {runs.length === 1 ? '1 run' : `${runs.length} runs`}, newest first
          </Typography>
          {runs.map(run => (
            <BuildRunItem key={run.id} run={run} showPullRequest={false} />
          ))}
        </Box>
      </PullRequestSummary>
    </InfoCard>
  );
}

/**
 * One pull request with all its runs, newest first, at
 * `pull-requests/:number` inside the Builds tab.
 */
export function PullRequestView(props: { entityRef: string }) {
  const { number = '' } = useParams();
  const parsed = Number(number);
  return (
    <>
      <BackToBuilds />
      {Number.isInteger(parsed) && parsed > 0 ? (
        <PullRequestRuns entityRef={props.entityRef} number={parsed} />
      ) : (
        <EmptyState
          missing="data"
          title="No such pull request"
          description={`"${number}" is not a pull request number.`}
        />
      )}
    </>
  );
}
