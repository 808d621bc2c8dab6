{{- define "scope.item" -}}
{{ .item.name }}:{{ .item.port }}@{{ .root.Values.name }}
{{- end -}}
{{- define "scope.recursive" -}}
{{- if gt (int .) 0 -}}{{ . }},{{ include "scope.recursive" (sub . 1) }}{{- end -}}
{{- end -}}
{{- define "scope.dot" -}}type={{ typeOf . }}{{- end -}}
{{- define "scope.override" -}}first{{- end -}}
