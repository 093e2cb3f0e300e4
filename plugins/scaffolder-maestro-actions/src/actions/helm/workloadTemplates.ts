/**
 * The workload: one hardened pod template (templates/_pod.tpl) run by a
 * Deployment (rolling) or an Argo Rollout (canary, blue-green) that gates
 * promotion on an AnalysisTemplate measuring the HTTP success rate.
 */
import type { HelmChartSpec } from './chartSpec';

/** Files of templates/ holding the workload, for the chosen strategy. */
export function workloadTemplates(spec: HelmChartSpec): Record<string, string> {
  const files: Record<string, string> = {
    'templates/_pod.tpl': podTemplate(spec),
  };
  if (spec.strategy === 'rolling') {
    files['templates/deployment.yaml'] = deployment(spec);
  } else {
    files['templates/rollout.yaml'] = rollout(spec);
    files['templates/analysistemplate.yaml'] = analysisTemplate(spec);
  }
  return files;
}

/** Every workload file any strategy writes; `overwrite` removes the ones a new strategy no longer uses. */
export const WORKLOAD_TEMPLATE_FILES = [
  'templates/deployment.yaml',
  'templates/rollout.yaml',
  'templates/analysistemplate.yaml',
];

function podTemplate(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{/*
Pod template shared by the workload. Security settings come from values
(podSecurityContext, securityContext) and are checked by Maestro's policy pack:
non-root UID 65532, read-only root filesystem (/tmp is an emptyDir), no
privilege escalation, ALL capabilities dropped, RuntimeDefault seccomp.
*/}}
{{- define "${n}.podTemplate" -}}
{{- $annotations := include "${n}.previewAnnotations" . -}}
metadata:
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if or .Values.podAnnotations $annotations }}
  annotations:
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with $annotations }}
    {{- . | nindent 4 }}
    {{- end }}
  {{- end }}
spec:
  serviceAccountName: {{ include "${n}.fullname" . }}
  automountServiceAccountToken: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  containers:
    - name: {{ include "${n}.name" . }}
      image: {{ include "${n}.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      env:
        - name: PORT
          value: {{ .Values.containerPort | quote }}
        {{- with .Values.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: http
          containerPort: {{ .Values.containerPort }}
          protocol: TCP
      startupProbe:
        httpGet:
          path: {{ .Values.probes.liveness.path | quote }}
          port: http
        periodSeconds: {{ .Values.probes.startup.periodSeconds }}
        failureThreshold: {{ .Values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: {{ .Values.probes.liveness.path | quote }}
          port: http
        periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: {{ .Values.probes.readiness.path | quote }}
          port: http
        periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    # The root filesystem is read-only; the application writes to /tmp only.
    - name: tmp
      emptyDir:
        sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
`;
}

function deployment(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /* Rolling update: new pods must be ready before old ones go (maxUnavailable 0). */}}
apiVersion: apps/v1
kind: Deployment
metadata:
  {{- include "${n}.metadata" (dict "root" .) | nindent 2 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicas }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    {{- include "${n}.podTemplate" . | nindent 4 }}
`;
}

function rollout(spec: HelmChartSpec): string {
  const n = spec.name;
  const analysisRef = (service: string, indent: string) =>
    [
      `templates:`,
      `  - templateName: {{ include "${n}.fullname" . }}-success-rate`,
      `args:`,
      `  - name: service-name`,
      `    value: {{ include "${n}.fullname" . }}${service}`,
      `  - name: namespace`,
      `    value: {{ .Release.Namespace }}`,
    ]
      .map(line => indent + line)
      .join('\n');
  const strategy =
    spec.strategy === 'canary'
      ? `    canary:
      canaryService: {{ include "${n}.fullname" . }}-canary
      stableService: {{ include "${n}.fullname" . }}-stable
      maxSurge: 25%
      maxUnavailable: 0
      {{- if .Values.rollout.progressive }}
      # 10% of pods, wait, check the success rate; 50%, wait, check again; then all.
      steps:
        - setWeight: 10
        - pause:
            duration: {{ .Values.rollout.canary.pauseDuration }}
        - analysis:
${analysisRef('-canary', '            ')}
        - setWeight: 50
        - pause:
            duration: {{ .Values.rollout.canary.pauseDuration }}
        - analysis:
${analysisRef('-canary', '            ')}
      {{- else }}
      # Not progressive (previews): every update goes straight to 100%.
      steps: []
      {{- end }}`
      : `    blueGreen:
      activeService: {{ include "${n}.fullname" . }}
      previewService: {{ include "${n}.fullname" . }}-preview
      # false outside previews: a person (or Maestro's promotion) promotes the
      # new version once the analysis passed.
      autoPromotionEnabled: {{ not .Values.rollout.progressive }}
      scaleDownDelaySeconds: {{ .Values.rollout.blueGreen.scaleDownDelaySeconds }}
      {{- if .Values.rollout.progressive }}
      prePromotionAnalysis:
${analysisRef('-preview', '        ')}
      {{- end }}`;
  return `{{- /* Argo Rollout (argoproj.io/v1alpha1): ${spec.strategy} delivery gated by the success-rate analysis. */}}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  {{- include "${n}.metadata" (dict "root" .) | nindent 2 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicas }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  template:
    {{- include "${n}.podTemplate" . | nindent 4 }}
  strategy:
${strategy}
`;
}

function analysisTemplate(spec: HelmChartSpec): string {
  const n = spec.name;
  return `{{- /*
Success rate of the new version, from Prometheus: the share of requests that
were not 5xx. Argo Rollouts fills in the args placeholders of the query at run
time; Helm writes the query from values verbatim and never evaluates it.
*/}}
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  {{- include "${n}.metadata" (dict "root" . "suffix" "-success-rate") | nindent 2 }}
spec:
  args:
    - name: service-name
    - name: namespace
  metrics:
    - name: success-rate
      interval: {{ .Values.analysis.successRate.interval }}
      count: {{ .Values.analysis.successRate.count }}
      failureLimit: {{ .Values.analysis.successRate.failureLimit }}
      successCondition: {{ printf "result[0] >= %v" .Values.analysis.successRate.threshold | quote }}
      provider:
        prometheus:
          address: {{ required "analysis.prometheus.address is required" .Values.analysis.prometheus.address | quote }}
          query: |
            {{- .Values.analysis.successRate.query | trim | nindent 12 }}
`;
}
