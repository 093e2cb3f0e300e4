import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ArtifactSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useArtifacts } from '../hooks/useArtifacts';
import { Timestamp } from '../../shared/components/Timestamp';
import {
  EvidenceIcons,
  SeverityChips,
  ShortCommit,
  ShortDigest,
  VerdictBadges,
} from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { useSupplyChainPaths } from './supplyChainPaths';

const PAGE_SIZES = [20, 50, 100];

function BuildCell(props: { artifact: ArtifactSummary }) {
  const { commit, branch, pullRequest, buildRunUrl } = props.artifact;
  if (!commit && !branch && pullRequest === undefined && !buildRunUrl) {
    return (
      <Typography variant="body2" color="textSecondary">
        unknown
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div">
      {commit && <ShortCommit commit={commit} />}
      {branch && ` on ${branch}`}
      {pullRequest !== undefined && (
        <Typography variant="caption" component="div">
          PR #{pullRequest}
        </Typography>
      )}
      {buildRunUrl && (
        <Typography variant="caption" component="div">
          <Link to={buildRunUrl}>build run</Link>
        </Typography>
      )}
    </Typography>
  );
}

function DigestCell(props: { artifact: ArtifactSummary }) {
  const { artifact } = props;
  const paths = useSupplyChainPaths();
  return (
    <>
      <Link
        to={paths.artifact(artifact.id)}
        aria-label={`Open artifact ${artifact.digest}`}
      >
        <ShortDigest digest={artifact.digest} />
      </Link>
      <Box display="flex" flexWrap="wrap" mt={0.5} style={{ gap: 4 }}>
        {artifact.tags.map(tag => (
          <Chip key={tag} size="small" label={tag} />
        ))}
      </Box>
    </>
  );
}

const COLUMNS: TableColumn<ArtifactSummary>[] = [
  {
    title: 'Digest and tags',
    field: 'digest',
    render: artifact => <DigestCell artifact={artifact} />,
  },
  {
    title: 'Built from',
    field: 'commit',
    render: artifact => <BuildCell artifact={artifact} />,
  },
  {
    title: 'Created',
    field: 'createdAt',
    render: artifact => <Timestamp value={artifact.createdAt} />,
  },
  {
    title: 'Vulnerabilities',
    render: artifact => <SeverityChips counts={artifact.vulnerabilityCounts} />,
  },
  {
    title: 'Signature, provenance',
    render: artifact => (
      <EvidenceIcons
        signatureVerified={artifact.signatureVerified}
        provenanceValid={artifact.provenanceValid}
      />
    ),
  },
  {
    title: 'Gates',
    render: artifact => <VerdictBadges verdicts={artifact.verdicts} />,
  },
];

/**
 * The entity's image digests, newest first, a page at a time from the
 * server: what each was built from, its findings per severity, whether its
 * signature and provenance verified, and its gate verdict per channel. The
 * digest opens the artifact's view.
 */
export function ArtifactList(props: { entityRef: string }) {
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [page, setPage] = useState(0);
  const { value, loading, error } = useArtifacts({
    entityRef: props.entityRef,
    limit: pageSize,
    offset: page * pageSize,
  });

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.totalCount === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No artifacts yet"
        description="CI registers each image digest it builds with Maestro (POST /api/maestro/supply-chain/artifacts) and then sends its SBOM, vulnerability report, signature bundle and provenance. Registered images show here, newest first."
      />
    );
  } else {
    content = (
      <>
        {loading && <LinearProgress aria-label="Refreshing artifacts" />}
        {/* The server pages and sorts (newest first), so the table does neither. */}
        <div role="region" aria-label="Artifacts">
          <Table<ArtifactSummary>
            columns={COLUMNS}
            data={value.items}
            options={{
              toolbar: false,
              search: false,
              paging: false,
              sorting: false,
              draggable: false,
              padding: 'dense',
            }}
          />
        </div>
        <TablePagination
          component="div"
          count={value.totalCount}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_event, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setPageSize(Number(event.target.value));
            setPage(0);
          }}
        />
      </>
    );
  }

  return (
    <InfoCard
      title="Artifacts"
      subheader="Image digests of this entity, newest first"
      noPadding
    >
      {content}
    </InfoCard>
  );
}
