import fs from 'node:fs';
import path from 'node:path';
import { createPolicyEngine } from './engine';
import type { PolicyInputKind } from './types';

const FIXTURES = path.join(__dirname, '__fixtures__');
const engine = createPolicyEngine();

function findingsOf(
  file: string,
  ruleId: string,
  appended = '',
): Array<Record<string, unknown>> {
  const kind: PolicyInputKind = file.endsWith('.Dockerfile')
    ? 'dockerfile'
    : 'kubernetes';
  const content = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  return engine
    .evaluate([{ kind, path: file, content: content + appended }])
    .findings.filter(f => f.ruleId === ruleId)
    .map(({ location }) =>
      kind === 'dockerfile'
        ? { line: location.line }
        : {
            kind: location.resource?.kind,
            name: location.resource?.name,
            jsonPath: location.jsonPath,
          },
    );
}

// kube-score requires a PDB of any Deployment or StatefulSet without
// `replicas`; Maestro of replicated ones only. This autoscaler makes the
// verbatim workload replicated, so both tools answer the same question (see
// __fixtures__/README.md). Every kube-score PDB fixture names its workload
// statefulset-test-1, whatever its kind.
const keepsTwoReplicas = (kind: string, namespace?: string) => `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: statefulset-test-1${
  namespace ? `, namespace: ${namespace}` : ''
} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: ${kind}, name: statefulset-test-1 }
  minReplicas: 2
  maxReplicas: 4
`;
const KEEPS_TWO_REPLICAS = keepsTwoReplicas('StatefulSet');

describe('third-party fixtures: Maestro agrees with the verdict their source states', () => {
  it.each([
    [
      'conftest/deployment.yaml',
      'conftest FAIL "Containers must not run as root", so MAESTRO-K8S-001 fires',
      'MAESTRO-K8S-001',
      '',
      [
        {
          kind: 'Deployment',
          name: 'hello-kubernetes',
          jsonPath:
            '$.spec.template.spec.containers[0].securityContext.runAsNonRoot',
        },
      ],
    ],
    [
      'kube-score/pod-test-resources-none.yaml',
      'kube-score "Container Resources" critical, so MAESTRO-K8S-004 fires',
      'MAESTRO-K8S-004',
      '',
      [
        {
          kind: 'Pod',
          name: 'pod-test-1',
          jsonPath: '$.spec.containers[0].resources',
        },
      ],
    ],
    [
      'kube-score/pod-test-resources-limits-and-requests.yaml',
      'kube-score "Container Resources" OK, so MAESTRO-K8S-004 stays quiet',
      'MAESTRO-K8S-004',
      '',
      [],
    ],
    [
      'kube-score/statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml',
      'kube-score "StatefulSet has PodDisruptionBudget" OK, so MAESTRO-K8S-017 stays quiet',
      'MAESTRO-K8S-017',
      KEEPS_TWO_REPLICAS,
      [],
    ],
    [
      'kube-score/statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml',
      'kube-score "StatefulSet has PodDisruptionBudget" critical, so MAESTRO-K8S-017 fires',
      'MAESTRO-K8S-017',
      KEEPS_TWO_REPLICAS,
      [
        {
          kind: 'StatefulSet',
          name: 'statefulset-test-1',
          jsonPath: '$.spec.replicas',
        },
      ],
    ],
    [
      'checkov/ReferenceLatestTag-failure_latest_version_tag.Dockerfile',
      'checkov CKV_DOCKER_7 fails, so MAESTRO-DF-002 fires',
      'MAESTRO-DF-002',
      '',
      [{ line: 1 }],
    ],
    [
      'checkov/ReferenceLatestTag-success_multi_stage_capital.Dockerfile',
      'checkov CKV_DOCKER_7 passes, so MAESTRO-DF-002 stays quiet',
      'MAESTRO-DF-002',
      '',
      [],
    ],
    [
      'checkov/RootUser-failure.Dockerfile',
      'checkov CKV_DOCKER_8 fails, so MAESTRO-DF-001 fires',
      'MAESTRO-DF-001',
      '',
      [{ line: 3 }],
    ],
    [
      'checkov/RootUser-success.Dockerfile',
      'checkov CKV_DOCKER_8 passes, so MAESTRO-DF-001 stays quiet',
      'MAESTRO-DF-001',
      '',
      [],
    ],
  ])('%s: %s', (file, _verdict, ruleId, appended, expected) => {
    expect(findingsOf(file, ruleId, appended)).toEqual(expected);
  });

  it('asks conftest/deployment.yaml for fewer labels than conftest does (MAESTRO-K8S-007 wants name and version only)', () => {
    expect(findingsOf('conftest/deployment.yaml', 'MAESTRO-K8S-007')).toEqual(
      [],
    );
    const withoutVersion = fs
      .readFileSync(path.join(FIXTURES, 'conftest/deployment.yaml'), 'utf8')
      .replace('    app.kubernetes.io/version: "5.7.21"\n', '');
    expect(
      engine
        .evaluate([
          { kind: 'kubernetes', path: 'd.yaml', content: withoutVersion },
        ])
        .findings.filter(f => f.ruleId === 'MAESTRO-K8S-007')
        .map(f => f.message),
    ).toEqual([
      "Deployment 'hello-kubernetes' has no label app.kubernetes.io/version",
    ]);
  });
});

