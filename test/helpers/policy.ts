// Rules every rendered install must meet, as functions that return what violates them (one line
// per finding, naming the object and field), so a test can show both a pass and a failure.
import type { K8sObject } from "./helm.ts";

const STABLE_SELECTOR_LABELS = new Set(["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"]);

const id = (o: K8sObject) => `${o.kind} ${o.metadata.name}`;

export function podSpecOf(o: K8sObject): any | undefined {
  if (o.kind === "Pod") return o.spec;
  if (["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(o.kind)) return o.spec?.template?.spec;
  return undefined;
}

export function podLabelsOf(o: K8sObject): Record<string, string> {
  if (o.kind === "Pod") return o.metadata.labels ?? {};
  return o.spec?.template?.metadata?.labels ?? {};
}

/** Selectors and volumeClaimTemplate labels hold only name, instance and component. */
export function unstableSelectors(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  const check = (o: K8sObject, where: string, labels: Record<string, string> | undefined) => {
    for (const key of Object.keys(labels ?? {})) {
      if (!STABLE_SELECTOR_LABELS.has(key)) findings.push(`${id(o)}: ${where} holds unstable label ${key}`);
    }
  };
  for (const o of objects) {
    if (["Deployment", "StatefulSet", "PodDisruptionBudget"].includes(o.kind)) check(o, "spec.selector.matchLabels", o.spec?.selector?.matchLabels);
    if (o.kind === "Service") check(o, "spec.selector", o.spec?.selector);
    if (o.kind === "NetworkPolicy") check(o, "spec.podSelector.matchLabels", o.spec?.podSelector?.matchLabels);
    if (o.kind === "StatefulSet") {
      for (const [i, t] of (o.spec?.volumeClaimTemplates ?? []).entries()) check(o, `spec.volumeClaimTemplates[${i}].metadata.labels`, t.metadata?.labels);
    }
  }
  return findings;
}

/** Pod Security "restricted", checked field by field. */
export function notRestricted(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const o of objects) {
    const pod = podSpecOf(o);
    if (!pod) continue;
    const podSc = pod.securityContext ?? {};
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) findings.push(`${id(o)}: uses a host namespace`);
    for (const v of pod.volumes ?? []) if (v.hostPath) findings.push(`${id(o)}: volume ${v.name} is a hostPath`);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const sc = c.securityContext ?? {};
      const where = `${id(o)} container ${c.name}`;
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) findings.push(`${where}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? podSc.runAsUser) === 0) findings.push(`${where}: runs as UID 0`);
      if (sc.allowPrivilegeEscalation !== false) findings.push(`${where}: allowPrivilegeEscalation is not false`);
      if (sc.privileged) findings.push(`${where}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) findings.push(`${where}: capabilities.drop lacks ALL`);
      if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== "NET_BIND_SERVICE")) findings.push(`${where}: adds capabilities`);
      const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") findings.push(`${where}: seccompProfile is not RuntimeDefault`);
      if (sc.readOnlyRootFilesystem !== true) findings.push(`${where}: root filesystem is writable`);
    }
  }
  return findings;
}

/** Every container of every workload has liveness and readiness probes, requests and limits, a pinned image. */
export function unreadyContainers(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const o of objects) {
    const pod = podSpecOf(o);
    if (!pod) continue;
    for (const c of pod.containers ?? []) {
      const where = `${id(o)} container ${c.name}`;
      // run-to-completion pods (helm's test Pods, the credentials hook Job) are not probed
      if (o.kind !== "Pod" && o.kind !== "Job") {
        if (!c.livenessProbe) findings.push(`${where}: no livenessProbe`);
        if (!c.readinessProbe) findings.push(`${where}: no readinessProbe`);
      }
      for (const kind of ["requests", "limits"] as const) {
        for (const resource of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[resource] === undefined) findings.push(`${where}: no resources.${kind}.${resource}`);
        }
      }
      const image = String(c.image ?? "");
      const pinned = /@sha256:[a-f0-9]{64}$/.test(image) || /:[^:/@]+$/.test(image);
      if (!pinned || /:latest(@|$)/.test(image)) findings.push(`${where}: image ${image} is not pinned to a tag or digest`);
    }
  }
  return findings;
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** Every workload is selected by a NetworkPolicy that allows something (not only the default deny). */
export function unpolicedWorkloads(objects: K8sObject[]): string[] {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && (o.spec?.ingress?.length || o.spec?.egress?.length));
  return objects
    .filter((o) => podSpecOf(o) && o.kind !== "Pod")
    .filter((o) => !policies.some((p) => selects(p.spec.podSelector?.matchLabels, podLabelsOf(o))))
    .map((o) => `${id(o)}: no NetworkPolicy selects its pods`);
}

/** No value of a rendered Secret shows up in clear text in a ConfigMap or a container's env literal. */
export function leakedSecrets(objects: K8sObject[]): string[] {
  const secrets = new Map<string, string>();
  for (const o of objects.filter((o) => o.kind === "Secret")) {
    for (const [key, value] of Object.entries(o.data ?? {})) secrets.set(Buffer.from(value, "base64").toString(), `Secret ${o.metadata.name} key ${key}`);
    for (const [key, value] of Object.entries((o.stringData ?? {}) as Record<string, string>)) secrets.set(value, `Secret ${o.metadata.name} key ${key}`);
  }
  const findings: string[] = [];
  const check = (where: string, text: string) => {
    for (const [secret, from] of secrets) if (secret.length >= 4 && text.includes(secret)) findings.push(`${where} holds the value of ${from}`);
  };
  for (const o of objects) {
    if (o.kind === "ConfigMap") for (const [key, value] of Object.entries(o.data ?? {})) check(`ConfigMap ${o.metadata.name} key ${key}`, value);
    for (const c of podSpecOf(o)?.containers ?? []) {
      for (const e of c.env ?? []) if (typeof e.value === "string") check(`${id(o)} container ${c.name} env ${e.name}`, e.value);
    }
  }
  return findings;
}

/** A PDB must leave room to evict at least one pod, even of a single-replica workload. */
export function blockingDisruptionBudgets(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    const selector = pdb.spec?.selector?.matchLabels;
    for (const workload of objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind) && selects(selector, podLabelsOf(o)))) {
      const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec?.scaleTargetRef?.name === workload.metadata.name);
      const replicas: number = hpa?.spec?.minReplicas ?? workload.spec?.replicas ?? 1;
      const { maxUnavailable, minAvailable } = pdb.spec ?? {};
      // the disruption controller rounds percentages up, as here
      const scaled = (value: number | string) => (typeof value === "number" ? value : Math.ceil((parseFloat(value) / 100) * replicas));
      const evictable = maxUnavailable !== undefined ? scaled(maxUnavailable) : minAvailable !== undefined ? replicas - scaled(minAvailable) : replicas;
      const blocks = evictable < 1;
      if (blocks) findings.push(`${id(pdb)}: blocks every eviction of ${id(workload)} (${replicas} replica${replicas === 1 ? "" : "s"})`);
    }
  }
  return findings;
}
