// The fault drill on the test cluster. The ci default install runs under steady load through the
// gateway (drill-load.ts: every kind of write the blog takes, and reads), and then one fault at a
// time, each ending without help (every pod of the release Ready again):
// - a posts container SIGKILLed: the kubelet restarts it in the same pod, and the Service keeps
//   the other replica meanwhile;
// - a posts pod deleted: its ReplicaSet makes a new one;
// - Redis killed: the services say so in their logs and keep serving from Postgres. They stay
//   Ready, because Redis is a cache and not part of their readiness;
// - Postgres killed twice in a row, so that the kubelet's crash back-off (10 s) keeps it down for
//   longer than the services' readiness period: the services' own readiness probes fail (the
//   kubelet's Unhealthy events, on pods that were not killed).
// - the node without Postgres drained (`kubectl drain`), with both posts replicas on it: the
//   eviction API refuses the second posts pod until the first one's replacement is Ready on the
//   other node (the PodDisruptionBudget), so posts never runs out of ready endpoints. Postgres
//   stays put: its volume is local to its node (local-path-provisioner).
// Afterwards every acknowledged write is found again. Then the uninstall: no object of the release
// left, and no container of it running in containerd.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, helms, chartDir } from "../helpers/helm.ts";
import { helm, inCluster, killContainer, kubectl, kubectlJson, kubectlResult, nodeNames, nodeNetworkIngress, objectsLeftAfterUninstall, pods, podsGone, prepareNamespace, readinessFailuresSince, runningContainers, type PodState } from "./kube.ts";
import { setTimeout as sleep } from "node:timers/promises";

const namespace = "fault-drill";
const binary = helms.at(-1)!;
const values = join(ciValuesDir, "default-values.yaml");
const drillLoad = new URL("./drill-load.ts", import.meta.url).pathname;
const services = ["auth", "comments", "images", "posts"];

interface Failure {
  kind: string;
  at: number;
  what: string;
}
interface LoadReport {
  acknowledged: Record<string, number>;
  failures: Failure[];
  reads: { ok: number; failed: number };
  lost: string[];
}

/** What was seen from a fault's start until every pod was Ready again. */
interface Outage {
  from: number;
  to: number;
  recoveredAfterSeconds: number;
  /** Pod names seen not Ready (or gone) at some poll. */
  notReady: Set<string>;
  /** The fewest ready endpoints the posts Service had at any poll. */
  fewestReadyPostsEndpoints: number;
  after: PodState[];
}

const component = (pod: string) => pod.replace(/^blog-/, "").replace(/-[a-z0-9]+-[a-z0-9]+$|-\d+$/, "");

async function readyPostsEndpoints(): Promise<number> {
  const slices = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "endpointslices", "-l", "kubernetes.io/service-name=blog-posts"]);
  return slices.items.flatMap((s) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready).length;
}

/**
 * Polls the release from `from` until it has `count` pods, all Ready, at least 5 s on (two minutes at
 * most), and `pending` (a drain, say) has settled.
 */
async function outageFrom(from: number, count: number, pending: Promise<unknown> = Promise.resolve()): Promise<Outage> {
  let settled = false;
  void pending.finally(() => (settled = true));
  const notReady = new Set<string>();
  let fewest = Number.POSITIVE_INFINITY;
  const before = new Set((await pods(namespace)).map((p) => p.name));
  for (;;) {
    const [now, endpoints] = await Promise.all([pods(namespace), readyPostsEndpoints()]);
    fewest = Math.min(fewest, endpoints);
    for (const pod of now) if (!pod.ready) notReady.add(pod.name);
    for (const name of before) if (!now.some((p) => p.name === name)) notReady.add(name);
    const elapsed = Date.now() - from;
    if (settled && elapsed > 5000 && now.length === count && now.every((p) => p.ready)) {
      return { from, to: Date.now(), recoveredAfterSeconds: elapsed / 1000, notReady, fewestReadyPostsEndpoints: fewest, after: now };
    }
    if (elapsed > 120_000) throw new Error(`the release did not recover within 2 minutes: ${JSON.stringify(now)}`);
    await sleep(500);
  }
}

async function restartsOf(pod: string): Promise<number> {
  return (await pods(namespace)).find((p) => p.name === pod)?.restarts ?? -1;
}

/** Kills a container, waits for the kubelet to have started it again, and kills it once more. */
async function killTwice(pod: string, container: string): Promise<void> {
  const restarts = await restartsOf(pod);
  await killContainer(namespace, pod, container);
  const until = Date.now() + 60_000;
  for (;;) {
    const status = (await kubectlJson(["-n", namespace, "get", "pod", pod])).status.containerStatuses.find((c: any) => c.name === container);
    if (status.restartCount > restarts && status.state.running) break;
    if (Date.now() > until) throw new Error(`${pod}: ${container} was not restarted within a minute`);
    await sleep(250);
  }
  await killContainer(namespace, pod, container);
}

