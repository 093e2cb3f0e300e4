/**
 * What every "Add exemption" form asks, whatever it exempts: who answers
 * for it, why, the ticket that tracks the fix and when it ends; the checks
 * the backend would make on those (repeated here so people learn about them
 * before submitting), and their part of the request.
 *
 * The expiry is a calendar date. The exemption ends when that day begins in
 * the user's time zone, so "at most 90 days ahead" allows today + 90 and
 * tomorrow is the earliest choice.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The shared fields, as typed; every one a string. */
export type ExemptionTerms = {
  owner: string;
  reason: string;
  ticket: string;
  /** `YYYY-MM-DD`, as an `<input type="date">` gives it. */
  expiresOn: string;
};

export type ExemptionTermsErrors = Partial<
  Record<keyof ExemptionTerms, string>
>;

/** The shared fields as the backend takes them. */
export type ExemptionTermsRequest = {
  owner: string;
  reason: string;
  /** Left out when the form left it empty and it was optional. */
  ticket?: string;
  expiresAt: string;
};

/** The backends' default for `maestro.*.exemptions.maxDurationDays`. */
export const DEFAULT_MAX_EXEMPTION_DAYS = 90;

/** Where the expiry date starts when nothing else is said. */
export const DEFAULT_EXEMPTION_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

// The backends' limits (both exemption schemas agree on these).
const MIN_REASON_CHARS = 10;
const MAX_CHARS: Record<keyof ExemptionTerms, number | undefined> = {
  owner: 512,
  reason: 4000,
  ticket: 256,
  expiresOn: undefined,
};

/** `YYYY-MM-DD` of a date in local time. */
export function toDateInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/** The calendar day `days` after `date`, as `YYYY-MM-DD`. */
export function daysAhead(date: Date, days: number): string {
  const target = new Date(date.getTime());
  target.setDate(target.getDate() + days);
  return toDateInput(target);
}

/** Local midnight at the start of a `YYYY-MM-DD` day; undefined if invalid. */
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

/** The fields a new form starts with. */
export function initialExemptionTerms(options: {
  owner?: string;
  now: Date;
}): ExemptionTerms {
  return {
    owner: options.owner ?? '',
    reason: '',
    ticket: '',
    expiresOn: daysAhead(options.now, DEFAULT_EXEMPTION_DAYS),
  };
}

/** `payments-team` → `group:default/payments-team`, as the catalog spells it. */
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

/** How the checks differ between kinds of exemption. */
export type ExemptionTermsOptions = {
  now: Date;
  maxDays: number;
  /** Policy exemptions need a ticket; vulnerability exemptions may go without. */
  ticketRequired: boolean;
  /** What an empty reason is told, e.g. "Say why the rule should not apply". */
  reasonPrompt: string;
};

/** What is wrong with the shared fields, by field; empty when nothing is. */
export function validateExemptionTerms(
  terms: ExemptionTerms,
  options: ExemptionTermsOptions,
): ExemptionTermsErrors {
  const errors: ExemptionTermsErrors = {};
  errors.owner = ownerError(terms.owner);
  const reason = terms.reason.trim();
  if (!reason) {
    errors.reason = options.reasonPrompt;
  } else if (reason.length < MIN_REASON_CHARS) {
    errors.reason = `Say why in at least ${MIN_REASON_CHARS} characters`;
  }
  if (options.ticketRequired && !terms.ticket.trim()) {
    errors.ticket = 'Name the ticket that tracks the fix, e.g. SEC-1234';
  }
  errors.expiresOn = expiryError(terms.expiresOn, options);

  for (const key of Object.keys(MAX_CHARS) as Array<keyof ExemptionTerms>) {
    const max = MAX_CHARS[key];
    if (max !== undefined && !errors[key] && terms[key].trim().length > max) {
      errors[key] = `At most ${max} characters`;
    }
  }
  for (const key of Object.keys(errors) as Array<keyof ExemptionTerms>) {
    if (errors[key] === undefined) {
      delete errors[key];
    }
  }
  return errors;
}

/** The shared part of the request valid fields stand for. */
export function toExemptionTermsRequest(
  terms: ExemptionTerms,
): ExemptionTermsRequest {
  const ticket = terms.ticket.trim();
  return {
    owner: normalizeOwner(terms.owner),
    reason: terms.reason.trim(),
    ...(ticket ? { ticket } : {}),
    expiresAt: startOfDay(terms.expiresOn)!.toISOString(),
  };
}
