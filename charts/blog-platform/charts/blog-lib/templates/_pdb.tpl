{{/* PodDisruptionBudget by maxUnavailable, so that draining a node never blocks on a single replica. Usage: include "blog.pdb" $ */}}
{{- define "blog.pdb" -}}
{{- if .Values.pdb.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  {{- include "blog.metadata" . | nindent 2 }}
spec:
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "blog.labels.selector" . | nindent 6 }}
{{- end -}}
{{- end -}}
