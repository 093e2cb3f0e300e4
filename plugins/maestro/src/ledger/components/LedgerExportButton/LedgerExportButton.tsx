import { ResponseError } from '@backstage/errors';
import { useLedgerApi } from '../../api';
import { DownloadButton } from '../../../shared/components/DownloadButton';

/**
 * Downloads the whole ledger as NDJSON.
 *
 * A plain link to the export URL would not carry the user's Backstage
 * token, hence {@link DownloadButton}. Without `maestro.ledger.export` the backend answers
 * 403, which the user sees as an alert.
 */
export function LedgerExportButton() {
  const api = useLedgerApi();
  return (
    <DownloadButton
      variant="outlined"
      download={() => api.exportLedger()}
      describeFailure={describeFailure}
      title="Download the whole ledger as newline-delimited JSON (needs the maestro.ledger.export permission)"
    >
      Export
    </DownloadButton>
  );
}

function describeFailure(error: unknown): string {
  if (error instanceof ResponseError) {
    if (error.statusCode === 403) {
      return 'Exporting the ledger needs the maestro.ledger.export permission.';
    }
    return `Could not export the ledger: ${
      error.body?.error?.message ?? error.message
    }`;
  }
  return `Could not export the ledger: ${String(error)}`;
}
