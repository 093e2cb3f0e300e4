/**
 * Exemptions: a rule ID plus a selector, owned, justified, ticketed and
 * always expiring. Expired exemptions still match (so reports can say "your
 * exemption ran out") but no longer suppress the finding.
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { PolicyInputError } from './errors';
import { sameRepository } from './imageReference';
import type { PolicyExemption, PolicyFinding } from './types';

const required = (field: string) =>
  z
    .string({ error: `'${field}' is required` })
    .trim()
    .min(1, `'${field}' is required`);

const exemptionSchema = z.object({
  id: z.string().optional(),
  ruleId: required('ruleId'),
  selector: z
    .object({
      entityRef: z.string().optional(),
      resourceKind: z.string().optional(),
      resourceName: z.string().optional(),
      namespace: z.string().optional(),
      image: z.string().optional(),
      file: z.string().optional(),
    })
    .strict()
    .default({}),
  owner: required('owner'),
  reason: required('reason'),
  ticket: required('ticket'),
  expiresAt: z
    .union([z.string(), z.date()], {
      error: issue =>
        issue.input === undefined || issue.input === null
          ? "'expiresAt' is required"
          : "'expiresAt' must be an ISO 8601 date",
    })
    .transform(value => (value instanceof Date ? value.toISOString() : value))
    .refine(isCalendarDate, "'expiresAt' must be an ISO 8601 date"),
});

/**
 * ISO 8601 and a real day: Date.parse alone accepts 2026-02-30 and silently
 * moves it to March 2nd.
 */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * Reads exemptions from YAML or JSON: a list, `{exemptions: [...]}`, or one
 * exemption. Refuses (PolicyInputError) any without owner, reason, ticket or a
 * valid expiry, because an open-ended exemption is a silent policy change.
 *
 * @public
 */
export function parseExemptions(yamlOrJsonText: string): PolicyExemption[] {
  const items: unknown[] = [];
  for (const document of parseAllDocuments(yamlOrJsonText)) {
    if (document.errors.length > 0) {
      throw new PolicyInputError(
        `Exemptions are not valid YAML or JSON: ${document.errors[0].message}`,
      );
    }
    const value = document.toJS();
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) items.push(...value);
    else if (typeof value === 'object' && Array.isArray(value.exemptions))
      items.push(...value.exemptions);
    else items.push(value);
  }
  return items.map((item, index) => {
    const parsed = exemptionSchema.safeParse(item);
    if (!parsed.success) {
      const label =
        (item as any)?.id ?? (item as any)?.ruleId ?? `#${index + 1}`;
      const reasons = parsed.error.issues
        .map(issue => issue.message)
        .join('; ');
      throw new PolicyInputError(`Exemption ${label} is refused: ${reasons}`);
    }
    return parsed.data as PolicyExemption;
  });
}

/** What an exemption selector is compared with, beside the finding's location. */
export type FindingSubject = { image?: string; entityRef?: string };

export function exemptionMatches(
  exemption: PolicyExemption,
  finding: PolicyFinding,
  subject: FindingSubject,
): boolean {
  if (exemption.ruleId !== finding.ruleId) return false;
  const { selector } = exemption;
  const location = finding.location;
  const resourceKind = location.resource?.kind ?? 'Dockerfile';
  const checks: Array<[string | undefined, () => boolean]> = [
    [selector.entityRef, () => selector.entityRef === subject.entityRef],
    [selector.resourceKind, () => selector.resourceKind === resourceKind],
    [
      selector.resourceName,
      () => selector.resourceName === location.resource?.name,
    ],
    [
      selector.namespace,
      () => selector.namespace === location.resource?.namespace,
    ],
    [
      selector.image,
      () => !!subject.image && sameRepository(selector.image!, subject.image),
    ],
    [selector.file, () => selector.file === location.file],
  ];
  return checks.every(([value, test]) => value === undefined || test());
}

/**
 * Attaches the best matching exemption: an active one wins over an expired
 * one, so renewing an exemption by adding a new entry works.
 */
export function applyExemptions(
  finding: PolicyFinding,
  subject: FindingSubject,
  exemptions: PolicyExemption[],
  now: Date,
): PolicyFinding {
  const matching = exemptions.filter(e =>
    exemptionMatches(e, finding, subject),
  );
  if (matching.length === 0) return finding;
  const isActive = (e: PolicyExemption) =>
    Date.parse(e.expiresAt) > now.getTime();
  const chosen = matching.find(isActive) ?? matching[0];
  return {
    ...finding,
    exemption: {
      ...(chosen.id !== undefined ? { id: chosen.id } : {}),
      status: isActive(chosen) ? 'active' : 'expired',
      owner: chosen.owner,
      reason: chosen.reason,
      ticket: chosen.ticket,
      expiresAt: chosen.expiresAt,
    },
  };
}
