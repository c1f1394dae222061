{{/* VerticalPodAutoscaler, when the cluster serves its API (_capabilities.tpl); update mode Off by default, so it only recommends. Usage: include "blog.vpa" (dict "context" $ "kind" "Deployment") */}}
{{- define "blog.vpa" -}}
{{- $ := .context -}}
{{- $kind := .kind | default "Deployment" -}}
{{- with $.Values.vpa -}}
{{- if and .enabled (include "blog.capabilities.serves" (dict "context" $ "key" "vpa")) -}}
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  {{- include "blog.metadata" $ | nindent 2 }}
spec:
  targetRef:
    apiVersion: apps/v1
    kind: {{ $kind }}
    name: {{ include "blog.fullname" $ }}
  updatePolicy:
    updateMode: {{ .updateMode | quote }}
  resourcePolicy:
    containerPolicies:
      - containerName: {{ $.Chart.Name }}
        controlledResources: {{ toJson .controlledResources }}
        {{- with .minAllowed }}
        minAllowed:
          {{- toYaml . | nindent 10 }}
        {{- end }}
        {{- with .maxAllowed }}
        maxAllowed:
          {{- toYaml . | nindent 10 }}
        {{- end }}
{{- end -}}
{{- end -}}
{{- end -}}
