// What a service needs to run on this machine, as the chart would give it: a JWT key pair on disk
// and the environment variables pointing at the test Postgres and Redis.
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestPostgres } from "./postgres.ts";
import type { TestRedis } from "./redis.ts";

/** Writes private.pem and public.pem (ES256) into `dir`; returns their paths. */
export function writeKeyPair(dir: string): { privateKey: string; publicKey: string } {
  mkdirSync(dir, { recursive: true });
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const paths = { privateKey: join(dir, "private.pem"), publicKey: join(dir, "public.pem") };
  writeFileSync(paths.privateKey, pair.privateKey);
  writeFileSync(paths.publicKey, pair.publicKey);
  return paths;
}

/** The environment of service `name`, as the chart's ConfigMap and Secrets set it (no REDIS_* for a service without Redis). */
export function serviceEnv(name: string, postgres: TestPostgres, redis: TestRedis | undefined, keys: { privateKey: string; publicKey: string }): Record<string, string> {
  return {
    SERVICE_NAME: name,
    DATABASE_HOST: postgres.host,
    DATABASE_PORT: String(postgres.port),
    DATABASE_NAME: postgres.database,
    DATABASE_USER: postgres.user,
    DATABASE_PASSWORD: postgres.password,
    DATABASE_SCHEMA: name,
    ...(redis ? { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), REDIS_PASSWORD: redis.password, ...(redis.user ? { REDIS_USER: redis.user } : {}) } : {}),
    JWT_PRIVATE_KEY_FILE: keys.privateKey,
    JWT_PUBLIC_KEY_FILE: keys.publicKey,
  };
}
