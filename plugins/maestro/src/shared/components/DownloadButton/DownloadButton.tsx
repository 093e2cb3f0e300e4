import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { ReactNode, useState } from 'react';

/** A file the backend sent, as the Maestro API hands it over. */
export type DownloadedFile = { filename: string; data: Blob };

/** Hands a blob to the browser as a file download. */
export function saveBlob(file: DownloadedFile) {
  const url = URL.createObjectURL(file.data);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.filename;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/**
 * Downloads a file with the user's credentials and saves it. A plain link
 * would not carry the user's Backstage token, so the bytes come through
 * `fetchApi` (inside `download`) and are handed to the browser as a file.
 * A failure shows as an error alert, in `describeFailure`'s words. The
 * button is disabled while the download runs.
 */
export function DownloadButton(props: {
  download: () => Promise<DownloadedFile>;
  describeFailure: (error: unknown) => string;
  children: ReactNode;
  size?: 'small' | 'medium';
  variant?: 'text' | 'outlined';
  title?: string;
  'aria-label'?: string;
}) {
  const { download, describeFailure } = props;
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const onClick = async () => {
    setBusy(true);
    try {
      saveBlob(await download());
    } catch (error) {
      alertApi.post({ severity: 'error', message: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      size={props.size}
      variant={props.variant}
      color="primary"
      startIcon={<GetAppIcon />}
      onClick={onClick}
      disabled={busy}
      title={props.title}
      aria-label={props['aria-label']}
    >
      {props.children}
    </Button>
  );
}
