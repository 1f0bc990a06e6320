{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "ferrium-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's objects: fullnameOverride, else the release name when it already contains
the chart name, else RELEASE-CHART. Kubernetes names are limited to 63 characters.
*/}}
{{- define "ferrium-operator.fullname" -}}
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

{{/*
chart label value: NAME-VERSION.
*/}}
{{- define "ferrium-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object of the release.
*/}}
{{- define "ferrium-operator.labels" -}}
helm.sh/chart: {{ include "ferrium-operator.chart" . }}
{{ include "ferrium-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: ferrium
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels selecting the operator's pods; they never change across upgrades.
*/}}
{{- define "ferrium-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferrium-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The operator's ServiceAccount.
*/}}
{{- define "ferrium-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ferrium-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The operator image.
*/}}
{{- define "ferrium-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
What the operator does in each namespace it watches: exactly the kinds and verbs it uses, as listed
in operator/src/main/resources/io/ferrium/operator/rbac-rules.yaml (a test of the chart compares
them). The Lease of leader election is apart, in the release namespace only.
*/}}
{{- define "ferrium-operator.watchRules" -}}
- apiGroups: ["ferrium.io"]
  resources: ["ferriumclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["ferrium.io"]
  resources: ["ferriumclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Certificate Secrets: read (the operator's client certificate, the CA of issued leaves) and the
# trust bundle written.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["cert-manager.io"]
  resources: ["certificates", "issuers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# After a CA rotation the leaves are re-issued as `cmctl renew` does, through the Issuing condition.
- apiGroups: ["cert-manager.io"]
  resources: ["certificates/status"]
  verbs: ["get", "patch", "update"]
{{- end }}

{{/*
Leader election: the operator reads, creates and renews its Lease.
*/}}
{{- define "ferrium-operator.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
