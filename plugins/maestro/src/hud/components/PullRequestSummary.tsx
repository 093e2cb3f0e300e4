import { Link } from '@backstage/core-components';
import { PullRequestTimeline } from '@maestro-conductor/backstage-plugin-maestro-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useId } from 'react';
import { ShortCommit } from '../../shared/components/ArtifactBadges/ArtifactBadges';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  title: { fontWeight: theme.typography.fontWeightMedium as number },
  open: { borderColor: theme.palette.success.main },
  merged: { borderColor: theme.palette.secondary.main },
  closed: {},
  secondary: { color: theme.palette.text.secondary },
}));

/** The pull request fields the timeline and the PR view share. */
export type PullRequestFacts = Omit<PullRequestTimeline, 'runs'>;

/**
 * A pull request's number and title (linked when `to` is given), state,
 * author, head commit and preview, with `children` (its runs) below.
 */
export function PullRequestSummary(props: {
  pullRequest: PullRequestFacts;
  /** Where the title links to, e.g. the PR view inside the tab. */
  to?: string;
  headingLevel?: 'h2' | 'h3';
  children?: ReactNode;
}) {
  const classes = useStyles();
  const titleId = useId();
  const { pullRequest: pr, to, headingLevel = 'h3' } = props;
  const title = `#${pr.number}${pr.title ? ` ${pr.title}` : ''}`;
  return (
    <article aria-labelledby={titleId}>
      <div className={classes.header}>
        <Typography
          id={titleId}
          variant={headingLevel === 'h2' ? 'h5' : 'h6'}
          component={headingLevel}
          className={classes.title}
        >
          {to ? <Link to={to}>{title}</Link> : title}
        </Typography>
        {pr.state && (
          <Chip
            size="small"
            variant="outlined"
            label={pr.state}
            className={classes[pr.state]}
          />
        )}
        {pr.author && (
          <Typography variant="body2" className={classes.secondary}>
            by {pr.author}
          </Typography>
        )}
        {pr.headCommit && (
          <Typography variant="body2" component="span">
            head <ShortCommit commit={pr.headCommit} />
          </Typography>
        )}
        {pr.previewUrl && <Link to={pr.previewUrl}>Preview</Link>}
        {pr.url && <Link to={pr.url}>Pull request</Link>}
      </div>
      {props.children}
    </article>
  );
}
