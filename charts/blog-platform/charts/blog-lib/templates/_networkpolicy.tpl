{{/*
NetworkPolicy of a component: ingress from its callers in the call graph (and the ingress
controller for the gateway, Prometheus for metrics), egress to DNS and its callees. A callee
that runs outside the release (external Postgres/Redis, an external upstream of the gateway)
is allowed by port only, since its address is not a pod.
Usage: include "blog.networkPolicy" (dict "context" $ "component" "auth" "metricsPort" 8080 "publicFrom" (list "0.0.0.0/0"))
global.networkPolicy.extraIngress/extraEgress are added to every policy (mesh control planes, NodeLocal DNS).
*/}}
{{- define "blog.networkPolicy" -}}
{{- $ := .context -}}
{{- $component := .component | default $.Chart.Name -}}
{{- $graph := include "blog.graph" $ | fromYaml -}}
{{- $netpol := $.Values.global.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  {{- include "blog.metadataWith" (dict "context" $ "name" (include "blog.componentName" (dict "context" $ "component" $component))) | nindent 2 }}
spec:
  podSelector:
    matchLabels:
      {{- include "blog.labels.selectorFor" (dict "context" $ "component" $component) | nindent 6 }}
  policyTypes: [Ingress, Egress]
  {{- /* a policy with no ingress rule must say `ingress: []`: a bare key is null, which the API schema rejects */}}
  {{- $ingress := include "blog.networkPolicy.ingress" . | trim }}
  {{- if $ingress }}
  ingress:
    {{- $ingress | nindent 4 }}
  {{- else }}
  ingress: []
  {{- end }}
  egress:
    - to:
        - namespaceSelector: {{ toJson $netpol.dns.namespaceSelector }}
          podSelector: {{ toJson $netpol.dns.podSelector }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- range $callee := get $graph $component | default list }}
    {{- $external := include "blog.networkPolicy.externalPort" (dict "context" $ "component" $component "callee" $callee) }}
    {{- if eq $external "skip" }}
    {{- else if $external }}
    - ports:
        - port: {{ $external }}
          protocol: TCP
    {{- else }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "blog.labels.selectorFor" (dict "context" $ "component" $callee) | nindent 14 }}
      ports:
        - port: {{ include "blog.graph.port" $callee }}
          protocol: TCP
    {{- end }}
    {{- end }}
    {{- with $.Values.networkPolicy }}{{ with .extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}{{ end }}
    {{- with $netpol.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/* The port of a callee outside the release, "skip" for a route that is switched off, or empty for an in-release pod. */}}
{{- define "blog.networkPolicy.externalPort" -}}
{{- $global := .context.Values.global -}}
{{- if eq .callee "postgres" -}}
{{- if $global.database.host -}}{{ $global.database.port }}{{- end -}}
{{- else if eq .callee "redis" -}}
{{- if $global.redis.host -}}{{ $global.redis.port }}{{- end -}}
{{- else if eq .component "gateway" -}}
{{- $upstream := get .context.Values.upstreams .callee -}}
{{- if not $upstream.enabled -}}skip{{- else if $upstream.host -}}{{ $upstream.port }}{{- end -}}
{{- end -}}
{{- end -}}

{{/* The ingress rules of a component's policy; same arguments as blog.networkPolicy. */}}
{{- define "blog.networkPolicy.ingress" -}}
{{- $ := .context -}}
{{- $component := .component | default $.Chart.Name -}}
{{- $graph := include "blog.graph" $ | fromYaml -}}
{{- $port := include "blog.graph.port" $component -}}
{{- $netpol := $.Values.global.networkPolicy -}}
{{- range $caller, $callees := $graph }}
{{- if has $component $callees }}
- from:
    - podSelector:
        matchLabels:
          {{- include "blog.labels.selectorFor" (dict "context" $ "component" $caller) | nindent 10 }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- end }}
{{- if eq $component "gateway" }}
- from:
    - namespaceSelector: {{ toJson $netpol.ingressController.namespaceSelector }}
      podSelector: {{ toJson $netpol.ingressController.podSelector }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- with .publicFrom }}
# a LoadBalancer or NodePort Service delivers client or node addresses, not pods
- from:
    {{- range . }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- with .metricsPort }}
- from:
    - namespaceSelector: {{ toJson $netpol.prometheus.namespaceSelector }}
      podSelector: {{ toJson $netpol.prometheus.podSelector }}
  ports:
    - port: {{ . }}
      protocol: TCP
{{- end }}
{{- with $.Values.networkPolicy }}{{ with .extraIngress }}
{{ toYaml . }}
{{- end }}{{ end }}
{{- with $netpol.extraIngress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
