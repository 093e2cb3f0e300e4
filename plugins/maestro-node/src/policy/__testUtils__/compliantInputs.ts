/**
 * Inputs that pass every built-in rule in every profile. Rule tests mutate
 * one line of them at a time, so each violating case differs from a passing
 * input by exactly the thing the rule is about.
 */

export { COMPLIANT_DOCKERFILE } from '../../testUtils/compliantDockerfile';

/** A hardened Deployment in namespace `shop`. */
export const DEPLOYMENT = `apiVersion: apps/v1
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

/** Default-deny ingress for every pod of the namespace (MAESTRO-K8S-016). */
export const NETWORK_POLICY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

/** Selects the Deployment's pods and sets minAvailable (MAESTRO-K8S-017). */
export const DISRUPTION_BUDGET = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: shop }
spec:
  minAvailable: 1
  selector:
    matchLabels: { app.kubernetes.io/name: web }
`;

/** A LoadBalancer with a TLS certificate (MAESTRO-K8S-010). */
export const LOAD_BALANCER = `---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/web
spec:
  type: LoadBalancer
  selector: { app.kubernetes.io/name: web }
  ports: [{ port: 443, targetPort: 8080 }]
`;

/** Everything the Deployment's namespace needs beside it. */
export const SUPPORT = NETWORK_POLICY + DISRUPTION_BUDGET + LOAD_BALANCER;

/**
 * Applies `[from, to]` replacements, each of which must match exactly once,
 * so a case can never silently test the unchanged input.
 */
export function mutate(
  text: string,
  ...replacements: Array<[from: string, to: string]>
): string {
  return replacements.reduce((current, [from, to]) => {
    const count = current.split(from).length - 1;
    if (count !== 1) {
      throw new Error(`expected "${from}" once in the input, found ${count}`);
    }
    return current.replace(from, () => to);
  }, text);
}
