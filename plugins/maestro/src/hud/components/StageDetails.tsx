import { Link } from '@backstage/core-components';
import {
  BuildRun,
  BuildStage,
  BuildTestResults,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { SeverityChip } from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { describeStatus } from './buildStatus';

const useStyles = makeStyles(theme => ({
  panel: {
    marginTop: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
    borderLeft: `3px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.default,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(1, 2),
    alignItems: 'baseline',
  },
  fullWidth: { gridColumn: '1 / -1' },
  links: {
    gridColumn: '1 / -1',
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  failures: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(3) },
  failureName: { fontFamily: 'monospace' },
  passed: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography variant="body2" color="textSecondary" component="span">
        {props.label}:
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </>
  );
}

function TestResults(props: { tests: BuildTestResults }) {
  const classes = useStyles();
  const { tests } = props;
  const failures = tests.failures ?? [];
  const counts = [
    `${tests.passed} passed`,
    `${tests.failed} failed`,
    ...(tests.skipped !== undefined ? [`${tests.skipped} skipped`] : []),
  ].join(', ');
  return (
    <Fact label="Tests">
      <span className={tests.failed > 0 ? classes.failed : classes.passed}>
        {counts}
      </span>
      {failures.length > 0 && (
        <ul className={classes.failures} aria-label="Failed tests">
          {failures.map((failure, index) => (
            <li key={`${failure.name}-${index}`}>
              <span className={classes.failureName}>{failure.name}</span>
              {failure.message && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {failure.message}
                </Typography>
              )}
            </li>
          ))}
        </ul>
      )}
      {tests.failed > failures.length && failures.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          {tests.failed - failures.length} more failures not named by CI
        </Typography>
      )}
    </Fact>
  );
}

/**
 * What CI reported about one stage: test results with the names of failed
 * tests, scan counts, SBOM, signature, policy and preview, with links to
 * the reports, the stage's log and the run.
 */
export function StageDetails(props: {
  id: string;
  run: BuildRun;
  stage: BuildStage;
}) {
  const classes = useStyles();
  const { run, stage } = props;
  const { tests, scan, signature, policy } = stage;
  const links: Array<{ to: string; label: string }> = [
    ...(stage.url ? [{ to: stage.url, label: 'Stage log' }] : []),
    ...(tests?.reportUrl
      ? [{ to: tests.reportUrl, label: 'Test report' }]
      : []),
    ...(scan?.reportUrl ? [{ to: scan.reportUrl, label: 'Scan report' }] : []),
    ...(stage.sbomUrl ? [{ to: stage.sbomUrl, label: 'SBOM' }] : []),
    ...(stage.previewUrl ? [{ to: stage.previewUrl, label: 'Preview' }] : []),
    ...(run.url ? [{ to: run.url, label: 'Open run' }] : []),
  ];
  const reported = tests || scan || signature || policy;

  return (
    <section
      id={props.id}
      aria-label={`Stage ${stage.name}`}
      className={classes.panel}
    >
      <div className={classes.facts}>
        <Fact label="Status">
          {describeStatus(stage.status, stage.durationMs)}
        </Fact>
        {tests && <TestResults tests={tests} />}
        {scan && (
          <Fact label="Scan">
            <span className={classes.chips}>
              <SeverityChip severity="critical" count={scan.critical} />
              <SeverityChip severity="high" count={scan.high} />
              {scan.medium !== undefined && (
                <SeverityChip severity="medium" count={scan.medium} />
              )}
              {scan.low !== undefined && (
                <SeverityChip severity="low" count={scan.low} />
              )}
            </span>
          </Fact>
        )}
        {signature && (
          <Fact label="Signature">
            <span
              className={signature.verified ? classes.passed : classes.failed}
            >
              {signature.verified ? 'verified' : 'not verified'}
            </span>
            {signature.reason && ` (${signature.reason})`}
          </Fact>
        )}
        {policy && (
          <Fact label="Policy">
            <span className={policy.passed ? classes.passed : classes.failed}>
              {policy.passed ? 'passed' : 'failed'}
            </span>
            {`: ${policy.denied} denied, ${policy.warnings} ${
              policy.warnings === 1 ? 'warning' : 'warnings'
            }`}
          </Fact>
        )}
        {!reported && !stage.sbomUrl && !stage.previewUrl && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.fullWidth}
          >
            CI reported no results for this stage.
          </Typography>
        )}
        {links.length > 0 && (
          <div className={classes.links}>
            {links.map(link => (
              <Link key={link.label} to={link.to}>
                {link.label}
              </Link>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
