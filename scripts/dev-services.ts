// Runs the services on this machine against a local Postgres and Redis (Debian's, started on
// loopback ports), with a fresh JWT key pair: `npm run services:dev`. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { startPostgres } from "../test/support/postgres.ts";
import { startRedis } from "../test/support/redis.ts";

const services = [{ name: "auth", port: 8081 }];
const keys = new URL("../out/dev-keys/", import.meta.url).pathname;
mkdirSync(keys, { recursive: true });
const pair = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
writeFileSync(`${keys}private.pem`, pair.privateKey);
writeFileSync(`${keys}public.pem`, pair.publicKey);

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
console.log(`postgres on 127.0.0.1:${postgres.port}, redis on 127.0.0.1:${redis.port}`);

const children: ChildProcess[] = services.map(({ name, port }) => {
  const child = spawn(process.execPath, ["--import", "tsx", new URL(`../services/${name}/src/main.ts`, import.meta.url).pathname], {
    stdio: "inherit",
    env: {
      ...process.env,
      SERVICE_NAME: name,
      PORT: String(port),
      LOG_LEVEL: "debug",
      DRAIN_DELAY_SECONDS: "0",
      DATABASE_HOST: postgres.host,
      DATABASE_PORT: String(postgres.port),
      DATABASE_NAME: postgres.database,
      DATABASE_USER: postgres.user,
      DATABASE_PASSWORD: postgres.password,
      DATABASE_SCHEMA: name,
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      REDIS_PASSWORD: redis.password,
      JWT_PRIVATE_KEY_FILE: `${keys}private.pem`,
      JWT_PUBLIC_KEY_FILE: `${keys}public.pem`,
    },
  });
  console.log(`${name} on http://127.0.0.1:${port}`);
  return child;
});

const stop = async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
  postgres.destroy();
  await redis.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
