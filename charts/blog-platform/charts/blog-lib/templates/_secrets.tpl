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

{{- define "blog.secrets.redisName" -}}
{{- .Values.global.redis.existingSecret | default (include "blog.componentName" (dict "context" . "component" "redis-credentials")) -}}
{{- end -}}

{{- define "blog.secrets.redisKey" -}}
{{- if .Values.global.redis.existingSecret -}}{{ .Values.global.redis.existingSecretPasswordKey }}{{- else -}}password{{- end -}}
{{- end -}}

{{/* "true" when Redis has a password; external Redis may run without one, the bundled one never does. */}}
{{- define "blog.secrets.redisHasPassword" -}}
{{- if or .Values.global.redis.existingSecret .Values.global.redis.password (not .Values.global.redis.host) -}}true{{- end -}}
{{- end -}}

{{- define "blog.secrets.jwtName" -}}
{{- .Values.global.jwt.existingSecret | default (include "blog.componentName" (dict "context" . "component" "jwt")) -}}
{{- end -}}
