{{/*
Labels. Selectors hold only name, instance and component: they are immutable, and a version
label in them would break every upgrade.
*/}}

{{/* Labels that select the current component's pods. */}}
{{- define "blog.labels.selector" -}}
{{ include "blog.labels.selectorFor" (dict "context" . "component" .Chart.Name) }}
{{- end -}}

{{/* Selector labels of any component. Usage: include "blog.labels.selectorFor" (dict "context" $ "component" "auth") */}}
{{- define "blog.labels.selectorFor" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Labels of every object of the current component. */}}
{{- define "blog.labels.standard" -}}
{{ include "blog.labels.selector" . }}
app.kubernetes.io/part-of: blog-platform
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "blog.chart" . }}
{{- end -}}

{{/* Standard metadata: name, namespace and labels. */}}
{{- define "blog.metadata" -}}
name: {{ include "blog.fullname" . }}
namespace: {{ .Release.Namespace }}
labels:
  {{- include "blog.labels.standard" . | nindent 2 }}
{{- end -}}
