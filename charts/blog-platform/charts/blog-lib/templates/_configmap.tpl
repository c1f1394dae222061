{{/* The component's ConfigMap. Usage: include "blog.configmap" (dict "context" $ "runtime" "node" "files" (dict ...)) */}}
{{- define "blog.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  {{- include "blog.metadata" .context | nindent 2 }}
data:
  {{- include "blog.config.data" . | nindent 2 }}
{{- end -}}
