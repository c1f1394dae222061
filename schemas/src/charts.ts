// One entry per subchart: its description and the properties of its values. The umbrella's schema
// nests each under the subchart's name; every subchart's own schema adds `global`.
import { componentProperties, image, serviceProbes, type ComponentDefaults } from "./component.ts";
import { bool, deprecated, int, k8s, list, num, object, oneOfStrings, str, stringMap, type Schema } from "./dsl.ts";

export interface ChartSource {
  name: string;
  description: string;
  properties: Record<string, Schema>;
}

const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } };
const service = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } };

function nodeService(name: string, title: string, extra: Partial<ComponentDefaults> = {}): ComponentDefaults {
  return {
    title,
    image: { registry: "ghcr.io", repository: `blog-platform/${name}`, tag: "" },
    replicaCount: 2,
    resources: service,
    runAsUser: 10001,
    probes: serviceProbes(),
    env: {},
    terminationGracePeriodSeconds: 30,
    autoscaling: true,
    runtime: "node",
    ...extra,
  };
}

const nginxUnprivileged = { registry: "docker.io", repository: "nginxinc/nginx-unprivileged", tag: "1.29.3-alpine" };

const gateway: ChartSource = {
  name: "gateway",
  description: "nginx gateway: routes the RealWorld API paths to the services and everything else to the frontend.",
  properties: {
    ...componentProperties({ ...nodeService("gateway", "nginx gateway"), image: nginxUnprivileged, resources: small, runAsUser: 101, runtime: "nginx" }),
    service: object("The gateway's Service; the other components' Services are internal and fixed.", {
      type: oneOfStrings("Service type.", ["ClusterIP", "NodePort", "LoadBalancer"], "ClusterIP"),
      port: int("Service port.", 80, { minimum: 1, maximum: 65535 }),
      annotations: stringMap("Annotations of the Service (e.g. for a cloud load balancer)."),
      loadBalancerSourceRanges: list("CIDRs that may reach a LoadBalancer or NodePort gateway; empty means everyone. When set, the NetworkPolicy admits only these ranges, which needs externalTrafficPolicy Local.", { type: "string", pattern: "^[0-9a-fA-F:.]+/[0-9]+$" }),
      externalTrafficPolicy: oneOfStrings("For a LoadBalancer or NodePort gateway: Local keeps each client's own address (nginx's rate limit and logs see it; nodes without a gateway pod take no traffic); Cluster spreads traffic over every node, but every client then arrives from a node's address. Ignored (Local) when loadBalancerSourceRanges is set.", ["Local", "Cluster"], "Local"),
    }),
    upstreams: object("Where the gateway sends each group of routes (DESIGN.md). Empty host means the bundled component.", Object.fromEntries(
      (["frontend", "auth", "posts", "comments", "images"] as const).map((name) => [name, object(`Upstream of the ${name} routes.`, {
        enabled: bool(`Route to ${name}; when false those routes answer 503.`, true),
        host: str(`Host of an external ${name} service; empty means \`<release>-${name}\`.`, ""),
        port: int("Port of the upstream.", 80, { minimum: 1, maximum: 65535 }),
      })]),
    )),
    nginx: object("Settings of the gateway's nginx.", {
      clientMaxBodySize: str("Largest request body nginx accepts, on /api/images; above the images service's MAX_UPLOAD_BYTES (10 MiB), for the multipart framing around an upload.", "11m", { pattern: "^[0-9]+[kKmMgG]?$" }),
      jsonMaxBodySize: str("Largest request body on the other API routes: the services' own JSON limit (1 MiB), so that nginx answers a larger one with 413 itself instead of sending it to a service that refuses it and closes the connection mid-body (a 502).", "1m", { pattern: "^[0-9]+[kKmMgG]?$" }),
      workerProcesses: int("nginx worker processes; match the CPU limit (nginx's `auto` counts the node's CPUs, not the pod's).", 2, { minimum: 1, maximum: 64 }),
      workerConnections: int("Connections per nginx worker.", 1024, { minimum: 64 }),
      upstreamKeepalive: int("Idle keepalive connections kept to each upstream service.", 32, { minimum: 0 }),
      maxRequestsInFlight: int("Requests each gateway pod lets wait on one upstream service at a time; past it, nginx sheds the request at once with 503 and Retry-After, so that overload costs a fast refusal instead of a queue that times out. A request counts until its answer is sent, a slow upload or download included. 0 means no limit.", 256, { minimum: 0 }),
      proxyConnectTimeoutSeconds: int("Timeout for connecting to an upstream service.", 5, { minimum: 1 }),
      proxyReadTimeoutSeconds: int("Timeout for an upstream response.", 60, { minimum: 1 }),
      rateLimit: object("Per-client-IP request rate limit on /api.", {
        enabled: bool("Limit the request rate per client IP.", true),
        requestsPerSecond: int("Sustained requests per second per client IP.", 20, { minimum: 1 }),
        burst: int("Requests above the rate that are queued before nginx answers 429.", 40, { minimum: 0 }),
      }),
      trustedProxies: list("CIDRs of the proxies in front of the gateway (your ingress controller's pod range, a load balancer's addresses) whose X-Forwarded-For nginx believes. Empty, the default, believes nobody: the client is the connection's peer, so nobody can pick the address the rate limits and logs see.", { type: "string", minLength: 1 }, []),
      realIpFrom: deprecated(list("Its name until chart 0.1.0 (after nginx's set_real_ip_from), still believed beside `trustedProxies`.", { type: "string", minLength: 1 }, []), "gateway.nginx.trustedProxies"),
    }),
    ingress: object("Ingress in front of the gateway.", {
      enabled: bool("Create an Ingress.", false),
      className: str("IngressClass name; empty uses the cluster default.", ""),
      annotations: stringMap("Annotations of the Ingress (e.g. cert-manager.io/cluster-issuer)."),
      hosts: list("Host names the Ingress serves.", { type: "string", minLength: 1 }, ["blog.example.com"], { minItems: 1 }),
      tls: object("TLS on the Ingress.", {
        enabled: bool("Serve the hosts over TLS.", false),
        secretName: str("Secret with the certificate; empty means `<release>-gateway-tls` (e.g. made by cert-manager).", ""),
      }),
    }),
  },
};

