{{- define "nested.fail" -}}
{{ required "nested value missing" .Values.nope }}
{{- end -}}
{{- define "self.include" -}}
{{ include "self.include" . }}
{{- end -}}
