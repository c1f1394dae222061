{{/*
The gateway's nginx.conf: the RealWorld routes of DESIGN.md, upstream keepalive, a per-IP rate
limit on /api, request size limits, security headers, JSON access logs and request ids.
Returned as the `files` map that blog.configmap and blog.deployment take.
*/}}
{{- define "gateway.files" -}}
nginx.conf: |
{{- include "gateway.nginxConf" . | nindent 2 }}
{{- end -}}

{{- define "gateway.upstreamHost" -}}
{{- $upstream := get .context.Values.upstreams .name -}}
{{- printf "%s:%d" ($upstream.host | default (include "blog.componentName" (dict "context" .context "component" .name))) ($upstream.port | int64) -}}
{{- end -}}

{{/* One location: proxied when its upstream is enabled, a JSON 503 when it is switched off. */}}
{{- define "gateway.location" -}}
{{- $upstream := get .context.Values.upstreams .upstream -}}
location {{ .match }} {
{{- if $upstream.enabled }}
{{- if .api }}
  {{- if .context.Values.nginx.rateLimit.enabled }}
  limit_req zone=api{{ with .context.Values.nginx.rateLimit.burst | int64 }} burst={{ . }}{{ end }} nodelay;
  {{- end }}
{{- end }}
  proxy_pass http://{{ .upstream }};
{{- else }}
  default_type application/json;
  return 503 '{"errors":{"gateway":["{{ .upstream }} is disabled in this installation"]}}';
{{- end }}
}
{{- end -}}

{{- define "gateway.nginxConf" -}}
{{- $nginx := .Values.nginx -}}
worker_processes {{ $nginx.workerProcesses | int64 }};
pid /tmp/nginx.pid;
error_log /dev/stderr warn;

events {
  worker_connections {{ $nginx.workerConnections | int64 }};
}

http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;

  server_tokens off;
  default_type application/octet-stream;
  sendfile on;
  keepalive_timeout 65s;
  client_max_body_size {{ $nginx.clientMaxBodySize }};

  {{- with $nginx.realIpFrom }}
  # the client is the last address in X-Forwarded-For that is not one of these proxies
  {{- range . }}
  set_real_ip_from {{ . }};
  {{- end }}
  real_ip_header X-Forwarded-For;
  real_ip_recursive on;
  {{- end }}

  # keep the caller's request id, or start one here, and pass it on to the services
  map $http_x_request_id $request_id_out {
    default $http_x_request_id;
    "" $request_id;
  }

  log_format json escape=json '{"time":"$time_iso8601","level":"info","message":"$request_method $uri $status",'
    '"requestId":"$request_id_out","remoteAddr":"$remote_addr","method":"$request_method","uri":"$request_uri",'
    '"status":$status,"bytes":$body_bytes_sent,"durationSeconds":$request_time,"upstream":"$upstream_addr",'
    '"upstreamSeconds":"$upstream_response_time","userAgent":"$http_user_agent"}';
  access_log /dev/stdout json;

  {{- if $nginx.rateLimit.enabled }}
  limit_req_zone $binary_remote_addr zone=api:10m rate={{ $nginx.rateLimit.requestsPerSecond | int64 }}r/s;
  limit_req_status 429;
  {{- end }}

  {{- range $name := list "frontend" "auth" "posts" "comments" "images" }}
  {{- if (get $.Values.upstreams $name).enabled }}

  upstream {{ $name }} {
    server {{ include "gateway.upstreamHost" (dict "context" $ "name" $name) }};
    {{- with $nginx.upstreamKeepalive | int64 }}
    keepalive {{ . }};
    # close idle connections before the services do (fastify keeps them 72 s)
    keepalive_timeout 30s;
    {{- end }}
  }
  {{- end }}
  {{- end }}

  server {
    listen 8080;
    server_name _;

    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy strict-origin-when-cross-origin always;
    add_header X-Request-Id $request_id_out always;
    # the id above is the one answer; a service echoing it would double the header
    proxy_hide_header X-Request-Id;
    # set here for every answer; the frontend's nginx sets them too, for when it is reached directly
    proxy_hide_header X-Content-Type-Options;
    proxy_hide_header Referrer-Policy;

    # the API's clients read JSON errors, also from nginx itself
    error_page 413 = @too_large;
    error_page 429 = @rate_limited;
    location @too_large {
      default_type application/json;
      return 413 '{"errors":{"body":["the request body is larger than {{ $nginx.clientMaxBodySize }}"]}}';
    }
    location @rate_limited {
      default_type application/json;
      return 429 '{"errors":{"rate":["too many requests: slow down and retry"]}}';
    }

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Request-Id $request_id_out;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_connect_timeout {{ $nginx.proxyConnectTimeoutSeconds | int64 }}s;
    proxy_read_timeout {{ $nginx.proxyReadTimeoutSeconds | int64 }}s;
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 2;

    location = /health {
      access_log off;
      default_type text/plain;
      return 200 "ok\n";
    }

    location = /ready {
      access_log off;
      default_type text/plain;
      return 200 "ready\n";
    }

    {{- range list
      (dict "match" "/api/users" "upstream" "auth")
      (dict "match" "= /api/user" "upstream" "auth")
      (dict "match" "/api/profiles" "upstream" "auth")
      (dict "match" "~ ^/api/articles/[^/]+/comments(/|$)" "upstream" "comments")
      (dict "match" "/api/articles" "upstream" "posts")
      (dict "match" "= /api/tags" "upstream" "posts")
      (dict "match" "/api/images" "upstream" "images") }}

    {{ include "gateway.location" (merge (dict "context" $ "api" true) .) | nindent 4 | trim }}
    {{- end }}

    location /api/ {
      default_type application/json;
      return 404 '{"errors":{"path":["no such API route"]}}';
    }

    {{ include "gateway.location" (dict "context" $ "match" "/" "upstream" "frontend" "api" false) | nindent 4 | trim }}
  }
}
{{- end -}}
