{{/*
The platform's call graph (DESIGN.md): which components each component talks to. The
NetworkPolicies allow exactly these edges, in both directions, and nothing else.
*/}}
{{- define "blog.graph" -}}
gateway: [frontend, auth, posts, comments, images]
frontend: []
auth: [images, postgres, redis]
posts: [auth, images, postgres, redis]
comments: [posts, auth, postgres, redis]
images: [auth, postgres]
postgres: []
redis: []
tests: [gateway, frontend, auth, posts, comments, images]
{{- end -}}

{{/* Pod port each component serves on; NetworkPolicy ports name pod ports, not Service ports. */}}
{{- define "blog.graph.ports" -}}
postgres: 5432
redis: 6379
{{- end -}}

{{/* Pod port of the node services' metrics (METRICS_PORT), apart from their API's so that Prometheus is admitted to it alone. */}}
{{- define "blog.graph.metricsPort" -}}9090{{- end -}}

{{/* Pod port of a component. Usage: include "blog.graph.port" "auth" */}}
{{- define "blog.graph.port" -}}
{{- get (include "blog.graph.ports" . | fromYaml) . | default 8080 -}}
{{- end -}}

{{/* Components the current component calls, as a JSON list. */}}
{{- define "blog.graph.callees" -}}
{{- get (include "blog.graph" . | fromYaml) .Chart.Name | default list | toJson -}}
{{- end -}}

{{/* Components that call the current component, as a JSON list. */}}
{{- define "blog.graph.callers" -}}
{{- include "blog.graph.callersOf" (dict "context" . "component" .Chart.Name) -}}
{{- end -}}

{{/* Components that call the given one, as a JSON list in name order. Usage: include "blog.graph.callersOf" (dict "context" $ "component" "redis") */}}
{{- define "blog.graph.callersOf" -}}
{{- $callers := list -}}
{{- range $caller, $callees := include "blog.graph" .context | fromYaml -}}
{{- if has $.component $callees -}}{{- $callers = append $callers $caller -}}{{- end -}}
{{- end -}}
{{- toJson $callers -}}
{{- end -}}

{{/* "true" when the current component calls the given one. Usage: include "blog.graph.calls" (dict "context" $ "component" "postgres") */}}
{{- define "blog.graph.calls" -}}
{{- if has .component (include "blog.graph.callees" .context | fromJsonArray) -}}true{{- end -}}
{{- end -}}
