{{- define "nested.fail" -}}
{{ required "nested value missing" .Values.nope }}
{{- end -}}
