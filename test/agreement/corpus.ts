// Values documents on which the SDK and helm must reach the same verdict. Every document is what a
// user would write (the chart defaults fill in the rest); `path` is where the SDK must point.
import { mergeValueFiles, type Values } from "../../sdk/src/index.ts";

const credentials = { global: { database: { existingSecret: "blog-db" }, redis: { existingSecret: "blog-redis" }, jwt: { existingSecret: "blog-jwt" } } };
// stacked like two -f files, so that a document's own null still reaches helm
const withCredentials = (values: Record<string, unknown>): Values => mergeValueFiles([credentials, values]) as Values;

export interface ValidDocument {
  name: string;
  values: Values;
}
export interface InvalidDocument extends ValidDocument {
  /** The path of the first error the SDK reports. */
  path: string;
}

const valid: Array<[string, Record<string, unknown>]> = [
  ["credentials only", {}],
  ["no credentials: the credentials Job makes them", { global: { database: { existingSecret: "" }, redis: { existingSecret: "" }, jwt: { existingSecret: "" } } }],
  ["pull secrets in both forms", { global: { imagePullSecrets: ["regcred", { name: "other" }] }, posts: { imagePullSecrets: [{ name: "posts-registry" }] } }],
  ["passwords in values", { global: { database: { existingSecret: "", password: "pw" }, redis: { existingSecret: "", password: "pw" }, jwt: { existingSecret: "", privateKey: "k", publicKey: "p" } } }],
  ["external Postgres and Redis", { global: { database: { host: "db.internal", port: 6432 }, redis: { host: "cache.internal" } }, postgres: { enabled: false }, redis: { enabled: false } }],
  ["external Redis without a password", { global: { redis: { host: "cache.internal", existingSecret: "" } }, redis: { enabled: false } }],
  ["gateway autoscaling", { gateway: { autoscaling: { enabled: true } } }],
  ["frontend autoscaling on CPU only", { frontend: { autoscaling: { enabled: true, targetMemoryUtilizationPercentage: 0 } } }],
  ["auth autoscaling with behaviour", { auth: { autoscaling: { enabled: true, behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } } }],
  ["posts autoscaling to 20", { posts: { autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 20 } } }],
  ["comments autoscaling min equals max", { comments: { autoscaling: { enabled: true, minReplicas: 4, maxReplicas: 4 } } }],
  ["images autoscaling on memory only", { images: { autoscaling: { enabled: true, targetCPUUtilizationPercentage: 0 } } }],
  ["VPA recommending", { posts: { vpa: { enabled: true } } }],
  ["VPA Auto on memory beside a CPU HPA", { images: { autoscaling: { enabled: true, targetMemoryUtilizationPercentage: 0 }, vpa: { enabled: true, updateMode: "Auto", controlledResources: ["memory"] } } }],
  ["VPA with bounds on Postgres", { postgres: { vpa: { enabled: true, updateMode: "Initial", minAllowed: { cpu: "100m" }, maxAllowed: { memory: "4Gi" } } } }],
  ["ingress with TLS", { gateway: { ingress: { enabled: true, className: "nginx", hosts: ["blog.example.com"], tls: { enabled: true, secretName: "blog-tls" } } } }],
  ["registry and pull secrets", { global: { imageRegistry: "registry.example.com", imagePullSecrets: ["regcred", "other"] } }],
  ["digest-pinned image", { auth: { image: { tag: "0.1.0", digest: `sha256:${"a".repeat(64)}` } } }],
  ["scheduling constraints", { posts: { nodeSelector: { "kubernetes.io/os": "linux" }, tolerations: [{ key: "dedicated", operator: "Equal", value: "blog", effect: "NoSchedule" }], affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { "app.kubernetes.io/component": "posts" } } } }] } } } }],
  ["topology spread", { gateway: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }] } }],
  ["extra env and volumes", { comments: { extraEnv: [{ name: "FEATURE", valueFrom: { configMapKeyRef: { name: "flags", key: "feature" } } }], extraVolumes: [{ name: "certs", secret: { secretName: "ca" } }], extraVolumeMounts: [{ name: "certs", mountPath: "/certs", readOnly: true }] } }],
  ["service mesh annotations and labels", { auth: { podAnnotations: { "linkerd.io/inject": "enabled" }, podLabels: { "sidecar.istio.io/inject": "true" } } }],
  ["ServiceMonitors everywhere", { auth: { serviceMonitor: { enabled: true } }, postgres: { serviceMonitor: { enabled: true } }, redis: { serviceMonitor: { enabled: true, interval: "15s" } } }],
  [
    "PrometheusRule with thresholds over ServiceMonitors",
    {
      ...Object.fromEntries(["auth", "posts", "comments", "images", "postgres", "redis"].map((c) => [c, { serviceMonitor: { enabled: true } }])),
      monitoring: { prometheusRule: { enabled: true, errorRateThreshold: 0.02, latencyP95Seconds: 0.25, pvcUsageThreshold: 0.9 } },
    },
  ],
  ["a null brings back a whole component's defaults", { auth: null }],
  ["mesh and NodeLocal DNS egress for every pod", { global: { networkPolicy: { extraEgress: [{ to: [{ ipBlock: { cidr: "169.254.20.10/32" } }], ports: [{ port: 53, protocol: "UDP" }] }] } } }],
  ["LoadBalancer gateway open to an office range", { gateway: { service: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } } }],
  ["monitoring off", { monitoring: { enabled: false } }],
  ["optional components off", { frontend: { enabled: false }, images: { enabled: false }, gateway: { upstreams: { frontend: { enabled: false }, images: { enabled: false } } } }],
  ["an external upstream for a disabled component", { frontend: { enabled: false }, gateway: { upstreams: { frontend: { host: "cdn.example.com", port: 443 } } } }],
  ["CPU as a number", { posts: { resources: { requests: { cpu: 0.5, memory: "256Mi" }, limits: { cpu: 2, memory: "512Mi" } } } }],
  ["probe timings", { auth: { probes: { readiness: { periodSeconds: 3 }, liveness: { failureThreshold: 5 } } } }],
  ["PDB off and by percentage", { posts: { pdb: { enabled: false } }, comments: { pdb: { maxUnavailable: "50%" } } }],
  ["extra ingress rule", { posts: { networkPolicy: { extraIngress: [{ from: [{ namespaceSelector: { matchLabels: { team: "search" } } }], ports: [{ port: 8080, protocol: "TCP" }] }] } } }],
  ["no default deny", { global: { networkPolicy: { defaultDeny: false } } }],
  ["another chart's global keys", { global: { someParentChart: { region: "eu" } } }],
  ["no rate limit", { gateway: { nginx: { rateLimit: { enabled: false }, clientMaxBodySize: "25m" } } }],
  ["Postgres without persistence", { postgres: { persistence: { enabled: false } } }],
  ["Postgres volume", { postgres: { persistence: { size: "50Gi", storageClass: "ssd", accessModes: ["ReadWriteOncePod"] } } }],
  ["debug logs and a setting", { images: { logLevel: "debug", env: { MAX_UPLOAD_BYTES: "20971520" } } }],
  ["no helm tests", { tests: { enabled: false } }],
  ["a null removes a default", { posts: { probes: { startup: null } } }],
  ["existing ServiceAccount", { comments: { serviceAccount: { create: false, name: "blog-comments" } } }],
  ["LoadBalancer gateway", { gateway: { replicaCount: 3, service: { type: "LoadBalancer", port: 443, annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } } } }],
  ["longer drain", { posts: { drainDelaySeconds: 10, terminationGracePeriodSeconds: 45 } }],
  ["Redis memory", { redis: { maxMemory: "512mb", maxMemoryPolicy: "allkeys-lfu", resources: { limits: { memory: "768Mi", cpu: 1 }, requests: { cpu: "100m", memory: "600Mi" } } } }],
  ["every service as the shared database and Redis user, without the credentials Job", { credentials: { enabled: false }, global: { database: { existingSecret: "db", serviceRoles: false }, redis: { existingSecret: "redis", serviceUsers: false }, jwt: { existingSecret: "jwt" } } }],
  ["verified TLS to Postgres", { global: { database: { host: "db.internal", sslMode: "verify-full" } }, postgres: { enabled: false } }],
];

