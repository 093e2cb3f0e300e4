import { alertApiRef, configApiRef, useApi } from '@backstage/core-plugin-api';
import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useMemo, useRef, useState } from 'react';
import { usePolicyApi } from '../../api';
import { randomUuid } from '../../../shared/api/randomUuid';
import { usePolicyRules } from '../../hooks/usePolicyRules';
import { backendMessage } from './backendMessage';
import {
  DEFAULT_MAX_EXEMPTION_DAYS,
  ExemptionForm,
  ExemptionSelector,
  daysAhead,
  initialExemptionForm,
  toDateInput,
  toExemptionRequest,
  validateExemptionForm,
} from './exemptionForm';

/**
 * The backend's limit, when the app makes it visible to the frontend;
 * otherwise the backend's default. The backend refuses longer exemptions
 * either way, and its message then shows in the dialog.
 */
function useMaxExemptionDays(): number {
  const config = useApi(configApiRef);
  return (
    config.getOptionalNumber('maestro.policy.exemptions.maxDurationDays') ??
    DEFAULT_MAX_EXEMPTION_DAYS
  );
}

function RuleSelect(props: {
  value: string;
  error?: string;
  onChange: (ruleId: string) => void;
}) {
  const rules = usePolicyRules();
  const options = useMemo(() => {
    const known = [...(rules.value ?? [])].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    // A prefilled rule stays choosable while the list loads or if it failed.
    if (props.value && !known.some(rule => rule.id === props.value)) {
      return [{ id: props.value, title: '' }, ...known];
    }
    return known;
  }, [rules.value, props.value]);

  let helperText = props.error;
  if (!helperText && rules.error) {
    helperText = `Could not load the rules: ${rules.error.message}`;
  }
  return (
    <TextField
      id="exemption-rule"
      select
      required
      fullWidth
      label="Rule"
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      error={!!props.error}
      helperText={helperText}
    >
      <option value="">
        {rules.loading && !rules.value ? 'Loading rules…' : 'Choose a rule'}
      </option>
      {options.map(rule => (
        <option key={rule.id} value={rule.id}>
          {rule.title ? `${rule.id}: ${rule.title}` : rule.id}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Records an exemption from a policy rule for one entity. Mount it to open
 * it; it starts from its props each time. It checks what the backend would
 * refuse before sending, and shows the backend's own message when it
 * refuses anyway.
 */
export function ExemptionDialog(props: {
  entityRef: string;
  ruleId?: string;
  selector?: ExemptionSelector;
  /** The entity's owner, proposed as the exemption's owner. */
  defaultOwner?: string;
  onClose: () => void;
  onCreated: (exemption: PolicyExemptionRecord) => void;
}) {
  const { entityRef, onClose, onCreated } = props;
  const api = usePolicyApi();
  const alertApi = useApi(alertApiRef);
  const maxDays = useMaxExemptionDays();
  const [form, setForm] = useState<ExemptionForm>(() =>
    initialExemptionForm({
      ruleId: props.ruleId,
      selector: props.selector,
      owner: props.defaultOwner,
      now: new Date(),
    }),
  );
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const submission = useRef<{ body: string; idempotencyKey: string }>();

  const now = new Date();
  const errors = attempted ? validateExemptionForm(form, { now, maxDays }) : {};

  const field = (name: keyof ExemptionForm) => ({
    id: `exemption-${name}`,
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm(previous => ({ ...previous, [name]: event.target.value })),
    error: !!errors[name],
    fullWidth: true,
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const found = validateExemptionForm(form, { now: new Date(), maxDays });
    if (Object.keys(found).length > 0) {
      return;
    }
    setSaving(true);
    setFailure(undefined);
    const request = toExemptionRequest(form, entityRef);
    // One key per submission: pressing the button again after a failure
    // with the same values retries it (and gets its answer if it had in
    // fact been recorded); changed values make a new submission.
    const body = JSON.stringify(request);
    if (submission.current?.body !== body) {
      submission.current = { body, idempotencyKey: randomUuid() };
    }
    try {
      const created = await api.createPolicyExemption(request, {
        idempotencyKey: submission.current.idempotencyKey,
      });
      alertApi.post({
        message: `Exemption from ${
          created.ruleId
        } added, expiring on ${toDateInput(new Date(created.expiresAt))}.`,
        severity: 'success',
        display: 'transient',
      });
      onCreated(created);
    } catch (error) {
      setFailure(backendMessage(error));
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      aria-labelledby="exemption-dialog-title"
      maxWidth="sm"
      fullWidth
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="exemption-dialog-title">Add exemption</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Stops a rule's findings from blocking releases of {entityRef} until
            the exemption expires. The audit ledger records who added it.
          </DialogContentText>
          {failure && (
            <Box mb={2}>
              <Alert severity="error">
                Could not add the exemption: {failure}
              </Alert>
            </Box>
          )}
          <Grid container spacing={2}>
            <Grid item xs={12}>
              <RuleSelect
                value={form.ruleId}
                error={errors.ruleId}
                onChange={ruleId =>
                  setForm(previous => ({ ...previous, ruleId }))
                }
              />
            </Grid>
            <Grid item xs={12}>
              <Typography variant="subtitle2" component="h3">
                Narrow to (optional)
              </Typography>
              <Typography variant="caption" color="textSecondary">
                Every field you fill must match. Left empty, the exemption
                covers the rule everywhere in the entity.
              </Typography>
            </Grid>
            <Grid item xs={12} sm={4}>
              <TextField
                {...field('resourceKind')}
                label="Resource kind"
                placeholder="Deployment"
                helperText={errors.resourceKind}
              />
            </Grid>
            <Grid item xs={12} sm={4}>
              <TextField
                {...field('namespace')}
                label="Namespace"
                helperText={errors.namespace}
              />
            </Grid>
            <Grid item xs={12} sm={4}>
              <TextField
                {...field('resourceName')}
                label="Resource name"
                helperText={errors.resourceName}
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                {...field('file')}
                label="File"
                placeholder="services/api/Dockerfile"
                helperText={errors.file}
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                {...field('image')}
                label="Image"
                placeholder="ghcr.io/acme/payments-api"
                helperText={errors.image}
              />
            </Grid>
            <Grid item xs={12}>
              <TextField
                {...field('owner')}
                required
                label="Owner"
                placeholder="group:default/payments-team"
                helperText={
                  errors.owner ?? 'Who answers for the exemption until it ends'
                }
              />
            </Grid>
            <Grid item xs={12}>
              <TextField
                {...field('reason')}
                required
                multiline
                minRows={2}
                label="Reason"
                helperText={
                  errors.reason ?? 'Why the rule should not apply, for now'
                }
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                {...field('ticket')}
                required
                label="Ticket"
                placeholder="SEC-1234"
                helperText={errors.ticket ?? 'Where the fix is tracked'}
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                {...field('expiresOn')}
                required
                type="date"
                label="Expires on"
                InputLabelProps={{ shrink: true }}
                inputProps={{
                  min: daysAhead(now, 1),
                  max: daysAhead(now, maxDays),
                }}
                helperText={
                  errors.expiresOn ??
                  `Ends as that day begins; at most ${maxDays} days ahead`
                }
              />
            </Grid>
          </Grid>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving}
          >
            Add exemption
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
