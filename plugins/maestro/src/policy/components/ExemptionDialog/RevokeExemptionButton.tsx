import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { usePolicyApi } from '../../api';
import { backendMessage } from './backendMessage';

/**
 * Withdraws an exemption after the user confirms. The exemption stays on
 * record as revoked; the next evaluation no longer applies it.
 */
export function RevokeExemptionButton(props: {
  exemption: PolicyExemptionRecord;
  onRevoked: () => void;
}) {
  const { exemption, onRevoked } = props;
  const api = usePolicyApi();
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const titleId = `revoke-exemption-${exemption.id}`;

  const close = () => {
    setOpen(false);
    setFailure(undefined);
  };

  const revoke = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.revokePolicyExemption(exemption.id);
      alertApi.post({
        message: `Exemption from ${exemption.ruleId} (${exemption.ticket}) revoked.`,
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
        aria-label={`Revoke exemption from ${exemption.ruleId} (${exemption.ticket})`}
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
            {`${exemption.ruleId} for ${exemption.entityRef} (${exemption.ticket}) stops covering findings from the next evaluation on. It stays on record as revoked; to exempt again, add a new exemption.`}
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
