import { createPolicyEngine } from './engine';

// A Deployment that passes every built-in Kubernetes rule, with the
// NetworkPolicy and PodDisruptionBudget the set rules ask for.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/version: "1.2.3"
spec:
  replicas: 2
  selector:
    matchLabels: { app.kubernetes.io/name: web }
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
        app.kubernetes.io/version: "1.2.3"
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: web
          image: ghcr.io/acme/web:1.2.3@sha256:${'c'.repeat(64)}
          securityContext:
            runAsNonRoot: true
            runAsUser: 65532
            privileged: false
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          livenessProbe: { httpGet: { path: /health, port: 8080 } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
`;
const SUPPORT = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: shop }
spec:
  minAvailable: 1
  selector:
    matchLabels: { app.kubernetes.io/name: web }
`;

const engine = createPolicyEngine();

function findings(deployment: string, support = SUPPORT) {
  return engine
    .evaluate([
      {
        kind: 'kubernetes',
        path: 'deploy.yaml',
        content: deployment + support,
      },
    ])
    .findings.map(f => ({
      ruleId: f.ruleId,
      resource: f.location.resource?.name,
      jsonPath: f.location.jsonPath,
    }));
}

const CONTAINER = '$.spec.template.spec.containers[0]';

describe('built-in Kubernetes rules', () => {
  it('pass a hardened Deployment with its NetworkPolicy and PDB', () => {
    expect(findings(DEPLOYMENT)).toEqual([]);
  });

  it.each([
    [
      'MAESTRO-K8S-003',
      `web:1.2.3@sha256:${'c'.repeat(64)}`,
      'web:latest',
      `${CONTAINER}.image`,
    ],
    [
      'MAESTRO-K8S-004',
      '            limits: { cpu: 500m, memory: 256Mi }\n',
      '',
      CONTAINER,
    ],
    ['MAESTRO-K8S-005', 'privileged: false', 'privileged: true', CONTAINER],
    ['MAESTRO-K8S-006', 'runAsUser: 65532', 'runAsUser: 0', CONTAINER],
    [
      'MAESTRO-K8S-011',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
      CONTAINER,
    ],
    ['MAESTRO-K8S-012', 'drop: [ALL]', 'drop: [NET_RAW]', CONTAINER],
    [
      'MAESTRO-K8S-014',
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: true',
      CONTAINER,
    ],
    [
      'MAESTRO-K8S-015',
      '      securityContext:\n        runAsNonRoot: true\n',
      '      hostNetwork: true\n      securityContext:\n        runAsNonRoot: true\n',
      '$.spec.template.spec',
    ],
  ])('%s fires when "%s" becomes "%s"', (ruleId, from, to, jsonPath) => {
    const changed = DEPLOYMENT.replace(from, to);
    expect(changed).not.toBe(DEPLOYMENT);
    const found = findings(changed).filter(f => f.ruleId === ruleId);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].resource).toBe('web');
    expect(found[0].jsonPath?.startsWith(jsonPath)).toBe(true);
  });

  it('asks for a NetworkPolicy (MAESTRO-K8S-016) and a PDB (MAESTRO-K8S-017) across the set', () => {
    const ruleIds = findings(DEPLOYMENT, '').map(f => f.ruleId);
    expect(ruleIds).toEqual(
      expect.arrayContaining(['MAESTRO-K8S-016', 'MAESTRO-K8S-017']),
    );
  });
});
