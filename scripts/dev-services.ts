// Runs the services on this machine against a local Postgres and Redis (Debian's, started on
// loopback ports), with a fresh JWT key pair: `npm run services:dev`. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";

import { startPostgres } from "../test/support/postgres.ts";
import { startRedis } from "../test/support/redis.ts";
import { serviceEnv, writeKeyPair } from "../test/support/service-env.ts";

// each service's address, and where its callees are (the chart sets AUTH_URL, POSTS_URL and IMAGES_URL the same way)
const services = [
  { name: "auth", port: 8081, env: { IMAGES_URL: "http://127.0.0.1:8084" } },
  { name: "posts", port: 8082, env: { AUTH_URL: "http://127.0.0.1:8081", IMAGES_URL: "http://127.0.0.1:8084" } },
  { name: "comments", port: 8083, env: { AUTH_URL: "http://127.0.0.1:8081", POSTS_URL: "http://127.0.0.1:8082" } },
  { name: "images", port: 8084, env: { AUTH_URL: "http://127.0.0.1:8081" } },
];
const keys = writeKeyPair(new URL("../out/dev-keys/", import.meta.url).pathname);

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
console.log(`postgres on 127.0.0.1:${postgres.port}, redis on 127.0.0.1:${redis.port}`);

const children: ChildProcess[] = services.map(({ name, port, env }) => {
  const child = spawn(process.execPath, ["--import", "tsx", new URL(`../services/${name}/src/main.ts`, import.meta.url).pathname], {
    stdio: "inherit",
    env: { ...process.env, ...serviceEnv(name, postgres, name === "images" ? undefined : redis, keys), ...env, PORT: String(port), METRICS_PORT: String(port + 1000), LOG_LEVEL: "debug", DRAIN_DELAY_SECONDS: "0" },
  });
  console.log(`${name} on http://127.0.0.1:${port}, its metrics on :${port + 1000}`);
  return child;
});

// Ctrl-C signals the whole process group, and npm may follow with SIGTERM: stop once, whatever comes
let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= (async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
    postgres.destroy();
    await redis.stop();
    process.exit(0);
  })());
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());
