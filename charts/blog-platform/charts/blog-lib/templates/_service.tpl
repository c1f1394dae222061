{{/*
ClusterIP Service of a component on port 80 → the pod's `http` port. Internal Services have a
fixed port so that callers in other subcharts can rely on it.
A node service's Service also has its `metrics` port ("metrics" true), for a ServiceMonitor.
Usage: include "blog.service" (dict "context" $ "type" "ClusterIP" "port" 80 "annotations" (dict) "metrics" true)
*/}}
{{- define "blog.service" -}}
{{- $ := .context -}}
apiVersion: v1
kind: Service
metadata:
  {{- include "blog.metadataWith" (dict "context" $ "annotations" .annotations) | nindent 2 }}
spec:
  type: {{ .type | default "ClusterIP" }}
  {{- with .externalTrafficPolicy }}
  externalTrafficPolicy: {{ . }}
  {{- end }}
  {{- with .loadBalancerSourceRanges }}
  loadBalancerSourceRanges:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    {{- include "blog.labels.selector" $ | nindent 4 }}
  ports:
    - name: {{ .portName | default "http" }}
      port: {{ .port | default 80 }}
      targetPort: {{ .portName | default "http" }}
      protocol: TCP
    {{- if .metrics }}
    - name: metrics
      port: {{ include "blog.graph.metricsPort" $ }}
      targetPort: metrics
      protocol: TCP
    {{- end }}
    {{- with .extraPorts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
