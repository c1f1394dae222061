{{/*
Image references: registry/repository:tag@digest. global.imageRegistry replaces every registry;
an empty tag means the chart's appVersion.
Usage: include "blog.image" (dict "image" .Values.image "context" $)
*/}}
{{- define "blog.image" -}}
{{- $registry := default .image.registry .context.Values.global.imageRegistry -}}
{{- $tag := default .context.Chart.AppVersion .image.tag | toString -}}
{{- $ref := printf "%s:%s" .image.repository $tag -}}
{{- if $registry -}}{{- $ref = printf "%s/%s" $registry $ref -}}{{- end -}}
{{- if .image.digest -}}{{- $ref = printf "%s@%s" $ref .image.digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/* imagePullSecrets of a pod, from global.imagePullSecrets. */}}
{{- define "blog.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
