{{/* ServiceMonitor for the Prometheus Operator, when the cluster serves its API (_capabilities.tpl). Usage: include "blog.serviceMonitor" (dict "context" $ "port" "http" "path" "/metrics") */}}
{{- define "blog.serviceMonitor" -}}
{{- $ := .context -}}
{{- $port := .port | default "http" -}}
{{- $path := .path | default "/metrics" -}}
{{- with $.Values.serviceMonitor -}}
{{- if and .enabled (include "blog.capabilities.serves" (dict "context" $ "key" "serviceMonitor")) -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  {{- include "blog.metadataWith" (dict "context" $ "labels" .labels) | nindent 2 }}
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
