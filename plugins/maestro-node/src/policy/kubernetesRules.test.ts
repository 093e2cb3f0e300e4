import { createPolicyEngine } from './engine';
import { DEPLOYMENT, SUPPORT, mutate } from './__testUtils__/compliantInputs';
import { kubernetesRuleCases } from './__testUtils__/ruleCases';
import type { PolicyProfile } from './types';

const engine = createPolicyEngine();

function findings(content: string, profile: PolicyProfile = 'default') {
  return engine
    .evaluate([{ kind: 'kubernetes', path: 'deploy.yaml', content }], {
      profile,
    })
    .findings.map(f => ({
      ruleId: f.ruleId,
      kind: f.location.resource?.kind,
      namespace: f.location.resource?.namespace,
      name: f.location.resource?.name,
      jsonPath: f.location.jsonPath,
    }));
}

const ruleIds = (content: string, profile?: PolicyProfile) =>
  findings(content, profile).map(f => f.ruleId);

const CONTAINER = '$.spec.template.spec.containers[0]';

describe('built-in Kubernetes rules', () => {
  it.each<PolicyProfile>(['default', 'strict'])(
    'pass a hardened Deployment with its NetworkPolicy, PDB and TLS load balancer in the %s profile',
    profile => {
      expect(findings(DEPLOYMENT + SUPPORT, profile)).toEqual([]);
    },
  );

  it.each(kubernetesRuleCases.map(c => [c.ruleId, c.change, c] as const))(
    '%s fires, at the exact resource and path, when %s',
    (ruleId, _change, testCase) => {
      expect(
        findings(testCase.content, testCase.profile)
          .filter(f => f.ruleId === ruleId)
          .map(({ ruleId: _id, ...location }) => location),
      ).toEqual(testCase.findings);
    },
  );

  it('accepts runAsNonRoot from the pod when the container does not set it (MAESTRO-K8S-001)', () => {
    const podOnly = mutate(DEPLOYMENT, [
      '            runAsNonRoot: true\n',
      '',
    ]);
    expect(ruleIds(podOnly + SUPPORT)).toEqual([]);
    const neither = mutate(podOnly, ['        runAsNonRoot: true\n', '']);
    expect(ruleIds(neither + SUPPORT)).toEqual(['MAESTRO-K8S-001']);
  });

  it('requires probes of long-running kinds only, and not of init containers (MAESTRO-K8S-008)', () => {
    const withInit = mutate(DEPLOYMENT, [
      '      containers:\n',
      `      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1.0.0@sha256:${'d'.repeat(64)}
          securityContext:
            runAsNonRoot: true
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 100m, memory: 64Mi }
      containers:\n`,
    ]);
    expect(ruleIds(withInit + SUPPORT)).toEqual([]);

    const job = `apiVersion: batch/v1
kind: Job
metadata: { name: report, namespace: shop, labels: { app.kubernetes.io/name: report, app.kubernetes.io/version: "1" } }
spec:
  template:
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: report
          image: ghcr.io/acme/report:1.0.0
`;
    const jobRules = ruleIds(job + SUPPORT);
    expect(jobRules).toContain('MAESTRO-K8S-004'); // the Job is checked
    expect(jobRules).not.toContain('MAESTRO-K8S-008');
  });

  it('denies capabilities added by init containers too, naming them (MAESTRO-K8S-019)', () => {
    const content = mutate(DEPLOYMENT, [
      '      containers:\n',
      `      initContainers:
        - name: sysctl
          image: busybox:1.36
          securityContext: { capabilities: { drop: [ALL], add: [SYS_ADMIN, NET_ADMIN] } }
      containers:\n`,
    ]);
    const result = engine.evaluate([
      { kind: 'kubernetes', path: 'deploy.yaml', content: content + SUPPORT },
    ]);
    const added = result.findings.filter(f => f.ruleId === 'MAESTRO-K8S-019');
    expect(added.map(f => [f.location.jsonPath, f.message])).toEqual([
      [
        '$.spec.template.spec.initContainers[0].securityContext.capabilities.add',
        "Container 'sysctl' adds capabilities: SYS_ADMIN, NET_ADMIN",
      ],
    ]);
    expect(added[0].severity).toBe('deny');
  });

  it('does not count an empty capabilities.add list (MAESTRO-K8S-019)', () => {
    const content = mutate(DEPLOYMENT, [
      'capabilities: { drop: [ALL] }',
      'capabilities: { drop: [ALL], add: [] }',
    ]);
    expect(ruleIds(content + SUPPORT)).toEqual([]);
  });

  it('requires digests in production namespaces and in the strict profile only (MAESTRO-K8S-018)', () => {
    const tagOnly = mutate(DEPLOYMENT, [
      `web:1.2.3@sha256:${'c'.repeat(64)}`,
      'web:1.2.3',
    ]);
    expect(ruleIds(tagOnly + SUPPORT)).toEqual([]);
    expect(findings(tagOnly + SUPPORT, 'strict')).toEqual([
      {
        ruleId: 'MAESTRO-K8S-018',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        jsonPath: `${CONTAINER}.image`,
      },
    ]);
    const production = (namespace: string) =>
      ruleIds(
        mutate(tagOnly, ['namespace: shop', `namespace: ${namespace}`]),
      ).includes('MAESTRO-K8S-018');
    expect(
      ['prod', 'production', 'prod-eu', 'shop-prod', 'shop-production'].map(
        production,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(['product', 'shop', 'preprod'].map(production)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('accepts the other cloud certificate annotations and upstream TLS (MAESTRO-K8S-010)', () => {
    const annotated = (annotation: string) =>
      ruleIds(
        DEPLOYMENT +
          mutate(SUPPORT, [
            'service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/web',
            annotation,
          ]),
      );
    expect(
      annotated(
        'service.beta.kubernetes.io/do-loadbalancer-certificate-id: c1',
      ),
    ).toEqual([]);
    expect(annotated('maestro.io/tls-terminated-upstream: "true"')).toEqual([]);
    expect(annotated('maestro.io/tls-terminated-upstream: "false"')).toEqual([
      'MAESTRO-K8S-010',
    ]);
  });
});
