{{/*
The services' own Redis users (global.redis.serviceUsers), one per caller in the call graph. Each
may touch only the key prefixes that service's code uses (as Redis key selectors: `~` read and
write, `%R~` read only), and no command that reaches past them:
Redis's @dangerous (FLUSHALL, KEYS, CONFIG, DEBUG, ACL), SCAN, RANDOMKEY, FUNCTION, and flushing,
killing or debugging scripts.
The prefixes come from services/runtime/src (profiles.ts, articles.ts, page-cache.ts) and
services/auth/src (user-cache.ts, rate-limit.ts); test/chart/redis-users.test.ts runs the services
under these users and fails on any command Redis refuses.
*/}}
{{- define "redis.users.keys" -}}
auth: ["~auth:*", "~login:*", "~profile:*", "~user-id:*", "~pages:version"]
posts: ["~pages:*", "~article:*", "~profile:*", "~user-id:*"]
comments: ["~article:*", "~profile:*", "~comment-pages:*", "%R~pages:version"]
{{- end -}}

{{/*
SCAN and RANDOMKEY name keys that no key pattern filters, and SCRIPT DEBUG SYNC blocks the
server: all three go. INFO is allowed alone of @dangerous: ioredis's ready check sends it.
*/}}
{{- define "redis.users.commands" -}}
["-@all", "+@read", "+@write", "+@scripting", "+@transaction", "+@connection", "-@dangerous", "-scan", "-randomkey", "-function", "-script|flush", "-script|kill", "-script|debug", "+info"]
{{- end -}}

{{/* Env var of a service user's password in the Redis container. Usage: include "redis.users.passwordEnv" "auth" */}}
{{- define "redis.users.passwordEnv" -}}
REDIS_PASSWORD_{{ upper . }}
{{- end -}}

{{/* The callers that get a user, as a JSON list; empty unless blog.secrets.redisServiceUsers. */}}
{{- define "redis.users" -}}
{{- $users := list -}}
{{- if include "blog.secrets.redisServiceUsers" . -}}
{{- $users = include "blog.graph.callers" . | fromJsonArray -}}
{{- end -}}
{{- toJson $users -}}
{{- end -}}

{{/* redis-server's --user arguments, one set per service; $(VAR) is expanded by the kubelet. */}}
{{- define "redis.users.args" -}}
{{- $keys := include "redis.users.keys" . | fromYaml -}}
{{- range $service := include "redis.users" . | fromJsonArray }}
{{- if not (hasKey $keys $service) -}}
{{- fail (printf "redis: %s calls Redis but redis.users.keys (charts/redis/templates/_users.tpl) names none of its keys" $service) -}}
{{- end }}
- --user
- {{ $service }}
- "on"
- ">$({{ include "redis.users.passwordEnv" $service }})"
- resetkeys
{{- range get $keys $service }}
- {{ . | quote }}
{{- end }}
- resetchannels
{{- range include "redis.users.commands" $ | fromJsonArray }}
- {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The passwords of those users, each from its Secret; required, so that no $(VAR) stays unexpanded. */}}
{{- define "redis.users.env" -}}
{{- range $service := include "redis.users" . | fromJsonArray }}
- name: {{ include "redis.users.passwordEnv" $service }}
  valueFrom:
    secretKeyRef:
      name: {{ include "blog.secrets.redisUserName" (dict "context" $ "component" $service) }}
      key: password
{{- end }}
{{- end -}}
