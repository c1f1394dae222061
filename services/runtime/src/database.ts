// Postgres: one pool per service, connected with the DATABASE_* variables the chart sets, each
// service in its own schema, and migrations that run once however many pods start together.
import pg from "pg";
import { DependencyUnavailableError } from "./errors.ts";

export const databaseEnv = {
  required: ["DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_SCHEMA"],
  properties: {
    DATABASE_HOST: { type: "string", minLength: 1 },
    DATABASE_PORT: { type: "integer", minimum: 1, maximum: 65535, default: 5432 },
    DATABASE_NAME: { type: "string", minLength: 1 },
    DATABASE_USER: { type: "string", minLength: 1 },
    DATABASE_PASSWORD: { type: "string" },
    DATABASE_SSLMODE: { type: "string", enum: ["disable", "prefer", "require", "verify-ca", "verify-full"], default: "disable" },
    DATABASE_SCHEMA: { type: "string", pattern: "^[a-z_][a-z0-9_]*$" },
    // connections per pod, readiness's own included (backing.ts)
    DATABASE_POOL_SIZE: { type: "integer", minimum: 2, default: 10 },
  },
} as const;

export interface DatabaseConfig {
  DATABASE_HOST: string;
  DATABASE_PORT: number;
  DATABASE_NAME: string;
  DATABASE_USER: string;
  DATABASE_PASSWORD: string;
  DATABASE_SSLMODE: string;
  DATABASE_SCHEMA: string;
  DATABASE_POOL_SIZE: number;
}

export function createPool(config: DatabaseConfig, log?: { warn(o: object, m: string): void }, options: Pick<pg.PoolConfig, "query_timeout"> = {}): pg.Pool {
  const ssl = config.DATABASE_SSLMODE === "disable" ? false : { rejectUnauthorized: config.DATABASE_SSLMODE.startsWith("verify") };
  const pool = new pg.Pool({
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    database: config.DATABASE_NAME,
    user: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    ssl,
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 2000,
    // every query of the service runs in its own schema
    options: `-c search_path=${config.DATABASE_SCHEMA}`,
    ...options,
  });
  // an idle client whose server went away must not crash the process; the next query reconnects
  pool.on("error", (error) => log?.warn({ err: error }, "idle database connection lost"));
  return pool;
}

/**
 * libpq's sslmode=prefer, which node-postgres does not have (it treats "prefer" as "require"): TLS
 * when the server offers it, plain TCP when it answers that it has no SSL. Asked once, at start-up.
 */
export async function preferSsl(config: DatabaseConfig): Promise<DatabaseConfig> {
  if (config.DATABASE_SSLMODE !== "prefer") return config;
  const probe = new pg.Client({ host: config.DATABASE_HOST, port: config.DATABASE_PORT, database: config.DATABASE_NAME, user: config.DATABASE_USER, password: config.DATABASE_PASSWORD, ssl: { rejectUnauthorized: false }, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    return config;
  } catch (error) {
    if (/does not support SSL connections/.test((error as Error).message)) return { ...config, DATABASE_SSLMODE: "disable" };
    throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/** Errors that mean "Postgres cannot be reached", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"].includes(e.code ?? "") ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? "")
  );
}

/** Runs `fn` and turns a lost connection into a 503 for the caller. */
export async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isConnectionError(error)) throw new DependencyUnavailableError("database", error);
    throw error;
  }
}

/** Runs `fn` in one transaction: everything it wrote is committed, or nothing is (a 503 when Postgres is away). */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withDatabase(async () => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const result = await fn(client);
      await client.query("commit");
      client.release();
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      // a client whose connection broke is thrown away, not returned to the pool
      client.release(isConnectionError(error) ? (error as Error) : undefined);
      throw error;
    }
  });
}

export interface Migration {
  id: string;
  sql: string;
}

/**
 * Applies the migrations not yet recorded in `<schema>.schema_migrations`, in order, each in its own
 * transaction, under a session advisory lock keyed by the schema: pods that start together queue
 * here and find the work done.
 */
export async function migrate(pool: pg.Pool, schema: string, migrations: readonly Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [`migrations:${schema}`]);
    // only when missing: `if not exists` still asks for the right to create schemas, which a
    // service's own role lacks (its schema is made for it: global.database.serviceRoles)
    if (!(await client.query("select 1 from pg_namespace where nspname = $1", [schema])).rowCount) await client.query(`create schema ${schema}`);
    await client.query(`create table if not exists ${schema}.schema_migrations (id text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query<{ id: string }>(`select id from ${schema}.schema_migrations`)).rows.map((r) => r.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query("begin");
      try {
        await client.query(`set local search_path to ${schema}`);
        await client.query(migration.sql);
        await client.query(`insert into ${schema}.schema_migrations (id) values ($1)`, [migration.id]);
        await client.query("commit");
        applied.push(migration.id);
      } catch (error) {
        await client.query("rollback");
        throw new Error(`migration ${migration.id} of schema ${schema} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.query("select pg_advisory_unlock(hashtext($1))", [`migrations:${schema}`]).catch(() => undefined);
    client.release();
  }
  return applied;
}
