{{- define "scope.override" -}}second{{- end -}}
