// Installs rendered manifests on this machine: pod plans (pods.ts), the network (network.ts), the
// pods as processes (kubelet.ts), started together as a cluster starts them; then waits for every
// pod to be Ready, which the services reach in whatever order their dependencies allow.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { KubernetesObject } from "../sdk/src/manifests.ts";
import type { Artifacts } from "./images.ts";
import { RunningPod } from "./kubelet.ts";
import { createNetwork, type Network } from "./network.ts";
import { planCluster, type ClusterPlan } from "./pods.ts";

export interface Installation {
  plan: ClusterPlan;
  network: Network;
  pods: RunningPod[];
  /** Seconds from the start until each pod was first Ready. */
  readyAfter: Record<string, number>;
  /** Runs the helm test pods; each one's name, result and logs. */
  helmTest(timeoutMs?: number): Promise<Array<{ name: string; passed: boolean; logs: string }>>;
  uninstall(): Promise<void>;
}

/** The Secrets an install expects to exist already (the ci files' existingSecret): a fresh JWT key pair. */
export function prerequisites(namespace: string): KubernetesObject[] {
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  return [{ apiVersion: "v1", kind: "Secret", metadata: { name: "blog-jwt", namespace }, stringData: { "private.pem": pair.privateKey, "public.pem": pair.publicKey } }];
}

export async function install(objects: readonly KubernetesObject[], options: { namespace: string; stateDir: string; artifacts: Artifacts; readyTimeoutMs?: number; log(line: string): void }): Promise<Installation> {
  const plan = planCluster(objects);
  const network = createNetwork(plan, options.namespace);
  mkdirSync(options.stateDir, { recursive: true });
  const make = (name: string) => {
    const podPlan = plan.pods.find((p) => p.name === name)!;
    return new RunningPod(podPlan, { stateDir: options.stateDir, artifacts: options.artifacts, podIp: network.podIp[name]!, log: options.log });
  };
  const pods = plan.pods.filter((p) => !p.test).map((p) => make(p.name));
  const started = Date.now();
  const readyAfter: Record<string, number> = {};
  await Promise.all(pods.map((pod) => pod.start()));
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (pods.some((pod) => readyAfter[pod.plan.name] === undefined)) {
    for (const pod of pods) if (pod.ready && readyAfter[pod.plan.name] === undefined) {
      readyAfter[pod.plan.name] = (Date.now() - started) / 1000;
      options.log(`${pod.plan.name} ready after ${readyAfter[pod.plan.name]!.toFixed(1)} s`);
    }
    if (Date.now() > deadline) {
      const unready = pods.filter((pod) => !pod.ready);
      await Promise.all(pods.map((pod) => pod.stop()));
      network.teardown();
      throw new Error(`pods never became ready: ${unready.map((p) => p.plan.name).join(", ")}\n${unready.map((p) => p.logs()).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    plan,
    network,
    pods,
    readyAfter,
    async helmTest(timeoutMs = 60_000) {
      const results = [];
      for (const test of plan.pods.filter((p) => p.test)) {
        const pod = make(test.name);
        await pod.start();
        const passed = await pod.completed(timeoutMs);
        results.push({ name: test.name, passed, logs: pod.logs() });
        await pod.stop();
      }
      return results;
    },
    async uninstall() {
      await Promise.all(pods.map((pod) => pod.stop()));
      network.teardown();
    },
  };
}

/** Directories the run needs on the machine; a private /etc/netns and /run/netns so that nothing of it outlives the run's mount namespace. */
export function privateRunDirectories(): void {
  for (const dir of ["/etc/netns", "/run/netns"]) {
    mkdirSync(dir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "tmpfs", dir]);
  }
}
