import { formatPolicyLocation } from './policyLocation';

describe('formatPolicyLocation', () => {
  it('shows a Dockerfile finding as file:line', () => {
    expect(
      formatPolicyLocation({ file: 'services/api/Dockerfile', line: 12 }),
    ).toBe('services/api/Dockerfile:12');
    expect(formatPolicyLocation({ file: 'Dockerfile' })).toBe('Dockerfile');
  });

  it('shows a manifest finding as kind, namespace/name, JSON path and template', () => {
    expect(
      formatPolicyLocation({
        file: 'charts/payments-api',
        resource: { kind: 'Deployment', namespace: 'payments', name: 'api' },
        jsonPath: '$.spec.template.spec.containers[0].securityContext',
        template: 'payments-api/templates/deployment.yaml',
      }),
    ).toBe(
      'Deployment payments/api $.spec.template.spec.containers[0].securityContext (payments-api/templates/deployment.yaml)',
    );
  });

  it('leaves out what a manifest finding does not know', () => {
    expect(
      formatPolicyLocation({
        file: 'k8s/all.yaml',
        resource: { kind: 'Namespace', name: 'payments' },
      }),
    ).toBe('Namespace payments');
  });
});
