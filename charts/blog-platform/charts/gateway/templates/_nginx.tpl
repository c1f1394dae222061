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

{{/*
The answers nginx makes itself, in the RealWorld error shape: status, the error's key, its message.
Those of a malformed or oversized request are the server's (any route, even before one is chosen);
the others are the API locations' own, so that the frontend's routes keep nginx's HTML pages.
494 is nginx's code for headers too large; it answers 431. The pages are internal URIs, not named
locations: a request whose line did not parse has no URI, and nginx cannot go to a named location
without one.
*/}}
{{- define "gateway.jsonErrors" -}}
request:
  - [400, 400, request, "the request is malformed"]
  - [405, 405, method, "this method is not allowed"]
  - [408, 408, request, "the request took too long to arrive"]
  - [413, 413, body, "the request body is larger than this route takes"]
  - [414, 414, request, "the request line is too long"]
  - [429, 429, rate, "too many requests: slow down and retry"]
  - [599, 503, capacity, "the gateway is at capacity: retry after the Retry-After seconds"]
  - [494, 431, headers, "the request headers are too large"]
api:
  - [500, 500, gateway, "internal error"]
  - [502, 502, gateway, "the service behind this route did not answer"]
  - [503, 503, gateway, "the service behind this route is unavailable, try again shortly"]
  - [504, 504, gateway, "the service behind this route took too long to answer"]
{{- end -}}

{{/* error_page lines for a group of gateway.jsonErrors ("request", or "request" and "api"). */}}
{{- define "gateway.errorPages" -}}
{{- $errors := include "gateway.jsonErrors" .context | fromYaml -}}
{{- range $group := .groups }}
{{- range get $errors $group }}
error_page {{ index . 0 }} ={{ index . 1 }} /_gateway/error/{{ index . 0 }};
{{- end }}
{{- end }}
{{- end -}}

{{/* One location: proxied when its upstream is enabled, a JSON 503 when it is switched off. */}}
{{- define "gateway.location" -}}
{{- $upstream := get .context.Values.upstreams .upstream -}}
location {{ .match }} {
{{- if .unknownApi }}
  # a location's own error_page replaces the server's: the server's, and the unknown API path
  # (the raw $request_uri, before nginx normalised it)
  {{- include "gateway.errorPages" (dict "context" .context "groups" (list "request")) | trim | nindent 2 }}
  error_page 418 = @unknown_api;
  if ($request_uri ~* "^/api(/|\?|$)") {
    return 418;
  }
{{- end }}
{{- if $upstream.enabled }}
{{- with .context.Values.nginx.maxRequestsInFlight | int64 }}
  # shed past maxRequestsInFlight requests to this upstream (gateway.jsonErrors 599: a 503 with Retry-After)
  set $upstream_name {{ $.upstream }};
  limit_conn in_flight {{ . }};
{{- end }}
{{- if .api }}
  client_max_body_size {{ ternary .context.Values.nginx.clientMaxBodySize .context.Values.nginx.jsonMaxBodySize (eq .upstream "images") }};
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

  {{- /* realIpFrom: the deprecated name of trustedProxies */}}
  {{- with concat ($nginx.trustedProxies | default list) ($nginx.realIpFrom | default list) | uniq }}
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
  {{- if $nginx.maxRequestsInFlight }}
  # requests in flight per upstream (each location sets $upstream_name); 599 is the gateway's own code for "shed"
  limit_conn_zone $upstream_name zone=in_flight:1m;
  limit_conn_status 599;
  # below error_log's level: a shed request costs its access log line only, not a second line
  limit_conn_log_level info;
  {{- end }}

  # when to come back after a shed or a rate-limited request, or an unavailable service: a
  # service's own Retry-After passes through (images' upload quota), the gateway's says 1 s
  map "$status:$upstream_http_retry_after" $retry_after {
    "~^(429|503):$" 1;
    default "";
  }

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
    # empty (so not sent) but where $retry_after says
    add_header Retry-After $retry_after always;
    {{- if $nginx.maxRequestsInFlight }}
    # declared for every request: the proxied locations name their upstream, the rest count nowhere (an empty key)
    set $upstream_name "";
    {{- end }}
    # the id above is the one answer; a service echoing it would double the header
    proxy_hide_header X-Request-Id;
    # set here for every answer; the frontend's nginx sets them too, for when it is reached directly
    proxy_hide_header X-Content-Type-Options;
    proxy_hide_header Referrer-Policy;

    # the API's clients read JSON errors, also from nginx itself (gateway.jsonErrors)
    {{- include "gateway.errorPages" (dict "context" $ "groups" (list "request")) | trim | nindent 4 }}
    {{- $errors := include "gateway.jsonErrors" . | fromYaml }}
    {{- range concat $errors.request $errors.api }}
    location = /_gateway/error/{{ index . 0 }} {
      internal;
      default_type application/json;
      return {{ index . 1 }} '{"errors":{"{{ index . 2 }}":["{{ index . 3 }}"]}}';
    }
    {{- end }}

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

    # the API, in one block whose error pages every route inherits; a path no route matches is a
    # JSON 404, never the single-page app
    location /api/ {
      {{- include "gateway.errorPages" (dict "context" $ "groups" (list "request" "api")) | trim | nindent 6 }}
      {{- range list
        (dict "match" "/api/users" "upstream" "auth")
        (dict "match" "= /api/user" "upstream" "auth")
        (dict "match" "/api/profiles" "upstream" "auth")
        (dict "match" "~ ^/api/articles/[^/]+/comments(/|$)" "upstream" "comments")
        (dict "match" "/api/articles" "upstream" "posts")
        (dict "match" "= /api/tags" "upstream" "posts")
        (dict "match" "/api/images" "upstream" "images") }}

      {{ include "gateway.location" (merge (dict "context" $ "api" true) .) | nindent 6 | trim }}
      {{- end }}

      default_type application/json;
      return 404 '{"errors":{"path":["no such API route"]}}';
    }

    # a request written as an API path that nginx's normalisation took elsewhere
    # (/api/articles/..%2F..%2Fuser is /user) is an unknown API route, not the single-page app
    location @unknown_api {
      default_type application/json;
      return 404 '{"errors":{"path":["no such API route"]}}';
    }

    {{ include "gateway.location" (dict "context" $ "match" "/" "upstream" "frontend" "api" false "unknownApi" true) | nindent 4 | trim }}
  }
}
{{- end -}}
