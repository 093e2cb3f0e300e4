import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Artifact,
  ArtifactDiff,
  ChangedComponent,
  SbomComponent,
  SeverityCounts,
  VULNERABILITY_SEVERITIES,
  VulnerabilityFinding,
  compareSeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useArtifactDiff } from '../hooks/useArtifactDiff';
import {
  SEVERITY_LABELS,
  SeverityChip,
  ShortDigest,
} from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { CompareArtifactsForm, artifactLabel } from './CompareArtifactsForm';
import { useSupplyChainPaths } from './supplyChainPaths';

/** Rows a list shows before "Show all"; a base-image bump can change thousands. */
const LIST_PREVIEW = 100;

/** A titled table that shows the first rows of a long list until asked for all. */
function DiffList<T>(props: {
  title: string;
  headers: string[];
  rows: T[];
  renderRow: (row: T, index: number) => ReactNode;
  empty: string;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? props.rows : props.rows.slice(0, LIST_PREVIEW);
  const headingId = `diff-${props.title
    .toLocaleLowerCase('en-US')
    .replace(/\W+/g, '-')}`;
  return (
    <Box component="section" mb={3} aria-labelledby={headingId}>
      <Typography variant="h6" component="h3" id={headingId}>
        {props.title} ({props.rows.length})
      </Typography>
      {props.rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {props.empty}
        </Typography>
      ) : (
        <Table size="small" aria-labelledby={headingId}>
          <TableHead>
            <TableRow>
              {props.headers.map(header => (
                <TableCell key={header}>{header}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>{shown.map(props.renderRow)}</TableBody>
        </Table>
      )}
      {shown.length < props.rows.length && (
        <Button size="small" onClick={() => setExpanded(true)}>
          Show all {props.rows.length}
        </Button>
      )}
    </Box>
  );
}

function SeverityComparison(props: {
  fromCounts: SeverityCounts;
  toCounts: SeverityCounts;
}) {
  return (
    <Table size="small" aria-label="Findings per severity">
      <TableHead>
        <TableRow>
          <TableCell>Severity</TableCell>
          <TableCell align="right">From</TableCell>
          <TableCell align="right">To</TableCell>
          <TableCell align="right">Change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {VULNERABILITY_SEVERITIES.map(severity => {
          const change = props.toCounts[severity] - props.fromCounts[severity];
          return (
            <TableRow key={severity}>
              <TableCell>{SEVERITY_LABELS[severity]}</TableCell>
              <TableCell align="right">{props.fromCounts[severity]}</TableCell>
              <TableCell align="right">{props.toCounts[severity]}</TableCell>
              <TableCell align="right">
                {change > 0 ? `+${change}` : change}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function findingRow(finding: VulnerabilityFinding, index: number) {
  return (
    <TableRow key={`${finding.id}|${finding.package.name}|${index}`}>
      <TableCell>
        {finding.url ? <Link to={finding.url}>{finding.id}</Link> : finding.id}
      </TableCell>
      <TableCell>
        <SeverityChip severity={finding.severity} />
      </TableCell>
      <TableCell>{finding.package.name || '(no package)'}</TableCell>
      <TableCell>{finding.installedVersion ?? '—'}</TableCell>
      <TableCell>
        {finding.fixedVersions.length > 0
          ? finding.fixedVersions.join(', ')
          : 'no fix'}
      </TableCell>
    </TableRow>
  );
}

function componentRow(component: SbomComponent, index: number) {
  return (
    <TableRow key={`${component.purl ?? component.name}|${index}`}>
      <TableCell>{component.name}</TableCell>
      <TableCell>{component.version ?? '—'}</TableCell>
      <TableCell>{component.type ?? '—'}</TableCell>
      <TableCell>
        {component.licenses.length > 0 ? component.licenses.join(', ') : '—'}
      </TableCell>
    </TableRow>
  );
}

function changedRow(component: ChangedComponent, index: number) {
  return (
    <TableRow key={`${component.purl ?? component.name}|${index}`}>
      <TableCell>{component.name}</TableCell>
      <TableCell>{component.fromVersion ?? '—'}</TableCell>
      <TableCell>{component.toVersion ?? '—'}</TableCell>
      <TableCell>{component.type ?? '—'}</TableCell>
    </TableRow>
  );
}

function bySeverity(findings: VulnerabilityFinding[]) {
  return [...findings].sort((a, b) => compareSeverity(a.severity, b.severity));
}

function ArtifactRef(props: { artifact: Artifact }) {
  const paths = useSupplyChainPaths();
  return (
    <Link to={paths.artifact(props.artifact.id)}>
      {props.artifact.tags[0] ? `${props.artifact.tags[0]} ` : ''}
      <ShortDigest digest={props.artifact.digest} />
    </Link>
  );
}

function DiffContent(props: { diff: ArtifactDiff }) {
  const { diff } = props;
  return (
    <Grid container spacing={3} alignItems="flex-start">
      <Grid item xs={12}>
        <Typography variant="body1">
          From <ArtifactRef artifact={diff.from} /> to{' '}
          <ArtifactRef artifact={diff.to} />
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {artifactLabel(diff.from)} → {artifactLabel(diff.to)}
        </Typography>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Findings per severity" noPadding>
          <SeverityComparison
            fromCounts={diff.vulnerabilities.fromCounts}
            toCounts={diff.vulnerabilities.toCounts}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Vulnerabilities">
          <DiffList
            title="Introduced"
            headers={[
              'Vulnerability',
              'Severity',
              'Package',
              'Installed',
              'Fixed in',
            ]}
            rows={bySeverity(diff.vulnerabilities.introduced)}
            renderRow={findingRow}
            empty="No vulnerability introduced."
          />
          <DiffList
            title="Fixed"
            headers={[
              'Vulnerability',
              'Severity',
              'Package',
              'Installed',
              'Fixed in',
            ]}
            rows={bySeverity(diff.vulnerabilities.fixed)}
            renderRow={findingRow}
            empty="No vulnerability fixed."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Components">
          <DiffList
            title="Added"
            headers={['Name', 'Version', 'Type', 'Licences']}
            rows={diff.components.added}
            renderRow={componentRow}
            empty="No component added."
          />
          <DiffList
            title="Removed"
            headers={['Name', 'Version', 'Type', 'Licences']}
            rows={diff.components.removed}
            renderRow={componentRow}
            empty="No component removed."
          />
          <DiffList
            title="Changed"
            headers={['Name', 'From version', 'To version', 'Type']}
            rows={diff.components.changed}
            renderRow={changedRow}
            empty="No component changed version."
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * What changed between two artifacts of the entity: components added,
 * removed and changed, vulnerabilities introduced and fixed, and the
 * findings per severity side by side. Lives at `diff?from=&to=`, so a
 * comparison can be linked to.
 */
export function ArtifactDiffView(props: { entityRef: string }) {
  const [params] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const paths = useSupplyChainPaths();
  const { value, loading, error } = useArtifactDiff(from, to);

  let content;
  if (!from || !to) {
    content = (
      <Typography color="textSecondary">
        Pick the two artifacts to compare.
      </Typography>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = loading ? <Progress /> : null;
  } else {
    content = <DiffContent diff={value} />;
  }

  return (
    <>
      <Box mb={2}>
        <Link
          to={paths.overview}
          style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
        >
          <ArrowBackIcon fontSize="small" />
          All artifacts
        </Link>
      </Box>
      <Box mb={3}>
        <InfoCard title="Compare artifacts">
          <CompareArtifactsForm
            key={`${from}|${to}`}
            entityRef={props.entityRef}
            from={from}
            to={to}
          />
        </InfoCard>
      </Box>
      {content}
    </>
  );
}
