{{/* The component's ServiceAccount. Usage: include "blog.serviceAccount" $ */}}
{{- define "blog.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "blog.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "blog.labels.standard" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
{{- end -}}
{{- end -}}
