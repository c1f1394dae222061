// Redis for caching and rate limits. It is never required to serve: with Redis down, callers fall
// back to Postgres, log it, and count it in redis_fallbacks_total.
import { Redis } from "ioredis";
import { Counter, type Registry } from "prom-client";
import type { FastifyBaseLogger } from "fastify";

export const redisEnv = {
  required: ["REDIS_HOST"],
  properties: {
    REDIS_HOST: { type: "string", minLength: 1 },
    REDIS_PORT: { type: "integer", minimum: 1, maximum: 65535, default: 6379 },
    // the service's own ACL user (global.redis.serviceUsers); without it, Redis's default user
    REDIS_USER: { type: "string", minLength: 1 },
    REDIS_PASSWORD: { type: "string" },
    REDIS_TLS: { type: "boolean", default: false },
  },
} as const;

export interface RedisConfig {
  REDIS_HOST: string;
  REDIS_PORT: number;
  REDIS_USER?: string;
  REDIS_PASSWORD?: string;
  REDIS_TLS: boolean;
}

/** A client that reconnects by itself; its connection errors are logged, never thrown at the process. */
export function createRedis(config: RedisConfig, log: FastifyBaseLogger): Redis {
  const client = new Redis({
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    ...(config.REDIS_USER ? { username: config.REDIS_USER } : {}),
    ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
    ...(config.REDIS_TLS ? { tls: {} } : {}),
    // fail fast while Redis is away instead of queueing commands; reconnect in the background
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    // jittered, so that every pod does not reconnect in the same instant
    retryStrategy: (times) => Math.min(times * 200, 2000) * (0.5 + Math.random() / 2),
    lazyConnect: false,
  });
  let down = false;
  client.on("error", (error) => {
    // one line per outage, not one per reconnect attempt
    if (!down) log.warn({ err: error }, "redis connection lost; serving without the cache");
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info("redis connection restored");
    down = false;
  });
  return client;
}

/** Resolves once the client is connected (for start-up and tests), or rejects after `ms`. */
export async function redisReady(client: Redis, ms = 5000): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis not ready within ${ms} ms`)), ms);
    client.once("ready", () => (clearTimeout(timer), resolve()));
  });
}

// Redis 7's answers to a command, or a script's command or key, that the ACL user may not use
const REFUSED = /^NOPERM|The user executing the script can't/;

/** Runs a Redis operation; when Redis fails, logs, counts and returns `fallback()` instead. */
export function redisFallback(registry: Registry, log: FastifyBaseLogger) {
  const fallbacks = new Counter({ name: "redis_fallbacks_total", help: "Redis operations that failed and fell back", labelNames: ["operation"], registers: [registry] });
  return async <T>(operation: string, run: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      fallbacks.inc({ operation });
      // a refused command is no outage: the service's Redis user lacks a right, and will on every call
      if (error instanceof Error && REFUSED.test(error.message)) log.error({ err: error, operation }, "redis refused the command to this service's user, falling back");
      else log.warn({ err: error, operation }, "redis unavailable, falling back");
      return fallback();
    }
  };
}
