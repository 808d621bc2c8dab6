{{- define "big.labels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- range $k, $v := .root.Values.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
