{{/*
Alert rules of the platform as plain Prometheus rule groups (what promtool reads, and the
PrometheusRule's spec). Series are those the ServiceMonitors produce: job = the Service name.
*/}}
{{- define "monitoring.rules" -}}
{{- $ns := .Release.Namespace -}}
{{- $services := printf "%s-(auth|posts|comments|images)" .Release.Name -}}
{{- $sel := printf "namespace=%q, job=~%q" $ns $services -}}
{{- $r := .Values.prometheusRule -}}
{{- $runbook := $r.runbookBaseUrl -}}
groups:
  - name: blog-platform.services
    rules:
      - alert: HighErrorRate
        expr: |
          sum by (namespace, job) (rate(http_requests_total{ {{- $sel }}, status=~"5.."}[5m]))
            / sum by (namespace, job) (rate(http_requests_total{ {{- $sel }}}[5m]))
            > {{ $r.errorRateThreshold }}
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: {{ printf "%s of the requests to {{ $labels.job }} fail" (printf "More than %v%%" (mulf $r.errorRateThreshold 100)) | quote }}
          description: {{ "{{ $labels.job }} in {{ $labels.namespace }} answers {{ $value | humanizePercentage }} of its requests with a 5xx status." | quote }}
          runbook_url: {{ printf "%s#higherrorrate" $runbook }}
      - alert: HighLatency
        expr: |
          histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket{ {{- $sel }}}[5m])))
            > {{ $r.latencyP95Seconds }}
        for: 10m
        labels:
          severity: warning
        annotations:
          summary: {{ printf "p95 latency of {{ $labels.job }} is above %vs" $r.latencyP95Seconds | quote }}
          description: {{ "The 95th percentile response time of {{ $labels.job }} is {{ $value | humanizeDuration }}." | quote }}
          runbook_url: {{ printf "%s#highlatency" $runbook }}
      - alert: ServiceDown
        expr: up{ {{- $sel }}} == 0
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: {{ "{{ $labels.job }} cannot be scraped" | quote }}
          description: {{ "Prometheus has not reached {{ $labels.instance }} of {{ $labels.job }} for 5 minutes." | quote }}
          runbook_url: {{ printf "%s#servicedown" $runbook }}
      - alert: PodCrashLooping
        expr: |
          max_over_time(kube_pod_container_status_waiting_reason{namespace={{ $ns | quote }}, pod=~{{ printf "%s-.*" .Release.Name | quote }}, reason="CrashLoopBackOff"}[5m]) >= 1
        for: 15m
        labels:
          severity: warning
        annotations:
          summary: {{ "Pod {{ $labels.pod }} is crash looping" | quote }}
          description: {{ "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 15 minutes." | quote }}
          runbook_url: {{ printf "%s#podcrashlooping" $runbook }}
  - name: blog-platform.data
    rules:
      - alert: PostgresDown
        expr: |
          pg_up{namespace={{ $ns | quote }}, job={{ printf "%s-postgres" .Release.Name | quote }}} == 0
            or up{namespace={{ $ns | quote }}, job={{ printf "%s-postgres" .Release.Name | quote }}} == 0
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: Postgres is down
          description: {{ "Postgres of {{ $labels.namespace }} has not answered its exporter for 2 minutes; the services report not ready." | quote }}
          runbook_url: {{ printf "%s#postgresdown" $runbook }}
      - alert: RedisDown
        expr: |
          redis_up{namespace={{ $ns | quote }}, job={{ printf "%s-redis" .Release.Name | quote }}} == 0
            or up{namespace={{ $ns | quote }}, job={{ printf "%s-redis" .Release.Name | quote }}} == 0
        for: 2m
        labels:
          severity: warning
        annotations:
          summary: Redis is down
          description: {{ "Redis of {{ $labels.namespace }} is down; the services serve from Postgres, slower." | quote }}
          runbook_url: {{ printf "%s#redisdown" $runbook }}
      - alert: PersistentVolumeFilling
        expr: |
          kubelet_volume_stats_used_bytes{namespace={{ $ns | quote }}, persistentvolumeclaim=~{{ printf "data-%s-.*" .Release.Name | quote }}}
            / kubelet_volume_stats_capacity_bytes{namespace={{ $ns | quote }}, persistentvolumeclaim=~{{ printf "data-%s-.*" .Release.Name | quote }}}
            > {{ $r.pvcUsageThreshold }}
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: {{ "Volume {{ $labels.persistentvolumeclaim }} is filling up" | quote }}
          description: {{ "{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full." | quote }}
          runbook_url: {{ printf "%s#persistentvolumefilling" $runbook }}
{{- end -}}
