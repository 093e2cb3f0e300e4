/**
 * The policy half of the "Add exemption" form without React: the rule and
 * what the exemption narrows to within the entity, their checks (the
 * backend's, repeated here), and the request the whole form becomes. The
 * shared half (owner, reason, ticket, expiry) is `exemptionTerms`.
 */
import { PolicyFinding } from '@maestro-conductor/backstage-plugin-maestro-common';
import { PolicyExemptionRequest } from '../../api';
import {
  ExemptionTerms,
  ExemptionTermsOptions,
  ExemptionTermsRequest,
  initialExemptionTerms,
  toExemptionTermsRequest,
  validateExemptionTerms,
} from '../../../shared/components/ExemptionDialog';

export { startOfDay } from '../../../shared/components/ExemptionDialog';

/** What an exemption can be narrowed to beyond its entity. */
export type ExemptionSelector = NonNullable<PolicyExemptionRequest['selector']>;

/** The policy fields, as typed; every one a string. */
export type PolicyExemptionSubject = {
  ruleId: string;
  resourceKind: string;
  namespace: string;
  resourceName: string;
  file: string;
  image: string;
};

/** The whole form: the policy fields and the shared ones. */
export type ExemptionForm = PolicyExemptionSubject & ExemptionTerms;

export type ExemptionFormErrors = Partial<Record<keyof ExemptionForm, string>>;

/** The config key of the longest policy exemption the backend allows. */
export const POLICY_MAX_DAYS_CONFIG =
  'maestro.policy.exemptions.maxDurationDays';

/** How the shared checks go for a policy exemption. */
export const POLICY_TERMS: Pick<
  ExemptionTermsOptions,
  'ticketRequired' | 'reasonPrompt'
> = {
  ticketRequired: true,
  reasonPrompt: 'Say why the rule should not apply',
};

// The backend's limits (createPolicyRouter's exemptionSchema).
const RULE_ID = /^[A-Z0-9][A-Z0-9-]{2,63}$/;
const MAX_CHARS: Partial<Record<keyof PolicyExemptionSubject, number>> = {
  resourceKind: 128,
  namespace: 253,
  resourceName: 253,
  image: 512,
  file: 1024,
};

const SELECTOR_FIELDS = [
  'resourceKind',
  'namespace',
  'resourceName',
  'file',
  'image',
] as const;

/**
 * What to narrow an exemption from a finding to: the Kubernetes resource it
 * is about, or else the file (a Dockerfile) it was found in.
 */
export function selectorOfFinding(finding: PolicyFinding): ExemptionSelector {
  const { resource, file } = finding.location;
  if (!resource) {
    return { file };
  }
  return {
    resourceKind: resource.kind,
    ...(resource.namespace ? { namespace: resource.namespace } : {}),
    resourceName: resource.name,
  };
}

/** The policy fields a new form starts with. */
export function initialPolicySubject(options: {
  ruleId?: string;
  selector?: ExemptionSelector;
}): PolicyExemptionSubject {
  const selector = options.selector ?? {};
  return {
    ruleId: options.ruleId ?? '',
    resourceKind: selector.resourceKind ?? '',
    namespace: selector.namespace ?? '',
    resourceName: selector.resourceName ?? '',
    file: selector.file ?? '',
    image: selector.image ?? '',
  };
}

/** A new form: the rule and selector it was opened with, expiring in 30 days. */
export function initialExemptionForm(options: {
  ruleId?: string;
  selector?: ExemptionSelector;
  owner?: string;
  now: Date;
}): ExemptionForm {
  return {
    ...initialPolicySubject(options),
    ...initialExemptionTerms(options),
  };
}

/** What is wrong with the policy fields, by field; empty when nothing is. */
export function validatePolicySubject(
  subject: PolicyExemptionSubject,
): Partial<Record<keyof PolicyExemptionSubject, string>> {
  const errors: Partial<Record<keyof PolicyExemptionSubject, string>> = {};
  if (!subject.ruleId) {
    errors.ruleId = 'Choose the rule to exempt from';
  } else if (!RULE_ID.test(subject.ruleId)) {
    errors.ruleId = 'Must be a rule ID such as MAESTRO-K8S-001';
  }
  for (const [field, max] of Object.entries(MAX_CHARS)) {
    const key = field as keyof PolicyExemptionSubject;
    if (!errors[key] && subject[key].trim().length > max!) {
      errors[key] = `At most ${max} characters`;
    }
  }
  return errors;
}

/** What is wrong with the whole form, by field; empty when nothing is. */
export function validateExemptionForm(
  form: ExemptionForm,
  options: { now: Date; maxDays: number },
): ExemptionFormErrors {
  return {
    ...validatePolicySubject(form),
    ...validateExemptionTerms(form, { ...options, ...POLICY_TERMS }),
  };
}

/**
 * The request valid policy fields stand for, with the shared part. Empty
 * selector fields are left out: an exemption without a selector covers the
 * rule everywhere in the entity.
 */
export function toPolicyExemptionRequest(
  subject: PolicyExemptionSubject,
  entityRef: string,
  terms: ExemptionTermsRequest,
): PolicyExemptionRequest {
  const selector: ExemptionSelector = {};
  for (const field of SELECTOR_FIELDS) {
    const value = subject[field].trim();
    if (value) {
      selector[field] = value;
    }
  }
  return {
    entityRef,
    ruleId: subject.ruleId,
    ...(Object.keys(selector).length > 0 ? { selector } : {}),
    ...terms,
    // Required for policy exemptions, so validation has made sure of it.
    ticket: terms.ticket ?? '',
  };
}

/** The request a valid form stands for. */
export function toExemptionRequest(
  form: ExemptionForm,
  entityRef: string,
): PolicyExemptionRequest {
  return toPolicyExemptionRequest(
    form,
    entityRef,
    toExemptionTermsRequest(form),
  );
}
