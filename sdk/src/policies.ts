// The rules every rendered install must meet, as data: each finding names the object, the container
// and the field that break a rule, so that check() can tie it back to the values path behind it.
import type { KubernetesObject } from "./manifests.ts";

export type PolicyName =
  | "pod-security"
  | "probes"
  | "resources"
  | "pinned-images"
  | "network-policy"
  | "secret-data"
  | "stable-selectors"
  | "disruption-budget";

/** Every policy, in the order check() runs them. */
export const policyNames: readonly PolicyName[] = ["pod-security", "probes", "resources", "pinned-images", "network-policy", "secret-data", "stable-selectors", "disruption-budget"];

export interface PolicyFinding {
  policy: PolicyName;
  kind: string;
  name: string;
  /** The container at fault, for a rule about containers. */
  container?: string;
  /** Where in the object, in dot form: `spec.template.spec.containers[0].securityContext.runAsNonRoot`. */
  field: string;
  /** What is wrong, for a person: `runAsNonRoot is not true`. */
  message: string;
}

type Json = any; // rendered objects are read field by field, each checked where it is used
type Check = (objects: readonly KubernetesObject[]) => PolicyFinding[];

const STABLE_SELECTOR_LABELS = new Set(["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"]);
const WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet", "Job"];

/** Where an object keeps its pod spec (`spec` for a Pod, `spec.template.spec` for a workload), or undefined. */
export function podSpecPath(o: KubernetesObject): string | undefined {
  if (o.kind === "Pod") return "spec";
  return WORKLOADS.includes(o.kind) ? "spec.template.spec" : undefined;
}

/** The pod spec of a Pod or a workload. */
export function podSpecOf(o: KubernetesObject): Json {
  const spec = o.spec as Json;
  return o.kind === "Pod" ? spec : WORKLOADS.includes(o.kind) ? spec?.template?.spec : undefined;
}

/** The labels of the pods an object runs. */
export function podLabelsOf(o: KubernetesObject): Record<string, string> {
  return (o.kind === "Pod" ? o.metadata?.labels : (o.spec as Json)?.template?.metadata?.labels) ?? {};
}

/** Every container of every pod, with the field path of each, init containers included when `init`. */
function containersOf(objects: readonly KubernetesObject[], init: boolean) {
  const out: { object: KubernetesObject; pod: Json; podPath: string; container: Json; at: string }[] = [];
  for (const object of objects) {
    const pod = podSpecOf(object);
    const podPath = podSpecPath(object);
    if (!pod || !podPath) continue;
    for (const list of init ? ["initContainers", "containers"] : ["containers"]) {
      for (const [i, container] of ((pod[list] ?? []) as Json[]).entries()) out.push({ object, pod, podPath, container, at: `${podPath}.${list}[${i}]` });
    }
  }
  return out;
}

const finding = (policy: PolicyName, o: KubernetesObject, field: string, message: string, container?: string): PolicyFinding => ({
  policy,
  kind: o.kind,
  name: o.metadata?.name ?? "",
  ...(container === undefined ? {} : { container }),
  field,
  message,
});