type InvalidEntry = [name: string, values: Record<string, unknown>, path: string];

// values the schema refuses
const againstSchema: InvalidEntry[] = [
  ["replicaCount 0", { posts: { replicaCount: 0 } }, "posts.replicaCount"],
  ["replicaCount as a word", { posts: { replicaCount: "two" } }, "posts.replicaCount"],
  ["misspelt key", { posts: { replicaCont: 2 } }, "posts.replicaCont"],
  ["misspelt component", { postgress: { enabled: false } }, "postgress"],
  ["unknown pull policy", { auth: { image: { pullPolicy: "Sometimes" } } }, "auth.image.pullPolicy"],
  ["latest tag", { auth: { image: { tag: "latest" } } }, "auth.image.tag"],
  ["short digest", { auth: { image: { digest: "sha256:abc" } } }, "auth.image.digest"],
  ["maxReplicas 0", { posts: { autoscaling: { maxReplicas: 0 } } }, "posts.autoscaling.maxReplicas"],
  ["negative CPU target", { posts: { autoscaling: { targetCPUUtilizationPercentage: -1 } } }, "posts.autoscaling.targetCPUUtilizationPercentage"],
  ["unknown VPA mode", { posts: { vpa: { updateMode: "Automatic" } } }, "posts.vpa.updateMode"],
  ["misspelt toleration field", { posts: { tolerations: [{ key: "a", operatr: "Equal" }] } }, "posts.tolerations[0].operatr"],
  ["misspelt toleration effect", { posts: { tolerations: [{ key: "a", operator: "Exists", effect: "NoScheduel" }] } }, "posts.tolerations[0].effect"],
  ["unknown seccomp profile type", { auth: { podSecurityContext: { seccompProfile: { type: "Default" } } } }, "auth.podSecurityContext.seccompProfile.type"],
  ["CPU as a word", { posts: { resources: { requests: { cpu: "lots" } } } }, "posts.resources.requests.cpu"],
  ["misspelt resources key", { posts: { resources: { request: { cpu: "1" } } } }, "posts.resources.request"],
  ["misspelt affinity", { posts: { affinity: { podAntiAfinity: {} } } }, "posts.affinity.podAntiAfinity"],
  ["database port out of range", { global: { database: { port: 70000 } } }, "global.database.port"],
  ["unknown sslmode", { global: { database: { sslMode: "on" } } }, "global.database.sslMode"],
  ["pull secrets as a string", { global: { imagePullSecrets: "regcred" } }, "global.imagePullSecrets"],
  ["a pull secret without a name", { global: { imagePullSecrets: [{ secret: "regcred" }] } }, "global.imagePullSecrets[0].name"],
  ["a component's pull secret with an empty name", { images: { imagePullSecrets: [{ name: "" }] } }, "images.imagePullSecrets[0].name"],
  ["misspelt database key", { global: { database: { hostname: "db" } } }, "global.database.hostname"],
  ["ingress without hosts", { gateway: { ingress: { hosts: [] } } }, "gateway.ingress.hosts"],
  ["unknown Service type", { gateway: { service: { type: "Ingress" } } }, "gateway.service.type"],
  ["body size in words", { gateway: { nginx: { clientMaxBodySize: "ten megs" } } }, "gateway.nginx.clientMaxBodySize"],
  ["error rate above 1", { monitoring: { prometheusRule: { errorRateThreshold: 1.5 } } }, "monitoring.prometheusRule.errorRateThreshold"],
  ["two Postgres replicas", { postgres: { replicaCount: 2 } }, "postgres.replicaCount"],
  ["volume size in GB", { postgres: { persistence: { size: "8GB" } } }, "postgres.persistence.size"],
  ["unknown eviction policy", { redis: { maxMemoryPolicy: "lru" } }, "redis.maxMemoryPolicy"],
  ["interval in words", { posts: { serviceMonitor: { interval: "30 seconds" } } }, "posts.serviceMonitor.interval"],
  ["enabled as a string", { comments: { enabled: "true" } }, "comments.enabled"],
  ["env value as a number", { posts: { env: { CACHE_TTL: 60 } } }, "posts.env.CACHE_TTL"],
  ["annotation value as a number", { posts: { podAnnotations: { "example.com/weight": 3 } } }, 'posts.podAnnotations["example.com/weight"]'],
  ["extra env without a name", { posts: { extraEnv: [{ value: "x" }] } }, "posts.extraEnv[0].name"],
  ["unknown volume field", { posts: { extraVolumes: [{ name: "v", emptyDirr: {} }] } }, "posts.extraVolumes[0].emptyDirr"],
  ["runAsUser as a name", { posts: { containerSecurityContext: { runAsUser: "root" } } }, "posts.containerSecurityContext.runAsUser"],
  ["probe port as an object", { auth: { probes: { liveness: { httpGet: { path: "/health", port: {} } } } } }, "auth.probes.liveness.httpGet.port"],
  ["unknown log level", { auth: { logLevel: "verbose" } }, "auth.logLevel"],
  ["negative drain delay", { auth: { drainDelaySeconds: -1 } }, "auth.drainDelaySeconds"],
  ["PDB as a boolean", { auth: { pdb: { maxUnavailable: true } } }, "auth.pdb.maxUnavailable"],
  ["empty test image repository", { tests: { image: { repository: "" } } }, "tests.image.repository"],
  ["extra ingress not a list", { posts: { networkPolicy: { extraIngress: { from: [] } } } }, "posts.networkPolicy.extraIngress"],
  ["metrics path without a slash", { images: { metrics: { path: "metrics" } } }, "images.metrics.path"],
  ["upstream port 0", { gateway: { upstreams: { auth: { port: 0 } } } }, "gateway.upstreams.auth.port"],
  ["misspelt HPA behaviour", { frontend: { autoscaling: { behavior: { scaleDwn: {} } } } }, "frontend.autoscaling.behavior.scaleDwn"],
  // a null deletes a key Helm has a default for; the templates need these ones
  ["null NetworkPolicy section", { auth: { networkPolicy: null } }, "auth.networkPolicy"],
  ["null security context", { posts: { podSecurityContext: null } }, "posts.podSecurityContext"],
  ["null drain delay", { comments: { drainDelaySeconds: null } }, "comments.drainDelaySeconds"],
  ["null for a setting without a default", { auth: { env: { FEATURE: null } } }, "auth.env.FEATURE"],
  ["null global", { global: null }, "global"],
  ["null list the VPA rule reads", { auth: { vpa: { controlledResources: null } } }, "auth.vpa.controlledResources"],
  ["null ingress hosts", { gateway: { ingress: { enabled: true, hosts: null } } }, "gateway.ingress.hosts"],
  ["null PVC access modes", { postgres: { persistence: { accessModes: null } } }, "postgres.persistence.accessModes"],
];

