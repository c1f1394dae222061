// The runtime against the real thing: Postgres and Redis from Debian on loopback, real HTTP.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { spawn } from "node:child_process";
import { Agent, createServer, get, type Server } from "node:http";
import type { Socket } from "node:net";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { CircuitState } from "cockatiel";
import { jwtVerify } from "jose";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigError,
  DependencyUnavailableError,
  UnauthorizedError,
  createSigner,
  refusingRevoked,
  createVerifier,
  baseEnv,
  createPool,
  createRedis,
  createService,
  createServiceClient,
  createServiceWithDatabase,
  loadConfig,
  migrate,
  preferSsl,
  redisFallback,
  redisReady,
  run,
  withDatabase,
  withBase,
  databaseEnv,
  type BaseConfig,
  type DatabaseConfig,
} from "../src/index.ts";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { freePort } from "../../../test/support/ports.ts";
import { writeKeyPair } from "../../../test/support/service-env.ts";

// jose as it is, with jwtVerify counted: the tokens test sees which calls verified a signature
vi.mock("jose", async (importOriginal) => {
  const jose = await importOriginal<typeof import("jose")>();
  return { ...jose, jwtVerify: vi.fn(jose.jwtVerify) };
});

// these services are driven with inject(), without listening
const base = { SERVICE_NAME: "test", HOST: "127.0.0.1", LOG_LEVEL: "info", DRAIN_DELAY_SECONDS: "0" };

describe("configuration", () => {
  it("names a missing and a malformed variable", () => {
    expect(() => loadConfig(baseEnv, {})).toThrow(new ConfigError("invalid configuration: SERVICE_NAME is required but not set"));
    expect(() => loadConfig(baseEnv, { SERVICE_NAME: "x", PORT: "eighty" })).toThrow(/PORT must be integer/);
    expect(() => loadConfig(withBase({ type: "object", ...databaseEnv }), { SERVICE_NAME: "x" })).toThrow(/DATABASE_HOST is required/);
    expect(() => loadConfig(baseEnv, { SERVICE_NAME: "x", LOG_LEVEL: "loud" })).toThrow("LOG_LEVEL must be one of trace, debug, info, warn, error, fatal");
  });

  it("reads defaults and coerces types", () => {
    expect(loadConfig<BaseConfig>(baseEnv, { SERVICE_NAME: "posts", DRAIN_DELAY_SECONDS: "2.5" })).toMatchObject({ PORT: 8080, LOG_LEVEL: "info", DRAIN_DELAY_SECONDS: 2.5 });
  });
});

