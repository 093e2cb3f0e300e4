{{/* Labels on every object; the selector labels are the stable subset. */}}
{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* repository@digest when a digest is set (what Maestro promotes), else repository:tag. */}}
{{- define "service.image" -}}
{{- with .Values.image }}
{{- if .digest }}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" .digest) }}
{{- fail (printf "image.digest %q is not sha256:<64 hex digits>" .digest) }}
{{- end }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository (.tag | default $.Chart.AppVersion) }}
{{- end }}
{{- end }}
{{- end }}
