/**
 * What the pods run with and how many of them stay up: a ServiceAccount
 * without a mounted token, a HorizontalPodAutoscaler (staging and production
 * overlays) and a PodDisruptionBudget whenever more than one pod runs.
 */
import type { HelmChartSpec } from './chartSpec';

export function podSupportTemplates(
  spec: HelmChartSpec,
): Record<string, string> {
  return {
    'templates/serviceaccount.yaml': serviceAccount(spec),
    'templates/hpa.yaml': autoscaler(spec),
    'templates/poddisruptionbudget.yaml': disruptionBudget(spec),
  };
}

function serviceAccount(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /* The pods' identity; no API token is mounted (the application does not call Kubernetes). */}}
apiVersion: v1
kind: ServiceAccount
metadata:
  {{- include "${n}.metadata" (dict "root" . "annotations" .Values.serviceAccount.annotations) | nindent 2 }}
automountServiceAccountToken: false
`;
}

function autoscaler(spec: HelmChartSpec): string {
  const n = spec.name;
  const target =
    spec.strategy === 'rolling'
      ? 'apiVersion: apps/v1\n    kind: Deployment'
      : 'apiVersion: argoproj.io/v1alpha1\n    kind: Rollout';
  return `{{- if .Values.autoscaling.enabled }}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  {{- include "${n}.metadata" (dict "root" .) | nindent 2 }}
spec:
  scaleTargetRef:
    ${target}
    name: {{ include "${n}.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
`;
}

function disruptionBudget(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /*
Rendered whenever more than one pod runs (replicas above 1, or an autoscaler
whose minimum is above 1), so a node drain never takes every replica at once.
*/}}
{{- $autoscaledMin := 0 }}
{{- if .Values.autoscaling.enabled }}
{{- $autoscaledMin = int .Values.autoscaling.minReplicas }}
{{- end }}
{{- if or (gt (int .Values.replicas) 1) (gt $autoscaledMin 1) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  {{- include "${n}.metadata" (dict "root" .) | nindent 2 }}
spec:
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
{{- end }}
`;
}
