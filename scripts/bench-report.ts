// The README's platform benchmark and capacity plan tables, from one run of npm run bench:cluster
// (docs/bench/cluster.json): each written between its pair of markers, so the prose around them
// stays the README's own. Run alone, it rewrites them from the committed JSON.
import { readFileSync, writeFileSync } from "node:fs";
import { capacityPlan, type Measurement } from "../examples/scale10k/capacity-plan.ts";
import type { EndpointRow, SweepRow } from "./bench-cluster-load.ts";
import type { HpaRun } from "./bench-hpa.ts";
import type { ReadinessReport } from "./bench-readiness.ts";
import type { ThinkTimeResult } from "./think-time-load.ts";
import { markdownTable, type LoadResult } from "./load.ts";

export interface ClusterBench {
  date: string;
  machine: string;
  oneCore: boolean;
  endpoints: EndpointRow[];
  sweep: SweepRow[];
  readers: ThinkTimeResult;
  overhead: { route: string; throughGateway: LoadResult; straightToService: LoadResult; addedP50Ms: number; throughputRatio: number };
  readiness: ReadinessReport;
  capacity: Measurement;
  hpa?: HpaRun;
}

const readme = new URL("../README.md", import.meta.url);
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`);
const n = (value: number) => value.toLocaleString("en");

function replaceBetween(text: string, name: string, body: string): string {
  const [begin, end] = [`<!-- ${name}: begin (npm run bench:cluster writes this) -->`, `<!-- ${name}: end -->`];
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${begin} … ${end} pair`);
  return `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
}

export function benchTables(bench: ClusterBench): string {
  const routes = [...new Set(bench.endpoints.map((e) => e.route))];
  const endpoints = markdownTable(
    ["endpoint", "req/s (two rounds)", "p95", "p99", "errors"],
    routes.map((route) => {
      const [a, b] = bench.endpoints.filter((e) => e.route === route) as [EndpointRow, EndpointRow];
      return [route, `${n(a.requestsPerSecond)} / ${n(b.requestsPerSecond)}`, `${ms(a.p95)} / ${ms(b.p95)}`, `${ms(a.p99)} / ${ms(b.p99)}`, String(a.errors + b.errors)];
    }),
  );
  const levels = [...new Set(bench.sweep.map((r) => r.users))];
  const sweep = markdownTable(
    ["connections", "ok/s", "worst p95", "worst p99", "shed", "slowest shed (p99)", "timeouts", "other errors"],
    levels.map((users) => {
      const rows = bench.sweep.filter((r) => r.users === users);
      const sum = (pick: (r: SweepRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
      const worst = (pick: (r: SweepRow) => number) => Math.max(...rows.map(pick));
      return [n(users), n(sum((r) => r.requestsPerSecond)), ms(worst((r) => r.p95)), ms(worst((r) => r.p99)), n(sum((r) => r.shed)), sum((r) => r.shed) ? ms(worst((r) => r.shedP99)) : "–", n(sum((r) => r.timeouts)), n(sum((r) => r.errors - r.timeouts))];
    }),
  );
  const readers = markdownTable(
    ["route", "requests", "ok/s", "p50", "p95", "p99", "shed", "errors"],
    bench.readers.routes.map((r) => [r.route, n(r.requests), String(r.requestsPerSecond), ms(r.p50), ms(r.p95), ms(r.p99), String(r.shed), String(r.errors)]),
  );
  const { readiness, overhead } = bench;
  const flapped = Object.keys(readiness.notReady).length + readiness.failedProbes.length + Object.keys(readiness.restarts).length;
  const hpa = bench.hpa
    ? `\n**The HPA run** (${n(bench.hpa.users)} readers for ${bench.hpa.seconds} s, posts from one replica to at most four at 70 % of its 100m request): the replicas changed at ${
        bench.hpa.changes.map((c) => `${c.second} s (${c.from} → ${c.to})`).join(", ") || "no point: posts never scaled"
      }. The readers' p95 by second is in the chart.\n\n![posts replicas and the readers' p95 over time](docs/bench/hpa-replicas.svg)\n`
    : "";
  return [
    `Measured on ${bench.date}, ${bench.machine}; ${bench.oneCore ? "the whole installation (every pod and the cluster's daemons) pinned to CPU 0, the load on CPU 1" : "the installation and the load sharing every CPU"}. Figures of successful requests; a shed request is a 503 or 429 with Retry-After.`,
    "",
    "Each route alone, 50 connections, 15 s:",
    "",
    endpoints,
    "",
    "The mix (30 % article lists, 25 % articles, 10 % comment lists, 10 % tags, 10 % current user, 15 % new comments), each route its own autocannon run, 10 s per level:",
    "",
    sweep,
    "",
    "![throughput, shed rate and p95 against concurrent connections](docs/bench/sweep.svg)",
    "",
    `${n(bench.readers.users)} simulated readers (the capacity plan's model), ${bench.readers.seconds} s: ${bench.readers.pagesPerSecond} page views/s, the model predicts ${bench.readers.predictedPagesPerSecond}.`,
    "",
    readers,
    "",
    `- **The gateway's own cost** on ${overhead.route} at 10 connections: +${overhead.addedP50Ms} ms at p50 (${overhead.throughGateway.p50} ms against ${overhead.straightToService.p50} ms), ${overhead.throughputRatio}× the throughput of calling the posts Service directly.`,
    `- **Readiness under load:** ${readiness.polls} polls of the EndpointSlices over the whole run${readiness.failedPolls ? ` (${readiness.failedPolls} more went unanswered by the API server)` : ""}; ${flapped ? `endpoints not ready: ${JSON.stringify(readiness.notReady)}, failed readiness probes: ${JSON.stringify(readiness.failedProbes)}, restarts: ${JSON.stringify(readiness.restarts)}` : "no endpoint was ever not ready, no readiness probe failed and no container restarted"}.`,
    hpa,
  ].join("\n");
}

