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

{{/*
imagePullSecrets of a pod: global.imagePullSecrets and the component's own, each a name or
{name: ...}, once each.
*/}}
{{- define "blog.imagePullSecrets" -}}
{{- $names := list -}}
{{- range concat (.Values.global.imagePullSecrets | default list) (.Values.imagePullSecrets | default list) -}}
{{- if kindIs "string" . -}}{{- $names = append $names . -}}{{- else -}}{{- $names = append $names .name -}}{{- end -}}
{{- end -}}
{{- with uniq $names }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
