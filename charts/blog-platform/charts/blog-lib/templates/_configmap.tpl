{{/* The component's settings, loaded with envFrom. Usage: include "blog.configmap" (dict "context" $ "runtime" "node") */}}
{{- define "blog.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  {{- include "blog.metadata" .context | nindent 2 }}
data:
  {{- include "blog.config.data" . | nindent 2 }}
{{- end -}}


{{/*
Config files of a component (e.g. nginx.conf), mounted into the container. Kept apart from the
settings ConfigMap, whose every key becomes an environment variable.
Usage: include "blog.configmap.files" (dict "context" $ "files" (dict "nginx.conf" "..."))
*/}}
{{- define "blog.configmap.files" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "blog.fullname" .context }}-files
  namespace: {{ .context.Release.Namespace }}
  labels:
    {{- include "blog.labels.standard" .context | nindent 4 }}
data:
  {{- toYaml .files | nindent 2 }}
{{- end -}}
