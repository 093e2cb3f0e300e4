import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  TableOptions,
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
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useState } from 'react';
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

/** The diff is computed whole on the server: the tables only show it. */
const PLAIN_TABLE: TableOptions = {
  toolbar: false,
  search: false,
  paging: false,
  sorting: false,
  draggable: false,
  padding: 'dense',
};

/** A titled table that shows the first rows of a long list until asked for all. */
function DiffList<T extends object>(props: {
  title: string;
  columns: TableColumn<T>[];
  rows: T[];
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
        <Table<T> columns={props.columns} data={shown} options={PLAIN_TABLE} />
      )}
      {shown.length < props.rows.length && (
        <Button size="small" onClick={() => setExpanded(true)}>
          Show all {props.rows.length}
        </Button>
      )}
    </Box>
  );
}

type SeverityRow = {
  severity: (typeof VULNERABILITY_SEVERITIES)[number];
  from: number;
  to: number;
};

const SEVERITY_COLUMNS: TableColumn<SeverityRow>[] = [
  { title: 'Severity', render: row => SEVERITY_LABELS[row.severity] },
  { title: 'From', field: 'from', align: 'right' },
  { title: 'To', field: 'to', align: 'right' },
  {
    title: 'Change',
    align: 'right',
    render: row => {
      const change = row.to - row.from;
      return change > 0 ? `+${change}` : String(change);
    },
  },
];

function SeverityComparison(props: {
  fromCounts: SeverityCounts;
  toCounts: SeverityCounts;
}) {
  const rows = VULNERABILITY_SEVERITIES.map(severity => ({
    severity,
    from: props.fromCounts[severity],
    to: props.toCounts[severity],
  }));
  return (
    <div role="region" aria-label="Findings per severity">
      <Table<SeverityRow>
        columns={SEVERITY_COLUMNS}
        data={rows}
        options={PLAIN_TABLE}
      />
    </div>
  );
}

const FINDING_COLUMNS: TableColumn<VulnerabilityFinding>[] = [
  {
    title: 'Vulnerability',
    render: finding =>
      finding.url ? <Link to={finding.url}>{finding.id}</Link> : finding.id,
  },
  {
    title: 'Severity',
    render: finding => <SeverityChip severity={finding.severity} />,
  },
  {
    title: 'Package',
    render: finding => finding.package.name || '(no package)',
  },
  { title: 'Installed', render: finding => finding.installedVersion ?? '—' },
  {
    title: 'Fixed in',
    render: finding =>
      finding.fixedVersions.length > 0
        ? finding.fixedVersions.join(', ')
        : 'no fix',
  },
];

const COMPONENT_COLUMNS: TableColumn<SbomComponent>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Version', render: component => component.version ?? '—' },
  { title: 'Type', render: component => component.type ?? '—' },
  {
    title: 'Licences',
    render: component =>
      component.licenses.length > 0 ? component.licenses.join(', ') : '—',
  },
];

const CHANGED_COLUMNS: TableColumn<ChangedComponent>[] = [
  { title: 'Name', field: 'name' },
  { title: 'From version', render: component => component.fromVersion ?? '—' },
  { title: 'To version', render: component => component.toVersion ?? '—' },
  { title: 'Type', render: component => component.type ?? '—' },
];

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
            columns={FINDING_COLUMNS}
            rows={bySeverity(diff.vulnerabilities.introduced)}
            empty="No vulnerability introduced."
          />
          <DiffList
            title="Fixed"
            columns={FINDING_COLUMNS}
            rows={bySeverity(diff.vulnerabilities.fixed)}
            empty="No vulnerability fixed."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Components">
          <DiffList
            title="Added"
            columns={COMPONENT_COLUMNS}
            rows={diff.components.added}
            empty="No component added."
          />
          <DiffList
            title="Removed"
            columns={COMPONENT_COLUMNS}
            rows={diff.components.removed}
            empty="No component removed."
          />
          <DiffList
            title="Changed"
            columns={CHANGED_COLUMNS}
            rows={diff.components.changed}
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
