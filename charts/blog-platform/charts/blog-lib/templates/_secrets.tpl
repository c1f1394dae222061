{{/*
Where credentials live. Each is either an existingSecret the user manages or a Secret the
umbrella chart renders from values; nothing is generated at random, so renders are repeatable.
*/}}

{{- define "blog.secrets.databaseName" -}}
{{- .Values.global.database.existingSecret | default (include "blog.componentName" (dict "context" . "component" "database-credentials")) -}}
{{- end -}}

{{- define "blog.secrets.databaseKey" -}}
{{- if .Values.global.database.existingSecret -}}{{ .Values.global.database.existingSecretPasswordKey }}{{- else -}}password{{- end -}}
{{- end -}}

{{/*
"true" when the services log in to the bundled Postgres with roles of their own
(global.database.serviceRoles): the postgres subchart creates them, the credentials Job their passwords.
*/}}
{{- define "blog.secrets.serviceRoles" -}}
{{- if and .Values.global.database.serviceRoles (not .Values.global.database.host) -}}true{{- end -}}
{{- end -}}

{{/* Secret (key `password`) of a service's own database role. Usage: include "blog.secrets.serviceRoleName" (dict "context" $ "component" "auth") */}}
{{- define "blog.secrets.serviceRoleName" -}}
{{- include "blog.componentName" (dict "context" .context "component" (printf "database-%s" .component)) -}}
{{- end -}}

{{- define "blog.secrets.redisName" -}}
{{- .Values.global.redis.existingSecret | default (include "blog.componentName" (dict "context" . "component" "redis-credentials")) -}}
{{- end -}}

{{- define "blog.secrets.redisKey" -}}
{{- if .Values.global.redis.existingSecret -}}{{ .Values.global.redis.existingSecretPasswordKey }}{{- else -}}password{{- end -}}
{{- end -}}

{{/*
"true" when the services log in to the bundled Redis as ACL users of their own
(global.redis.serviceUsers): the redis subchart declares them, the credentials Job their passwords.
*/}}
{{- define "blog.secrets.redisServiceUsers" -}}
{{- if and .Values.global.redis.serviceUsers (not .Values.global.redis.host) -}}true{{- end -}}
{{- end -}}

{{/* Secret (key `password`) of a service's own Redis user. Usage: include "blog.secrets.redisUserName" (dict "context" $ "component" "auth") */}}
{{- define "blog.secrets.redisUserName" -}}
{{- include "blog.componentName" (dict "context" .context "component" (printf "redis-%s" .component)) -}}
{{- end -}}

{{/* "true" when Redis has a password; external Redis may run without one, the bundled one never does. */}}
{{- define "blog.secrets.redisHasPassword" -}}
{{- if or .Values.global.redis.existingSecret .Values.global.redis.password (not .Values.global.redis.host) -}}true{{- end -}}
{{- end -}}

{{- define "blog.secrets.jwtName" -}}
{{- .Values.global.jwt.existingSecret | default (include "blog.componentName" (dict "context" . "component" "jwt")) -}}
{{- end -}}
