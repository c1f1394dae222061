// The values shape every workload component shares (DESIGN.md, "Chart conventions"), with the
// defaults that differ per component passed in. Restricted Pod Security is the default.
import { bool, int, k8s, k8sList, list, named, object, oneOfStrings, pullSecrets, str, stringMap, type Schema } from "./dsl.ts";

export interface ImageDefaults {
  registry: string;
  repository: string;
  /** Empty means the chart's appVersion. */
  tag: string;
}

export interface ComponentDefaults {
  title: string;
  image: ImageDefaults;
  /** Pods when autoscaling is off; stateful components always run one. */
  replicaCount: number;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  /** UID and GID the image runs as. */
  runAsUser: number;
  probes: Record<"liveness" | "readiness" | "startup", Record<string, unknown>>;
  env: Record<string, string>;
  terminationGracePeriodSeconds: number;
  /** Whether the component gets an HPA section (stateful components do not). */
  autoscaling: boolean;
  /** What runs in the main container: a Node service with the full service contract (log level,
   * /metrics, drain on SIGTERM), nginx (drained by a preStop sleep), or a stateful server. */
  runtime: "node" | "nginx" | "stateful";
}

export function image(description: string, defaults: ImageDefaults): Schema {
  return named("ImageValues", object(description, {
    registry: str("Image registry; `global.imageRegistry` overrides it when set.", defaults.registry),
    repository: str("Image repository.", defaults.repository, { minLength: 1 }),
    tag: str("Image tag; empty means the chart's appVersion. Never `latest`.", defaults.tag, { not: { const: "latest" } }),
    digest: str("Image digest (sha256:…); when set it pins the image and the tag is kept for readability.", "", {
      pattern: "^(sha256:[a-f0-9]{64})?$",
    }),
    pullPolicy: oneOfStrings("Image pull policy.", ["Always", "IfNotPresent", "Never"], "IfNotPresent"),
  }));
}

export function httpProbe(path: string, timing: Record<string, number>): Record<string, unknown> {
  return { httpGet: { path, port: "http" }, ...timing };
}

