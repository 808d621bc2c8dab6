{{- define "common-values.type" }}{{ typeOf . }}{{ end }}
