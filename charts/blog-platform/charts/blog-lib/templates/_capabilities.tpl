{{/*
The optional APIs the chart's CRD-backed objects need, by the values key that asks for each. An
object whose API the cluster does not serve is left out (helm install asks the cluster; helm
template and Argo CD go by --api-versions), and the umbrella's NOTES.txt names it.
*/}}
{{- define "blog.capabilities.apis" -}}
serviceMonitor: {kind: ServiceMonitor, api: monitoring.coreos.com/v1, from: "the Prometheus Operator's CRDs"}
prometheusRule: {kind: PrometheusRule, api: monitoring.coreos.com/v1, from: "the Prometheus Operator's CRDs"}
vpa: {kind: VerticalPodAutoscaler, api: autoscaling.k8s.io/v1, from: "the Vertical Pod Autoscaler's CRDs"}
{{- end -}}

{{/* "true" when the cluster serves the API of a values key's object, else empty. Usage: include "blog.capabilities.serves" (dict "context" $ "key" "serviceMonitor") */}}
{{- define "blog.capabilities.serves" -}}
{{- $api := get (include "blog.capabilities.apis" . | fromYaml) .key -}}
{{- if .context.Capabilities.APIVersions.Has $api.api -}}true{{- end -}}
{{- end -}}

{{/*
The enabled objects left out for their API, one line each: "<values path>: <Kind> needs <api> (<from>)".
Usage: include "blog.capabilities.missing" (dict "context" $ "enabled" (dict "posts.serviceMonitor" true ...))
*/}}
{{- define "blog.capabilities.missing" -}}
{{- $apis := include "blog.capabilities.apis" . | fromYaml -}}
{{- range $path, $on := .enabled }}
{{- $key := last (splitList "." $path) }}
{{- if and $on (not (include "blog.capabilities.serves" (dict "context" $.context "key" $key))) }}
{{- $api := get $apis $key }}
{{ $path }}.enabled: {{ $api.kind }} needs {{ $api.api }} ({{ $api.from }})
{{- end }}
{{- end }}
{{- end -}}
