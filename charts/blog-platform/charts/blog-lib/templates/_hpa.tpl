{{/* HorizontalPodAutoscaler on CPU and memory. Usage: include "blog.hpa" $ */}}
{{- define "blog.hpa" -}}
{{- with .Values.autoscaling -}}
{{- if .enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  {{- include "blog.metadata" $ | nindent 2 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "blog.fullname" $ }}
  minReplicas: {{ .minReplicas | int64 }}
  maxReplicas: {{ .maxReplicas | int64 }}
  metrics:
    {{- range $resource, $target := dict "cpu" .targetCPUUtilizationPercentage "memory" .targetMemoryUtilizationPercentage }}
    {{- if $target }}
    - type: Resource
      resource:
        name: {{ $resource }}
        target:
          type: Utilization
          averageUtilization: {{ $target | int64 }}
    {{- end }}
    {{- end }}
  {{- with .behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}
{{- end -}}
