// A production install: autoscaled services spread over zones, an external Postgres and Redis whose
// credentials live in Secrets you manage, TLS at the ingress, and the Prometheus Operator objects.
import { defineValues, mergeValues, presets } from "@blog-platform/sdk";

const zoneSpread = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" as const }];
const scrapedBy = { release: "kube-prometheus-stack" };

export default defineValues(
  mergeValues(presets.production, {
    global: {
      imageRegistry: "registry.example.com",
      imagePullSecrets: ["registry-credentials"],
      database: { host: "blog-db.postgres.svc.cluster.local", existingSecret: "blog-database", sslMode: "require" },
      redis: { host: "blog-cache.redis.svc.cluster.local", existingSecret: "blog-redis" },
      jwt: { existingSecret: "blog-jwt" },
      networkPolicy: { ingressController: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } } },
    },
    postgres: { enabled: false },
    redis: { enabled: false },
    gateway: {
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      topologySpreadConstraints: zoneSpread,
      ingress: {
        enabled: true,
        className: "nginx",
        annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
        hosts: ["blog.example.com"],
        tls: { enabled: true },
      },
    },
    posts: {
      autoscaling: { minReplicas: 3, maxReplicas: 20 },
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "2", memory: "512Mi" } },
      topologySpreadConstraints: zoneSpread,
      vpa: { enabled: true, updateMode: "Off" },
      serviceMonitor: { enabled: true, labels: scrapedBy },
    },
    auth: { autoscaling: { maxReplicas: 8 }, topologySpreadConstraints: zoneSpread, serviceMonitor: { enabled: true, labels: scrapedBy } },
    comments: { autoscaling: { maxReplicas: 8 }, topologySpreadConstraints: zoneSpread, serviceMonitor: { enabled: true, labels: scrapedBy } },
    images: { autoscaling: { maxReplicas: 6 }, serviceMonitor: { enabled: true, labels: scrapedBy } },
    monitoring: { prometheusRule: { enabled: true, labels: scrapedBy } },
  }),
);
