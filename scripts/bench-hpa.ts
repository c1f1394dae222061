// The HPA run of npm run bench:cluster -- --hpa: a release whose posts scales on CPU (one replica to
// four, at 70 % of its 100m request; metrics-server serves the pods' CPU), loaded by simulated
// readers (bench-readers.ts) for four minutes. Samples the HPA every two seconds, and records
// when the replicas changed, beside the readers' p95 in that second.
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { chartDir, helms } from "../test/helpers/helm.ts";
import { helm, inCluster, kubectl, kubectlJson, nodeNetworkIngress, prepareNamespace } from "../test/cluster/kube.ts";
import { step } from "../cluster/log.ts";
import type { HpaSample } from "./bench-charts.ts";
import type { ThinkTimeResult } from "./think-time-load.ts";

export interface HpaRun {
  users: number;
  seconds: number;
  samples: HpaSample[];
  /** When the replica count changed, in seconds since the readers began. */
  changes: { second: number; from: number; to: number }[];
  readers: ThinkTimeResult;
}

const namespace = "bench-hpa";

export async function hpaRun(values: string, users: number, seconds: number, wrap: (command: string[]) => string[]): Promise<HpaRun> {
  await step("HPA release", async () => {
    await prepareNamespace(namespace);
    const autoscaling = ["--set", "posts.autoscaling.enabled=true,posts.autoscaling.minReplicas=1,posts.autoscaling.maxReplicas=4,posts.autoscaling.targetMemoryUtilizationPercentage=0"];
    const install = await helm(helms.at(-1)!, ["install", "blog", chartDir, "-n", namespace, "-f", values, ...autoscaling, ...nodeNetworkIngress("gateway", "posts"), "--wait", "--timeout", "5m"]);
    if (install.exitCode !== 0) throw new Error(`helm install failed:\n${install.all}`);
  });
  try {
    // the HPA's first reading, so the run starts from a scaler that sees the pods
    for (let i = 0; ; i++) {
      const { status } = await kubectlJson(["-n", namespace, "get", "hpa", "blog-posts"]);
      if (typeof status.currentMetrics?.[0]?.resource?.current?.averageUtilization === "number") break;
      if (i > 90) throw new Error(`the posts HPA has no CPU reading after 3 minutes: ${JSON.stringify(status)}`);
      await sleep(2000);
    }
    const load = inCluster(wrap([process.execPath, "--import", "tsx", join(import.meta.dirname, "bench-readers.ts"), `http://blog-gateway.${namespace}.svc.cluster.local`, String(users), String(seconds)]));
    let started = 0;
    createInterface({ input: load.stderr! }).on("line", (line) => {
      if (!started && line.includes("readers: start")) started = Date.now();
    });
    const polls: Omit<HpaSample, "p95">[] = [];
    let done = false;
    void load.finally(() => (done = true));
    while (!done) {
      if (started) {
        const { status } = await kubectlJson(["-n", namespace, "get", "hpa", "blog-posts"]);
        polls.push({ second: Math.round((Date.now() - started) / 1000), replicas: status.currentReplicas, desiredReplicas: status.desiredReplicas, cpuPercent: status.currentMetrics?.[0]?.resource?.current?.averageUtilization ?? null });
      }
      await sleep(2000);
    }
    const result = await load;
    if (result.exitCode !== 0) throw new Error(`the readers failed:\n${result.all}`);
    const readers = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ThinkTimeResult;
    const samples = polls.map((poll) => ({ ...poll, p95: readers.perSecond.find((s) => s.second === poll.second)?.p95 ?? null }));
    const changes = samples.flatMap((sample, i) => (i > 0 && sample.replicas !== samples[i - 1]!.replicas ? [{ second: sample.second, from: samples[i - 1]!.replicas, to: sample.replicas }] : []));
    return { users, seconds, samples, changes, readers };
  } finally {
    await step("removing the HPA release", () => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));
  }
}