function planTable(bench: ClusterBench): string {
  const plan = capacityPlan(bench.capacity, 10_000);
  const measured = (component: string) => `${Math.round(((bench.capacity.cpuSeconds[component] ?? 0) / bench.capacity.seconds) * 1000)}m`;
  const rows = Object.entries(plan.services).map(([name, s]) => [name, measured(name), `${s.cores}`, `${s.replicas}–${s.maxReplicas}`, `${s.cpuRequestMillis}m`, s.cpuLimit]);
  rows.push(["postgres", measured("postgres"), `${plan.postgres.cores}`, "1", `${plan.postgres.cpuRequestMillis}m`, plan.postgres.cpuLimit]);
  rows.push(["redis", measured("redis"), "–", "1", "–", "–"]);
  return [
    markdownTable(["component", `CPU at ${n(bench.capacity.users)} readers (measured)`, "cores at 10,000", "replicas (HPA min–max)", "CPU request per pod", "CPU limit"], rows),
    "",
    `- **Postgres connections:** ${plan.postgres.poolSizePerPod} per service pod (DATABASE_POOL_SIZE), ${plan.postgres.maxConnections} with every HPA at its highest and ten spare: \`max_connections\` must be at least that.`,
    `- **Redis memory:** ${n(Math.round(bench.capacity.redisUsedBytes / 2 ** 20))} MiB used after the run; the plan gives \`redis.maxMemory: ${plan.redis.maxMemoryMb}mb\` (four times that, 256 MB at least) and a ${plan.redis.memoryLimitMi}Mi limit.`,
  ].join("\n");
}

export function writeBenchReport(bench: ClusterBench): void {
  let text = readFileSync(readme, "utf8");
  text = replaceBetween(text, "bench:cluster", benchTables(bench));
  text = replaceBetween(text, "capacity-plan", planTable(bench));
  writeFileSync(readme, text);
}

if (import.meta.url === `file://${process.argv[1]}`) writeBenchReport(JSON.parse(readFileSync(new URL("../docs/bench/cluster.json", import.meta.url), "utf8")));
