import { Link } from '@backstage/core-components';
import { BuildRun } from '@maestro-conductor/backstage-plugin-maestro-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useId } from 'react';
import {
  ShortCommit,
  ShortDigest,
} from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { BuildStatusIcon, describeStatus } from './buildStatus';
import { useBuildsPaths } from './buildsPaths';
import { RelativeTime } from './RelativeTime';
import { runTitle } from './runTitle';
import { StageStrip } from './StageStrip';

const useStyles = makeStyles(theme => ({
  run: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  title: { fontWeight: theme.typography.fontWeightMedium as number },
  secondary: { color: theme.palette.text.secondary },
  links: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
}));

/**
 * One CI run: status, name, branch, commit, pull request, when it started
 * and how long it took; its stage strip; and links to the run, its
 * preview and the artifact it built in the Supply chain tab.
 */
export function BuildRunItem(props: {
  run: BuildRun;
  /** Link the run's pull request; off where the PR is the context. */
  showPullRequest?: boolean;
}) {
  const classes = useStyles();
  const paths = useBuildsPaths();
  const titleId = useId();
  const { run, showPullRequest = true } = props;
  const title = runTitle(run);

  return (
    <article className={classes.run} aria-labelledby={titleId}>
      <div className={classes.header}>
        <BuildStatusIcon status={run.status}>
          <Typography
            id={titleId}
            variant="body1"
            component="h4"
            className={classes.title}
          >
            {title}
          </Typography>
        </BuildStatusIcon>
        <Typography variant="body2">
          {describeStatus(run.status, run.durationMs)}
        </Typography>
        {run.branch && <Chip size="small" label={run.branch} />}
        {run.commit && (
          <Typography variant="body2" component="span">
            <ShortCommit commit={run.commit} />
          </Typography>
        )}
        {showPullRequest && run.pullRequest !== undefined && (
          <Link to={paths.pullRequest(run.pullRequest)}>
            PR #{run.pullRequest}
          </Link>
        )}
        {run.startedAt && (
          <Typography variant="body2" className={classes.secondary}>
            started <RelativeTime value={run.startedAt} />
          </Typography>
        )}
      </div>
      <StageStrip run={run} />
      <div className={classes.links}>
        {run.url && <Link to={run.url}>Open run in {run.provider}</Link>}
        {run.previewUrl && <Link to={run.previewUrl}>Preview</Link>}
        {run.imageDigest && (
          <Link
            to={paths.supplyChainArtifact(run.imageDigest)}
            aria-label={`Supply chain of ${run.imageDigest}`}
          >
            Artifact <ShortDigest digest={run.imageDigest} />
          </Link>
        )}
      </div>
    </article>
  );
}