async function logsSince(from: number): Promise<string> {
  return kubectl(["-n", namespace, "logs", "-l", "app.kubernetes.io/instance=blog", "--all-containers", "--prefix", "--max-log-requests=20", "--tail=-1", `--since-time=${new Date(from).toISOString()}`]);
}

const failuresIn = (report: LoadReport, outage: Outage) => report.failures.filter((f) => f.at >= outage.from && f.at <= outage.to);

describe("the fault drill, under steady load through the gateway", () => {
  const stopDir = mkdtempSync(join(tmpdir(), "drill-"));
  const stopFile = join(stopDir, "stop");
  let load: ReturnType<typeof inCluster>;
  let report: LoadReport | undefined;
  let podCount = 0;
  const outages: Record<string, Outage> = {};

  /** The load's report, once: it is stopped by the first test that needs it. */
  async function loadReport(): Promise<LoadReport> {
    if (!report) {
      writeFileSync(stopFile, "");
      const result = await load;
      expect(result.exitCode, result.all).toBe(0);
      report = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as LoadReport;
    }
    return report;
  }

  beforeAll(async () => {
    await prepareNamespace(namespace);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "-f", values, ...nodeNetworkIngress("gateway"), "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
    podCount = (await pods(namespace)).length;
    load = inCluster([process.execPath, "--import", "tsx", drillLoad, `http://blog-gateway.${namespace}.svc.cluster.local`, stopFile]);
    // the writers' first rounds, before the first fault
    await sleep(10_000);
  }, 600_000);

  afterAll(async () => {
    // a drain that failed halfway leaves its node cordoned; the suite's later files need both
    for (const node of await nodeNames()) await kubectl(["uncordon", node]);
    writeFileSync(stopFile, "");
    await load;
    rmSync(stopDir, { recursive: true, force: true });
    await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]);
  }, 300_000);

  it("a posts container killed: the kubelet restarts it in its pod, and the other replica serves meanwhile", async () => {
    const [killed, other] = (await pods(namespace)).filter((p) => component(p.name) === "posts");
    const from = Date.now();
    await killContainer(namespace, killed!.name, "posts");
    const outage = (outages.container = await outageFrom(from, podCount));
    const again = outage.after.find((p) => p.name === killed!.name);
    expect(again?.uid, "the same pod").toBe(killed!.uid);
    expect(again!.restarts).toBe(killed!.restarts + 1);
    expect(outage.notReady.has(killed!.name), "the killed container's pod left its Service").toBe(true);
    expect(outage.notReady.has(other!.name), "the other posts pod stayed Ready").toBe(false);
    expect(outage.fewestReadyPostsEndpoints).toBeGreaterThan(0);
  }, 180_000);

  it("a posts pod deleted: its ReplicaSet replaces it", async () => {
    const [deleted] = (await pods(namespace)).filter((p) => component(p.name) === "posts");
    const from = Date.now();
    await kubectl(["-n", namespace, "delete", "pod", deleted!.name, "--wait=false"]);
    const outage = (outages.pod = await outageFrom(from, podCount));
    const posts = outage.after.filter((p) => component(p.name) === "posts");
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.uid)).not.toContain(deleted!.uid);
    expect(outage.fewestReadyPostsEndpoints).toBeGreaterThan(0);
  }, 180_000);

  it("Redis killed: the services report it, keep serving without the cache, and stay Ready", async () => {
    const before = await pods(namespace);
    const redis = before.find((p) => component(p.name) === "redis")!;
    const from = Date.now();
    await killTwice(redis.name, "redis");
    const outage = (outages.redis = await outageFrom(from, podCount));
    expect(outage.notReady.has(redis.name)).toBe(true);
    const logs = await logsSince(from);
    expect(logs, "a service logged the outage").toMatch(/redis connection lost; serving without the cache/);
    expect(logs, "and the reconnection").toMatch(/redis connection restored/);
    // Redis is not part of the services' readiness: the kubelet saw none of their readiness probes
    // fail (its Unhealthy events), and none of them restarted. A poll of pod conditions alone can
    // catch the kubelet's own sub-second resets of a probe worker, which no probe caused.
    const servicePods = outage.after.filter((p) => services.includes(component(p.name)));
    expect((await readinessFailuresSince(namespace, from)).filter((pod) => servicePods.some((p) => p.name === pod)), "readiness probes that failed").toEqual([]);
    const restarted = servicePods.filter((p) => p.restarts !== before.find((b) => b.name === p.name)?.restarts);
    expect(restarted.map((p) => p.name), "service pods restarted or replaced").toEqual([]);
  }, 180_000);

  it("Postgres killed: the services' readiness probes report it, and all recover by themselves", async () => {
    const from = Date.now();
    await killTwice("blog-postgres-0", "postgres");
    const outage = (outages.postgres = await outageFrom(from, podCount));
    const reported = (await readinessFailuresSince(namespace, from)).filter((pod) => pod !== "blog-postgres-0");
    expect(reported.length, "service pods, not killed, whose readiness probe failed").toBeGreaterThan(0);
    expect(reported.every((pod) => services.includes(component(pod))), reported.join(", ")).toBe(true);
    expect(outage.after.find((p) => p.name === "blog-postgres-0")!.restarts).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it("a node drained: the PodDisruptionBudget holds back the second posts pod, and everything moves to the other node", async () => {
    const postgresNode = (await pods(namespace)).find((p) => p.name === "blog-postgres-0")!.node;
    const drained = (await nodeNames()).find((n) => n !== postgresNode)!;
    expect(drained, "a second node to drain").toBeDefined();
    // both posts replicas onto the node to drain: a rolling restart while the other is cordoned
    await kubectl(["cordon", postgresNode]);
    try {
      await kubectl(["-n", namespace, "rollout", "restart", "deployment/blog-posts"]);
      await kubectl(["-n", namespace, "rollout", "status", "deployment/blog-posts", "--timeout=120s"]);
    } finally {
      await kubectl(["uncordon", postgresNode]);
    }
    await outageFrom(Date.now(), podCount);
    const before = await pods(namespace);
    expect(before.filter((p) => component(p.name) === "posts").map((p) => p.node)).toEqual([drained, drained]);
    const from = Date.now();
    const drain = kubectlResult(["drain", drained, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=180s"]);
    const outage = (outages.drain = await outageFrom(from, podCount, drain));
    const result = await drain;
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all, "the eviction API refused a posts pod for its budget").toMatch(/evicting pods\/"blog-posts-[a-z0-9-]+" -n "fault-drill" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget/);
    expect(outage.fewestReadyPostsEndpoints, "posts kept a ready endpoint throughout").toBeGreaterThan(0);
    expect(outage.after.filter((p) => p.node === drained), "pods of the release left on the drained node").toEqual([]);
    expect(outage.after.find((p) => p.name === "blog-postgres-0")!.node).toBe(postgresNode);
    const moved = before.filter((p) => p.node === drained).map((p) => p.name);
    expect(moved.length, "pods the drain moved").toBeGreaterThanOrEqual(2);
    for (const name of moved) expect(outage.notReady.has(name), name).toBe(true);
    // the cluster's own add-ons came back on the other node too (the suite's later files need them)
    await kubectl(["wait", "--for=condition=Available", "-n", "kube-system", "deployment", "--all", "--timeout=120s"]);
    await kubectl(["wait", "--for=condition=Available", "apiservice/v1beta1.metrics.k8s.io", "--timeout=120s"]);
  }, 480_000);

  it("kept every acknowledged write of every kind, and kept serving between and around the outages", async () => {
    const result = await loadReport();
    console.log(
      "fault drill:",
      Object.entries(outages).map(([fault, o]) => `${fault}: recovered after ${o.recoveredAfterSeconds.toFixed(1)} s, not Ready meanwhile ${[...o.notReady].sort().join(" ") || "nothing"}, failed ${JSON.stringify(failuresIn(result, o).map((f) => `${f.kind} ${f.what}`))}`).join("\n"),
      `\nacknowledged ${JSON.stringify(result.acknowledged)}, reads ${JSON.stringify(result.reads)}`,
    );
    for (const kind of ["user", "follow", "article", "comment", "favorite", "image"]) expect(result.acknowledged[kind], kind).toBeGreaterThan(3);
    expect(result.lost, "acknowledged writes that are gone").toEqual([]);
    expect(result.reads.ok).toBeGreaterThan(100);
    // a cache outage costs no request: the services answer from Postgres
    expect(outages.redis, "the Redis fault ran").toBeDefined();
    expect(failuresIn(result, outages.redis!).filter((f) => f.kind === "read")).toEqual([]);
  }, 300_000);

  it("uninstalls: no object of the release is left, and containerd runs none of its containers", async () => {
    await loadReport();
    const nodes = await nodeNames();
    const running = await Promise.all(nodes.map((node) => runningContainers(node, namespace)));
    expect(running.flat().length, "containerd's view of the release before the uninstall").toBeGreaterThanOrEqual(podCount * 2);
    const uninstall = await helm(binary, ["uninstall", "blog", "-n", namespace, "--wait", "--timeout", "3m"]);
    expect(uninstall.exitCode, uninstall.all).toBe(0);
    await podsGone(namespace);
    expect(await objectsLeftAfterUninstall(namespace)).toEqual([]);
    for (const node of nodes) expect(await runningContainers(node, namespace), node).toEqual([]);
  }, 300_000);
});
