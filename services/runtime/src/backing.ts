// What a service with tables (and a cache) is built on, the same for each: the fastify service, a
// pool whose schema is migrated before anything is served, readiness tied to Postgres (on a
// connection of its own), and Redis with the fallback helper that counts and logs when it is not there.
import type pg from "pg";
import type { Redis } from "ioredis";
import type { BaseConfig } from "./config.ts";
import { createPool, migrate, preferSsl, type DatabaseConfig, type Migration } from "./database.ts";
import { createRedis, redisFallback, type RedisConfig } from "./redis.ts";
import { createService, type Service, type ServiceOptions } from "./service.ts";
import { READINESS_CHECK_TIMEOUT_MS } from "./health.ts";
import { retryUntilReady } from "./startup.ts";

export interface ServiceWithDatabase {
  service: Service;
  pool: pg.Pool;
}

export async function createServiceWithDatabase(config: BaseConfig & DatabaseConfig, migrations: readonly Migration[], options: ServiceOptions = {}): Promise<ServiceWithDatabase> {
  const service = createService(config, options);
  // Postgres may come up after the pods (a fresh install): keep trying inside the startup probe's budget
  const resolved = await retryUntilReady(() => preferSsl(config), service.app.log);
  // one of the pod's DATABASE_POOL_SIZE connections is readiness's own: behind the pool's queue, a
  // busy pod's `select 1` would wait out the probe's timeout and leave its Service exactly under load
  const pool = createPool({ ...resolved, DATABASE_POOL_SIZE: resolved.DATABASE_POOL_SIZE - 1 }, service.app.log);
  // a query that hangs (a half-open connection to a lost node) gives the connection up with the check,
  // instead of holding readiness's only connection for the kernel's TCP timeout
  const readinessPool = createPool({ ...resolved, DATABASE_POOL_SIZE: 1 }, service.app.log, { query_timeout: READINESS_CHECK_TIMEOUT_MS });
  service.app.addHook("onClose", () => readinessPool.end());
  await retryUntilReady(() => migrate(pool, config.DATABASE_SCHEMA, migrations), service.app.log);
  service.health.addCheck("database", async () => void (await readinessPool.query("select 1")));
  return { service, pool };
}

/** The service's Redis client, and the fallback for each operation on it. */
export function connectRedis(service: Service, config: RedisConfig): { redis: Redis; fallback: ReturnType<typeof redisFallback> } {
  return { redis: createRedis(config, service.app.log), fallback: redisFallback(service.metrics, service.app.log) };
}
