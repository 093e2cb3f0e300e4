import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { usePolicyApi } from '../../api';
import { usePolicyRules } from '../../hooks/usePolicyRules';
import {
  ExemptionDialog,
  toDateInput,
  useMaxExemptionDays,
} from '../../../shared/components/ExemptionDialog';
import {
  ExemptionSelector,
  POLICY_MAX_DAYS_CONFIG,
  POLICY_TERMS,
  PolicyExemptionSubject,
  initialPolicySubject,
  toPolicyExemptionRequest,
  validatePolicySubject,
} from './policyExemptionForm';

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
 * Records an exemption from a policy rule for one entity, optionally
 * narrowed to a resource, file or image: the shared exemption dialog with
 * the rule and selector fields.
 */
export function PolicyExemptionDialog(props: {
  entityRef: string;
  ruleId?: string;
  selector?: ExemptionSelector;
  /** The entity's owner, proposed as the exemption's owner. */
  defaultOwner?: string;
  onClose: () => void;
  onCreated: (exemption: PolicyExemptionRecord) => void;
}) {
  const { entityRef } = props;
  const api = usePolicyApi();
  const maxDays = useMaxExemptionDays(POLICY_MAX_DAYS_CONFIG);
  const [subject, setSubject] = useState<PolicyExemptionSubject>(() =>
    initialPolicySubject({ ruleId: props.ruleId, selector: props.selector }),
  );
  const field = (
    name: keyof PolicyExemptionSubject,
    shown: Partial<Record<string, string>>,
  ) => ({
    id: `exemption-${name}`,
    value: subject[name],
    onChange: (event: { target: { value: string } }) =>
      setSubject(previous => ({ ...previous, [name]: event.target.value })),
    error: !!shown[name],
    helperText: shown[name],
    fullWidth: true,
  });

  return (
    <ExemptionDialog
      intro={`Stops a rule's findings from blocking releases of ${entityRef} until the exemption expires. The audit ledger records who added it.`}
      defaultOwner={props.defaultOwner}
      maxDays={maxDays}
      {...POLICY_TERMS}
      reasonHelp="Why the rule should not apply, for now"
      subjectErrors={validatePolicySubject(subject)}
      renderSubject={shown => (
        <>
          <Grid item xs={12}>
            <RuleSelect
              value={subject.ruleId}
              error={shown.ruleId}
              onChange={ruleId =>
                setSubject(previous => ({ ...previous, ruleId }))
              }
            />
          </Grid>
          <Grid item xs={12}>
            <Typography variant="subtitle2" component="h3">
              Narrow to (optional)
            </Typography>
            <Typography variant="caption" color="textSecondary">
              Every field you fill must match. Left empty, the exemption covers
              the rule everywhere in the entity.
            </Typography>
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              {...field('resourceKind', shown)}
              label="Resource kind"
              placeholder="Deployment"
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField {...field('namespace', shown)} label="Namespace" />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              {...field('resourceName', shown)}
              label="Resource name"
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              {...field('file', shown)}
              label="File"
              placeholder="services/api/Dockerfile"
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              {...field('image', shown)}
              label="Image"
              placeholder="ghcr.io/acme/payments-api"
            />
          </Grid>
        </>
      )}
      toRequest={terms => toPolicyExemptionRequest(subject, entityRef, terms)}
      create={(request, options) => api.createPolicyExemption(request, options)}
      createdMessage={created =>
        `Exemption from ${created.ruleId} added, expiring on ${toDateInput(
          new Date(created.expiresAt),
        )}.`
      }
      onClose={props.onClose}
      onCreated={props.onCreated}
    />
  );
}
