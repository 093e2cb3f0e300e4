/*
 * When two exemptions are the same exemption. Identical active exemptions
 * (same entity, rule or vulnerability, selector or scope, and owner) are one:
 * the backend answers a second identical create with the existing one, and
 * the portal marks duplicates stored before that rule existed. Reason,
 * ticket and expiry do not count: a second exemption that differs only there
 * would apply exactly where the first does.
 */
import type { PolicyExemption } from './policy';
import type { VulnerabilityExemptionRequest } from './supplyChainApi';

/**
 * What makes a policy exemption the one it is.
 *
 * @public
 */
export function policyExemptionIdentity(exemption: {
  entityRef: string;
  ruleId: string;
  owner: string;
  selector: Omit<PolicyExemption['selector'], 'entityRef'>;
}): string {
  const { selector } = exemption;
  return JSON.stringify([
    'policy',
    exemption.entityRef,
    exemption.ruleId,
    exemption.owner,
    selector.resourceKind ?? null,
    selector.resourceName ?? null,
    selector.namespace ?? null,
    selector.image ?? null,
    selector.file ?? null,
  ]);
}

/**
 * What makes a vulnerability exemption the one it is. Vulnerability IDs
 * match whatever their case, as they do when exemptions are applied.
 *
 * @public
 */
export function vulnerabilityExemptionIdentity(
  exemption: Pick<
    VulnerabilityExemptionRequest,
    'entityRef' | 'vulnerabilityId' | 'packageName' | 'scope' | 'owner'
  >,
): string {
  return JSON.stringify([
    'vulnerability',
    exemption.entityRef,
    exemption.vulnerabilityId.toLocaleUpperCase('en-US'),
    exemption.owner,
    exemption.packageName ?? null,
    exemption.scope?.digest ?? null,
    exemption.scope?.channel ?? null,
  ]);
}

/**
 * Active exemptions that duplicate an older active one, each mapped to the
 * oldest exemption of its kind (by `createdAt`, then `id`).
 *
 * @public
 */
export function findDuplicateExemptions<
  T extends { id: string; status: string; createdAt: string },
>(exemptions: T[], identity: (exemption: T) => string): Map<string, T> {
  const active = exemptions
    .filter(e => e.status === 'active')
    .sort((a, b) =>
      a.createdAt === b.createdAt
        ? a.id.localeCompare(b.id)
        : a.createdAt.localeCompare(b.createdAt),
    );
  const first = new Map<string, T>();
  const duplicates = new Map<string, T>();
  for (const exemption of active) {
    const key = identity(exemption);
    const original = first.get(key);
    if (original) {
      duplicates.set(exemption.id, original);
    } else {
      first.set(key, exemption);
    }
  }
  return duplicates;
}
