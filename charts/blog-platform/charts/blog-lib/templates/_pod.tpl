{{/*
Pod template of a component. Usage:
  include "blog.pod" (dict "context" $ "runtime" "node|nginx" "files" (dict ...) "configDir" "/etc/nginx")
`files` are extra ConfigMap entries (e.g. nginx.conf), each mounted into configDir; the config
checksum covers them, so a change rolls the pods.
*/}}
{{- define "blog.pod" -}}
{{- $ := .context -}}
{{- $configDir := .configDir -}}
metadata:
  labels:
    {{- include "blog.labels.standard" $ | nindent 4 }}
    {{- with $.Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ list (include "blog.config.data" .) .files | toJson | sha256sum }}
    {{- if and (eq .runtime "node") $.Values.metrics.podAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ include "blog.graph.metricsPort" $ | quote }}
    prometheus.io/path: {{ $.Values.metrics.path | quote }}
    {{- end }}
    {{- with $.Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- include "blog.pod.spec" $ | nindent 2 }}
  containers:
    - name: {{ $.Chart.Name }}
      image: {{ include "blog.image" (dict "image" $.Values.image "context" $) }}
      imagePullPolicy: {{ $.Values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        {{- if eq .runtime "node" }}
        # the metrics' own port: Prometheus is admitted here, not to the API
        - name: metrics
          containerPort: {{ include "blog.graph.metricsPort" $ }}
          protocol: TCP
        {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "blog.fullname" $ }}
        {{- with $.Values.existingSecret }}
        - secretRef:
            name: {{ . }}
        {{- end }}
      {{- with include "blog.config.env" . | trim }}
      env:
        {{- . | nindent 8 }}
      {{- end }}
      {{- if eq .runtime "nginx" }}
      lifecycle:
        preStop:
          exec:
            # keep serving while the endpoint is removed everywhere; nginx then quits gracefully
            command: ["sleep", "{{ $.Values.drainDelaySeconds | int64 }}"]
      {{- end }}
      {{- include "blog.pod.probes" $ | nindent 6 }}
      resources:
        {{- toYaml $.Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml $.Values.containerSecurityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if eq .runtime "node" }}
        - name: jwt
          mountPath: /var/run/secrets/blog/jwt
          readOnly: true
        {{- end }}
        {{- range $name, $_ := .files }}
        - name: config
          mountPath: {{ printf "%s/%s" $configDir $name }}
          subPath: {{ $name }}
          readOnly: true
        {{- end }}
        {{- with $.Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 256Mi
    {{- if eq .runtime "node" }}
    - name: jwt
      secret:
        secretName: {{ include "blog.secrets.jwtName" $ }}
        defaultMode: 0440
        items:
          - key: public.pem
            path: public.pem
          {{- if eq $.Chart.Name "auth" }}
          - key: private.pem
            path: private.pem
          {{- end }}
    {{- end }}
    {{- if .files }}
    - name: config
      configMap:
        name: {{ include "blog.fullname" $ }}-files
    {{- end }}
    {{- with $.Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/* Pod-level settings every workload shares: identity, security, scheduling. */}}
{{- define "blog.pod.spec" -}}
serviceAccountName: {{ include "blog.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
enableServiceLinks: false
{{- include "blog.imagePullSecrets" . }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds | int64 }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- range . }}
  - {{- toYaml (merge (deepCopy .) (dict "labelSelector" (dict "matchLabels" (include "blog.labels.selector" $ | fromYaml)))) | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The three probes of the main container. */}}
{{- define "blog.pod.probes" -}}
{{- with .Values.probes }}
livenessProbe:
  {{- toYaml .liveness | nindent 2 }}
readinessProbe:
  {{- toYaml .readiness | nindent 2 }}
startupProbe:
  {{- toYaml .startup | nindent 2 }}
{{- end }}
{{- end -}}
