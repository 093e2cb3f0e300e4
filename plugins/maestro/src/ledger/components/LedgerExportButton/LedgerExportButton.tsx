import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { useLedgerApi } from '../../api';

/**
 * Downloads the whole ledger as NDJSON.
 *
 * A plain link to the export URL would not carry the user's Backstage
 * token, so the download goes through `fetchApi` and is handed to the
 * browser as a file. Without `maestro.ledger.export` the backend answers
 * 403, which the user sees as an alert.
 */
export function LedgerExportButton() {
  const api = useLedgerApi();
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const onClick = async () => {
    setBusy(true);
    try {
      const { filename, data } = await api.exportLedger();
      const url = URL.createObjectURL(data);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = filename;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      URL.revokeObjectURL(url);
    } catch (error) {
      alertApi.post({ severity: 'error', message: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      onClick={onClick}
      disabled={busy}
      title="Download the whole ledger as newline-delimited JSON (needs the maestro.ledger.export permission)"
    >
      Export
    </Button>
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
