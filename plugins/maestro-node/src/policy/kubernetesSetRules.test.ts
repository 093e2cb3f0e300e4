import { createPolicyEngine } from './engine';
import {
  DEPLOYMENT,
  DISRUPTION_BUDGET,
  LOAD_BALANCER,
  NETWORK_POLICY,
  mutate,
} from './__testUtils__/compliantInputs';

const engine = createPolicyEngine();

/** Findings of the set rules only, as `ruleId resource: message`. */
function setFindings(content: string) {
  return engine
    .evaluate([{ kind: 'kubernetes', path: 'deploy.yaml', content }])
    .findings.filter(f =>
      ['MAESTRO-K8S-016', 'MAESTRO-K8S-017'].includes(f.ruleId),
    )
    .map(
      f =>
        `${f.ruleId} ${f.location.resource?.kind}/${f.location.resource?.name} ${f.location.jsonPath}: ${f.message}`,
    );
}

const budget = (selector: string) =>
  mutate(DISRUPTION_BUDGET, [
    '  selector:\n    matchLabels: { app.kubernetes.io/name: web }\n',
    `  selector: ${selector}\n`,
  ]);

/** The Deployment's pods carry app.kubernetes.io/name=web and app.kubernetes.io/version=1.2.3. */
const withBudget = (selector: string) =>
  setFindings(DEPLOYMENT + NETWORK_POLICY + budget(selector) + LOAD_BALANCER);

const NO_BUDGET =
  "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs 2 replicas but no PodDisruptionBudget selects it";

describe('MAESTRO-K8S-017 (PodDisruptionBudget for replicated workloads)', () => {
  it.each<[string, boolean, string]>([
    [
      'matchLabels equal to the pod labels',
      true,
      '{ matchLabels: { app.kubernetes.io/name: web } }',
    ],
    [
      'matchLabels with another value',
      false,
      '{ matchLabels: { app.kubernetes.io/name: api } }',
    ],
    [
      'In with the pod label value',
      true,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: In, values: [api, web] }] }',
    ],
    [
      'In without the pod label value',
      false,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: In, values: [api] }] }',
    ],
    [
      'NotIn without the pod label value',
      true,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: NotIn, values: [api] }] }',
    ],
    [
      'NotIn with the pod label value',
      false,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: NotIn, values: [web] }] }',
    ],
    [
      'Exists on a pod label',
      true,
      '{ matchExpressions: [{ key: app.kubernetes.io/version, operator: Exists }] }',
    ],
    [
      'Exists on a label the pods lack',
      false,
      '{ matchExpressions: [{ key: tier, operator: Exists }] }',
    ],
    [
      'DoesNotExist on a label the pods lack',
      true,
      '{ matchExpressions: [{ key: tier, operator: DoesNotExist }] }',
    ],
    [
      'DoesNotExist on a pod label',
      false,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: DoesNotExist }] }',
    ],
    [
      'matchLabels and matchExpressions that both hold',
      true,
      '{ matchLabels: { app.kubernetes.io/name: web }, matchExpressions: [{ key: app.kubernetes.io/version, operator: In, values: ["1.2.3"] }] }',
    ],
    [
      'matchLabels that hold with a matchExpression that does not',
      false,
      '{ matchLabels: { app.kubernetes.io/name: web }, matchExpressions: [{ key: app.kubernetes.io/version, operator: In, values: ["2.0.0"] }] }',
    ],
    [
      'an unknown operator',
      false,
      '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: Equals, values: [web] }] }',
    ],
    ['an empty selector (policy/v1 selects every pod)', true, '{}'],
  ])(
    'a PDB selector with %s selects the pods: %s',
    (_what, selects, selector) => {
      expect(withBudget(selector)).toEqual(selects ? [] : [NO_BUDGET]);
    },
  );

  it('ignores a matching PDB in another namespace', () => {
    const elsewhere = mutate(DISRUPTION_BUDGET, [
      'namespace: shop',
      'namespace: payments',
    ]);
    expect(
      setFindings(DEPLOYMENT + NETWORK_POLICY + elsewhere + LOAD_BALANCER),
    ).toEqual([NO_BUDGET]);
  });

  it('does not ask a single-replica workload for a PDB', () => {
    const single = mutate(DEPLOYMENT, ['replicas: 2', 'replicas: 1']);
    expect(setFindings(single + NETWORK_POLICY + LOAD_BALANCER)).toEqual([]);
  });

  const autoscaler = (
    minReplicas: number,
    target = 'web',
    namespace = 'shop',
  ) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: ${namespace} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  minReplicas: ${minReplicas}
  maxReplicas: 10
`;
  const unreplicated = mutate(DEPLOYMENT, ['  replicas: 2\n', '']);

  it('counts a workload as replicated when its HorizontalPodAutoscaler keeps more than one replica', () => {
    expect(
      setFindings(
        unreplicated + NETWORK_POLICY + LOAD_BALANCER + autoscaler(3),
      ),
    ).toEqual([
      "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs at least 2 replicas (HorizontalPodAutoscaler minReplicas) but no PodDisruptionBudget selects it",
    ]);
    expect(
      setFindings(
        unreplicated + NETWORK_POLICY + DISRUPTION_BUDGET + autoscaler(3),
      ),
    ).toEqual([]);
  });

  it.each([
    ['minReplicas 1', autoscaler(1)],
    ['another Deployment as target', autoscaler(3, 'api')],
    ['another namespace', autoscaler(3, 'web', 'payments')],
  ])('ignores an autoscaler with %s', (_what, hpa) => {
    expect(setFindings(unreplicated + NETWORK_POLICY + hpa)).toEqual([]);
  });
});

describe('MAESTRO-K8S-016 (NetworkPolicy per namespace)', () => {
  const NO_POLICY =
    "MAESTRO-K8S-016 Deployment/web $.metadata.namespace: Namespace 'shop' runs workloads but has no NetworkPolicy";

  it('asks for a NetworkPolicy in the namespace of the workloads', () => {
    expect(setFindings(DEPLOYMENT + DISRUPTION_BUDGET)).toEqual([NO_POLICY]);
    const elsewhere = mutate(NETWORK_POLICY, [
      'namespace: shop',
      'namespace: payments',
    ]);
    expect(setFindings(DEPLOYMENT + DISRUPTION_BUDGET + elsewhere)).toEqual([
      NO_POLICY,
    ]);
  });

  it('skips preview namespaces, by name or by marker on the Namespace object', () => {
    const inPreview = (namespace: string) =>
      mutate(DEPLOYMENT, ['namespace: shop', `namespace: ${namespace}`]);
    expect(setFindings(inPreview('preview-pr-42'))).toEqual([
      "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs 2 replicas but no PodDisruptionBudget selects it",
    ]);
    const marked = `---
apiVersion: v1
kind: Namespace
metadata: { name: pr-42, labels: { maestro.io/preview: "true" } }
`;
    expect(
      setFindings(inPreview('pr-42') + marked).filter(f =>
        f.startsWith('MAESTRO-K8S-016'),
      ),
    ).toEqual([]);
    expect(
      setFindings(inPreview('pr-43')).filter(f =>
        f.startsWith('MAESTRO-K8S-016'),
      ),
    ).toHaveLength(1);
  });
});
