import { alertApiRef, configApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, ReactNode, useRef, useState } from 'react';
import { MaestroCreateOptions } from '../../api/MaestroCreateOptions';
import { randomUuid } from '../../api/randomUuid';
import { backendMessage } from './backendMessage';
import {
  DEFAULT_MAX_EXEMPTION_DAYS,
  ExemptionTerms,
  ExemptionTermsErrors,
  ExemptionTermsRequest,
  daysAhead,
  initialExemptionTerms,
  toExemptionTermsRequest,
  validateExemptionTerms,
} from './exemptionTerms';

/**
 * The longest exemption the backend allows under `configKey`
 * (`maestro.policy.exemptions.maxDurationDays`, …), when the app makes it
 * visible to the frontend; otherwise the backend's default. The backend
 * refuses longer exemptions either way, and its message then shows in the
 * dialog.
 */
export function useMaxExemptionDays(configKey: string): number {
  const config = useApi(configApiRef);
  return config.getOptionalNumber(configKey) ?? DEFAULT_MAX_EXEMPTION_DAYS;
}

/** Errors of the fields a kind of exemption adds, by field name. */
export type ExemptionSubjectErrors = Partial<Record<string, string>>;

/** What one kind of exemption (policy rule, vulnerability) brings. */
export type ExemptionDialogProps<TRequest, TRecord> = {
  /** Says what the exemption does, under the title. */
  intro: ReactNode;
  /** Proposed as the exemption's owner, usually the entity's owner. */
  defaultOwner?: string;
  maxDays: number;
  ticketRequired: boolean;
  /** What an empty reason is told. */
  reasonPrompt: string;
  /** The reason's hint before anything is wrong with it. */
  reasonHelp: string;
  /** The kind's own fields' errors for their current values. */
  subjectErrors: ExemptionSubjectErrors;
  /**
   * Draws the kind's own fields above the shared ones; `shown` holds their
   * errors once the user has tried to submit.
   */
  renderSubject: (shown: ExemptionSubjectErrors) => ReactNode;
  /** The request, from the kind's own fields and the shared ones. */
  toRequest: (terms: ExemptionTermsRequest) => TRequest;
  create: (
    request: TRequest,
    options: MaestroCreateOptions,
  ) => Promise<TRecord>;
  /** The success notice, e.g. "Exemption from X added, expiring on …". */
  createdMessage: (created: TRecord) => string;
  onClose: () => void;
  onCreated: (created: TRecord) => void;
};

/**
 * The "Add exemption" dialog every kind of exemption uses: the kind's own
 * fields, then owner, reason, ticket and expiry. Mount it to open it; it
 * starts from its props each time. It checks what the backend would refuse
 * before sending, sends each submission under one idempotency key, and
 * shows the backend's own message when it refuses anyway.
 */
export function ExemptionDialog<TRequest, TRecord>(
  props: ExemptionDialogProps<TRequest, TRecord>,
) {
  const { maxDays, onClose, onCreated } = props;
  const alertApi = useApi(alertApiRef);
  const [terms, setTerms] = useState<ExemptionTerms>(() =>
    initialExemptionTerms({ owner: props.defaultOwner, now: new Date() }),
  );
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const submission = useRef<{ body: string; idempotencyKey: string }>();

  const now = new Date();
  const termsOptions = {
    maxDays,
    ticketRequired: props.ticketRequired,
    reasonPrompt: props.reasonPrompt,
  };
  const termErrors: ExemptionTermsErrors = attempted
    ? validateExemptionTerms(terms, { ...termsOptions, now })
    : {};

  const field = (name: keyof ExemptionTerms) => ({
    id: `exemption-${name}`,
    value: terms[name],
    onChange: (event: { target: { value: string } }) =>
      setTerms(previous => ({ ...previous, [name]: event.target.value })),
    error: !!termErrors[name],
    fullWidth: true,
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const found = {
      ...props.subjectErrors,
      ...validateExemptionTerms(terms, { ...termsOptions, now: new Date() }),
    };
    if (Object.values(found).some(error => error !== undefined)) {
      return;
    }
    setSaving(true);
    setFailure(undefined);
    const request = props.toRequest(toExemptionTermsRequest(terms));
    // One key per submission: pressing the button again after a failure
    // with the same values retries it (and gets its answer if it had in
    // fact been recorded); changed values make a new submission.
    const body = JSON.stringify(request);
    if (submission.current?.body !== body) {
      submission.current = { body, idempotencyKey: randomUuid() };
    }
    try {
      const created = await props.create(request, {
        idempotencyKey: submission.current.idempotencyKey,
      });
      alertApi.post({
        message: props.createdMessage(created),
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
          <DialogContentText>{props.intro}</DialogContentText>
          {failure && (
            <Box mb={2}>
              <Alert severity="error">
                Could not add the exemption: {failure}
              </Alert>
            </Box>
          )}
          <Grid container spacing={2}>
            {props.renderSubject(attempted ? props.subjectErrors : {})}
            <Grid item xs={12}>
              <TextField
                {...field('owner')}
                required
                label="Owner"
                placeholder="group:default/payments-team"
                helperText={
                  termErrors.owner ??
                  'Who answers for the exemption until it ends'
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
                helperText={termErrors.reason ?? props.reasonHelp}
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                {...field('ticket')}
                required={props.ticketRequired}
                label="Ticket"
                placeholder="SEC-1234"
                helperText={termErrors.ticket ?? 'Where the fix is tracked'}
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
                  termErrors.expiresOn ??
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
