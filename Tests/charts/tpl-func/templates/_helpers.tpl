{{- define "tpl-func.suffix" -}}sfx{{- end -}}
