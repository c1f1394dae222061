{{/* The Postgres container's settings: the ConfigMap's data, and what its checksum annotation hashes. */}}
{{- define "postgres.configData" -}}
POSTGRES_DB: {{ .Values.global.database.name | quote }}
POSTGRES_USER: {{ .Values.global.database.user | quote }}
PGDATA: /var/lib/postgresql/data/pgdata
{{- with .Values.env }}
{{ toYaml . }}
{{- end }}
{{- end -}}