type Verdict = [file: string, verdict: string, expected: object[]];

/** kube-score's "Pod NetworkPolicy" (score/networkpolicy_test.go) against MAESTRO-K8S-016. */
describe('kube-score NetworkPolicy fixtures: MAESTRO-K8S-016 agrees with "Pod NetworkPolicy"', () => {
  const unselected = (kind: string, name: string, jsonPath: string) => [
    { kind, name, jsonPath },
  ];
  it.each<Verdict>([
    [
      'networkpolicy-not-matching.yaml',
      'critical: the pod is in another namespace than the policy',
      unselected('Pod', 'pod-test-1', '$.metadata.labels'),
    ],
    ['networkpolicy-matching.yaml', 'OK', []],
    ['networkpolicy-targets-all-pods.yaml', 'OK: podSelector {}', []],
    ['networkpolicy-deployment-matching.yaml', 'OK', []],
    [
      'networkpolicy-deployment-not-matching-selector.yaml',
      'critical: the policy selects app=foo, the pods are app=not-foo',
      unselected(
        'Deployment',
        'deployment-test-1',
        '$.spec.template.metadata.labels',
      ),
    ],
    ['networkpolicy-statefulset-matching.yaml', 'OK', []],
    [
      'networkpolicy-statefulset-not-matching-selector.yaml',
      'critical',
      unselected(
        'StatefulSet',
        'statefulset-test-1',
        '$.spec.template.metadata.labels',
      ),
    ],
    ['networkpolicy-cronjob-matching.yaml', 'OK', []],
    [
      'networkpolicy-cronjob-not-matching-selector.yaml',
      'critical',
      unselected(
        'CronJob',
        'cronjob-test-1',
        '$.spec.jobTemplate.spec.template.metadata.labels',
      ),
    ],
    // kube-score only warns when one direction is covered; the pods are
    // selected, which is all MAESTRO-K8S-016 asks.
    ['networkpolicy-matching-only-ingress.yaml', 'warning, not critical', []],
    ['networkpolicy-matching-only-egress.yaml', 'warning, not critical', []],
  ])('kube-score/%s: %s', (file, _verdict, expected) => {
    expect(findingsOf(`kube-score/${file}`, 'MAESTRO-K8S-016')).toEqual(
      expected,
    );
  });
});

/**
 * kube-score's "Deployment/StatefulSet has PodDisruptionBudget" and
 * "PodDisruptionBudget has policy" (score/poddisruptionbudget_test.go)
 * against MAESTRO-K8S-017.
 */