describe("service", () => {
  it("answers /health, passes request ids on, logs JSON lines with them and counts requests", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trim().split("\n")), done()) });
    const service = createService(loadConfig<BaseConfig>(baseEnv, base), { logStream: stream });
    service.app.get("/articles/:slug", async () => ({ ok: true }));
    service.app.delete("/things/:id", async (request) => ({ body: request.body ?? null }));
    const given = await service.app.inject({ url: "/articles/a", headers: { "x-request-id": "abc-123" } });
    expect(given.headers["x-request-id"]).toBe("abc-123");
    const made = await service.app.inject({ url: "/articles/b" });
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await service.app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
    const log = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === "abc-123");
    expect(log).toMatchObject({ level: "info", service: "test", requestId: "abc-123" });
    expect(log.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof log.message).toBe("string");
    const metrics = (await service.metricsServer.inject({ url: "/metrics" })).body;
    expect((await service.app.inject({ url: "/metrics" })).statusCode, "metrics are not on the API's port").toBe(404);
    expect(metrics).toContain('http_requests_total{method="GET",route="/articles/:slug",status="200"} 2');
    expect(metrics).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/articles/:slug",status="200"}');
    expect(metrics).toContain("process_cpu_user_seconds_total");
    const missing = await service.app.inject({ url: "/nowhere" });
    expect([missing.statusCode, missing.json()]).toEqual([404, { errors: { path: ["no route for GET /nowhere"] } }]);
    const emptyJson = await service.app.inject({ method: "DELETE", url: "/things/1", headers: { "content-type": "application/json" } });
    expect([emptyJson.statusCode, emptyJson.json()], "a JSON content type without a body is no body").toEqual([200, { body: null }]);
    const broken = await service.app.inject({ method: "DELETE", url: "/things/1", headers: { "content-type": "application/json" }, payload: "{" });
    expect([broken.statusCode, broken.json()]).toEqual([400, { errors: { body: ["is not valid JSON"] } }]);
    await service.app.close();
  });

  it("sheds requests with 503 and Retry-After while the event loop lags, never the probes, and serves again once it catches up", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trim().split("\n")), done()) });
    const service = createService(loadConfig<BaseConfig>(baseEnv, { ...base, MAX_EVENT_LOOP_DELAY_MS: "50" }), { logStream: stream });
    let handled = 0;
    service.app.post("/work", async () => ({ handled: ++handled }));
    await service.app.ready();
    // a lagging loop: blocked 100 ms at a time, with 5 ms between, as a saturated service's is
    const lag = setInterval(() => {
      const until = Date.now() + 100;
      while (Date.now() < until);
    }, 5);
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      const shed = await service.app.inject({ method: "POST", url: "/work", payload: { big: "x" } });
      expect([shed.statusCode, shed.headers["retry-after"], shed.json()]).toEqual([503, "1", { errors: { server: ["the service is at capacity: retry after the Retry-After seconds"] } }]);
      expect(handled, "the shed request never reached its handler").toBe(0);
      expect((await service.app.inject({ url: "/health" })).statusCode, "liveness is never shed").toBe(200);
      expect((await service.app.inject({ url: "/ready" })).statusCode, "readiness is never shed").toBe(200);
    } finally {
      clearInterval(lag);
    }
    expect(lines.filter((l) => l.includes("POST /work")), "shed requests are not logged one by one").toEqual([]);
    const metrics = (await service.metricsServer.inject({ url: "/metrics" })).body;
    expect(metrics).toContain('http_requests_total{method="POST",route="/work",status="503"} 1');
    expect(metrics, "shed answers have a counter of their own, apart from a dependency's 503s").toContain('http_requests_shed_total{route="/work"} 1');
    // the loop idles: the next samples see no lag
    await new Promise((resolve) => setTimeout(resolve, 600));
    const served = await service.app.inject({ method: "POST", url: "/work", payload: {} });
    expect([served.statusCode, served.json()]).toEqual([200, { handled: 1 }]);
    await service.app.close();
  });
});

