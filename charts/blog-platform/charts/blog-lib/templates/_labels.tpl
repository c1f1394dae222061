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
{{ include "blog.labels.standardFor" (dict "context" . "component" .Chart.Name) }}
{{- end -}}

{{/* Labels of every object of any component, e.g. the umbrella's credentials Job. Usage: include "blog.labels.standardFor" (dict "context" $ "component" "credentials") */}}
{{- define "blog.labels.standardFor" -}}
{{ include "blog.labels.selectorFor" . }}
app.kubernetes.io/part-of: blog-platform
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "blog.chart" .context }}
{{- end -}}

{{/* Standard metadata: name, namespace, labels and the Argo CD sync wave. */}}
{{- define "blog.metadata" -}}
{{- include "blog.metadataWith" (dict "context" .) -}}
{{- end -}}

{{/* Standard metadata with another name, extra labels or annotations. Usage: include "blog.metadataWith" (dict "context" $ "name" "x" "labels" (dict ...) "annotations" (dict ...)) */}}
{{- define "blog.metadataWith" -}}
{{- $annotations := deepCopy (.annotations | default dict) -}}
{{- with include "blog.syncWave" .context -}}
{{- $_ := set $annotations "argocd.argoproj.io/sync-wave" . -}}
{{- end -}}
name: {{ .name | default (include "blog.fullname" .context) }}
namespace: {{ .context.Release.Namespace }}
labels:
  {{- include "blog.labels.standard" .context | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Argo CD sync wave: the bundled Postgres and Redis, and everything their pods need, sync and turn
healthy before the services that connect to them (wave 0). The credentials Secrets go first (-2).
*/}}
{{- define "blog.syncWave" -}}
{{- if has .Chart.Name (list "postgres" "redis") -}}-1{{- end -}}
{{- end -}}
