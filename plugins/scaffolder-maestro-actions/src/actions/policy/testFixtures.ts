/*
 * A service that passes every built-in rule in both profiles: a multi-stage
 * Dockerfile (digest-pinned bases, non-root USER, OCI labels, HEALTHCHECK, no
 * package manager in the final stage) and a Helm chart whose Deployment is
 * the hardened one of maestro-node's kubernetesRules.test.ts, with the
 * NetworkPolicy and PodDisruptionBudget the set rules ask for. Tests break
 * one thing at a time from here. Used by tests only.
 */

const DIGEST = `sha256:${'b'.repeat(64)}`;

export const COMPLIANT_DOCKERFILE = `FROM node:22.11.0-alpine3.20@${DIGEST} AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:22.11.0-alpine3.20@${DIGEST}
LABEL org.opencontainers.image.source="https://github.com/acme/payments-api" \\
      org.opencontainers.image.version="1.2.3" \\
      org.opencontainers.image.revision="0123abc" \\
      org.opencontainers.image.vendor="Acme"
WORKDIR /app
COPY --from=build /app/dist ./dist
USER 10001
EXPOSE 8080
HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1
CMD ["node", "dist/index.js"]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
  labels:
    app.kubernetes.io/name: {{ .Release.Name }}
    app.kubernetes.io/version: "{{ .Chart.AppVersion }}"
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ .Release.Name }}
        app.kubernetes.io/version: "{{ .Chart.AppVersion }}"
    spec:
      securityContext:
        runAsNonRoot: {{ .Values.runAsNonRoot }}
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}@{{ .Values.image.digest }}"
          securityContext:
            runAsNonRoot: {{ .Values.runAsNonRoot }}
            runAsUser: 10001
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

const SUPPORT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Release.Name }}
`;

/** The chart's files, keyed by path inside the chart folder. */
export const COMPLIANT_CHART: Record<string, string> = {
  'Chart.yaml':
    'apiVersion: v2\nname: payments-api\nversion: 0.1.0\nappVersion: "1.2.3"\n',
  'values.yaml': `replicaCount: 2\nrunAsNonRoot: true\nimage:\n  repository: ghcr.io/acme/payments-api\n  digest: ${DIGEST}\n`,
  'values-prod.yaml': 'replicaCount: 3\n',
  'templates/deployment.yaml': DEPLOYMENT,
  'templates/support.yaml': SUPPORT,
};

/** A workspace holding the compliant service under `services/payments-api`. */
export function compliantWorkspace(
  overrides: Record<string, string> = {},
): Record<string, string> {
  const files: Record<string, string> = {
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\nspec:\n  type: service\n',
    'services/payments-api/Dockerfile': COMPLIANT_DOCKERFILE,
  };
  for (const [file, text] of Object.entries(COMPLIANT_CHART)) {
    files[`services/payments-api/chart/${file}`] = text;
  }
  return { ...files, ...overrides };
}
