// The platform benchmark's figures as SVG files the README shows, drawn by Vega-Lite (compiled to
// Vega and rendered headless, without a canvas): throughput, p95 and the shed rate against
// concurrent connections, and the posts replicas over time during the HPA run.
import { writeFileSync } from "node:fs";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface SweepPoint {
  users: number;
  route: string;
  requestsPerSecond: number;
  p95: number;
  shed: number;
  errors: number;
  seconds: number;
}

export interface HpaSample {
  second: number;
  replicas: number;
  desiredReplicas: number;
  cpuPercent: number | null;
  p95: number | null;
}

async function writeSvg(file: string, spec: TopLevelSpec): Promise<void> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  writeFileSync(file, await view.toSVG());
}

const connections = { field: "users", type: "quantitative", scale: { type: "log" }, title: "concurrent connections" } as const;

export async function drawSweep(file: string, points: SweepPoint[], oneCore: boolean): Promise<void> {
  const byUsers = [...new Set(points.map((p) => p.users))].map((users) => {
    const mine = points.filter((p) => p.users === users);
    const ok = mine.reduce((n, p) => n + p.requestsPerSecond, 0);
    const shed = mine.reduce((n, p) => n + p.shed / p.seconds, 0);
    const errors = mine.reduce((n, p) => n + p.errors / p.seconds, 0);
    return { users, ok, shedRate: shed / Math.max(1, ok + shed + errors) };
  });
  await writeSvg(file, {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `The mix through the gateway, ${oneCore ? "the installation on one core" : "the installation and the load sharing the CPUs"}`,
    vconcat: [
      {
        width: 520,
        height: 180,
        data: { values: byUsers },
        layer: [
          { mark: { type: "line", point: true }, encoding: { x: connections, y: { field: "ok", type: "quantitative", title: "successful requests/s (all routes)" } } },
          {
            mark: { type: "line", point: true, strokeDash: [4, 3], color: "#d62728" },
            encoding: { x: connections, y: { field: "shedRate", type: "quantitative", axis: { format: "%" }, title: "shed (503 + Retry-After)" } },
          },
        ],
        resolve: { scale: { y: "independent" } },
      },
      {
        width: 520,
        height: 220,
        // a route with no successful answer at a level has no p95 (0), which a log scale cannot show
        data: { values: points.filter((p) => p.p95 > 0) },
        mark: { type: "line", point: true },
        encoding: {
          x: connections,
          y: { field: "p95", type: "quantitative", scale: { type: "log" }, title: "p95 of successful requests (ms)" },
          color: { field: "route", type: "nominal", title: "route" },
        },
      },
    ],
  });
}

export async function drawReplicas(file: string, samples: HpaSample[]): Promise<void> {
  const time = { field: "second", type: "quantitative", title: "seconds since the load began" } as const;
  await writeSvg(file, {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "posts under 1,000 simulated readers: the HPA's replicas and the readers' p95",
    width: 520,
    height: 220,
    data: { values: samples },
    layer: [
      { mark: { type: "line", interpolate: "step-after" }, encoding: { x: time, y: { field: "replicas", type: "quantitative", title: "posts replicas", axis: { tickMinStep: 1 } } } },
      {
        mark: { type: "line", color: "#d62728", opacity: 0.7 },
        transform: [{ filter: "datum.p95 != null" }],
        encoding: { x: time, y: { field: "p95", type: "quantitative", title: "readers' p95 (ms)" } },
      },
    ],
    resolve: { scale: { y: "independent" } },
  });
}
