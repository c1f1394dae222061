// posts' environment: the runtime's variables, Postgres, Redis, where auth is (AUTH_URL, set by the
// chart from its call graph) and the public key that verifies callers' tokens.
import { databaseEnv, loadConfig, redisEnv, withBase, type BaseConfig, type DatabaseConfig, type RedisConfig } from "@blog-platform/runtime";

export interface PostsConfig extends BaseConfig, DatabaseConfig, RedisConfig {
  AUTH_URL: string;
  JWT_PUBLIC_KEY_FILE: string;
  PROFILE_CACHE_TTL_SECONDS: number;
}

export function postsConfig(env: NodeJS.ProcessEnv = process.env): PostsConfig {
  return loadConfig<PostsConfig>(
    withBase({
      type: "object",
      required: [...databaseEnv.required, ...redisEnv.required, "AUTH_URL", "JWT_PUBLIC_KEY_FILE"],
      properties: {
        ...databaseEnv.properties,
        ...redisEnv.properties,
        AUTH_URL: { type: "string", pattern: "^https?://" },
        JWT_PUBLIC_KEY_FILE: { type: "string", minLength: 1 },
        PROFILE_CACHE_TTL_SECONDS: { type: "integer", minimum: 1, default: 300 },
      },
    }),
    env,
  );
}
