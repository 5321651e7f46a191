{{/*
Shared parts of the Anshin chart. Each service's template file (gateway.yaml, card-control-service.yaml, ...) renders
its objects through these, with a context (dict "root" $ "key" "<its key in values>").
*/}}

{{/*
The services: their key in values, name (module, image, Kubernetes name) and port (quarkus.http.port of their
application.properties; gRPC and HTTP share it).
*/}}
{{- define "anshin.services" -}}
gateway: {name: gateway, port: 8080, portName: http, appProtocol: http}
cardControl: {name: card-control-service, port: 8081, portName: grpc, appProtocol: kubernetes.io/h2c}
notification: {name: notification-service, port: 8082, portName: grpc, appProtocol: kubernetes.io/h2c}
consent: {name: consent-service, port: 8083, portName: grpc, appProtocol: kubernetes.io/h2c}
statement: {name: statement-service, port: 8084, portName: grpc, appProtocol: kubernetes.io/h2c}
{{- end }}

{{/*
THE NETWORK GRAPH IS THE CODE'S GRAPH. Each service's gRPC clients, named as in its application.properties
(quarkus.grpc.clients.<client>.*), and the service each one calls. The chart passes each client its host and port, opens
the caller's egress and the callee's ingress for it, and nothing else between services. A service that gains a gRPC
client gains its line here (one line); NetworkGraphTest (k8s/src/test) reads every application.properties and fails
until the two agree. Nothing else lets card-control or statement-service reach consent-service.
*/}}
{{- define "anshin.grpcClients" -}}
gateway:
  card-control: cardControl
  statement: statement
  notification: notification
  consent: consent
cardControl:
  statement: statement
  notification: notification
notification:
  consent: consent
  card-control: cardControl
consent:
  card-control: cardControl
  notification: notification
  statement: statement
statement:
  notification: notification
  card-control: cardControl
{{- end }}

{{/*
Systems outside the chart and the services they call, from the roles each service's grpc/Roles.java accepts (values:
networkPolicy.externalCallers.<caller> says where each one is).
*/}}
{{- define "anshin.externalCallers" -}}
cardNetwork: [cardControl]
directoryServer: [cardControl]
onboarding: [cardControl]
fraudEngine: [cardControl]
operators: [cardControl, notification, consent, statement]
clearing: [statement]
billing: [statement]
smsInbound: [notification]
marketing: [notification]
loginEvents: [notification]
applications: [consent]
{{- end }}

{{/* ---- names and labels ------------------------------------------------------------------------------------ */}}