describe('kube-score PodDisruptionBudget fixtures: MAESTRO-K8S-017 agrees', () => {
  const uncovered = (kind: string) => [
    { kind, name: 'statefulset-test-1', jsonPath: '$.spec.replicas' },
  ];
  const policyless = {
    kind: 'PodDisruptionBudget',
    name: 'app-budget',
    jsonPath: '$.spec',
  };
  it.each<[...Verdict, string]>([
    ['deployment-poddisruptionbudget-v1-matches.yaml', 'OK', [], 'Deployment'],
    [
      'deployment-poddisruptionbudget-v1-no-match.yaml',
      'critical',
      uncovered('Deployment'),
      'Deployment',
    ],
    [
      'deployment-poddisruptionbudget-v1-different-namespace.yaml',
      'critical: the matching budgets are in other namespaces',
      uncovered('Deployment'),
      'Deployment',
    ],
    [
      'deployment-poddisruptionbudget-v1beta1-matches.yaml',
      'OK',
      [],
      'Deployment',
    ],
    [
      'deployment-poddisruptionbudget-v1beta1-no-match.yaml',
      'critical',
      uncovered('Deployment'),
      'Deployment',
    ],
    [
      'deployment-poddisruptionbudget-v1beta1-expression-matches.yaml',
      'OK',
      [],
      'Deployment',
    ],
    [
      'deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml',
      'critical',
      uncovered('Deployment'),
      'Deployment',
    ],
    [
      'statefulset-poddisruptionbudget-v1beta1-matches.yaml',
      'OK',
      [],
      'StatefulSet',
    ],
    [
      'statefulset-poddisruptionbudget-v1beta1-no-match.yaml',
      'critical',
      uncovered('StatefulSet'),
      'StatefulSet',
    ],
  ])(
    'kube-score/%s: "has PodDisruptionBudget" %s',
    (file, _verdict, expected, kind) => {
      const namespace = file.includes('different-namespace') ? 'foo' : '';
      expect(
        findingsOf(
          `kube-score/${file}`,
          'MAESTRO-K8S-017',
          keepsTwoReplicas(kind, namespace),
        ),
      ).toEqual(expected);
    },
  );

  it.each([
    'deployment-poddisruptionbudget-v1-no-policy.yaml',
    'deployment-poddisruptionbudget-v1beta1-no-policy.yaml',
  ])(
    'kube-score/%s: "PodDisruptionBudget has policy" critical, so the budget is reported',
    file => {
      expect(findingsOf(`kube-score/${file}`, 'MAESTRO-K8S-017')).toEqual([
        policyless,
      ]);
      // Stricter than kube-score, whose "Deployment has PodDisruptionBudget"
      // passes here: a budget without a policy does not cover the pods.
      expect(
        findingsOf(
          `kube-score/${file}`,
          'MAESTRO-K8S-017',
          keepsTwoReplicas('Deployment'),
        ),
      ).toEqual([...uncovered('Deployment'), policyless]);
    },
  );
});

/** kube-score's "Container Security Context User Group ID" (score/security_test.go). */
describe('kube-score security-context fixtures', () => {
  it('kube-score/pod-security-context-low-user-id.yaml: "low user ID" critical, so MAESTRO-K8S-006 fires', () => {
    expect(
      findingsOf(
        'kube-score/pod-security-context-low-user-id.yaml',
        'MAESTRO-K8S-006',
      ),
    ).toEqual([
      {
        kind: 'Pod',
        name: 'pod-test-1',
        jsonPath: '$.spec.containers[0].securityContext.runAsUser',
      },
    ]);
  });

  it('kube-score/pod-security-context-all-good.yaml: OK for kube-score, but MAESTRO-K8S-001 (Pod Security "restricted") still asks for runAsNonRoot', () => {
    const file = 'kube-score/pod-security-context-all-good.yaml';
    expect(findingsOf(file, 'MAESTRO-K8S-006')).toEqual([]);
    expect(findingsOf(file, 'MAESTRO-K8S-001')).toEqual([
      {
        kind: 'Pod',
        name: 'pod-test-1',
        jsonPath: '$.spec.containers[0].securityContext.runAsNonRoot',
      },
    ]);
  });
});
