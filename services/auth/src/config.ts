// auth's environment: the runtime's variables, Postgres, Redis, the JWT key files and the login
// rate limit and delay (the chart's auth ConfigMap and Secrets set each of them).
import { databaseEnv, deletionFeedEnv, loadConfig, redisEnv, withBase, type BaseConfig, type DatabaseConfig, type DeletionFeedConfig, type RedisConfig } from "@blog-platform/runtime";

export interface AuthConfig extends BaseConfig, DatabaseConfig, RedisConfig, DeletionFeedConfig {
  /** images, whose feed of deleted images empties the pictures that showed them; unset, nothing follows it */
  IMAGES_URL?: string;
  JWT_PRIVATE_KEY_FILE: string;
  JWT_PUBLIC_KEY_FILE: string;
  JWT_TTL_SECONDS: number;
  LOGIN_RATE_LIMIT_ATTEMPTS: number;
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: number;
  LOGIN_DELAY_MAX_MS: number;
}

export function authConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig<AuthConfig>(
    withBase({
      type: "object",
      required: [...databaseEnv.required, ...redisEnv.required, "JWT_PRIVATE_KEY_FILE", "JWT_PUBLIC_KEY_FILE"],
      properties: {
        ...databaseEnv.properties,
        ...redisEnv.properties,
        IMAGES_URL: { type: "string", pattern: "^https?://" },
        ...deletionFeedEnv.properties,
        JWT_PRIVATE_KEY_FILE: { type: "string", minLength: 1 },
        JWT_PUBLIC_KEY_FILE: { type: "string", minLength: 1 },
        JWT_TTL_SECONDS: { type: "integer", minimum: 60, default: 86400 },
        LOGIN_RATE_LIMIT_ATTEMPTS: { type: "integer", minimum: 1, default: 5 },
        LOGIN_RATE_LIMIT_WINDOW_SECONDS: { type: "integer", minimum: 1, default: 60 },
        // the ceiling of the per-account delay (rate-limit.ts)
        LOGIN_DELAY_MAX_MS: { type: "integer", minimum: 0, default: 8000 },
      },
    }),
    env,
  );
}
