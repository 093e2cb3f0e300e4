import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { backendMessage } from './backendMessage';

/**
 * Withdraws an exemption of any kind after the user confirms. The
 * exemption stays on record as revoked; the next evaluation no longer
 * applies it.
 */
export function RevokeExemptionButton(props: {
  exemptionId: string;
  /** Names the exemption, e.g. "exemption from MAESTRO-K8S-001 (SEC-1)". */
  name: string;
  /** What revoking does to this exemption, shown in the confirmation. */
  consequence: string;
  revoke: (id: string) => Promise<void>;
  onRevoked: () => void;
}) {
  const { exemptionId, name, onRevoked } = props;
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const titleId = `revoke-exemption-${exemptionId}`;

  const close = () => {
    setOpen(false);
    setFailure(undefined);
  };

  const revoke = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await props.revoke(exemptionId);
      alertApi.post({
        message: `${name[0].toLocaleUpperCase('en-US')}${name.slice(
          1,
        )} revoked.`,
        severity: 'success',
        display: 'transient',
      });
      setOpen(false);
      onRevoked();
    } catch (error) {
      setFailure(backendMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        color="secondary"
        aria-label={`Revoke ${name}`}
        onClick={() => setOpen(true)}
      >
        Revoke
      </Button>
      <Dialog
        open={open}
        onClose={busy ? undefined : close}
        aria-labelledby={titleId}
      >
        <DialogTitle id={titleId}>Revoke exemption?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {`${props.consequence} It stays on record as revoked; to exempt again, add a new exemption.`}
          </DialogContentText>
          {failure && (
            <Box mt={2}>
              <Alert severity="error">
                Could not revoke the exemption: {failure}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={revoke}
            disabled={busy}
          >
            Revoke
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
