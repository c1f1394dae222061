{{/*
Deployment of a stateless component. Usage:
  include "blog.deployment" (dict "context" $ "runtime" "node|nginx" "files" (dict ...))
With autoscaling on, `replicas` is left to the HPA so that an upgrade (or Argo CD) never
fights it.
*/}}
{{- define "blog.deployment" -}}
{{- $ := .context -}}
{{- include "blog.validate.component" $ -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  {{- include "blog.metadata" $ | nindent 2 }}
spec:
  {{- if not (and $.Values.autoscaling $.Values.autoscaling.enabled) }}
  replicas: {{ $.Values.replicaCount | int64 }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "blog.labels.selector" $ | nindent 6 }}
  template:
    {{- include "blog.pod" . | nindent 4 }}
{{- end -}}
