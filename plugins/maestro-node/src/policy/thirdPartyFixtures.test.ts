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

// kube-score requires a PDB of any StatefulSet without `replicas`; Maestro of
// replicated ones only. This autoscaler makes the verbatim StatefulSet
// replicated, so both tools answer the same question (see __fixtures__/README.md).
const KEEPS_TWO_REPLICAS = `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: statefulset-test-1 }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: StatefulSet, name: statefulset-test-1 }
  minReplicas: 2
  maxReplicas: 4
`;

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