describe("with Postgres and Redis", () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let dbConfig: DatabaseConfig;
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    dbConfig = {
      DATABASE_HOST: postgres.host,
      DATABASE_PORT: postgres.port,
      DATABASE_NAME: postgres.database,
      DATABASE_USER: postgres.user,
      DATABASE_PASSWORD: postgres.password,
      DATABASE_SSLMODE: "disable",
      DATABASE_SCHEMA: "things",
      DATABASE_POOL_SIZE: 5,
    };
  });
  afterAll(async () => {
    postgres?.destroy();
    await redis?.stop();
  });

  it("answers readiness on a connection of its own while every pooled connection is busy, within DATABASE_POOL_SIZE", async () => {
    const { service, pool } = await createServiceWithDatabase({ ...loadConfig<BaseConfig>(baseEnv, base), ...dbConfig, DATABASE_POOL_SIZE: 3 }, [], { logStream: new Writable({ write: (_c, _e, done) => done() }) });
    expect(pool.options.max, "one of the pod's three connections is readiness's").toBe(2);
    // the pool's two connections held for 3 s, and a third query queued behind them (it gives up after the pool's 2 s)
    const busy = Promise.allSettled(Array.from({ length: 3 }, () => pool.query("select pg_sleep(3)")));
    await vi.waitFor(() => expect(pool.waitingCount, "a query queues for the pool").toBe(1));
    const ready = await service.app.inject({ url: "/ready" });
    expect([ready.statusCode, ready.json().checks]).toEqual([200, { database: "ok" }]);
    expect([pool.idleCount, pool.waitingCount], "answered while the pool was busy and its queue still waiting").toEqual([0, 1]);
    await busy;
    await service.app.close();
    await pool.end();
  });

  it("sslMode prefer connects to a server without SSL in plain TCP, as libpq does", async () => {
    await expect(createPool({ ...dbConfig, DATABASE_SSLMODE: "prefer" }).query("select 1")).rejects.toThrow(/does not support SSL connections/);
    const resolved = await preferSsl({ ...dbConfig, DATABASE_SSLMODE: "prefer" });
    expect(resolved.DATABASE_SSLMODE).toBe("disable");
    const pool = createPool(resolved);
    expect((await pool.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it("runs migrations once when several pods start together", async () => {
    const pools = Array.from({ length: 4 }, () => createPool(dbConfig));
    const migrations = [
      { id: "001-things", sql: "create table things (id serial primary key, name text not null)" },
      { id: "002-things-unique", sql: "create unique index things_name on things (name)" },
    ];
    const applied = await Promise.all(pools.map((pool) => migrate(pool, "things", migrations)));
    expect(applied.flat().sort()).toEqual(["001-things", "002-things-unique"]);
    expect(await migrate(pools[0]!, "things", migrations)).toEqual([]);
    const { rows } = await pools[0]!.query("select count(*)::int as n from things.schema_migrations");
    expect(rows[0].n).toBe(2);
    await expect(migrate(pools[0]!, "things", [...migrations, { id: "003-broken", sql: "alter table nope add x int" }])).rejects.toThrow(
      /migration 003-broken of schema things failed: relation "nope" does not exist/,
    );
    expect((await pools[0]!.query("select id from things.schema_migrations order by id")).rows.map((r) => r.id)).toEqual(["001-things", "002-things-unique"]);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("reports Postgres down on /ready (503) but not on /health, answers 503 with a clear body, and recovers by itself", async () => {
    const pool = createPool(dbConfig);
    const service = createService(loadConfig<BaseConfig>(baseEnv, base), { logStream: new Writable({ write: (_c, _e, done) => done() }) });
    service.health.addCheck("database", async () => void (await pool.query("select 1")));
    service.app.get("/count", async () => withDatabase(async () => (await pool.query("select count(*)::int as n from things.things")).rows[0]));
    const get = (url: string) => service.app.inject({ url });
    expect((await get("/ready")).statusCode).toBe(200);
    postgres.stop();
    try {
      const ready = await get("/ready");
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database).not.toBe("ok");
      expect((await get("/health")).statusCode).toBe(200);
      const count = await get("/count");
      expect(count.statusCode).toBe(503);
      expect(count.json()).toEqual({ errors: { database: ["database is unavailable, try again shortly"] } });
    } finally {
      postgres.start();
    }
    expect((await get("/ready")).statusCode).toBe(200);
    expect((await get("/count")).json()).toEqual({ n: 0 });
    await service.app.close();
    await pool.end();
  });

  it("falls back when Redis is down, counts it, and uses Redis again once it is back", async () => {
    const lines: string[] = [];
    const logStream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const service = createService(loadConfig<BaseConfig>(baseEnv, base), { logStream });
    const client = createRedis({ REDIS_HOST: redis.host, REDIS_PORT: redis.port, REDIS_PASSWORD: redis.password, REDIS_TLS: false }, service.app.log);
    await redisReady(client);
    const cached = redisFallback(service.metrics, service.app.log);
    await client.set("greeting", "from redis");
    const read = () => cached("get-greeting", async () => client.get("greeting"), () => "from postgres");
    expect(await read()).toBe("from redis");
    await redis.stop();
    expect(await read()).toBe("from postgres");
    expect(await service.metrics.getSingleMetricAsString("redis_fallbacks_total")).toContain('redis_fallbacks_total{operation="get-greeting"} 1');
    // the client notices the lost connection on its own schedule; let it try to reconnect a few times
    for (let i = 0; i < 40 && !lines.some((l) => l.includes("redis connection lost")); i++) await new Promise((r) => setTimeout(r, 50));
    const attempts = () => new Promise<void>((resolve) => client.once("reconnecting", () => resolve()));
    for (let i = 0; i < 3; i++) await attempts();
    expect(lines.filter((l) => l.includes("redis connection lost")).length, "one log line for the outage").toBe(1);
    expect(lines.some((l) => l.includes('"operation":"get-greeting"') && l.includes("falling back"))).toBe(true);
    await redis.start();
    await redisReady(client);
    await client.set("greeting", "from redis again");
    expect(await read()).toBe("from redis again");
    client.disconnect();
    await service.app.close();
  });
});

describe("calls to another service", () => {
  let server: Server;
  let baseUrl: string;
  let hits = 0;
  let failFirst = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (request.url === "/slow") return void setTimeout(() => response.end("late"), 1000);
      if (request.url === "/empty") return void response.writeHead(204).end();
      if (request.url === "/shedding") return void response.writeHead(503, { "retry-after": "1" }).end();
      if (failFirst > 0) {
        failFirst--;
        return void response.writeHead(503).end();
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ requestId: request.headers["x-request-id"] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("retries transient failures and passes the request id on", async () => {
    const client = createServiceClient({ baseUrl, name: "auth", maxAttempts: 3 });
    hits = 0;
    failFirst = 2;
    const response = await client.request("/x", { requestId: "req-9" });
    expect(await response.json()).toEqual({ requestId: "req-9" });
    expect(hits).toBe(3);
  });

  it("passes a 204 through and never repeats a POST", async () => {
    const client = createServiceClient({ baseUrl, name: "comments", maxAttempts: 3 });
    expect((await client.request("/empty")).status).toBe(204);
    hits = 0;
    failFirst = 1;
    await expect(client.request("/x", { method: "POST", body: {} })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(hits, "a POST that may have happened is not sent again").toBe(1);
    failFirst = 0;
  });

  it("gives up after the bounded attempts and on a timeout, as the callee being unavailable", async () => {
    const client = createServiceClient({ baseUrl, name: "auth", maxAttempts: 2, timeoutMs: 200, breakerThreshold: 100 });
    hits = 0;
    failFirst = 5;
    await expect(client.request("/x")).rejects.toThrow(new DependencyUnavailableError("auth"));
    expect(hits).toBe(2);
    failFirst = 0;
    await expect(client.request("/slow")).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it("does not retry a callee that sheds load (503 with Retry-After), and counts it towards the breaker", async () => {
    const client = createServiceClient({ baseUrl, name: "posts", maxAttempts: 3, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000 });
    hits = 0;
    await expect(client.request("/shedding")).rejects.toThrow(new DependencyUnavailableError("posts"));
    expect(hits, "one attempt: another would only add to the callee's load").toBe(1);
    await expect(client.request("/shedding")).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(client.circuitState).toBe(String(CircuitState.Open));
  });

  it("opens the circuit after repeated failures and stops calling", async () => {
    const client = createServiceClient({ baseUrl, name: "posts", maxAttempts: 1, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    failFirst = 3;
    hits = 0;
    for (let i = 0; i < 3; i++) await expect(client.request("/x")).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(hits).toBe(3);
    expect(client.circuitState).toBe(String(CircuitState.Open));
    await expect(client.request("/x")).rejects.toThrow(/posts is unavailable/);
    expect(hits, "an open circuit fails fast without calling").toBe(3);
  });
});

describe("SIGTERM", () => {
  it("turns readiness off at once, serves in-flight and new requests through the drain, loses none and exits 0 promptly", async () => {
    const port = await freePort();
    // requests outlast the drain, so they are still running when the server closes; fetch keeps
    // connections alive as nginx does, which must not hold the shutdown open. Such a connection left
    // idle would keep app.close() waiting for the keep-alive timeout (72 s), so the deadline (15 s)
    // would cut it first, with a warning: a shutdown that logs nothing at warn was not held.
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./fixtures/slow-service.ts", import.meta.url))], {
      env: { ...process.env, SERVICE_NAME: "slow", PORT: String(port), HOST: "127.0.0.1", DRAIN_DELAY_SECONDS: "0.5", SHUTDOWN_TIMEOUT_SECONDS: "15", SLOW_MS: "1500", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let logged = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (logged += chunk));
    // "close" comes after the output is all read
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    for (let i = 0; ; i++) {
      if (await fetch(url("/health")).then((r) => r.ok, () => false)) break;
      if (i > 200) throw new Error("the service did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
    // and one connection already idle in a keep-alive pool when the signal comes
    const agent = new Agent({ keepAlive: true });
    const [idle, connection] = await new Promise<[Socket, string | undefined]>((resolve, reject) => {
      const request = get(url("/health"), { agent }, (response) => response.resume().once("end", () => resolve([request.socket!, response.headers.connection])));
      request.once("error", reject);
    });
    expect(connection).toBe("keep-alive");
    // "end": closed from the server's side, not by this one
    const idleEnded = new Promise<void>((resolve) => idle.once("end", resolve));
    const inFlight = Array.from({ length: 20 }, () => fetch(url("/slow")).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGTERM");
    let ready = 200;
    for (let i = 0; i < 40 && ready !== 503; i++) ready = (await fetch(url("/ready"))).status;
    expect(ready, "readiness turns 503 after SIGTERM").toBe(503);
    const duringDrain = fetch(url("/slow")).then((r) => r.status);
    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
    expect(await duringDrain).toBe(200);
    expect(await exited).toBe(0);
    await idleEnded;
    expect(logged.split("\n").filter(Boolean), "nothing to warn about: no connection was left to cut at the deadline").toEqual([]);
    await expect(fetch(url("/health"))).rejects.toThrow();
    agent.destroy();
  });
});

describe("tokens", () => {
  it("verifies with the public key, remembers a verified token, and still refuses it once expired", async () => {
    const keys = writeKeyPair(mkdtempSync(join(tmpdir(), "runtime-keys-")));
    // the clock only (jose's crypto runs for real): the verifier and jose both read it through Date
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const issuedAt = Date.parse("2030-01-01T00:00:00Z");
      vi.setSystemTime(issuedAt);
      const sign = await createSigner(keys.privateKey, 60);
      const authenticate = await createVerifier(keys.publicKey);
      const token = await sign({ id: "7", username: "ann" });
      const request = { headers: { authorization: `Token ${token}` } } as never;
      const verifications = vi.mocked(jwtVerify);
      verifications.mockClear();
      expect(await authenticate(request)).toEqual({ id: "7", username: "ann", version: 0, token });
      expect(verifications).toHaveBeenCalledTimes(1);
      vi.setSystemTime(issuedAt + 60_000 - 1);
      expect(await authenticate(request), "from the cache, up to the last millisecond before exp").toEqual({ id: "7", username: "ann", version: 0, token });
      expect(verifications, "no second signature check").toHaveBeenCalledTimes(1);
      vi.setSystemTime(issuedAt + 60_000);
      await expect(authenticate(request)).rejects.toThrow("the token has expired: log in again");
      expect(verifications, "an expired entry is checked again, and jose refuses it").toHaveBeenCalledTimes(2);
      expect(await authenticate({ headers: {} } as never)).toBeUndefined();
      await expect(authenticate({ headers: { authorization: `Bearer ${token}` } } as never)).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses, beside a bad signature, a token older than its user's version and one whose user is gone", async () => {
    const keys = writeKeyPair(mkdtempSync(join(tmpdir(), "runtime-keys-")));
    const sign = await createSigner(keys.privateKey, 60);
    const versions: Record<string, number> = { "7": 1 };
    const authenticate = refusingRevoked(await createVerifier(keys.publicKey), async (id) => versions[id]);
    const request = async (user: { id: string; username: string; version?: number }) => ({ headers: { authorization: `Token ${await sign(user)}` } }) as never;
    expect(await authenticate(await request({ id: "7", username: "ann", version: 1 }))).toMatchObject({ id: "7", version: 1 });
    await expect(authenticate(await request({ id: "7", username: "ann" }))).rejects.toThrow("the token was revoked by a change of password or email: log in again");
    await expect(authenticate(await request({ id: "8", username: "gone", version: 0 }))).rejects.toThrow("the user of this token no longer exists");
    expect(await authenticate({ headers: {} } as never)).toBeUndefined();
  });
});
