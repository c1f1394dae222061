{{/* ServiceMonitor for the Prometheus Operator. Usage: include "blog.serviceMonitor" (dict "context" $ "port" "http" "path" "/metrics") */}}
{{- define "blog.serviceMonitor" -}}
{{- $ := .context -}}
{{- $port := .port | default "http" -}}
{{- $path := .path | default "/metrics" -}}
{{- with $.Values.serviceMonitor -}}
{{- if .enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "blog.fullname" $ }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "blog.labels.standard" $ | nindent 4 }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "blog.labels.selector" $ | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ $.Release.Namespace }}
  endpoints:
    - port: {{ $port }}
      path: {{ $path }}
      interval: {{ .interval }}
      scrapeTimeout: {{ .scrapeTimeout }}
{{- end -}}
{{- end -}}
{{- end -}}