/** Pod Security "restricted", checked field by field; a container inherits the pod's runAsNonRoot, runAsUser and seccompProfile. */
const podSecurity: Check = (objects) => {
  const out: PolicyFinding[] = [];
  for (const object of objects) {
    const pod = podSpecOf(object);
    const podPath = podSpecPath(object);
    if (!pod || !podPath) continue;
    for (const key of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[key]) out.push(finding("pod-security", object, `${podPath}.${key}`, `uses a host namespace (${key})`));
    for (const [i, volume] of ((pod.volumes ?? []) as Json[]).entries()) {
      if (volume.hostPath) out.push(finding("pod-security", object, `${podPath}.volumes[${i}].hostPath`, `volume ${volume.name} is a hostPath`));
    }
  }
  for (const { object, pod, podPath, container, at } of containersOf(objects, true)) {
    const sc = container.securityContext ?? {};
    const podSc = pod.securityContext ?? {};
    const add = (field: string, message: string) => out.push(finding("pod-security", object, field, message, container.name));
    // the field that decides an inherited setting: the container's when it has one, else the pod's
    const decides = (key: string) => ((sc[key] ?? undefined) !== undefined || (podSc[key] ?? undefined) === undefined ? `${at}.securityContext.${key}` : `${podPath}.securityContext.${key}`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) add(decides("runAsNonRoot"), "runAsNonRoot is not true");
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) add(decides("runAsUser"), "runs as UID 0");
    if (sc.allowPrivilegeEscalation !== false) add(`${at}.securityContext.allowPrivilegeEscalation`, "allowPrivilegeEscalation is not false");
    if (sc.privileged) add(`${at}.securityContext.privileged`, "privileged");
    if (!((sc.capabilities?.drop ?? []) as string[]).includes("ALL")) add(`${at}.securityContext.capabilities.drop`, "capabilities.drop lacks ALL");
    if (((sc.capabilities?.add ?? []) as string[]).some((cap) => cap !== "NET_BIND_SERVICE")) add(`${at}.securityContext.capabilities.add`, "adds capabilities");
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") add(`${decides("seccompProfile")}.type`, "seccompProfile is not RuntimeDefault");
    if (sc.readOnlyRootFilesystem !== true) add(`${at}.securityContext.readOnlyRootFilesystem`, "root filesystem is writable");
  }
  return out;
};

/** Long-running containers have liveness and readiness probes; run-to-completion pods (helm test Pods, hook Jobs) need none. */
const probes: Check = (objects) =>
  containersOf(objects, false)
    .filter(({ object }) => object.kind !== "Pod" && object.kind !== "Job")
    .flatMap(({ object, container, at }) =>
      (["livenessProbe", "readinessProbe"] as const).filter((probe) => !container[probe]).map((probe) => finding("probes", object, `${at}.${probe}`, `no ${probe}`, container.name)),
    );

/** Every container requests and is limited in CPU and memory. */
const resources: Check = (objects) =>
  containersOf(objects, false).flatMap(({ object, container, at }) =>
    (["requests", "limits"] as const).flatMap((kind) =>
      ["cpu", "memory"].filter((resource) => container.resources?.[kind]?.[resource] === undefined).map((resource) => finding("resources", object, `${at}.resources.${kind}.${resource}`, `no resources.${kind}.${resource}`, container.name)),
    ),
  );

/** Every image is pinned to a tag other than `latest`, or to a digest. */
const pinnedImages: Check = (objects) =>
  containersOf(objects, false).flatMap(({ object, container, at }) => {
    const image = String(container.image ?? "");
    const pinned = /@sha256:[a-f0-9]{64}$/.test(image) || /:[^:/@]+$/.test(image);
    return pinned && !/:latest(@|$)/.test(image) ? [] : [finding("pinned-images", object, `${at}.image`, `image ${image} is not pinned to a tag or digest`, container.name)];
  });

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** Every workload is selected by a NetworkPolicy that allows something (not only the default deny). */
const networkPolicy: Check = (objects) => {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && ((o.spec as Json)?.ingress?.length || (o.spec as Json)?.egress?.length));
  return objects
    .filter((o) => podSpecOf(o) && o.kind !== "Pod")
    .filter((o) => !policies.some((p) => selects((p.spec as Json).podSelector?.matchLabels, podLabelsOf(o))))
    .map((o) => finding("network-policy", o, "spec.template.metadata.labels", "no NetworkPolicy selects its pods"));
};

/** No value of a rendered Secret shows up in clear text in a ConfigMap or a container's env literal. */
const secretData: Check = (objects) => {
  const secrets = new Map<string, string>();
  for (const o of objects.filter((o) => o.kind === "Secret")) {
    // any manifests may come here: a value that is not a string is no Secret data to look for
    for (const [key, value] of Object.entries((o.data ?? {}) as Record<string, unknown>)) if (typeof value === "string") secrets.set(Buffer.from(value, "base64").toString(), `Secret ${o.metadata?.name} key ${key}`);
    for (const [key, value] of Object.entries((o.stringData ?? {}) as Record<string, unknown>)) if (typeof value === "string") secrets.set(value, `Secret ${o.metadata?.name} key ${key}`);
  }
  const out: PolicyFinding[] = [];
  const check = (o: KubernetesObject, field: string, what: string, text: string, container?: string) => {
    for (const [secret, from] of secrets) if (secret.length >= 4 && text.includes(secret)) out.push(finding("secret-data", o, field, `${what} holds the value of ${from}`, container));
  };
  for (const o of objects.filter((o) => o.kind === "ConfigMap")) {
    for (const [key, value] of Object.entries((o.data ?? {}) as Record<string, unknown>)) if (typeof value === "string") check(o, `data[${JSON.stringify(key)}]`, `key ${key}`, value);
  }
  for (const { object, container, at } of containersOf(objects, false)) {
    for (const [i, e] of ((container.env ?? []) as Json[]).entries()) if (typeof e.value === "string") check(object, `${at}.env[${i}].value`, `env ${e.name}`, e.value, container.name);
  }
  return out;
};

