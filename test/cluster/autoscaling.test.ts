// HPAs act on this cluster: metrics-server (cluster/addons/metrics-server.ts) serves the pods' CPU,
// and the chart's HorizontalPodAutoscaler for posts scales it out when a load inside the cluster
// network drives its CPU over the target.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ciValuesDir, chartDir, helms } from "../helpers/helm.ts";
import { helm, inCluster, kubectl, kubectlJson, nodeNetworkIngress, prepareNamespace } from "./kube.ts";
import { setTimeout as sleep } from "node:timers/promises";

const namespace = "autoscaling";
const steadyLoad = new URL("./steady-load.ts", import.meta.url).pathname;

/** Polls the posts HPA until `done` holds for its status, or fails after `seconds`, showing the last status. */
async function hpaUntil(done: (status: any) => boolean, seconds: number): Promise<any> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const { status } = await kubectlJson(["-n", namespace, "get", "hpa", "blog-posts"]);
    if (done(status)) return status;
    if (Date.now() > until) throw new Error(`the posts HPA after ${seconds} s: ${JSON.stringify(status)}`);
    await sleep(2000);
  }
}

describe("the posts HorizontalPodAutoscaler", () => {
  afterEach(() => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));

  it("reads the pods' CPU from the metrics API and scales posts out under load", async () => {
    await prepareNamespace(namespace);
    const autoscaling = ["--set", "posts.autoscaling.enabled=true,posts.autoscaling.minReplicas=1,posts.autoscaling.maxReplicas=3,posts.autoscaling.targetMemoryUtilizationPercentage=0"];
    const install = await helm(helms.at(-1)!, ["install", "blog", chartDir, "-n", namespace, "-f", join(ciValuesDir, "default-values.yaml"), ...autoscaling, ...nodeNetworkIngress("posts"), "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
    const idle = await hpaUntil((s) => typeof s.currentMetrics?.[0]?.resource?.current?.averageUtilization === "number", 120);
    expect(idle.currentReplicas).toBe(1);
    // straight at the posts Service, past the gateway's per-address rate limit
    const load = inCluster([process.execPath, "--import", "tsx", steadyLoad, `http://blog-posts.${namespace}.svc.cluster.local/api/articles`, "75", "8", "0"]);
    const scaled = await hpaUntil((s) => s.desiredReplicas > 1, 150);
    expect(scaled.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(70);
    await load;
    const deployment = await kubectlJson(["-n", namespace, "get", "deployment", "blog-posts"]);
    expect(deployment.spec.replicas).toBeGreaterThan(1);
  }, 600_000);
});
