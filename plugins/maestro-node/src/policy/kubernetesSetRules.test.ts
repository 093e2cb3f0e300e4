import { createPolicyEngine } from './engine';
import {
  DEPLOYMENT,
  DISRUPTION_BUDGET,
  LOAD_BALANCER,
  NETWORK_POLICY,
  mutate,
} from './__testUtils__/compliantInputs';

const engine = createPolicyEngine();

/** Findings of the set rules only, as `ruleId resource path: message`. */
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

const networkPolicy = (podSelector: string) =>
  mutate(NETWORK_POLICY, [
    '  podSelector: {}\n',
    `  podSelector: ${podSelector}\n`,
  ]);

const NO_BUDGET =
  "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs 2 replicas but no PodDisruptionBudget with minAvailable or maxUnavailable selects it";
const NO_POLICY =
  "MAESTRO-K8S-016 Deployment/web $.spec.template.metadata.labels: No NetworkPolicy in namespace 'shop' selects the pods of Deployment 'web'";

/**
 * Selectors against the Deployment's pod labels (app.kubernetes.io/name=web,
 * app.kubernetes.io/version=1.2.3). Both rules run the same table, since both
 * match through labelSelectorMatches.
 */
const SELECTORS: Array<[string, boolean, string]> = [
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
    'matchLabels naming a label the pods lack',
    false,
    '{ matchLabels: { app.kubernetes.io/name: web, tier: backend } }',
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
    'NotIn on a label the pods lack',
    true,
    '{ matchExpressions: [{ key: tier, operator: NotIn, values: [frontend] }] }',
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
    'an unknown operator (invalid: selects nothing)',
    false,
    '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: Equals, values: [web] }] }',
  ],
  [
    'NotIn without values (invalid: selects nothing)',
    false,
    '{ matchExpressions: [{ key: tier, operator: NotIn }] }',
  ],
  [
    'Exists with values (invalid: selects nothing)',
    false,
    '{ matchExpressions: [{ key: app.kubernetes.io/name, operator: Exists, values: [web] }] }',
  ],
  ['an empty selector (selects every pod)', true, '{}'],
];

describe('MAESTRO-K8S-017 (PodDisruptionBudget for replicated workloads)', () => {
  /** The Deployment runs 2 replicas. */
  const withBudget = (pdb: string) =>
    setFindings(DEPLOYMENT + NETWORK_POLICY + pdb + LOAD_BALANCER);

  it.each(SELECTORS)(
    'a PDB selector with %s selects the pods: %s',
    (_what, selects, selector) => {
      expect(withBudget(budget(selector))).toEqual(selects ? [] : [NO_BUDGET]);
    },
  );

  it('does not count a PDB without a selector', () => {
    const noSelector = mutate(DISRUPTION_BUDGET, [
      '  selector:\n    matchLabels: { app.kubernetes.io/name: web }\n',
      '',
    ]);
    expect(withBudget(noSelector)).toEqual([NO_BUDGET]);
  });

  it('counts a PDB that sets maxUnavailable instead of minAvailable', () => {
    const maxUnavailable = mutate(DISRUPTION_BUDGET, [
      'minAvailable: 1',
      'maxUnavailable: 25%',
    ]);
    expect(withBudget(maxUnavailable)).toEqual([]);
  });

  it.each([
    ['sets neither', '  minAvailable: 1\n', ''],
    // What a Helm template renders from an unset value.
    ['leaves minAvailable empty', 'minAvailable: 1', 'minAvailable:'],
  ])(
    'reports a PDB that %s minAvailable and maxUnavailable, and does not count it for the pods it selects',
    (_what, from, to) => {
      const policyless = mutate(DISRUPTION_BUDGET, [from, to]);
      expect(withBudget(policyless)).toEqual([
        NO_BUDGET,
        "MAESTRO-K8S-017 PodDisruptionBudget/web $.spec: PodDisruptionBudget 'web' sets neither minAvailable nor maxUnavailable",
      ]);
    },
  );

  it('ignores a matching PDB in another namespace', () => {
    const elsewhere = mutate(DISRUPTION_BUDGET, [
      'namespace: shop',
      'namespace: payments',
    ]);
    expect(withBudget(elsewhere)).toEqual([NO_BUDGET]);
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
      "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs at least 2 replicas (HorizontalPodAutoscaler minReplicas) but no PodDisruptionBudget with minAvailable or maxUnavailable selects it",
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

describe('MAESTRO-K8S-016 (a NetworkPolicy selects every workload)', () => {
  const withPolicy = (policy: string) =>
    setFindings(DEPLOYMENT + DISRUPTION_BUDGET + policy);

  it.each(SELECTORS)(
    'a NetworkPolicy podSelector with %s selects the pods: %s',
    (_what, selects, selector) => {
      expect(withPolicy(networkPolicy(selector))).toEqual(
        selects ? [] : [NO_POLICY],
      );
    },
  );

  it('treats a NetworkPolicy without podSelector as selecting every pod, as the API does', () => {
    const noSelector = mutate(NETWORK_POLICY, ['  podSelector: {}\n', '']);
    expect(withPolicy(noSelector)).toEqual([]);
  });

  it('asks for a NetworkPolicy in the namespace of the workloads', () => {
    expect(setFindings(DEPLOYMENT + DISRUPTION_BUDGET)).toEqual([NO_POLICY]);
    const elsewhere = mutate(NETWORK_POLICY, [
      'namespace: shop',
      'namespace: payments',
    ]);
    expect(withPolicy(elsewhere)).toEqual([NO_POLICY]);
  });

  it('reports each workload the namespace policies leave out, not the namespace once', () => {
    const worker = `---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        metadata: { labels: { app.kubernetes.io/name: report } }
        spec: { containers: [{ name: report, image: "ghcr.io/acme/report:1.0.0" }] }
`;
    const forWeb = networkPolicy(
      '{ matchLabels: { app.kubernetes.io/name: web } }',
    );
    expect(withPolicy(forWeb + worker)).toEqual([
      "MAESTRO-K8S-016 CronJob/report $.spec.jobTemplate.spec.template.metadata.labels: No NetworkPolicy in namespace 'shop' selects the pods of CronJob 'report'",
    ]);
    expect(withPolicy(NETWORK_POLICY + worker)).toEqual([]);
  });

  it('skips preview namespaces, by name or by marker on the Namespace object', () => {
    const inPreview = (namespace: string) =>
      mutate(DEPLOYMENT, ['namespace: shop', `namespace: ${namespace}`]);
    expect(setFindings(inPreview('preview-pr-42'))).toEqual([
      "MAESTRO-K8S-017 Deployment/web $.spec.replicas: Deployment 'web' runs 2 replicas but no PodDisruptionBudget with minAvailable or maxUnavailable selects it",
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
