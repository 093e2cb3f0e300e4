import {
  findDuplicateExemptions,
  policyExemptionIdentity,
  vulnerabilityExemptionIdentity,
} from './exemptionIdentity';

const policy = (
  id: string,
  createdAt: string,
  change: Partial<{
    status: string;
    owner: string;
    selector: { file?: string; resourceKind?: string };
    reason: string;
  }> = {},
) => ({
  id,
  createdAt,
  status: 'active',
  entityRef: 'component:default/payments-api',
  ruleId: 'MAESTRO-DF-001',
  owner: 'group:default/payments-team',
  selector: { file: 'Dockerfile' },
  reason: 'Legacy agent needs root',
  ...change,
});

describe('exemption identity', () => {
  it('maps each active duplicate to the oldest identical exemption', () => {
    const original = policy('b', '2026-12-01T10:00:00.000Z');
    const exemptions = [
      policy('c', '2026-12-01T11:00:00.000Z', { reason: 'another reason' }),
      original,
      policy('a', '2026-12-01T12:00:00.000Z'),
      policy('d', '2026-12-01T09:00:00.000Z', { status: 'revoked' }),
      policy('e', '2026-12-01T09:00:00.000Z', { selector: {} }),
      policy('f', '2026-12-01T09:00:00.000Z', { owner: 'user:default/ada' }),
    ];
    const duplicates = findDuplicateExemptions(
      exemptions,
      policyExemptionIdentity,
    );
    expect([...duplicates.entries()].map(([id, o]) => [id, o.id])).toEqual([
      ['c', 'b'],
      ['a', 'b'],
    ]);
  });

  it('tells selectors apart field by field, whatever their key order', () => {
    expect(
      policyExemptionIdentity(
        policy('a', '', {
          selector: { file: 'D', resourceKind: 'Dockerfile' },
        }),
      ),
    ).toBe(
      policyExemptionIdentity(
        policy('b', '', {
          selector: { resourceKind: 'Dockerfile', file: 'D' },
        }),
      ),
    );
    expect(
      policyExemptionIdentity(policy('a', '', { selector: { file: 'D' } })),
    ).not.toBe(
      policyExemptionIdentity(
        policy('a', '', { selector: { resourceKind: 'D' } }),
      ),
    );
  });

  it('matches vulnerability IDs whatever their case, and keeps scopes apart', () => {
    const base = {
      entityRef: 'component:default/payments-api',
      vulnerabilityId: 'CVE-2021-44228',
      owner: 'group:default/payments-team',
    };
    expect(vulnerabilityExemptionIdentity(base)).toBe(
      vulnerabilityExemptionIdentity({
        ...base,
        vulnerabilityId: 'cve-2021-44228',
      }),
    );
    expect(vulnerabilityExemptionIdentity(base)).not.toBe(
      vulnerabilityExemptionIdentity({ ...base, scope: { channel: 'prod' } }),
    );
  });
});
