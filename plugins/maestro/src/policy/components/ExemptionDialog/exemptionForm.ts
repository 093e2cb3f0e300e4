/**
 * The "Add exemption" form without React: its fields, the checks the
 * backend would make (repeated here so people learn about them before
 * submitting), and the request it becomes.
 *
 * The expiry is a calendar date. The exemption ends when that day begins in
 * the user's time zone, so "at most 90 days ahead" allows today + 90 and
 * tomorrow is the earliest choice.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { PolicyFinding } from '@maestro-conductor/backstage-plugin-maestro-common';
import { PolicyExemptionRequest } from '../../api';

/** What an exemption can be narrowed to beyond its entity. */
export type ExemptionSelector = NonNullable<PolicyExemptionRequest['selector']>;

/** The form's fields, as typed; every one a string. */
export type ExemptionForm = {
  ruleId: string;
  resourceKind: string;
  namespace: string;
  resourceName: string;
  file: string;
  image: string;
  owner: string;
  reason: string;
  ticket: string;
  /** `YYYY-MM-DD`, as an `<input type="date">` gives it. */
  expiresOn: string;
};

export type ExemptionFormErrors = Partial<Record<keyof ExemptionForm, string>>;

/** The backend's default for `maestro.policy.exemptions.maxDurationDays`. */
export const DEFAULT_MAX_EXEMPTION_DAYS = 90;

/** Where the expiry date starts when nothing else is said. */
export const DEFAULT_EXEMPTION_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

// The backend's limits (createPolicyRouter's exemptionSchema).
const RULE_ID = /^[A-Z0-9][A-Z0-9-]{2,63}$/;
const MIN_REASON_CHARS = 10;
const MAX_CHARS: Partial<Record<keyof ExemptionForm, number>> = {
  resourceKind: 128,
  namespace: 253,
  resourceName: 253,
  image: 512,
  file: 1024,
  owner: 512,
  reason: 4000,
  ticket: 256,
};

const SELECTOR_FIELDS = [
  'resourceKind',
  'namespace',
  'resourceName',
  'file',
  'image',
] as const;

/** A local calendar date as `YYYY-MM-DD`. */
export function toDateInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/** The day `days` calendar days after `date`'s, in local time. */
export function daysAhead(date: Date, days: number): string {
  const target = new Date(date.getTime());
  target.setDate(target.getDate() + days);
  return toDateInput(target);
}

/** Midnight local time at the start of a `YYYY-MM-DD` day, or undefined. */
export function startOfDay(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return undefined;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day);
  // Refuses 2026-02-31, which Date would roll over into March.
  return date.getMonth() === month - 1 && date.getDate() === day
    ? date
    : undefined;
}

/** The selector that covers exactly where a finding is. */
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

/** A fresh form: the given rule and selector, expiring in 30 days. */
export function initialExemptionForm(options: {
  ruleId?: string;
  selector?: ExemptionSelector;
  owner?: string;
  now: Date;
}): ExemptionForm {
  const selector = options.selector ?? {};
  return {
    ruleId: options.ruleId ?? '',
    resourceKind: selector.resourceKind ?? '',
    namespace: selector.namespace ?? '',
    resourceName: selector.resourceName ?? '',
    file: selector.file ?? '',
    image: selector.image ?? '',
    owner: options.owner ?? '',
    reason: '',
    ticket: '',
    expiresOn: daysAhead(options.now, DEFAULT_EXEMPTION_DAYS),
  };
}

function normalizeOwner(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

function ownerError(owner: string): string | undefined {
  if (!owner.trim()) {
    return 'Name who answers for the exemption, e.g. group:default/payments-team';
  }
  try {
    normalizeOwner(owner);
    return undefined;
  } catch {
    return 'Must be an entity reference such as group:default/payments-team';
  }
}

function expiryError(
  expiresOn: string,
  options: { now: Date; maxDays: number },
): string | undefined {
  if (!expiresOn) {
    return 'Choose when the exemption expires';
  }
  const expires = startOfDay(expiresOn);
  if (!expires) {
    return 'Must be a date such as 2026-12-31';
  }
  if (expires.getTime() <= options.now.getTime()) {
    return 'Must be a future date';
  }
  if (expires.getTime() - options.now.getTime() > options.maxDays * DAY_MS) {
    return `Must be at most ${options.maxDays} days ahead (${daysAhead(
      options.now,
      options.maxDays,
    )} at the latest): exemptions are renewed, not permanent`;
  }
  return undefined;
}

/** Why each field would be refused; an empty object when none would be. */
export function validateExemptionForm(
  form: ExemptionForm,
  options: { now: Date; maxDays: number },
): ExemptionFormErrors {
  const errors: ExemptionFormErrors = {};
  if (!form.ruleId) {
    errors.ruleId = 'Choose the rule to exempt from';
  } else if (!RULE_ID.test(form.ruleId)) {
    errors.ruleId = 'Must be a rule ID such as MAESTRO-K8S-001';
  }
  errors.owner = ownerError(form.owner);
  const reason = form.reason.trim();
  if (!reason) {
    errors.reason = 'Say why the rule should not apply';
  } else if (reason.length < MIN_REASON_CHARS) {
    errors.reason = `Say why in at least ${MIN_REASON_CHARS} characters`;
  }
  if (!form.ticket.trim()) {
    errors.ticket = 'Name the ticket that tracks the fix, e.g. SEC-1234';
  }
  errors.expiresOn = expiryError(form.expiresOn, options);

  for (const [field, max] of Object.entries(MAX_CHARS)) {
    const key = field as keyof ExemptionForm;
    if (!errors[key] && form[key].trim().length > max!) {
      errors[key] = `At most ${max} characters`;
    }
  }
  for (const key of Object.keys(errors) as Array<keyof ExemptionForm>) {
    if (errors[key] === undefined) {
      delete errors[key];
    }
  }
  return errors;
}

/**
 * The request a valid form stands for. Empty selector fields are left out:
 * an exemption without a selector covers the rule everywhere in the entity.
 */
export function toExemptionRequest(
  form: ExemptionForm,
  entityRef: string,
): PolicyExemptionRequest {
  const selector: ExemptionSelector = {};
  for (const field of SELECTOR_FIELDS) {
    const value = form[field].trim();
    if (value) {
      selector[field] = value;
    }
  }
  return {
    entityRef,
    ruleId: form.ruleId,
    ...(Object.keys(selector).length > 0 ? { selector } : {}),
    owner: normalizeOwner(form.owner),
    reason: form.reason.trim(),
    ticket: form.ticket.trim(),
    expiresAt: startOfDay(form.expiresOn)!.toISOString(),
  };
}