/** Selectors and volumeClaimTemplate labels hold only name, instance and component: they are immutable. */
const stableSelectors: Check = (objects) => {
  const out: PolicyFinding[] = [];
  const check = (o: KubernetesObject, where: string, labels: Record<string, string> | undefined) => {
    for (const key of Object.keys(labels ?? {})) {
      if (!STABLE_SELECTOR_LABELS.has(key)) out.push(finding("stable-selectors", o, `${where}[${JSON.stringify(key)}]`, `${where} holds unstable label ${key}`));
    }
  };
  for (const o of objects) {
    const spec = o.spec as Json;
    if (["Deployment", "StatefulSet", "PodDisruptionBudget"].includes(o.kind)) check(o, "spec.selector.matchLabels", spec?.selector?.matchLabels);
    if (o.kind === "Service") check(o, "spec.selector", spec?.selector);
    if (o.kind === "NetworkPolicy") check(o, "spec.podSelector.matchLabels", spec?.podSelector?.matchLabels);
    if (o.kind === "StatefulSet") {
      for (const [i, t] of ((spec?.volumeClaimTemplates ?? []) as Json[]).entries()) check(o, `spec.volumeClaimTemplates[${i}].metadata.labels`, t.metadata?.labels);
    }
  }
  return out;
};

/** A PDB leaves room to evict at least one pod, even of a single-replica workload. */
const disruptionBudget: Check = (objects) => {
  const out: PolicyFinding[] = [];
  for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    const spec = (pdb.spec ?? {}) as Json;
    for (const workload of objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind) && selects(spec.selector?.matchLabels, podLabelsOf(o)))) {
      const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && (o.spec as Json)?.scaleTargetRef?.name === workload.metadata?.name);
      const replicas: number = (hpa?.spec as Json)?.minReplicas ?? (workload.spec as Json)?.replicas ?? 1;
      const { maxUnavailable, minAvailable } = spec;
      // the disruption controller rounds percentages up, as here
      const scaled = (value: number | string) => (typeof value === "number" ? value : Math.ceil((parseFloat(value) / 100) * replicas));
      const evictable = maxUnavailable !== undefined ? scaled(maxUnavailable) : minAvailable !== undefined ? replicas - scaled(minAvailable) : replicas;
      const field = maxUnavailable !== undefined ? "spec.maxUnavailable" : "spec.minAvailable";
      if (evictable < 1) out.push(finding("disruption-budget", pdb, field, `blocks every eviction of ${workload.kind} ${workload.metadata?.name} (${replicas} replica${replicas === 1 ? "" : "s"})`));
    }
  }
  return out;
};

const checks: Record<PolicyName, Check> = {
  "pod-security": podSecurity,
  probes,
  resources,
  "pinned-images": pinnedImages,
  "network-policy": networkPolicy,
  "secret-data": secretData,
  "stable-selectors": stableSelectors,
  "disruption-budget": disruptionBudget,
};

/** Runs the policies (by default all) over rendered objects. */
export function policyFindings(objects: readonly KubernetesObject[], only: readonly PolicyName[] = policyNames): PolicyFinding[] {
  return only.flatMap((name) => checks[name](objects));
}

/** One line: `Deployment blog-posts container posts: runAsNonRoot is not true`. */
export function describeFinding(f: PolicyFinding): string {
  return `${f.kind} ${f.name}${f.container === undefined ? "" : ` container ${f.container}`}: ${f.message}`;
}
