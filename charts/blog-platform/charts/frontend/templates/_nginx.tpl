{{/*
The frontend's nginx.conf: serves the built single-page app (the image's /usr/share/nginx/html).
Hashed assets are cached for a year; index.html is revalidated on every load, so a new release is
picked up at once; any other path that is not a file gets index.html (the app's router takes it).
Returned as the `files` map that blog.configmap.files and blog.deployment take.
*/}}
{{- define "frontend.files" -}}
nginx.conf: |
{{- include "frontend.nginxConf" . | nindent 2 }}
{{- end -}}

{{/* Headers of every answer; repeated in each location because nginx drops inherited add_headers
when a location adds its own. */}}
{{- define "frontend.headers" -}}
add_header Content-Security-Policy "{{ .Values.nginx.contentSecurityPolicy }}" always;
add_header X-Content-Type-Options nosniff always;
add_header Referrer-Policy strict-origin-when-cross-origin always;
add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;
{{- end -}}

{{- define "frontend.nginxConf" -}}
worker_processes 1;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;

events {
  worker_connections 1024;
}

http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;

  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65s;

  gzip on;
  gzip_vary on;
  gzip_min_length 1024;
  gzip_types text/css application/javascript application/json image/svg+xml text/plain;

  log_format json escape=json '{"time":"$time_iso8601","level":"info","message":"$request_method $uri $status",'
    '"requestId":"$http_x_request_id","method":"$request_method","uri":"$request_uri","status":$status,'
    '"bytes":$body_bytes_sent,"durationSeconds":$request_time}';
  access_log /dev/stdout json;

  server {
    listen 8080;
    server_name _;
    root /usr/share/nginx/html;

    location = /health {
      access_log off;
      default_type text/plain;
      return 200 "ok\n";
    }

    # ready once the app is there to serve
    location = /ready {
      access_log off;
      default_type text/plain;
      try_files /index.html =503;
    }

    # Vite names these by content hash: a changed file has a new name
    location /assets/ {
      {{- include "frontend.headers" . | nindent 6 }}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
      try_files $uri =404;
    }

    location / {
      {{- include "frontend.headers" . | nindent 6 }}
      add_header Cache-Control "no-cache" always;
      try_files $uri /index.html;
    }
  }
}
{{- end -}}