const frontend: ChartSource = {
  name: "frontend",
  description: "React single-page app served by nginx.",
  properties: {
    ...componentProperties({ ...nodeService("frontend", "React frontend"), resources: small, runAsUser: 101, runtime: "nginx" }),
    nginx: object("Settings of the frontend's nginx, which serves the built app.", {
      contentSecurityPolicy: str(
        "Content-Security-Policy of every response; the app loads nothing from other origins except https images (avatars and covers given as URLs).",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        { minLength: 1, pattern: "^[^\"\\n]+$" },
      ),
    }),
  },
};

const auth: ChartSource = {
  name: "auth",
  description: "Users, login, profiles and follows; issues the JWTs.",
  properties: componentProperties(
    nodeService("auth", "auth service", { env: { LOGIN_RATE_LIMIT_ATTEMPTS: "5", LOGIN_RATE_LIMIT_WINDOW_SECONDS: "60", LOGIN_DELAY_MAX_MS: "8000", JWT_TTL_SECONDS: "86400" } }),
  ),
};

const posts: ChartSource = {
  name: "posts",
  description: "Articles, favorites, tags and feeds.",
  properties: componentProperties(nodeService("posts", "posts service", { env: { PROFILE_CACHE_TTL_SECONDS: "60" } })),
};

const comments: ChartSource = {
  name: "comments",
  description: "Comments on articles.",
  properties: componentProperties(nodeService("comments", "comments service")),
};

const images: ChartSource = {
  name: "images",
  description: "Image upload, resizing and serving.",
  properties: componentProperties(
    nodeService("images", "image-processing service", {
      resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } },
      // what one account may store, and all images together: half the bundled Postgres volume (8Gi)
      env: { MAX_UPLOAD_BYTES: "10485760", MAX_INPUT_PIXELS: "40000000", UPLOADS_PER_HOUR: "30", UPLOAD_QUOTA_BYTES: "268435456", STORAGE_LIMIT_BYTES: "4294967296" },
    }),
  ),
};

const exporter = (description: string, defaults: { registry: string; repository: string; tag: string }, port: number) =>
  object(description, {
    enabled: bool("Run the Prometheus exporter sidecar.", true),
    image: image("Exporter image.", defaults),
    port: int("Port of the exporter's metrics endpoint.", port, { minimum: 1, maximum: 65535 }),
    resources: k8s("ResourceRequirements", "Requests and limits of the exporter.", small),
  });

