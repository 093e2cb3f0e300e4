import { policyFinding } from '../../../testing/fixtures';
import {
  ExemptionForm,
  initialExemptionForm,
  selectorOfFinding,
  startOfDay,
  toExemptionRequest,
  validateExemptionForm,
} from './policyExemptionForm';

// Noon local time, so day arithmetic never crosses midnight.
const now = new Date(2026, 10, 23, 12, 0, 0);
const limits = { now, maxDays: 90 };

function validForm(fields: Partial<ExemptionForm> = {}): ExemptionForm {
  return {
    ...initialExemptionForm({
      ruleId: 'MAESTRO-K8S-014',
      owner: 'group:default/payments-team',
      now,
    }),
    reason: 'Sidecar needs root until the vendor fix',
    ticket: 'SEC-1234',
    ...fields,
  };
}

describe('exemption form', () => {
  it('starts 30 days ahead', () => {
    expect(initialExemptionForm({ now }).expiresOn).toBe('2026-12-23');
  });

  it('accepts a complete form', () => {
    expect(validateExemptionForm(validForm(), limits)).toEqual({});
  });

  it.each([
    ['today', '2026-11-23', 'Must be a future date'],
    [
      'a day that does not exist',
      '2026-02-31',
      'Must be a date such as 2026-12-31',
    ],
    [
      'a date past the maximum',
      '2027-02-22',
      'Must be at most 90 days ahead (2027-02-21 at the latest): exemptions are renewed, not permanent',
    ],
  ])('refuses %s as expiry', (_what, expiresOn, message) => {
    expect(validateExemptionForm(validForm({ expiresOn }), limits)).toEqual({
      expiresOn: message,
    });
  });

  it('accepts the last day the maximum allows and tomorrow', () => {
    for (const expiresOn of ['2027-02-21', '2026-11-24']) {
      expect(validateExemptionForm(validForm({ expiresOn }), limits)).toEqual(
        {},
      );
    }
  });

  it('refuses what the backend would refuse', () => {
    expect(
      validateExemptionForm(
        validForm({
          ruleId: 'not a rule',
          owner: 'group:',
          reason: 'because',
          ticket: ' ',
          file: 'x'.repeat(1025),
        }),
        limits,
      ),
    ).toEqual({
      ruleId: 'Must be a rule ID such as MAESTRO-K8S-001',
      owner: 'Must be an entity reference such as group:default/payments-team',
      reason: 'Say why in at least 10 characters',
      ticket: 'Name the ticket that tracks the fix, e.g. SEC-1234',
      file: 'At most 1024 characters',
    });
  });

  it('expires at the start of the chosen day, local time', () => {
    const request = toExemptionRequest(
      validForm({ expiresOn: '2026-12-01' }),
      'component:default/payments-api',
    );
    expect(request.expiresAt).toBe(new Date(2026, 11, 1).toISOString());
    expect(request).not.toHaveProperty('selector');
    expect(startOfDay('2026-12-01')?.getHours()).toBe(0);
  });

  it('narrows to a Dockerfile by path and to a manifest by resource', () => {
    expect(
      selectorOfFinding(
        policyFinding({
          location: { file: 'services/api/Dockerfile', line: 3 },
        }),
      ),
    ).toEqual({ file: 'services/api/Dockerfile' });
    expect(
      selectorOfFinding(
        policyFinding({
          location: {
            file: 'charts/payments-api',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'api',
            },
          },
        }),
      ),
    ).toEqual({
      resourceKind: 'Deployment',
      namespace: 'payments',
      resourceName: 'api',
    });
    expect(
      selectorOfFinding(
        policyFinding({
          location: {
            file: 'k8s/cluster-role.yaml',
            resource: { kind: 'ClusterRole', name: 'reader' },
          },
        }),
      ),
    ).toEqual({ resourceKind: 'ClusterRole', resourceName: 'reader' });
  });
});
