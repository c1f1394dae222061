{{/* The component's ServiceAccount. Usage: include "blog.serviceAccount" $ */}}
{{- define "blog.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  {{- include "blog.metadataWith" (dict "context" . "name" (include "blog.serviceAccountName" .) "annotations" .Values.serviceAccount.annotations) | nindent 2 }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
{{- end -}}
{{- end -}}