const postgres: ChartSource = {
  name: "postgres",
  description: "Bundled Postgres: a single-instance StatefulSet with a PersistentVolumeClaim.",
  properties: {
    ...componentProperties({
      title: "bundled Postgres",
      image: { registry: "docker.io", repository: "library/postgres", tag: "17.6-alpine" },
      replicaCount: 1,
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } },
      runAsUser: 70,
      probes: {
        liveness: { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-p", "5432"] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
        readiness: { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-p", "5432"] }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
        startup: { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-p", "5432"] }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
      },
      env: {},
      terminationGracePeriodSeconds: 60,
      autoscaling: false,
      runtime: "stateful",
    }),
    persistence: object("Storage of the database. Fixed at install: a StatefulSet's volumeClaimTemplates cannot change, so resize the PersistentVolumeClaim itself.", {
      enabled: bool("Keep the data on a PersistentVolumeClaim; false uses an emptyDir (data is lost with the pod).", true),
      size: str("Size of the volume.", "8Gi", { pattern: "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti)$" }),
      storageClass: str("StorageClass; empty uses `global.storageClass`, then the cluster default.", ""),
      accessModes: list("Access modes of the volume.", { type: "string", enum: ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"] }, ["ReadWriteOnce"], { minItems: 1 }),
    }),
    serviceRoles: object("The container that gives each service its own role and schema (global.database.serviceRoles).", {
      resources: k8s("ResourceRequirements", "Requests and limits of the service-roles container; it runs a few statements every 30 s.", { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "200m", memory: "64Mi" } }, { required: true }),
    }),
    metrics: exporter("postgres_exporter sidecar for the Postgres alerts and dashboard.", { registry: "quay.io", repository: "prometheuscommunity/postgres-exporter", tag: "v0.18.1" }, 9187),
  },
};

const redis: ChartSource = {
  name: "redis",
  description: "Bundled Redis used as a cache and for rate limits (no persistence).",
  properties: {
    ...componentProperties({
      title: "bundled Redis",
      image: { registry: "docker.io", repository: "library/redis", tag: "8.2.2-alpine" },
      replicaCount: 1,
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "384Mi" } },
      runAsUser: 999,
      probes: {
        liveness: { tcpSocket: { port: "redis" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
        readiness: { exec: { command: ["sh", "-c", "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG"] }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
        startup: { tcpSocket: { port: "redis" }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
      },
      env: {},
      terminationGracePeriodSeconds: 30,
      autoscaling: false,
      runtime: "stateful",
    }),
    maxMemory: str("Redis maxmemory; keep it below the memory limit.", "256mb", { pattern: "^[0-9]+(kb|mb|gb)$" }),
    maxMemoryPolicy: { type: "string", enum: ["allkeys-lru", "allkeys-lfu", "volatile-lru", "volatile-lfu", "noeviction"], default: "allkeys-lru", description: "Eviction policy when maxMemory is reached." },
    metrics: exporter("redis_exporter sidecar for the Redis alerts.", { registry: "docker.io", repository: "oliver006/redis_exporter", tag: "v1.80.0" }, 9121),
  },
};

const monitoring: ChartSource = {
  name: "monitoring",
  description: "PrometheusRules and a Grafana dashboard for the platform.",
  properties: {
    enabled: bool("Deploy the monitoring objects.", true),
    prometheusRule: object("PrometheusRule with the platform's alerts (needs the Prometheus Operator CRDs).", {
      enabled: bool("Create the PrometheusRule; left out (NOTES.txt says so) where the cluster does not serve monitoring.coreos.com/v1. With helm template, pass --api-versions monitoring.coreos.com/v1.", false),
      labels: stringMap("Extra labels, e.g. the `release` label your Prometheus selects rules by."),
      errorRateThreshold: num("HighErrorRate fires when the share of 5xx responses of a service is above this for 5 minutes.", 0.1, { exclusiveMinimum: 0, maximum: 1 }),
      latencyP95Seconds: num("HighLatency fires when a service's p95 latency is above this for 10 minutes.", 0.5, { exclusiveMinimum: 0 }),
      pvcUsageThreshold: num("PersistentVolumeFilling fires when a volume of the release is fuller than this.", 0.85, { exclusiveMinimum: 0, maximum: 1 }),
      runbookBaseUrl: str("Base URL of the runbooks linked from the alerts.", "https://github.com/blog-platform/blog-platform/blob/main/docs/runbooks.md"),
    }),
    dashboard: object("Grafana dashboard as a ConfigMap for the Grafana sidecar.", {
      enabled: bool("Create the dashboard ConfigMap.", true),
      labels: stringMap("Labels the Grafana sidecar looks for.", { grafana_dashboard: "1" }),
      annotations: stringMap("Annotations, e.g. the Grafana folder."),
    }),
  },
};

export const subcharts: ChartSource[] = [gateway, frontend, auth, posts, comments, images, postgres, redis, monitoring];

export const umbrellaProperties: Record<string, Schema> = {
  credentials: object(
    "The credentials Job, a pre-install and pre-upgrade hook (PreSync under Argo CD), in the way of GitLab's shared-secrets: it creates, from inside the cluster and only when missing, each Secret no value or existingSecret provides (the bundled Postgres's password, the bundled Redis's password, the JWT key pair), so `helm install` needs no values and renders hold no random value. It never rotates or repairs a Secret; `helm uninstall` keeps those it made. It runs auth's image.",
    {
      enabled: bool("Run the Job; when false, every credential must come from values or an existingSecret.", true),
      resources: k8s("ResourceRequirements", "Requests and limits of the Job's container.", { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } }),
      activeDeadlineSeconds: int("Seconds the Job may run before it fails the install.", 120, { minimum: 10 }),
    },
  ),
  tests: object("`helm test` hooks that check the gateway and every service through its Service.", {
    enabled: bool("Render the test pods.", true),
    image: image("Image of the test pods (needs wget).", { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" }),
    runAsUser: int("UID the test pods run as.", 65534, { minimum: 1 }),
  }),
};
