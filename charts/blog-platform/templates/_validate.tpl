{{/*
Rules across subcharts that a schema cannot say. Each message names the values to change.
*/}}
{{- define "blog-platform.validate" -}}
{{- $errors := list -}}
{{- $v := .Values -}}
{{- $db := $v.global.database -}}
{{- $redis := $v.global.redis -}}
{{- $dbUsers := list -}}
{{- range $name := list "auth" "posts" "comments" "images" -}}
{{- if (get $v $name).enabled -}}{{- $dbUsers = append $dbUsers $name -}}{{- end -}}
{{- end -}}
{{- $redisUsers := without $dbUsers "images" -}}
{{- if $dbUsers -}}
{{- if and (not $v.postgres.enabled) (not $db.host) -}}
{{- $errors = append $errors (printf "postgres.enabled is false but global.database.host is empty: %s need a database. Set global.database.host (and existingSecret) to your Postgres, or enable the bundled one." (join ", " $dbUsers)) -}}
{{- end -}}
{{- end -}}
{{- if and $v.postgres.enabled $db.host -}}
{{- $errors = append $errors (printf "global.database.host is %q while postgres.enabled is true: the services would ignore the bundled Postgres. Set postgres.enabled=false to use the external server, or empty global.database.host." $db.host) -}}
{{- end -}}
{{- $jobMakes := $v.credentials.enabled -}}
{{- if and (or $dbUsers $v.postgres.enabled) (not $db.password) (not $db.existingSecret) (not (and $jobMakes $v.postgres.enabled (not $db.host))) -}}
{{- $errors = append $errors "the database password is not set: set global.database.existingSecret to a Secret with the key `password` (kubectl create secret generic blog-db --from-literal=password=...), or global.database.password. The credentials Job makes one for the bundled Postgres only, when credentials.enabled is true." -}}
{{- end -}}
{{- if and $dbUsers $v.postgres.enabled (not $db.host) $db.serviceRoles (not $jobMakes) -}}
{{- $errors = append $errors "global.database.serviceRoles is true but credentials.enabled is false: nothing would make the passwords of the services' own Postgres roles. Enable the credentials Job, or set global.database.serviceRoles=false to have every service log in as global.database.user." -}}
{{- end -}}
{{- if $redisUsers -}}
{{- if and (not $v.redis.enabled) (not $redis.host) -}}
{{- $errors = append $errors (printf "redis.enabled is false but global.redis.host is empty: %s need Redis. Set global.redis.host to your Redis, or enable the bundled one." (join ", " $redisUsers)) -}}
{{- end -}}
{{- end -}}
{{- if and $v.redis.enabled $redis.host -}}
{{- $errors = append $errors (printf "global.redis.host is %q while redis.enabled is true: the services would ignore the bundled Redis. Set redis.enabled=false to use the external server, or empty global.redis.host." $redis.host) -}}
{{- end -}}
{{- if and $v.redis.enabled (include "blog.secrets.redisServiceUsers" .) (not $jobMakes) -}}
{{- $errors = append $errors "global.redis.serviceUsers is true but credentials.enabled is false: nothing would make the passwords of the services' own Redis users. Enable the credentials Job, or set global.redis.serviceUsers=false to have every service log in with global.redis.password." -}}
{{- end -}}
{{- if and $v.redis.enabled (not $redis.password) (not $redis.existingSecret) (not $jobMakes) -}}
{{- $errors = append $errors "the bundled Redis has no password: set global.redis.existingSecret to a Secret with the key `password`, or global.redis.password." -}}
{{- end -}}
{{- if $dbUsers -}}
{{- with $v.global.jwt -}}
{{- if and (not .existingSecret) (or (not .privateKey) (not .publicKey)) (or .privateKey .publicKey (not $jobMakes)) -}}
{{- $errors = append $errors "the JWT key pair is not set: set global.jwt.existingSecret to a Secret with the keys `private.pem` and `public.pem`, or both global.jwt.privateKey and global.jwt.publicKey (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256), or neither with credentials.enabled true." -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $caller, $needs := dict "posts" (list "auth") "comments" (list "posts" "auth") -}}
{{- if (get $v $caller).enabled -}}
{{- range $needs -}}
{{- if not (get $v .).enabled -}}
{{- $errors = append $errors (printf "%s is enabled but %s is not: %s calls %s. Enable %s or disable %s." $caller . $caller . . $caller) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $v.gateway.enabled -}}
{{- range $name, $upstream := $v.gateway.upstreams -}}
{{- if and $upstream.enabled (not $upstream.host) (not (get $v $name).enabled) -}}
{{- $errors = append $errors (printf "gateway.upstreams.%s routes to the bundled %s, but %s.enabled is false. Set gateway.upstreams.%s.enabled=false (those routes then answer 503) or gateway.upstreams.%s.host to your own service." $name $name $name $name $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.monitoring.enabled $v.monitoring.prometheusRule.enabled -}}
{{- $unscraped := list -}}
{{- range $name := list "auth" "posts" "comments" "images" "postgres" "redis" -}}
{{- $c := get $v $name -}}
{{- if and $c.enabled (not $c.serviceMonitor.enabled) (or (not (hasKey $c "metrics")) (dig "metrics" "enabled" true $c)) -}}
{{- $unscraped = append $unscraped $name -}}
{{- end -}}
{{- end -}}
{{- if $unscraped -}}
{{- $errors = append $errors (printf "monitoring.prometheusRule.enabled is true, but its alerts read the series the ServiceMonitors produce: set serviceMonitor.enabled=true on %s." (join ", " $unscraped)) -}}
{{- end -}}
{{- end -}}
{{- if $errors -}}
{{- fail (printf "\n\nblog-platform: invalid values:\n  - %s\n" (join "\n  - " $errors)) -}}
{{- end -}}
{{- end -}}
