// Builds the comments service from its configuration: connections, migrations, readiness, the posts
// client (does the article exist) and the auth client (author profiles), routes.
import {
  createArticleDirectory, createPool, createProfileDirectory, createRedis, createService, createServiceClient, createVerifier, migrate, redisFallback, retryUntilReady, type Service,
} from "@blog-platform/runtime";
import type { CommentsConfig } from "./config.ts";
import { migrations } from "./migrations.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";

export async function createCommentsService(config: CommentsConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const service = createService(config, options);
  const pool = createPool(config, service.app.log);
  await retryUntilReady(() => migrate(pool, config.DATABASE_SCHEMA, migrations), service.app.log);
  const redis = createRedis(config, service.app.log);
  const fallback = redisFallback(service.metrics, service.app.log);
  service.health.addCheck("database", async () => void (await pool.query("select 1")));
  registerRoutes(service.app, {
    store: createStore(pool),
    articles: createArticleDirectory(createServiceClient({ baseUrl: config.POSTS_URL, name: "posts" }), redis, fallback),
    profiles: createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS),
    authenticate: await createVerifier(config.JWT_PUBLIC_KEY_FILE),
  });
  return {
    service,
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
