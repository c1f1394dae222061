{{/*
The credentials the Job manages, as a JSON list (services/auth/src/credentials/plan.ts reads it):
each Secret the services need that no value and no existingSecret provides. Passwords are made for
the bundled Postgres and Redis only, and for the services' own roles on that Postgres
(global.database.serviceRoles) and users on that Redis (global.redis.serviceUsers); an external
server's password is the user's to give.
*/}}
{{- define "blog-platform.credentials.plan" -}}
{{- $v := .Values -}}
{{- $plan := list -}}
{{- if $v.credentials.enabled -}}
{{- $db := $v.global.database -}}
{{- if and $v.postgres.enabled (not $db.host) (not $db.password) (not $db.existingSecret) -}}
{{- $claim := printf "data-%s-0" (include "blog.componentName" (dict "context" $ "component" "postgres")) -}}
{{- $plan = append $plan (dict "kind" "password" "secret" (include "blog.secrets.databaseName" .) "valuesPath" "global.database.existingSecret" "key" "password" "claim" $claim) -}}
{{- end -}}
{{- if and $v.postgres.enabled (include "blog.secrets.serviceRoles" .) -}}
{{- range $service := list "auth" "posts" "comments" "images" -}}
{{- if (get $v $service).enabled -}}
{{- $plan = append $plan (dict "kind" "password" "secret" (include "blog.secrets.serviceRoleName" (dict "context" $ "component" $service)) "key" "password") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $redis := $v.global.redis -}}
{{- if and $v.redis.enabled (not $redis.host) (not $redis.password) (not $redis.existingSecret) -}}
{{- $plan = append $plan (dict "kind" "password" "secret" (include "blog.secrets.redisName" .) "valuesPath" "global.redis.existingSecret" "key" "password") -}}
{{- end -}}
{{- if and $v.redis.enabled (include "blog.secrets.redisServiceUsers" .) -}}
{{- /* every caller's, enabled or not: the Redis pod's references to them are required */ -}}
{{- range $service := include "blog.graph.callersOf" (dict "context" $ "component" "redis") | fromJsonArray -}}
{{- $plan = append $plan (dict "kind" "password" "secret" (include "blog.secrets.redisUserName" (dict "context" $ "component" $service)) "key" "password") -}}
{{- end -}}
{{- end -}}
{{- with $v.global.jwt -}}
{{- if and (not .existingSecret) (not .privateKey) (not .publicKey) -}}
{{- $plan = append $plan (dict "kind" "es256-key-pair" "secret" (include "blog.secrets.jwtName" $) "valuesPath" "global.jwt.existingSecret") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $plan -}}
{{- end -}}

{{/* Name of the Job and of its ServiceAccount, Role, RoleBinding and NetworkPolicy. */}}
{{- define "blog-platform.credentials.name" -}}
{{- include "blog.componentName" (dict "context" . "component" "credentials") -}}
{{- end -}}

{{/*
Hook annotations: helm runs these before install and upgrade (weight orders the RBAC before the Job)
and Argo CD in PreSync; each is replaced on the next run, and deleted once the Job succeeded.
Usage: include "blog-platform.credentials.hook" "-5"
*/}}
{{- define "blog-platform.credentials.hook" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
argocd.argoproj.io/hook: PreSync
argocd.argoproj.io/sync-wave: {{ . | quote }}
argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
{{- end -}}
