import { InfoCard } from '@backstage/core-components';
import { EntityTimeline } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { useBuildsPaths } from './buildsPaths';
import { BuildRunItem } from './BuildRunItem';
import { PullRequestSummary } from './PullRequestSummary';

type TimelinePullRequest = EntityTimeline['pullRequests'][number];

/** Open first, otherwise as the backend ordered them (most recently updated). */
function openFirst(pullRequests: TimelinePullRequest[]) {
  return pullRequests
    .map((pr, index) => ({ pr, index }))
    .sort(
      (a, b) =>
        Number(b.pr.state === 'open') - Number(a.pr.state === 'open') ||
        a.index - b.index,
    )
    .map(({ pr }) => pr);
}

/**
 * The entity's pull requests, open ones first, each with the stage strip
 * of its latest run and a link to all its runs.
 */
export function PullRequestList(props: {
  pullRequests: TimelinePullRequest[];
}) {
  const paths = useBuildsPaths();
  const pullRequests = openFirst(props.pullRequests);
  return (
    <InfoCard
      title="Pull requests"
      subheader="Open first, with their latest run"
    >
      {pullRequests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No pull request has run CI yet.
        </Typography>
      ) : (
        pullRequests.map((pr, index) => (
          <Fragment key={pr.number}>
            {index > 0 && (
              <Box my={2}>
                <Divider />
              </Box>
            )}
            <PullRequestSummary
              pullRequest={pr}
              to={paths.pullRequest(pr.number)}
            >
              {pr.latestRun ? (
                <BuildRunItem run={pr.latestRun} showPullRequest={false} />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  No runs yet
                </Typography>
              )}
            </PullRequestSummary>
          </Fragment>
        ))
      )}
    </InfoCard>
  );
}
