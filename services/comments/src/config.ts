// comments' environment: the runtime's variables, Postgres, Redis, where posts and auth are
// (POSTS_URL, AUTH_URL, set by the chart from its call graph) and the public key for tokens.
import { databaseEnv, deletionFeedEnv, loadConfig, redisEnv, withBase, type BaseConfig, type DatabaseConfig, type DeletionFeedConfig, type RedisConfig } from "@blog-platform/runtime";

export interface CommentsConfig extends BaseConfig, DatabaseConfig, RedisConfig, DeletionFeedConfig {
  AUTH_URL: string;
  POSTS_URL: string;
  JWT_PUBLIC_KEY_FILE: string;
  PROFILE_CACHE_TTL_SECONDS: number;
}

export function commentsConfig(env: NodeJS.ProcessEnv = process.env): CommentsConfig {
  return loadConfig<CommentsConfig>(
    withBase({
      type: "object",
      required: [...databaseEnv.required, ...redisEnv.required, "AUTH_URL", "POSTS_URL", "JWT_PUBLIC_KEY_FILE"],
      properties: {
        ...databaseEnv.properties,
        ...redisEnv.properties,
        AUTH_URL: { type: "string", pattern: "^https?://" },
        POSTS_URL: { type: "string", pattern: "^https?://" },
        JWT_PUBLIC_KEY_FILE: { type: "string", minLength: 1 },
        PROFILE_CACHE_TTL_SECONDS: { type: "integer", minimum: 1, default: 300 },
        ...deletionFeedEnv.properties,
      },
    }),
    env,
  );
}
