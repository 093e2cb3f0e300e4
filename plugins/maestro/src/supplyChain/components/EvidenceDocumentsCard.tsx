import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EvidenceDocumentSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useSupplyChainApi } from '../api';
import { Fragment, useState } from 'react';
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

/** Hands a blob to the browser as a file download. */
function saveBlob(filename: string, data: Blob) {
  const url = URL.createObjectURL(data);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

function describeFailure(error: unknown): string {
  if (error instanceof ResponseError) {
    return `Could not download the document: ${
      error.body?.error?.message ?? error.message
    }`;
  }
  return `Could not download the document: ${String(error)}`;
}

/**
 * Downloads one document as it was ingested. A plain link would not carry
 * the user's Backstage token, so the bytes come through `fetchApi` and are
 * handed to the browser as a file.
 */
function DownloadButton(props: { document: EvidenceDocumentSummary }) {
  const { document: evidence } = props;
  const api = useSupplyChainApi();
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const onClick = async () => {
    setBusy(true);
    try {
      const { filename, data } = await api.downloadEvidenceDocument(
        evidence.id,
      );
      saveBlob(filename, data);
    } catch (error) {
      alertApi.post({ severity: 'error', message: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      size="small"
      color="primary"
      startIcon={<GetAppIcon />}
      disabled={busy}
      onClick={onClick}
      aria-label={`Download ${KIND_LABELS[evidence.kind]} (${evidence.format})`}
    >
      Download
    </Button>
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
                    <DownloadButton document={evidence} />
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
