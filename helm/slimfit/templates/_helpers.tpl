{{/* Chart name, or nameOverride. */}}
{{- define "slimfit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: fullnameOverride, else <release>-<name> (just <release> when it holds the name). */}}
{{- define "slimfit.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A role's resource name: fullname-<component>. Call with (dict "root" $ "component" "api"). */}}
{{- define "slimfit.componentName" -}}
{{- printf "%s-%s" (include "slimfit.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{- define "slimfit.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "slimfit.labels" -}}
helm.sh/chart: {{ include "slimfit.chart" . }}
app.kubernetes.io/name: {{ include "slimfit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: slimfit
{{- end }}

{{/* Selector labels of one role. Call with (dict "root" $ "component" "api"). */}}
{{- define "slimfit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slimfit.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of one role. Call with (dict "root" $ "component" "api"). */}}
{{- define "slimfit.componentLabels" -}}
{{ include "slimfit.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
A role's image: registry + repository + ":" + tag, the tag being the role's, else image.tag, else the chart's
appVersion, followed by an optional suffix. Call with (dict "root" $ "image" .Values.api.image "suffix" "").
*/}}
{{- define "slimfit.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s%s:%s%s" .root.Values.image.registry .image.repository $tag (.suffix | default "") }}
{{- end }}

{{/* The Secret the roles read their secrets from. */}}
{{- define "slimfit.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "slimfit.componentName" (dict "root" . "component" "secrets")) }}
{{- end }}

{{/* The ConfigMap of settings the roles share. */}}
{{- define "slimfit.configMapName" -}}
{{- include "slimfit.componentName" (dict "root" . "component" "config") }}
{{- end }}

{{/* The in-cluster API URL. */}}
{{- define "slimfit.apiUrl" -}}
{{- printf "http://%s:%v" (include "slimfit.componentName" (dict "root" . "component" "api")) .Values.api.service.port }}
{{- end }}

{{/* ServiceAccount name. */}}
{{- define "slimfit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- .Values.serviceAccount.name | default (include "slimfit.fullname" .) }}
{{- else }}
{{- .Values.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}

{{/*
checksum/config: a hash of the rendered ConfigMap and of the Secret this chart makes, so that a change to either
rolls the pods (environment variables are read only at start). An existingSecret is outside the chart: roll the pods
yourself after changing it (kubectl rollout restart), or use podAnnotations with a reloader.
*/}}
{{- define "slimfit.configChecksum" -}}
{{- $config := include (print .Template.BasePath "/configmap.yaml") . }}
{{- $secret := include (print .Template.BasePath "/secret.yaml") . }}
{{- printf "%s\n---\n%s" $config $secret | sha256sum }}
{{- end }}

{{/* Pod annotations of every role. */}}
{{- define "slimfit.podAnnotations" -}}
checksum/config: {{ include "slimfit.configChecksum" . }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* A secretKeyRef env entry. Call with (dict "root" $ "name" "SLIMFIT_WORKER_SECRET" "key" "worker-secret"). */}}
{{- define "slimfit.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "slimfit.secretName" .root }}
      key: {{ .key }}
{{- end }}

{{/*
Native runtime settings of the roles that run libtorch (worker and agent); the images set the same, the chart repeats
them so that any image gets them:
- OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of spinning; with spinning threads training ran at 20-59
  images/s instead of 410-450 on 2 cores.
- MALLOC_MMAP_THRESHOLD_ / MALLOC_TOP_PAD_ (256 MiB): glibc keeps freed memory, so libtorch stops re-faulting its heap
  on every step: faster training and repeatable latency timings (bench/worker/README.md).
- DJL_OFFLINE / OPT_OUT_TRACKING: DJL never downloads and sends no telemetry (the code sets the same properties).
- DJL_CACHE_DIR: where DJL unpacks libtorch: an emptyDir, since the root file system is read-only.
*/}}
{{- define "slimfit.nativeEnv" -}}
- name: OMP_WAIT_POLICY
  value: PASSIVE
- name: MALLOC_MMAP_THRESHOLD_
  value: "268435456"
- name: MALLOC_TOP_PAD_
  value: "268435456"
- name: DJL_OFFLINE
  value: "true"
- name: OPT_OUT_TRACKING
  value: "true"
- name: DJL_CACHE_DIR
  value: /var/cache/slimfit/djl
{{- end }}

{{/* Pod-level settings every role shares. */}}
{{- define "slimfit.podCommon" -}}
serviceAccountName: {{ include "slimfit.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{/* The workers' read-only dataset volume (datasets.type hostPath, pvc or none). */}}
{{- define "slimfit.datasetVolume" -}}
{{- if eq .Values.datasets.type "hostPath" }}
- name: datasets
  hostPath:
    path: {{ .Values.datasets.hostPath }}
    type: DirectoryOrCreate
{{- else if eq .Values.datasets.type "pvc" }}
- name: datasets
  persistentVolumeClaim:
    claimName: {{ required "datasets.claimName is required for datasets.type pvc" .Values.datasets.claimName }}
    readOnly: true
{{- else if ne .Values.datasets.type "none" }}
{{- fail (printf "datasets.type must be hostPath, pvc or none, not %q" .Values.datasets.type) }}
{{- end }}
{{- end }}

{{/* A nodeSelector block; values quoted, since labels are strings (--set a.b=true would give a boolean). */}}
{{- define "slimfit.nodeSelector" -}}
{{- with . }}
nodeSelector:
  {{- range $key, $value := . }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}
{{- end }}
