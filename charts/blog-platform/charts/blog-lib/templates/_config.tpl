{{/*
A component's settings: what the ConfigMap holds and what the container gets as env. Node
services get the service contract's variables (DESIGN.md) plus their connections; the
passwords come from Secrets through secretKeyRef, never from the ConfigMap.
Usage: include "blog.config.data" (dict "context" $ "runtime" "node")
*/}}
{{- define "blog.config.data" -}}
{{- $ := .context -}}
{{- $data := dict -}}
{{- if eq .runtime "node" -}}
{{- $_ := set $data "SERVICE_NAME" $.Chart.Name -}}
{{- $_ = set $data "PORT" "8080" -}}
{{- $_ = set $data "LOG_LEVEL" $.Values.logLevel -}}
{{- $_ = set $data "DRAIN_DELAY_SECONDS" (toString ($.Values.drainDelaySeconds | int64)) -}}
{{- $_ = set $data "METRICS_PATH" $.Values.metrics.path -}}
{{- $_ = set $data "METRICS_PORT" (include "blog.graph.metricsPort" $) -}}
{{- $_ = set $data "JWT_PUBLIC_KEY_FILE" "/var/run/secrets/blog/jwt/public.pem" -}}
{{- if eq $.Chart.Name "auth" -}}
{{- $_ = set $data "JWT_PRIVATE_KEY_FILE" "/var/run/secrets/blog/jwt/private.pem" -}}
{{- end -}}
{{- $callees := include "blog.graph.callees" $ | fromJsonArray -}}
{{- if has "postgres" $callees -}}
{{- with $.Values.global.database -}}
{{- $_ = set $data "DATABASE_HOST" (.host | default (include "blog.componentName" (dict "context" $ "component" "postgres"))) -}}
{{- $_ = set $data "DATABASE_PORT" (toString (.port | int64)) -}}
{{- $_ = set $data "DATABASE_NAME" .name -}}
{{- $_ = set $data "DATABASE_USER" (ternary $.Chart.Name .user (eq (include "blog.secrets.serviceRoles" $) "true")) -}}
{{- $_ = set $data "DATABASE_SSLMODE" .sslMode -}}
{{- $_ = set $data "DATABASE_SCHEMA" $.Chart.Name -}}
{{- end -}}
{{- end -}}
{{- if has "redis" $callees -}}
{{- with $.Values.global.redis -}}
{{- $_ = set $data "REDIS_HOST" (.host | default (include "blog.componentName" (dict "context" $ "component" "redis"))) -}}
{{- $_ = set $data "REDIS_PORT" (toString (.port | int64)) -}}
{{- $_ = set $data "REDIS_TLS" (toString .tls) -}}
{{- end -}}
{{- if include "blog.secrets.redisServiceUsers" $ -}}
{{- $_ = set $data "REDIS_USER" $.Chart.Name -}}
{{- end -}}
{{- end -}}
{{- range $callee := $callees -}}
{{- if not (has $callee (list "postgres" "redis")) -}}
{{- $_ = set $data (printf "%s_URL" (upper $callee)) (printf "http://%s:80" (include "blog.componentName" (dict "context" $ "component" $callee))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := $.Values.env -}}
{{- $_ := set $data $key $value -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* The container's env: passwords by secretKeyRef, then extraEnv. */}}
{{- define "blog.config.env" -}}
{{- $ := .context -}}
{{- $callees := include "blog.graph.callees" $ | fromJsonArray -}}
{{- if has "postgres" $callees }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if include "blog.secrets.serviceRoles" $ }}
      name: {{ include "blog.secrets.serviceRoleName" (dict "context" $ "component" $.Chart.Name) }}
      key: password
      {{- else }}
      name: {{ include "blog.secrets.databaseName" $ }}
      key: {{ include "blog.secrets.databaseKey" $ }}
      {{- end }}
{{- end }}
{{- if and (has "redis" $callees) (include "blog.secrets.redisHasPassword" $) }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if include "blog.secrets.redisServiceUsers" $ }}
      name: {{ include "blog.secrets.redisUserName" (dict "context" $ "component" $.Chart.Name) }}
      key: password
      {{- else }}
      name: {{ include "blog.secrets.redisName" $ }}
      key: {{ include "blog.secrets.redisKey" $ }}
      {{- end }}
{{- end }}
{{- with $.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