export function restrictedPodSecurityContext(uid: number): Record<string, unknown> {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

export const restrictedContainerSecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** What every component's values hold, whatever runs in it. */
function sharedProperties(d: ComponentDefaults): Record<string, Schema> {
  return {
    enabled: bool(`Deploy the ${d.title}.`, true),
    image: image(`Container image of the ${d.title}.`, d.image),
    imagePullSecrets: pullSecrets("Image pull Secrets of this component's pods, beside `global.imagePullSecrets`; by name or as `{name: regcred}`."),
    resources: k8s("ResourceRequirements", "CPU and memory requests and limits of the main container.", d.resources, { required: true }),
    podSecurityContext: k8s("PodSecurityContext", "Pod security context; the default meets Pod Security \"restricted\".", restrictedPodSecurityContext(d.runAsUser), { required: true }),
    containerSecurityContext: k8s("SecurityContext", "Container security context; the default meets Pod Security \"restricted\".", restrictedContainerSecurityContext, { required: true }),
    probes: named("ProbesValues", object("Liveness, readiness and startup probes of the main container.", {
      liveness: k8s("Probe", "Liveness probe: restarts the container when it fails.", d.probes.liveness),
      readiness: k8s("Probe", "Readiness probe: takes the pod out of its Service while it fails.", d.probes.readiness),
      startup: k8s("Probe", "Startup probe: holds the other probes until the container has started.", d.probes.startup),
    })),
    terminationGracePeriodSeconds: int("Seconds Kubernetes waits after SIGTERM before it kills the container.", d.terminationGracePeriodSeconds, { minimum: 1 }),
    env: stringMap("Settings rendered into the component's ConfigMap and loaded with envFrom; a change rolls the pods.", d.env),
    extraEnv: k8sList("EnvVar", "Extra environment variables of the main container (Kubernetes EnvVar objects, e.g. with valueFrom)."),
    existingSecret: str("Name of an existing Secret whose keys are loaded as environment variables with envFrom.", ""),
    serviceAccount: named("ServiceAccountValues", object("The pods' ServiceAccount.", {
      create: bool("Create a ServiceAccount for the component.", true),
      name: str("Name of the ServiceAccount; empty means the component's full name.", ""),
      annotations: stringMap("Annotations of the ServiceAccount (e.g. for workload identity)."),
      automountServiceAccountToken: bool("Mount an API token into the pods; the services never call the Kubernetes API.", false),
    })),
    vpa: named("VpaValues", object("VerticalPodAutoscaler (needs the VPA CRDs and recommender in the cluster).", {
      enabled: bool("Create a VerticalPodAutoscaler; left out (NOTES.txt says so) where the cluster does not serve autoscaling.k8s.io/v1, the VPA's CRDs. With helm template, pass --api-versions autoscaling.k8s.io/v1.", false),
      updateMode: oneOfStrings("How the VPA applies its recommendations; Off only recommends.", ["Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"], "Off"),
      controlledResources: list("Resources the VPA manages.", { type: "string", enum: ["cpu", "memory"] }, ["cpu", "memory"], { minItems: 1, uniqueItems: true }),
      minAllowed: stringMap("Lower bound of the recommendation, e.g. {cpu: 50m, memory: 64Mi}."),
      maxAllowed: stringMap("Upper bound of the recommendation, e.g. {cpu: 2, memory: 2Gi}."),
    })),
    pdb: named("PdbValues", object("PodDisruptionBudget. It limits unavailable pods, so a drain of a single replica is never blocked.", {
      enabled: bool("Create a PodDisruptionBudget.", true),
      maxUnavailable: k8s("IntOrString", "Pods (or a percentage) that may be down at once during a voluntary disruption.", 1),
    })),
    networkPolicy: named("NetworkPolicyValues", object("NetworkPolicy for the component: only the platform's real call graph is allowed.", {
      enabled: bool("Create the component's NetworkPolicy.", true),
      extraIngress: k8sList("NetworkPolicyIngressRule", "Extra ingress rules."),
      extraEgress: k8sList("NetworkPolicyEgressRule", "Extra egress rules."),
    })),
    nodeSelector: stringMap("Node labels the pods must be scheduled on."),
    tolerations: k8sList("Toleration", "Tolerations of the pods."),
    affinity: k8s("Affinity", "Affinity rules of the pods.", {}),
    topologySpreadConstraints: k8sList("TopologySpreadConstraint", "Topology spread constraints; the chart fills in the label selector when it is left out."),
    priorityClassName: str("PriorityClass of the pods.", ""),
    extraVolumes: k8sList("Volume", "Extra volumes of the pods."),
    extraVolumeMounts: k8sList("VolumeMount", "Extra volume mounts of the main container."),
    podAnnotations: stringMap("Extra pod annotations (e.g. `linkerd.io/inject: enabled`)."),
    podLabels: stringMap("Extra pod labels (e.g. `sidecar.istio.io/inject: \"true\"`); never used in selectors."),
  };
}

/**
 * The shared part as a shape of its own, described for any component: the SDK's `ComponentValues`,
 * which each component's `<Name>Values` extends (schemas/src/typescript.ts). Its defaults are
 * placeholders; the charts' schemas never use it.
 */
export const componentBase: Schema = named(
  "ComponentValues",
  object("The values every workload component has: image, resources, security contexts, probes, scheduling, disruption budget, NetworkPolicy.", sharedProperties({
    title: "component",
    image: { registry: "", repository: "component", tag: "" },
    replicaCount: 1,
    resources: { requests: {}, limits: {} },
    runAsUser: 1,
    probes: { liveness: {}, readiness: {}, startup: {} },
    env: {},
    terminationGracePeriodSeconds: 30,
    autoscaling: false,
    runtime: "stateful",
  })),
);

export function componentProperties(d: ComponentDefaults): Record<string, Schema> {
  const properties = sharedProperties(d);
  if (d.runtime !== "stateful") {
    // the bundled Postgres and Redis run one pod each
    properties.replicaCount = int("Number of pods when autoscaling is off.", d.replicaCount, { minimum: 1 });
    properties.drainDelaySeconds = int("Seconds the pod keeps serving after SIGTERM while its endpoints are removed; must be shorter than terminationGracePeriodSeconds.", 5, { minimum: 0 });
  }
  if (d.runtime !== "nginx") {
    properties.serviceMonitor = named("ServiceMonitorValues", object("Prometheus Operator ServiceMonitor for the component's metrics.", {
      enabled: bool("Create a ServiceMonitor; left out (NOTES.txt says so) where the cluster does not serve monitoring.coreos.com/v1, the Prometheus Operator's CRDs. With helm template, pass --api-versions monitoring.coreos.com/v1.", false),
      interval: str("Scrape interval.", "30s", { pattern: "^[0-9]+(ms|s|m|h)$" }),
      scrapeTimeout: str("Scrape timeout; must be shorter than the interval.", "10s", { pattern: "^[0-9]+(ms|s|m|h)$" }),
      labels: stringMap("Extra labels, e.g. the `release` label your Prometheus selects ServiceMonitors by."),
    }));
  }
  if (d.runtime === "node") {
    properties.logLevel = oneOfStrings("Log level of the service.", ["trace", "debug", "info", "warn", "error", "fatal"], "info");
    properties.metrics = named("MetricsValues", object("Metrics discovery without the Prometheus Operator.", {
      podAnnotations: bool("Add prometheus.io/scrape, port and path annotations to the pods.", true),
      path: str("Path of the metrics endpoint, on the pods' own metrics port (9090, named `metrics`), apart from the API's, so that Prometheus is admitted to the metrics alone.", "/metrics", { pattern: "^/" }),
    }));
  }
  if (d.autoscaling) {
    properties.autoscaling = named("AutoscalingValues", object("HorizontalPodAutoscaler on CPU and memory. When enabled the Deployment leaves `replicas` to the HPA.", {
      enabled: bool("Create a HorizontalPodAutoscaler.", false),
      minReplicas: int("Lowest replica count.", 2, { minimum: 1 }),
      maxReplicas: int("Highest replica count; must not be below minReplicas.", 10, { minimum: 1 }),
      targetCPUUtilizationPercentage: int("Target average CPU utilisation (% of requests); 0 leaves CPU out.", 70, { minimum: 0, maximum: 1000 }),
      targetMemoryUtilizationPercentage: int("Target average memory utilisation (% of requests); 0 leaves memory out.", 80, { minimum: 0, maximum: 1000 }),
      behavior: k8s("HorizontalPodAutoscalerBehavior", "Scaling behaviour (stabilisation windows and policies).", {}),
    }));
  }
  return properties;
}

/** The standard probes of an HTTP service that honours the service contract. */
export function serviceProbes(): ComponentDefaults["probes"] {
  return {
    // a restart is for a hung process, never a busy one: an overloaded pod (npm run bench:cluster,
    // 1,000 connections on one core) missed three 2 s answers in a row and was restarted, which only
    // moved its load onto the other pod. A minute without any answer is a hung process
    liveness: httpProbe("/health", { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 }),
    readiness: httpProbe("/ready", { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 }),
    startup: httpProbe("/health", { periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 }),
  };
}
