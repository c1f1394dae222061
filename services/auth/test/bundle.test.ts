// The artifact the container runs: auth bundled by services/build.ts into one file, started as a
// real process with only environment variables, as the chart starts it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { buildBundle, startBundle } from "../../../test/support/bundles.ts";
import { serviceEnv, writeKeyPair } from "../../../test/support/service-env.ts";

let dir: string;
let bundle: string;
let postgres: TestPostgres;
let redis: TestRedis;
let keys: { privateKey: string; publicKey: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "auth-bundle-"));
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  bundle = await buildBundle("auth", dir);
  keys = writeKeyPair(dir);
});
afterAll(async () => {
  postgres?.destroy();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});


describe("the bundled auth service", () => {
  it("stops at start-up naming each missing variable, without a stack trace", async () => {
    const result = await execa(process.execPath, [bundle], { env: { SERVICE_NAME: "auth", DATABASE_HOST: "127.0.0.1" }, extendEnv: false, reject: false, cwd: dir });
    expect(result.exitCode).toBe(1);
    const line = JSON.parse(result.stderr.trim());
    expect(line).toMatchObject({ level: "fatal", service: "auth" });
    expect(line.message).toContain("invalid configuration: DATABASE_NAME is required but not set");
    expect(line.message).toContain("JWT_PUBLIC_KEY_FILE is required but not set");
    expect(line.stack, "a configuration error needs no stack trace").toBeUndefined();
  });

  it("carries the credentials Job beside it, which stops with one JSON line naming what it lacks", async () => {
    const job = join(dirname(bundle), "credentials-job.mjs");
    const result = await execa(process.execPath, [job], { env: { CREDENTIALS: "[]" }, extendEnv: false, reject: false, cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ level: "fatal", service: "credentials", message: "NAMESPACE is required but not set" });
  });

  it("serves from the environment alone, logs JSON lines, and exits 0 after SIGTERM", async () => {
    const { url: base, metricsUrl, child } = await startBundle(bundle, { ...serviceEnv("auth", postgres, redis, keys), DRAIN_DELAY_SECONDS: "0.2" });
    const url = (path: string) => `${base}${path}`;
    const registered = await fetch(url("/api/users"), {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "bundle-test-1" },
      body: JSON.stringify({ user: { username: "bundled", email: "bundled@example.com", password: "password123" } }),
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get("x-request-id")).toBe("bundle-test-1");
    expect(await (await fetch(`${metricsUrl}/metrics`)).text()).toContain('http_requests_total{method="POST",route="/api/users",status="201"} 1');
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(0);
    const lines = String(result.stdout).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.find((l) => l.requestId === "bundle-test-1")).toMatchObject({ level: "info", service: "auth" });
    expect(lines.at(-1)).toMatchObject({ message: "stopped" });
  });
});
