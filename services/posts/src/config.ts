// posts' environment: the runtime's variables, Postgres, Redis, where auth and images are
// (AUTH_URL, IMAGES_URL, set by the chart from its call graph) and the public key that verifies
// callers' tokens.
import { databaseEnv, deletionFeedEnv, loadConfig, redisEnv, withBase, type BaseConfig, type DatabaseConfig, type DeletionFeedConfig, type RedisConfig } from "@blog-platform/runtime";

export interface PostsConfig extends BaseConfig, DatabaseConfig, RedisConfig, DeletionFeedConfig {
  AUTH_URL: string;
  /** images, whose feed of deleted images empties the covers that showed them; unset, nothing follows it */
  IMAGES_URL?: string;
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
        IMAGES_URL: { type: "string", pattern: "^https?://" },
        ...deletionFeedEnv.properties,
        JWT_PUBLIC_KEY_FILE: { type: "string", minLength: 1 },
        PROFILE_CACHE_TTL_SECONDS: { type: "integer", minimum: 1, default: 300 },
      },
    }),
    env,
  );
}