// values the schema accepts but one of the chart's cross-field rules refuses (helm fails them in _validate.tpl)
const againstRules: InvalidEntry[] = [
  ["no database password and no credentials Job", { credentials: { enabled: false }, global: { database: { existingSecret: "" } } }, "global.database.existingSecret"],
  ["the services' own database roles without the Job that makes their passwords", { credentials: { enabled: false }, global: { database: { existingSecret: "db" }, redis: { existingSecret: "redis" }, jwt: { existingSecret: "jwt" } } }, "global.database.serviceRoles"],
  ["the services' own Redis users without the Job that makes their passwords", { credentials: { enabled: false }, global: { database: { existingSecret: "db", serviceRoles: false }, redis: { existingSecret: "redis" }, jwt: { existingSecret: "jwt" } } }, "global.redis.serviceUsers"],
  ["an external Postgres without a password", { global: { database: { host: "db.internal", existingSecret: "" } }, postgres: { enabled: false } }, "global.database.existingSecret"],
  ["Postgres off without a host", { postgres: { enabled: false } }, "global.database.host"],
  ["external host beside the bundled Postgres", { global: { database: { host: "db.internal" } } }, "global.database.host"],
  ["Redis off without a host", { redis: { enabled: false } }, "global.redis.host"],
  ["minReplicas above maxReplicas", { posts: { autoscaling: { enabled: true, minReplicas: 6, maxReplicas: 3 } } }, "posts.autoscaling.minReplicas"],
  ["VPA Auto against a CPU HPA", { comments: { autoscaling: { enabled: true }, vpa: { enabled: true, updateMode: "Auto" } } }, "comments.vpa.updateMode"],
  ["drain as long as the grace period", { gateway: { drainDelaySeconds: 30 } }, "gateway.drainDelaySeconds"],
  ["route to a disabled component", { images: { enabled: false } }, "gateway.upstreams.images.enabled"],
  ["posts without auth", { auth: { enabled: false }, gateway: { upstreams: { auth: { enabled: false } } } }, "auth.enabled"],
  ["PDB blocking drains", { redis: { pdb: { maxUnavailable: "0%" } } }, "redis.pdb.maxUnavailable"],
  ["alerts without ServiceMonitors", { monitoring: { prometheusRule: { enabled: true } } }, "monitoring.prometheusRule.enabled"],
];

export const validDocuments: ValidDocument[] = valid.map(([name, values]) => ({ name, values: withCredentials(values) }));
const documents = (entries: InvalidEntry[]): InvalidDocument[] => entries.map(([name, values, path]) => ({ name, values: withCredentials(values), path }));
export const schemaInvalidDocuments = documents(againstSchema);
export const ruleInvalidDocuments = documents(againstRules);
