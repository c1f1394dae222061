// npm run bench:cluster [-- --one-core] [-- --hpa]: the platform benchmark on the test cluster.
// Brings the cluster up (as npm run cluster:up does), installs scripts/bench-cluster-values.yaml
// with helm 4 in the namespace `bench`, and runs scripts/bench-cluster-load.ts inside the cluster's
// network while watching the release's readiness (bench-readiness.ts). Then removes the namespace.
// --one-core pins the whole installation (every pod and the cluster's own daemons) to CPU 0 and
// the load to CPU 1, as the performance issue measured. --hpa adds the HPA run (bench-hpa.ts).
// Writes docs/bench/cluster.json, the SVG charts beside it (bench-charts.ts), and the README's
// tables between their markers (bench-report.ts). Prints figures, not pass/fail. Leaves the
// cluster up for the next run.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { up } from "../cluster/up.ts";
import { step } from "../cluster/log.ts";
import { pinCluster } from "../cluster/cpu-pinning.ts";
import { cpuSecondsBetween, podCpuSeconds, type PodCpu } from "../cluster/pod-cpu.ts";
import { createInterface } from "node:readline";
import { chartDir, helms } from "../test/helpers/helm.ts";
import { helm, inCluster, kubectl, nodeNetworkIngress, prepareNamespace } from "../test/cluster/kube.ts";
import { watchReadiness } from "./bench-readiness.ts";
import { hpaRun } from "./bench-hpa.ts";
import { drawReplicas, drawSweep } from "./bench-charts.ts";
import { benchTables, writeBenchReport, type ClusterBench } from "./bench-report.ts";

const { values: flags } = parseArgs({ options: { "one-core": { type: "boolean", default: false }, hpa: { type: "boolean", default: false } } });
const namespace = "bench";
const values = new URL("./bench-cluster-values.yaml", import.meta.url).pathname;
const docs = new URL("../docs/bench/", import.meta.url).pathname;
if (flags["one-core"] && cpus().length < 2) throw new Error("--one-core needs two CPUs: one for the installation, one for the load");
/** Redis' used_memory, asked inside its pod with the password of the bench values. */
async function redisUsedBytes(ns: string): Promise<number> {
  const info = await kubectl(["-n", ns, "exec", "deployment/blog-redis", "-c", "redis", "--", "redis-cli", "--no-auth-warning", "-a", "bench-redis-password", "info", "memory"]);
  const used = /^used_memory:(\d+)/m.exec(info);
  if (!used) throw new Error(`redis-cli info memory gave no used_memory:\n${info}`);
  return Number(used[1]);
}
const wrap = (command: string[]) => (flags["one-core"] ? ["taskset", "-c", "1", ...command] : command);

await up();
mkdirSync(docs, { recursive: true });
await step("bench release", async () => {
  await prepareNamespace(namespace);
  const install = await helm(helms.at(-1)!, ["install", "blog", chartDir, "-n", namespace, "-f", values, ...nodeNetworkIngress("gateway", "posts"), "--wait", "--timeout", "5m"]);
  if (install.exitCode !== 0) throw new Error(`helm install failed:\n${install.all}`);
});
// pinned once installed (every existing pod's cgroup, and the HPA run's new pods after them), so
// that the install's start-up is not squeezed onto one core against helm's timeout
const unpin = flags["one-core"] ? pinCluster("0") : () => undefined;
try {
  const readiness = watchReadiness(namespace);
  const bench = inCluster(wrap([process.execPath, "--import", "tsx", join(import.meta.dirname, "bench-cluster-load.ts"), `http://blog-gateway.${namespace}.svc.cluster.local`, `http://blog-posts.${namespace}.svc.cluster.local`]));
  bench.stderr?.pipe(process.stderr);
  // the pods' CPU time around the readers' part, for the capacity plan: its start and the next part's
  const readings: Promise<PodCpu[]>[] = [];
  const marks: number[] = [];
  createInterface({ input: bench.stderr! }).on("line", (line) => {
    if (/^bench: (1,000 simulated readers|the gateway's overhead)/.test(line)) {
      marks.push(Date.now());
      const reading = podCpuSeconds(namespace);
      // awaited below; until then a failed read must not end the process unhandled (and pinned)
      reading.catch(() => undefined);
      readings.push(reading);
    }
  });
  const result = await bench;
  const ready = await readiness.stop();
  if (result.exitCode !== 0) throw new Error(`the load failed (exit ${result.exitCode}); its output is above`);
  if (readings.length !== 2) throw new Error(`the load's output did not mark the readers' part (${readings.length} marks)`);
  const [atStart, atEnd] = await Promise.all(readings);
  const capacity = { users: 1000, seconds: (marks[1]! - marks[0]!) / 1000, cpuSeconds: cpuSecondsBetween(atStart!, atEnd!), redisUsedBytes: await redisUsedBytes(namespace) };
  await step("removing the bench release", () => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));
  const report: ClusterBench = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}`,
    oneCore: flags["one-core"],
    ...JSON.parse(result.stdout.trim().split("\n").at(-1)!),
    readiness: ready,
    capacity,
  };
  // written before the HPA run, so that a failure there keeps what was measured
  const write = async () => {
    console.error(`\n${benchTables(report)}\n`);
    writeFileSync(join(docs, "cluster.json"), `${JSON.stringify(report, null, 2)}\n`);
    await drawSweep(join(docs, "sweep.svg"), report.sweep, report.oneCore);
    if (report.hpa) await drawReplicas(join(docs, "hpa-replicas.svg"), report.hpa.samples);
    writeBenchReport(report);
    console.error(`written: docs/bench/cluster.json, docs/bench/sweep.svg${report.hpa ? ", docs/bench/hpa-replicas.svg" : ""} and the README's tables`);
  };
  await write();
  if (flags.hpa) {
    report.hpa = await hpaRun(values, 1000, 240, wrap);
    await write();
  }
} finally {
  unpin();
  await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]);
}
