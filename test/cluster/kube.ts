// The cluster suite's clients: the real kubectl and both helms, on the test cluster's kubeconfig,
// and the objects a release needs before `helm install` (its namespace and JWT key Secret).
import { execa } from "execa";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { kubectl } from "../../cluster/kubectl.ts";
import { kubeconfig, repo } from "../../cluster/paths.ts";
import type { Helm } from "../helpers/helm.ts";

export { kubectl };

export async function kubectlJson<T = any>(args: string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, "-o", "json"])) as T;
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
}

export async function pods(namespace: string, selector = "app.kubernetes.io/instance=blog"): Promise<PodState[]> {
  const list = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "pods", "-l", selector]);
  return list.items
    // helm test's hook pods, and pods on their way out (a rollout's old ones), are not the release's
    .filter((p) => !p.metadata.annotations?.["helm.sh/hook"] && !p.metadata.deletionTimestamp)
    .map((p) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      restarts: (p.status.containerStatuses ?? []).reduce((n: number, c: any) => n + c.restartCount, 0),
      ready: (p.status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True"),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs a command in the cluster's network (npm run cluster:exec), where Service names resolve. */
export function inCluster(command: string[]) {
  return execa(process.execPath, ["--import", "tsx", join(repo, "cluster/exec.ts"), ...command], { reject: false, all: true });
}