{{- define "anshin.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The service's entry of anshin.services, as YAML: (dict "root" $ "key" "cardControl") */}}
{{- define "anshin.svc" -}}
{{- get (include "anshin.services" .root | fromYaml) .key | toYaml }}
{{- end }}

{{/* The Kubernetes name of the service's objects: <fullname>-<service name>. */}}
{{- define "anshin.name" -}}
{{- $svc := include "anshin.svc" . | fromYaml }}
{{- printf "%s-%s" (include "anshin.fullname" .root) $svc.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "anshin.chartLabel" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels that select a service's pods (Deployment, Service, NetworkPolicy peers, PDB). */}}
{{- define "anshin.selectorLabels" -}}
{{- $svc := include "anshin.svc" . | fromYaml -}}
app.kubernetes.io/name: {{ $svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{- define "anshin.labels" -}}
{{- $svc := include "anshin.svc" . | fromYaml -}}
helm.sh/chart: {{ include "anshin.chartLabel" .root }}
app.kubernetes.io/name: {{ $svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: anshin
{{- end }}

{{/* Labels of the objects that belong to the release as a whole. */}}
{{- define "anshin.releaseLabels" -}}
helm.sh/chart: {{ include "anshin.chartLabel" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: anshin
{{- end }}

{{/* <registry>/<repository>:<tag>, or @<digest> when one is set. */}}
{{- define "anshin.image" -}}
{{- $image := (get .root.Values .key).image }}
{{- $registry := .root.Values.global.imageRegistry | trimSuffix "/" }}
{{- $repository := ternary $image.repository (printf "%s/%s" $registry $image.repository) (empty $registry) }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* ---- configuration: environment variables of the service's own keys --------------------------------------- */}}

{{/* A configuration key as the environment variable Quarkus reads it from: non-alphanumerics to "_", upper case. */}}
{{- define "anshin.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper }}
{{- end }}

{{/* Names that hold secrets (a word password, secret, credentials, private or keys; or ending in key or token): a
literal value under such a name is refused. */}}
{{- define "anshin.secretLooking" -}}
{{- if regexMatch "(?i)((^|[._-])(password|passwd|secret|credentials?|private|keys)([._-]|$))|((^|[._-])(key|token)$)" . }}true{{ end }}
{{- end }}

{{- define "anshin.secretRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ required "a secret reference needs the Secret's name" .name | quote }}
    key: {{ required "a secret reference needs the key in the Secret" .key | quote }}
{{- end }}

{{/*
The environment of a service's container, as a YAML list: its database, issuer, gRPC clients (from anshin.grpcClients),
own client credentials, shutdown, logs, traces, settings, then what the service's template adds ("env", a YAML
list) and the extra environment. (dict "root" $ "key" "cardControl" "env" "<YAML list>" "job" false)
*/}}
{{- define "anshin.env" -}}
{{- $root := .root }}
{{- $values := get $root.Values .key }}
{{- $services := include "anshin.services" $root | fromYaml }}
{{- $db := $values.database }}
{{- $params := ternary "" (printf "?%s" $root.Values.mysql.parameters) (empty $root.Values.mysql.parameters) -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:mysql://%s:%v/%s%s" (default $root.Values.mysql.host $db.host) $root.Values.mysql.port $db.name $params | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  value: {{ $db.user | quote }}
- name: QUARKUS_DATASOURCE_PASSWORD
  {{- include "anshin.secretRef" $db.passwordSecret | nindent 2 }}
- name: QUARKUS_OIDC_AUTH_SERVER_URL
  value: {{ $root.Values.oidc.issuerUrl | quote }}
- name: QUARKUS_FLYWAY_MIGRATE_AT_START
  value: {{ or .job (eq $root.Values.migrations.mode "start") | toString | quote }}
{{- if .job }}
- name: QUARKUS_INIT_AND_EXIT
  value: "true"
{{- end }}
- name: QUARKUS_SHUTDOWN_TIMEOUT
  value: {{ printf "%vs" $root.Values.shutdown.timeoutSeconds | quote }}
- name: QUARKUS_LOG_CONSOLE_JSON_ENABLED
  value: {{ eq $root.Values.observability.logFormat "json" | toString | quote }}
{{- with $root.Values.observability.otlp.endpoint }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $root.Values.observability.otlp.protocol | quote }}
{{- end }}
{{- range $client, $target := get (include "anshin.grpcClients" $root | fromYaml) .key }}
{{- $callee := get $services $target }}
- name: {{ printf "QUARKUS_GRPC_CLIENTS_%s_HOST" (include "anshin.envName" $client) }}
  value: {{ printf "%s.%s.svc" (include "anshin.name" (dict "root" $root "key" $target)) $root.Release.Namespace | quote }}
- name: {{ printf "QUARKUS_GRPC_CLIENTS_%s_PORT" (include "anshin.envName" $client) }}
  value: {{ $callee.port | quote }}
{{- end }}
{{- with (get $values "oidcClient") }}
- name: QUARKUS_OIDC_CLIENT_CLIENT_ID
  value: {{ .clientId | quote }}
- name: QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET
  {{- include "anshin.secretRef" .secret | nindent 2 }}
{{- end }}
{{- with .env }}
{{ . | trim }}
{{- end }}
{{- range $key, $value := $values.settings }}
{{- if include "anshin.secretLooking" $key }}
{{- fail (printf "%s.settings.%s looks like a secret: the chart holds no secret value; pass it with extraEnv and valueFrom.secretKeyRef" $.key $key) }}
{{- end }}
- name: {{ include "anshin.envName" $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range (concat $root.Values.global.extraEnv $values.extraEnv) }}
{{- if and (hasKey . "value") (include "anshin.secretLooking" .name) }}
{{- fail (printf "extraEnv %s looks like a secret: take it from a Secret (valueFrom.secretKeyRef), the chart holds no secret value" .name) }}
{{- end }}
- {{ toYaml . | nindent 2 | trim }}
{{- end }}
{{- end }}

{{/* ---- the objects every service has ------------------------------------------------------------------------ */}}

{{- define "anshin.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
# No service talks to the Kubernetes API: no token in the pods.
automountServiceAccountToken: false
{{- end }}

{{/* Pod-level security: non-root (the images' user 185), seccomp RuntimeDefault. */}}
{{- define "anshin.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "anshin.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* (dict "root" $ "key" "cardControl" "env" "<YAML list>") */}}
{{- define "anshin.deployment" -}}
{{- $root := .root }}
{{- $values := get $root.Values .key }}
{{- $svc := include "anshin.svc" . | fromYaml }}
{{- $metrics := $root.Values.observability.metrics }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
spec:
  {{- if not $values.hpa.enabled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "anshin.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "anshin.labels" . | nindent 8 }}
        app.kubernetes.io/component: server
      {{- $annotations := deepCopy $values.podAnnotations }}
      {{- if and $metrics.scrapeAnnotations (not $metrics.serviceMonitor.enabled) }}
      {{- $_ := set $annotations "prometheus.io/scrape" "true" }}
      {{- $_ := set $annotations "prometheus.io/port" ($svc.port | toString) }}
      {{- $_ := set $annotations "prometheus.io/path" "/q/metrics" }}
      {{- end }}
      {{- with $annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "anshin.name" . }}
      automountServiceAccountToken: false
      # No <SERVICE>_PORT variables from other Services: Quarkus would read ANSHIN_* ones as configuration.
      enableServiceLinks: false
      securityContext:
        {{- include "anshin.podSecurityContext" . | nindent 8 }}
      # preStop + quarkus.shutdown.timeout + 15 s for card-control's relay to finish its batch and hand back its claims.
      terminationGracePeriodSeconds: {{ add $root.Values.shutdown.preStopSeconds $root.Values.shutdown.timeoutSeconds 15 }}
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      containers:
        - name: {{ $svc.name }}
          image: {{ include "anshin.image" . | quote }}
          imagePullPolicy: {{ $root.Values.global.imagePullPolicy }}
          ports:
            - name: {{ $svc.portName }}
              containerPort: {{ $svc.port }}
              protocol: TCP
          env:
            {{- include "anshin.env" (dict "root" $root "key" .key "env" .env "job" false) | nindent 12 }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "anshin.containerSecurityContext" . | nindent 12 }}
          # Flyway migrates before the service starts: up to 5 minutes.
          startupProbe:
            httpGet: {path: /q/health/started, port: {{ $svc.portName }}}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /q/health/live, port: {{ $svc.portName }}}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /q/health/ready, port: {{ $svc.portName }}}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ $root.Values.shutdown.preStopSeconds }}"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The root filesystem is read-only; the JVM and Vert.x write only under /tmp.
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "anshin.service" -}}
{{- $svc := include "anshin.svc" . | fromYaml }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
    app.kubernetes.io/component: server
spec:
  type: ClusterIP
  selector:
    {{- include "anshin.selectorLabels" . | nindent 4 }}
  ports:
    - name: {{ $svc.portName }}
      port: {{ $svc.port }}
      targetPort: {{ $svc.portName }}
      protocol: TCP
      appProtocol: {{ $svc.appProtocol }}
{{- end }}

{{- define "anshin.pdb" -}}
{{- $values := get .root.Values .key }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "anshin.selectorLabels" . | nindent 6 }}
{{- end }}

{{- define "anshin.hpa" -}}
{{- $values := get .root.Values .key }}
{{- if $values.hpa.enabled }}
{{- if gt (int $values.hpa.minReplicas) (int $values.hpa.maxReplicas) }}
{{- fail (printf "%s.hpa.minReplicas is above maxReplicas" .key) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "anshin.name" . }}
  minReplicas: {{ $values.hpa.minReplicas }}
  maxReplicas: {{ $values.hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.hpa.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{- define "anshin.serviceMonitor" -}}
{{- $monitor := .root.Values.observability.metrics.serviceMonitor }}
{{- if $monitor.enabled }}
{{- $svc := include "anshin.svc" . | fromYaml }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
    {{- with $monitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "anshin.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: {{ $svc.portName }}
      path: /q/metrics
      interval: {{ $monitor.interval }}
{{- end }}
{{- end }}

{{/* ---- network policies --------------------------------------------------------------------------------------- */}}

{{/* Peers of values (podLabels / namespaceLabels / cidr + except) as NetworkPolicyPeers, a YAML list. */}}
{{- define "anshin.peers" -}}
{{- $out := list }}
{{- range . }}
{{- if get . "cidr" }}
{{- $ipBlock := dict "cidr" (get . "cidr") }}
{{- with get . "except" }}{{ $_ := set $ipBlock "except" . }}{{ end }}
{{- $out = append $out (dict "ipBlock" $ipBlock) }}
{{- else }}
{{- $peer := dict }}
{{- with get . "namespaceLabels" }}{{ $_ := set $peer "namespaceSelector" (dict "matchLabels" .) }}{{ end }}
{{- with get . "podLabels" }}{{ $_ := set $peer "podSelector" (dict "matchLabels" .) }}{{ end }}
{{- if empty $peer }}
{{- fail "a network peer needs podLabels, namespaceLabels or a cidr (an empty one would match everything)" }}
{{- end }}
{{- $out = append $out $peer }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* A rule (ingress "from" or egress "to") of the peers on TCP ports; nothing when there is no peer, since a rule
without peers would allow everyone. (dict "direction" "from"|"to" "peers" list "ports" list) */}}
{{- define "anshin.rule" -}}
{{- if .peers }}
- {{ .direction }}:
    {{- include "anshin.peers" .peers | nindent 4 }}
  ports:
    {{- range .ports }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
{{- end }}
{{- end }}

{{/* A service's policy: ingress from its callers only, egress to DNS, its database, the issuer, its callees only. */}}
{{- define "anshin.networkPolicy" -}}
{{- $root := .root }}
{{- $key := .key }}
{{- $values := get $root.Values $key }}
{{- $svc := include "anshin.svc" . | fromYaml }}
{{- $services := include "anshin.services" $root | fromYaml }}
{{- $graph := include "anshin.grpcClients" $root | fromYaml }}
{{- $np := $root.Values.networkPolicy }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "anshin.name" . }}
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "anshin.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- range $caller, $clients := $graph }}
    {{- range $client, $target := $clients }}
    {{- if eq $target $key }}
    # {{ (get $services $caller).name }}: its gRPC client "{{ $client }}"
    - from:
        - podSelector:
            matchLabels:
              {{- include "anshin.selectorLabels" (dict "root" $root "key" $caller) | nindent 14 }}
      ports:
        - {protocol: TCP, port: {{ $svc.port }}}
    {{- end }}
    {{- end }}
    {{- end }}
    {{- if eq $key "gateway" }}
    {{- with include "anshin.rule" (dict "direction" "from" "peers" $np.gatewayFrom.ingressController "ports" (list $svc.port)) }}{{ . | trim | nindent 4 }}{{ end }}
    {{- with include "anshin.rule" (dict "direction" "from" "peers" $np.gatewayFrom.mobileBackend "ports" (list $svc.port)) }}{{ . | trim | nindent 4 }}{{ end }}
    {{- end }}
    {{- range $caller, $targets := include "anshin.externalCallers" $root | fromYaml }}
    {{- if has $key $targets }}
    {{- with include "anshin.rule" (dict "direction" "from" "peers" (get $np.externalCallers $caller) "ports" (list $svc.port)) }}{{ . | trim | nindent 4 }}{{ end }}
    {{- end }}
    {{- end }}
    {{- with include "anshin.rule" (dict "direction" "from" "peers" $np.metricsScraper "ports" (list $svc.port)) }}{{ . | trim | nindent 4 }}{{ end }}
  egress:
    # DNS
    - to:
        {{- include "anshin.peers" $np.dns.peers | nindent 8 }}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
    # its MySQL database
    {{- with include "anshin.rule" (dict "direction" "to" "peers" $root.Values.mysql.egress.peers "ports" (list $root.Values.mysql.port)) }}{{ . | trim | nindent 4 }}{{ end }}
    # the OpenID Connect provider (keys, discovery; card-control's own token)
    {{- with include "anshin.rule" (dict "direction" "to" "peers" $root.Values.oidc.egress.peers "ports" $root.Values.oidc.egress.ports) }}{{ . | trim | nindent 4 }}{{ end }}
    {{- range $client, $target := get $graph $key }}
    # {{ (get $services $target).name }}: gRPC client "{{ $client }}"
    - to:
        - podSelector:
            matchLabels:
              {{- include "anshin.selectorLabels" (dict "root" $root "key" $target) | nindent 14 }}
      ports:
        - {protocol: TCP, port: {{ (get $services $target).port }}}
    {{- end }}
    {{- if $root.Values.observability.otlp.endpoint }}
    # the OpenTelemetry collector
    {{- with include "anshin.rule" (dict "direction" "to" "peers" $root.Values.observability.otlp.egress.peers "ports" $root.Values.observability.otlp.egress.ports) }}{{ . | trim | nindent 4 }}{{ end }}
    {{- end }}
    {{- with .providerEgress }}
    {{- . | trim | nindent 4 }}
    {{- end }}
{{- end }}

{{/* ---- migrations as a Job (migrations.mode=job) ------------------------------------------------------------ */}}

{{- define "anshin.migrationLabels" -}}
{{- $svc := include "anshin.svc" . | fromYaml -}}
app.kubernetes.io/name: {{ $svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: migrations
{{- end }}

{{/*
The service's image, its environment, with Flyway on and quarkus.init-and-exit: Quarkus migrates and exits. The
services then start with migrate-at-start off. A pre-install/pre-upgrade hook: the upgrade waits for it, and a failed
migration stops the upgrade before any pod runs the new code.
*/}}
{{- define "anshin.migrationJob" -}}
{{- $root := .root }}
{{- if eq $root.Values.migrations.mode "job" }}
{{- $svc := include "anshin.svc" . | fromYaml }}
{{- $job := $root.Values.migrations.job }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "anshin.name" . }}-migrations
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  podSelector:
    matchLabels:
      {{- include "anshin.migrationLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress:
    - to:
        {{- include "anshin.peers" $root.Values.networkPolicy.dns.peers | nindent 8 }}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
    {{- with include "anshin.rule" (dict "direction" "to" "peers" $root.Values.mysql.egress.peers "ports" (list $root.Values.mysql.port)) }}{{ . | trim | nindent 4 }}{{ end }}
    # quarkus-oidc reads the provider's metadata while the application starts.
    {{- with include "anshin.rule" (dict "direction" "to" "peers" $root.Values.oidc.egress.peers "ports" $root.Values.oidc.egress.ports) }}{{ . | trim | nindent 4 }}{{ end }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "anshin.name" . }}-migrations
  labels:
    {{- include "anshin.labels" . | nindent 4 }}
    app.kubernetes.io/component: migrations
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # Kept after success for its log, until ttlSecondsAfterFinished; replaced by the next release's.
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: {{ $job.backoffLimit }}
  activeDeadlineSeconds: {{ $job.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: {{ $job.ttlSecondsAfterFinished }}
  template:
    metadata:
      labels:
        {{- include "anshin.labels" . | nindent 8 }}
        app.kubernetes.io/component: migrations
    spec:
      restartPolicy: Never
      serviceAccountName: {{ include "anshin.fullname" $root }}-migrations
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        {{- include "anshin.podSecurityContext" . | nindent 8 }}
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      containers:
        - name: migrations
          image: {{ include "anshin.image" . | quote }}
          imagePullPolicy: {{ $root.Values.global.imagePullPolicy }}
          env:
            {{- include "anshin.env" (dict "root" $root "key" .key "env" .env "job" true) | nindent 12 }}
          resources:
            {{- toYaml $job.resources | nindent 12 }}
          securityContext:
            {{- include "anshin.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
{{- end }}
{{- end }}

{{/* Every object of one service, in order. (dict "root" $ "key" "cardControl" "env" "<YAML list>" "providerEgress" "<YAML>") */}}
{{- define "anshin.serviceObjects" -}}
{{ include "anshin.serviceAccount" . }}
---
{{ include "anshin.deployment" . }}
---
{{ include "anshin.service" . }}
---
{{ include "anshin.networkPolicy" . }}
---
{{ include "anshin.pdb" . }}
{{- with include "anshin.hpa" . }}
---
{{ . }}
{{- end }}
{{- with include "anshin.serviceMonitor" . }}
---
{{ . }}
{{- end }}
{{- with include "anshin.migrationJob" . }}
---
{{ . }}
{{- end }}
{{- end }}
