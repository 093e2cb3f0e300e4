/**
 * How traffic reaches the pods: Services (plus the canary/stable or
 * preview Services an Argo Rollout steers), NetworkPolicies (namespace-wide
 * default deny, then an allow on the container port) and an optional
 * TLS-only Ingress.
 */
import type { HelmChartSpec } from './chartSpec';

export function trafficTemplates(spec: HelmChartSpec): Record<string, string> {
  return {
    'templates/service.yaml': services(spec),
    'templates/networkpolicy.yaml': networkPolicies(spec),
    'templates/ingress.yaml': ingress(spec),
  };
}

function service(spec: HelmChartSpec, suffix: string, comment: string): string {
  const n = spec.name;
  const metadata = suffix
    ? `(dict "root" . "suffix" "${suffix}" "annotations" .Values.service.annotations)`
    : `(dict "root" . "annotations" .Values.service.annotations)`;
  return `# ${comment}
apiVersion: v1
kind: Service
metadata:
  {{- include "${n}.metadata" ${metadata} | nindent 2 }}
spec:
  type: {{ .Values.service.type }}
  selector:
    {{- include "${n}.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
`;
}

function services(spec: HelmChartSpec): string {
  switch (spec.strategy) {
    case 'canary':
      return [
        service(spec, '', 'All pods, stable and canary, by replica weight.'),
        service(
          spec,
          '-canary',
          'Canary pods only (Argo Rollouts adds the pod-template hash to the selector); the analysis measures this Service.',
        ),
        service(spec, '-stable', 'Stable pods only (set by Argo Rollouts).'),
      ].join('---\n');
    case 'blue-green':
      return [
        service(
          spec,
          '',
          'Active Service: the version taking traffic (set by Argo Rollouts).',
        ),
        service(
          spec,
          '-preview',
          'Preview Service: the new version before promotion; the analysis measures this Service.',
        ),
      ].join('---\n');
    default:
      return service(spec, '', 'The pods of the release.');
  }
}

function networkPolicies(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /*
Default deny for ingress to every pod of the namespace, then an allow on the
container port for this release's pods. Rendered in every environment,
previews included, so a release never runs in an open namespace. Egress is
left open: the application's dependencies are not known here.
*/}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  {{- include "${n}.metadata" (dict "root" . "suffix" "-default-deny") | nindent 2 }}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  {{- include "${n}.metadata" (dict "root" . "suffix" "-allow-http") | nindent 2 }}
spec:
  podSelector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    - ports:
        - port: http
          protocol: TCP
      {{- with .Values.networkPolicy.ingressFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;
}

function ingress(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /* Optional Ingress; TLS is mandatory when it is enabled. */}}
{{- if .Values.ingress.enabled }}
{{- $host := required "ingress.host is required when ingress.enabled" .Values.ingress.host }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  {{- include "${n}.metadata" (dict "root" . "annotations" .Values.ingress.annotations) | nindent 2 }}
spec:
  {{- with .Values.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  tls:
    - hosts:
        - {{ $host | quote }}
      secretName: {{ required "ingress.tlsSecretName is required when ingress.enabled (TLS only)" .Values.ingress.tlsSecretName }}
  rules:
    - host: {{ $host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "${n}.fullname" . }}
                port:
                  name: http
{{- end }}
`;
}
