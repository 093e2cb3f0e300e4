/**
 * Deterministic Kubernetes manifests for the policy benchmark: Deployments
 * with one to three containers (sometimes an init container), hardened or
 * not at random, plus Services, NetworkPolicies and PodDisruptionBudgets
 * spread over twenty namespaces. The same seed always gives the same YAML.
 */

/** Small, seedable PRNG (mulberry32), so every run checks the same inputs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type GeneratedManifest = { path: string; content: string };

export function generateManifests(
  count: number,
  seed = 42,
): GeneratedManifest[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  const manifests: GeneratedManifest[] = [];

  for (let i = 0; i < count; i++) {
    const namespace = `team-${i % 20}`;
    const name = `app-${i}`;
    const slot = i % 10;
    let content: string;
    if (slot <= 6) {
      content = deployment(name, namespace, chance, pick);
    } else if (slot === 7) {
      content = service(name, namespace, chance);
    } else if (slot === 8) {
      // Only some namespaces get a NetworkPolicy, so MAESTRO-K8S-016 fires.
      content = namespace.endsWith('7')
        ? configMap(name, namespace)
        : networkPolicy(name, namespace);
    } else {
      content = disruptionBudget(`app-${i - 3}`, name, namespace, chance);
    }
    manifests.push({ path: `manifests/${namespace}/${name}.yaml`, content });
  }
  return manifests;
}

function deployment(
  name: string,
  namespace: string,
  chance: (p: number) => boolean,
  pick: <T>(items: readonly T[]) => T,
): string {
  const hardened = chance(0.3);
  const containerCount = 1 + pick([0, 0, 0, 1, 2]);
  const containers = Array.from({ length: containerCount }, (_, index) =>
    container(`${name}-c${index}`, hardened, chance, pick),
  );
  const initContainers = chance(0.2)
    ? `      initContainers:\n${container(
        `${name}-init`,
        hardened,
        chance,
        pick,
      )}`
    : '';
  const podSecurity =
    hardened || chance(0.4)
      ? '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: { type: RuntimeDefault }\n'
      : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
${chance(0.8) ? '    app.kubernetes.io/version: "1.0.0"\n' : ''}spec:
  replicas: ${pick([1, 2, 3])}
  selector:
    matchLabels: { app.kubernetes.io/name: ${name} }
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
${podSecurity}${initContainers}      containers:
${containers.join('')}`;
}

function container(
  name: string,
  hardened: boolean,
  chance: (p: number) => boolean,
  pick: <T>(items: readonly T[]) => T,
): string {
  const image = hardened
    ? `ghcr.io/acme/${name}:1.4.2@sha256:${'ab'.repeat(32)}`
    : pick([
        `ghcr.io/acme/${name}:1.4.2`,
        `ghcr.io/acme/${name}:latest`,
        `ghcr.io/acme/${name}`,
        `registry.local:5000/acme/${name}:2.0`,
      ]);
  const security =
    hardened || chance(0.3)
      ? `          securityContext:
            runAsNonRoot: ${hardened || chance(0.5)}
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL]${
              chance(0.05) ? ', add: [NET_ADMIN]' : ''
            } }
`
      : '';
  const resources =
    hardened || chance(0.5)
      ? `          resources:
            requests: { cpu: 100m, memory: 128Mi }
${
  hardened || chance(0.5)
    ? '            limits: { cpu: 500m, memory: 256Mi }\n'
    : ''
}`
      : '';
  return `        - name: ${name}
          image: ${image}
${security}${resources}          livenessProbe: { httpGet: { path: /health, port: 8080 } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
`;
}

function service(
  name: string,
  namespace: string,
  chance: (p: number) => boolean,
): string {
  const loadBalancer = chance(0.3);
  const tls = loadBalancer && chance(0.5);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
${
  tls
    ? '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:1:certificate/x\n'
    : ''
}spec:
  type: ${loadBalancer ? 'LoadBalancer' : 'ClusterIP'}
  selector: { app.kubernetes.io/name: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
`;
}

function networkPolicy(name: string, namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
}

function configMap(name: string, namespace: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: ${namespace} }
data: { LOG_LEVEL: info }
`;
}

function disruptionBudget(
  target: string,
  name: string,
  namespace: string,
  chance: (p: number) => boolean,
): string {
  const selector = chance(0.5)
    ? `matchLabels: { app.kubernetes.io/name: ${target} }`
    : `matchExpressions: [{ key: app.kubernetes.io/name, operator: In, values: [${target}] }]`;
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  minAvailable: 1
  selector: { ${selector} }
`;
}
