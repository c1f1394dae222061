// The capacity plan for a number of concurrent readers, from what the platform benchmark measured
// (docs/bench/cluster.json, written by npm run bench:cluster): the CPU each component used while
// 1,000 simulated readers (the README's user model) browsed, scaled linearly to the plan's users.
// Linear because every reader's page views cost the same work at any count: the page cache's hit
// rate depends on the writes' rate per article, which the model keeps per reader.
import { readFileSync } from "node:fs";

export interface Measurement {
  users: number;
  seconds: number;
  /** CPU seconds each component's pods used over those seconds. */
  cpuSeconds: Record<string, number>;
  /** Redis' used_memory after the run, in bytes. */
  redisUsedBytes: number;
}

export interface ServicePlan {
  /** Cores the component needs at the plan's load, in total. */
  cores: number;
  replicas: number;
  maxReplicas: number;
  /** Per pod, in millicores: the HPA (70 % of it) holds the planned load at `replicas`. */
  cpuRequestMillis: number;
  cpuLimit: string;
}

export interface CapacityPlan {
  users: number;
  services: Record<"gateway" | "frontend" | "auth" | "posts" | "comments" | "images", ServicePlan>;
  postgres: { cores: number; cpuRequestMillis: number; cpuLimit: string; maxConnections: number; poolSizePerPod: number };
  redis: { maxMemoryMb: number; memoryLimitMi: number };
}

/** What a pod may use on average before the next one is added: half a core, the rest is for bursts. */
const coresPerReplica = 0.5;
const hpaTarget = 0.7;
/** Each service pod's Postgres pool: its event loop seldom waits on more than this many queries. */
export const poolSizePerPod = 5;
const roundUp = (value: number, step: number) => Math.ceil(value / step) * step;

export function readMeasurement(file = new URL("../../docs/bench/cluster.json", import.meta.url)): Measurement {
  const bench = JSON.parse(readFileSync(file, "utf8"));
  if (!bench.capacity) throw new Error(`${String(file)} has no capacity measurement: run npm run bench:cluster`);
  return bench.capacity as Measurement;
}

export function capacityPlan(measured: Measurement, users: number): CapacityPlan {
  const cores = (component: string) => ((measured.cpuSeconds[component] ?? 0) / measured.seconds) * (users / measured.users);
  const service = (component: string): ServicePlan => {
    const need = cores(component);
    const replicas = Math.max(2, Math.ceil(need / coresPerReplica));
    return {
      cores: Math.round(need * 100) / 100,
      replicas,
      maxReplicas: replicas * 2,
      cpuRequestMillis: Math.max(100, roundUp((need / replicas / hpaTarget) * 1000, 50)),
      // one Node.js event loop (or one nginx worker) uses a core at most
      cpuLimit: "1",
    };
  };
  const services = {
    gateway: service("gateway"),
    frontend: service("frontend"),
    auth: service("auth"),
    posts: service("posts"),
    comments: service("comments"),
    images: service("images"),
  };
  const postgresCores = cores("postgres");
  const databasePods = (["auth", "posts", "comments", "images"] as const).reduce((n, name) => n + services[name].maxReplicas, 0);
  // Redis holds pages, articles and profiles: it grows with the content, not with the readers
  const maxMemoryMb = Math.max(256, roundUp((measured.redisUsedBytes * 4) / 2 ** 20, 64));
  return {
    users,
    services,
    postgres: {
      cores: Math.round(postgresCores * 100) / 100,
      cpuRequestMillis: Math.max(250, roundUp((postgresCores / hpaTarget) * 1000, 50)),
      cpuLimit: String(Math.max(2, Math.ceil(postgresCores * 2))),
      // every pod's pool at the HPAs' highest, and a few for the exporter and an operator's psql
      maxConnections: databasePods * poolSizePerPod + 10,
      poolSizePerPod,
    },
    redis: { maxMemoryMb, memoryLimitMi: roundUp(maxMemoryMb * 1.25, 64) },
  };
}
