import { StatusWarning } from '@backstage/core-components';
import {
  findDuplicateExemptions,
  policyExemptionIdentity,
  PolicyExemptionRecord,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * Active exemptions that duplicate an older active one, mapped to it. The
 * backend no longer records such duplicates; these were stored before it
 * refused them, and each applies until it is revoked on its own.
 */
export function policyExemptionDuplicates(
  exemptions: PolicyExemptionRecord[],
): Map<string, PolicyExemptionRecord> {
  return findDuplicateExemptions(exemptions, policyExemptionIdentity);
}

/** Marks an exemption as a duplicate of `original`, which stays in force when this one is revoked. */
export function DuplicateExemption(props: {
  original: {
    id: string;
    ticket?: string;
    createdAt: string;
    createdBy: string;
  };
}) {
  const { original } = props;
  const added = new Date(original.createdAt);
  const when = Number.isNaN(added.getTime())
    ? original.createdAt
    : added.toLocaleDateString();
  return (
    <span
      title={`Same entity, rule, selector and owner as exemption ${original.id}, added ${original.createdAt} by ${original.createdBy}; revoking one leaves the other in force.`}
    >
      <StatusWarning>
        {`duplicate of ${original.ticket ?? original.id}, added ${when}`}
      </StatusWarning>
    </span>
  );
}
