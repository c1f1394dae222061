{{/*
Names. Every object is called <release>-<component>, where the component is the subchart's name.
*/}}

{{/* Full name of the current component: <release>-<chart>. */}}
{{- define "blog.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name of another component. Usage: include "blog.componentName" (dict "context" $ "component" "auth") */}}
{{- define "blog.componentName" -}}
{{- printf "%s-%s" .context.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Value of the helm.sh/chart label. */}}
{{- define "blog.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* ServiceAccount the pods run as. */}}
{{- define "blog.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "blog.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
