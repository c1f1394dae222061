// npm run bench: each service as the container runs it (its esbuild bundle, one process) against
// local Postgres and Redis, loaded by autocannon on loopback; prints requests/s and p50/p95/p99 per
// endpoint. Figures, not pass/fail: the targets are printed beside them.
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { execFileSync } from "node:child_process";
import { startPostgres } from "../test/support/postgres.ts";
import { startRedis } from "../test/support/redis.ts";
import { freePort } from "../test/support/ports.ts";
import { serviceEnv, writeKeyPair } from "../test/support/service-env.ts";

interface Endpoint {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  auth?: boolean;
  connections: number;
  seconds: number;
  target?: string;
}

const out = new URL("../out/bench/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
execFileSync("npx", ["tsx", "services/build.ts", "auth", `${out}auth.mjs`], { cwd: new URL("..", import.meta.url).pathname });
const keys = writeKeyPair(out);

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
const port = await freePort();
const auth = spawn(process.execPath, [`${out}auth.mjs`], {
  stdio: "ignore",
  env: { ...serviceEnv("auth", postgres, redis, keys), PORT: String(port), LOG_LEVEL: "info", DRAIN_DELAY_SECONDS: "0", LOGIN_RATE_LIMIT_ATTEMPTS: "1000000" },
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; !(await fetch(`${base}/ready`).then((r) => r.ok, () => false)); i++) {
    if (i > 200) throw new Error("auth did not become ready");
    await new Promise((r) => setTimeout(r, 50));
  }
  const registered = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { username: "bench", email: "bench@example.com", password: "password123" } }),
  });
  const token = ((await registered.json()) as { user: { token: string } }).user.token;

  const endpoints: Endpoint[] = [
    { name: "GET /api/user", method: "GET", path: "/api/user", auth: true, connections: 50, seconds: 10, target: "≥ 10,000 req/s" },
    { name: "GET /api/profiles/:username", method: "GET", path: "/api/profiles/bench", connections: 50, seconds: 10 },
    { name: "POST /api/users/login", method: "POST", path: "/api/users/login", body: { user: { email: "bench@example.com", password: "password123" } }, connections: 10, seconds: 5, target: "scrypt-bound by design" },
  ];
  const rows: string[][] = [];
  for (const e of endpoints) {
    const latencies: number[] = [];
    // without a callback autocannon returns an emitter that is also the promise of its result
    const instance = autocannon({
      url: `${base}${e.path}`,
      method: e.method,
      connections: e.connections,
      duration: e.seconds,
      headers: { "content-type": "application/json", ...(e.auth ? { authorization: `Token ${token}` } : {}) },
      ...(e.body ? { body: JSON.stringify(e.body) } : {}),
    }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
    const result = await instance;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => `${(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1)} ms`;
    const errors = result.errors + result.non2xx + result.timeouts;
    rows.push([e.name, String(e.connections), Math.round(result.requests.average).toLocaleString("en"), at(0.5), at(0.95), at(0.99), String(errors), e.target ?? ""]);
  }
  const header = ["endpoint", "conns", "req/s", "p50", "p95", "p99", "errors", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`auth, one process, on ${cpus().length} × ${cpus()[0]?.model.trim()} (autocannon in the same machine)`);
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
} finally {
  auth.kill("SIGTERM");
  postgres.destroy();
  await redis.stop();
}
