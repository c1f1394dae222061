{{/*
Rules a JSON Schema cannot say, checked where a component renders. Each failure names the
values path (as the umbrella chart sees it) and what to change.
*/}}
{{- define "blog.validate.component" -}}
{{- $errors := list -}}
{{- $name := .Chart.Name -}}
{{- $v := .Values -}}
{{- with $v.autoscaling -}}
{{- if .enabled -}}
{{- if gt (int .minReplicas) (int .maxReplicas) -}}
{{- $errors = append $errors (printf "%s.autoscaling.minReplicas (%v) is greater than %s.autoscaling.maxReplicas (%v)." $name .minReplicas $name .maxReplicas) -}}
{{- end -}}
{{- if and (not .targetCPUUtilizationPercentage) (not .targetMemoryUtilizationPercentage) -}}
{{- $errors = append $errors (printf "%s.autoscaling is enabled but both targetCPUUtilizationPercentage and targetMemoryUtilizationPercentage are 0: give the HPA at least one metric." $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.vpa.enabled (has $v.vpa.updateMode (list "Auto" "Recreate" "InPlaceOrRecreate")) $v.autoscaling $v.autoscaling.enabled -}}
{{- range $resource, $target := dict "cpu" $v.autoscaling.targetCPUUtilizationPercentage "memory" $v.autoscaling.targetMemoryUtilizationPercentage -}}
{{- if and $target (has $resource $v.vpa.controlledResources) -}}
{{- $errors = append $errors (printf "%s.vpa.updateMode is %s and %s.autoscaling scales on %s: the VPA and the HPA would fight over %s. Set %s.vpa.updateMode to Off or Initial, or drop %s from %s.vpa.controlledResources." $name $v.vpa.updateMode $name $resource $resource $name $resource $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and (hasKey $v "drainDelaySeconds") (ge (int $v.drainDelaySeconds) (int $v.terminationGracePeriodSeconds)) -}}
{{- $errors = append $errors (printf "%s.drainDelaySeconds (%v) must be shorter than %s.terminationGracePeriodSeconds (%v), or Kubernetes kills the pod while it drains." $name $v.drainDelaySeconds $name $v.terminationGracePeriodSeconds) -}}
{{- end -}}
{{- if and $v.pdb.enabled (has (toString $v.pdb.maxUnavailable) (list "0" "0%")) -}}
{{- $errors = append $errors (printf "%s.pdb.maxUnavailable is %v: that blocks every node drain. Use 1 or more, or disable the PDB." $name $v.pdb.maxUnavailable) -}}
{{- end -}}
{{- if $errors -}}
{{- fail (printf "\n\nblog-platform: invalid values:\n  - %s\n" (join "\n  - " $errors)) -}}
{{- end -}}
{{- end -}}
