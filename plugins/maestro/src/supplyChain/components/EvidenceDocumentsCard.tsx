import { InfoCard } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { EvidenceDocumentSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useSupplyChainApi } from '../api';
import { Fragment } from 'react';
import { DownloadButton } from '../../shared/components/DownloadButton';
import { Timestamp } from '../../shared/components/Timestamp';
import { ShortDigest } from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { describeSubject, DocumentWarnings } from './EvidenceReadingNotes';

const KIND_LABELS: Record<EvidenceDocumentSummary['kind'], string> = {
  sbom: 'SBOM',
  'vulnerability-report': 'Vulnerability report',
  'sbom-and-vulnerability-report': 'SBOM and vulnerability report',
  attestation: 'Attestation',
  'signature-bundle': 'Signature bundle',
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describeFailure(error: unknown): string {
  if (error instanceof ResponseError) {
    return `Could not download the document: ${
      error.body?.error?.message ?? error.message
    }`;
  }
  return `Could not download the document: ${String(error)}`;
}

/** Downloads one document as it was ingested. */
function EvidenceDownloadButton(props: { document: EvidenceDocumentSummary }) {
  const { document: evidence } = props;
  const api = useSupplyChainApi();
  return (
    <DownloadButton
      size="small"
      download={() => api.downloadEvidenceDocument(evidence.id)}
      describeFailure={describeFailure}
      aria-label={`Download ${KIND_LABELS[evidence.kind]} (${evidence.format})`}
    >
      Download
    </DownloadButton>
  );
}

/**
 * The evidence documents stored for an artifact, each downloadable as
 * ingested, with what each describes and what Maestro did not read of it.
 */
export function EvidenceDocumentsCard(props: {
  documents: EvidenceDocumentSummary[];
}) {
  return (
    <InfoCard
      title="Evidence documents"
      subheader="As CI sent them; the hash is of the raw bytes"
      noPadding
    >
      {props.documents.length === 0 ? (
        <Typography color="textSecondary" style={{ padding: 16 }}>
          No evidence ingested for this artifact yet.
        </Typography>
      ) : (
        <Table size="small" aria-label="Evidence documents">
          <TableHead>
            <TableRow>
              <TableCell>Kind</TableCell>
              <TableCell>Format</TableCell>
              <TableCell>Tool</TableCell>
              <TableCell>Size</TableCell>
              <TableCell>SHA-256</TableCell>
              <TableCell>Ingested</TableCell>
              <TableCell>
                <Typography variant="srOnly">Actions</Typography>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.documents.map(evidence => (
              <Fragment key={evidence.id}>
                <TableRow>
                  <TableCell>{KIND_LABELS[evidence.kind]}</TableCell>
                  <TableCell>
                    {evidence.format}
                    {evidence.version && ` ${evidence.version}`}
                    {evidence.subject && describeSubject(evidence.subject) && (
                      <Typography variant="caption" component="div">
                        describes {describeSubject(evidence.subject)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{evidence.tool ?? '—'}</TableCell>
                  <TableCell>{formatSize(evidence.sizeBytes)}</TableCell>
                  <TableCell>
                    <ShortDigest digest={evidence.sha256} />
                  </TableCell>
                  <TableCell>
                    <Timestamp value={evidence.ingestedAt} />
                    <Typography variant="caption" component="div">
                      by {evidence.ingestedBy}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <EvidenceDownloadButton document={evidence} />
                  </TableCell>
                </TableRow>
                {evidence.warnings && evidence.warnings.length > 0 && (
                  <TableRow>
                    <TableCell colSpan={7}>
                      <DocumentWarnings warnings={evidence.warnings} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
