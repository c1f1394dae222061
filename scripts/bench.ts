// npm run bench: each service as its container runs it (the esbuild bundle, one process) against
// local Postgres and Redis, loaded by autocannon on loopback; prints requests/s and p50/p95/p99 per
// endpoint. Figures, not pass/fail: the targets are printed beside them.
// The services are pinned to CPU 0 ("one service process on one core"); this script (autocannon),
// Postgres and Redis to the other CPUs, so the load generator does not eat the service's core.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { startPostgres } from "../test/support/postgres.ts";
import { startRedis } from "../test/support/redis.ts";
import { serviceEnv, writeKeyPair } from "../test/support/service-env.ts";
import { buildBundle, startBundle, type BundleProcess } from "../test/support/bundles.ts";
import { markdownTable, measureLoad } from "./load.ts";

interface Endpoint {
  service: string;
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  token?: string;
  connections: number;
  seconds: number;
  target?: string;
}

const SERVICE_CPU = "0";
const cpuCount = cpus().length;
if (cpuCount > 1) execFileSync("taskset", ["-a", "-p", "-c", `1-${cpuCount - 1}`, String(process.pid)], { stdio: "ignore" });

const out = new URL("../out/bench/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const names = ["auth", "posts", "comments"] as const;
const [bundles, keys, [postgres, redis]] = await Promise.all([
  Promise.all(names.map((name) => buildBundle(name, out))),
  writeKeyPair(out),
  Promise.all([startPostgres(), startRedis()]),
]);
const running: BundleProcess[] = [];
const start = async (index: number, extra: Record<string, string> = {}) => {
  const name = names[index]!;
  const env = { ...serviceEnv(name, postgres, redis, keys), LOG_LEVEL: "info", DRAIN_DELAY_SECONDS: "0", PATH: process.env.PATH ?? "", ...extra };
  const bundle = await startBundle(bundles[index]!, env, cpuCount > 1 ? { cpus: SERVICE_CPU } : {});
  running.push(bundle);
  return bundle.url;
};

async function json(url: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...(init.token ? { authorization: `Token ${init.token}` } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, any>;
}

try {
  const auth = await start(0, { LOGIN_RATE_LIMIT_ATTEMPTS: "1000000" });
  const posts = await start(1, { AUTH_URL: auth });
  const comments = await start(2, { AUTH_URL: auth, POSTS_URL: posts });

  // a small blog: 20 authors, 200 articles with tags, favorites, and a discussion on one of them
  const tokens: string[] = [];
  for (let i = 0; i < 20; i++) {
    tokens.push((await json(`${auth}/api/users`, { method: "POST", body: { user: { username: `author${i}`, email: `author${i}@example.com`, password: "password123" } } })).user.token);
  }
  const slugs: string[] = [];
  for (let i = 0; i < 200; i++) {
    const article = { title: `Article number ${i}`, description: "A benchmark article", body: "Lorem ipsum dolor sit amet. ".repeat(40), tagList: [`tag${i % 10}`, "bench"] };
    slugs.push((await json(`${posts}/api/articles`, { method: "POST", token: tokens[i % 20], body: { article } })).article.slug);
  }
  for (let i = 1; i < 20; i++) {
    await json(`${posts}/api/articles/${slugs[i]}/favorite`, { method: "POST", token: tokens[0] });
    await json(`${auth}/api/profiles/author${i}/follow`, { method: "POST", token: tokens[0] });
  }
  const discussed = slugs[199]!;
  for (let i = 0; i < 20; i++) await json(`${comments}/api/articles/${discussed}/comments`, { method: "POST", token: tokens[i], body: { comment: { body: `Comment ${i}` } } });

  const endpoints: Endpoint[] = [
    // no work at all: what one process on this machine can answer, the ceiling for every row below
    { service: posts, name: "posts: GET /health (floor)", method: "GET", path: "/health", connections: 50, seconds: 10 },
    { service: auth, name: "auth: GET /api/user", method: "GET", path: "/api/user", token: tokens[0]!, connections: 50, seconds: 10, target: "≥ 10,000 req/s" },
    { service: auth, name: "auth: GET /api/profiles/:username", method: "GET", path: "/api/profiles/author1", connections: 50, seconds: 10 },
    { service: auth, name: "auth: POST /api/users/login", method: "POST", path: "/api/users/login", body: { user: { email: "author1@example.com", password: "password123" } }, connections: 10, seconds: 5, target: "scrypt-bound by design" },
    { service: posts, name: "posts: GET /api/articles (anonymous)", method: "GET", path: "/api/articles", connections: 50, seconds: 10, target: "≥ 5,000 req/s, p95 ≤ 25 ms" },
    { service: posts, name: "posts: GET /api/articles?tag=", method: "GET", path: "/api/articles?tag=tag3", connections: 50, seconds: 10 },
    { service: posts, name: "posts: GET /api/articles/:slug", method: "GET", path: `/api/articles/${slugs[100]}`, connections: 50, seconds: 10, target: "≥ 8,000 req/s" },
    { service: posts, name: "posts: GET /api/articles/feed", method: "GET", path: "/api/articles/feed", token: tokens[0]!, connections: 50, seconds: 10 },
    { service: posts, name: "posts: GET /api/tags", method: "GET", path: "/api/tags", connections: 50, seconds: 10 },
    { service: comments, name: "comments: GET …/comments", method: "GET", path: `/api/articles/${discussed}/comments`, connections: 50, seconds: 10 },
    { service: comments, name: "comments: POST …/comments", method: "POST", path: `/api/articles/${slugs[50]}/comments`, token: tokens[3]!, body: { comment: { body: "A benchmark comment" } }, connections: 50, seconds: 10, target: "≥ 2,000 req/s, p95 ≤ 30 ms" },
  ];
  const rows: string[][] = [];
  for (const e of endpoints) {
    const r = await measureLoad({ url: `${e.service}${e.path}`, method: e.method, connections: e.connections, seconds: e.seconds, ...(e.token ? { token: e.token } : {}), ...(e.body ? { body: JSON.stringify(e.body) } : {}) });
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    rows.push([e.name, String(e.connections), r.requestsPerSecond.toLocaleString("en"), ms(r.p50), ms(r.p95), ms(r.p99), String(r.errors), e.target ?? ""]);
    console.error(`${e.name}: ${r.requestsPerSecond} req/s`);
  }
  console.log(`each service one process on CPU ${SERVICE_CPU}; autocannon, Postgres and Redis on the other ${cpuCount - 1} of ${cpuCount} × ${cpus()[0]?.model.trim()}`);
  console.log(markdownTable(["endpoint", "conns", "req/s", "p50", "p95", "p99", "errors", "target"], rows));
} finally {
  for (const bundle of running) bundle.child.kill("SIGTERM");
  await Promise.all(running.map((bundle) => bundle.child));
  postgres.destroy();
  await redis.stop();
}
