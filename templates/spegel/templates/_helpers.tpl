{{/* The name of every object: fullnameOverride, else the release name. */}}
{{- define "spegel.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Chart name and version, as the helm.sh/chart label. */}}
{{- define "spegel.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "spegel.labels" -}}
helm.sh/chart: {{ include "spegel.chart" . }}
{{ include "spegel.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels selecting the spegel daemon pods. */}}
{{- define "spegel.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* An image reference from {repository, tag, digest}; `.default` is the tag used when tag is empty. */}}
{{- define "spegel.imageRef" -}}
{{- $tag := default .default .image.tag -}}
{{- .image.repository -}}
{{- if $tag }}:{{ $tag }}{{ end -}}
{{- if .image.digest }}@{{ .image.digest }}{{ end -}}
{{- end -}}

{{/* The daemon image. */}}
{{- define "spegel.image" -}}
{{- include "spegel.imageRef" (dict "image" .Values.image "default" .Chart.AppVersion) -}}
{{- end -}}

{{/* FQDN of the headless Service whose DNS records list every spegel pod. */}}
{{- define "spegel.bootstrapDomain" -}}
{{- printf "%s-bootstrap.%s.svc.%s" (include "spegel.fullname" .) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/* Scheduling shared by the DaemonSets. */}}
{{- define "spegel.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
