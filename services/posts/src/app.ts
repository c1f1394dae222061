// Builds the posts service from its configuration: connections, migrations, readiness, the auth
// client for author profiles, routes.
import {
  createPageCache, createPool, createProfileDirectory, createRedis, createService, createServiceClient, createVerifier, forgetArticle, migrate, redisFallback, retryUntilReady, type Service,
} from "@blog-platform/runtime";
import type { PostsConfig } from "./config.ts";
import { registerFavoriteRoutes } from "./favorites.ts";
import { registerInternalRoutes } from "./internal-routes.ts";
import { migrations } from "./migrations.ts";
import { createPresenter } from "./present.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";
import { registerTagRoutes } from "./tags.ts";

export async function createPostsService(config: PostsConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const service = createService(config, options);
  const pool = createPool(config, service.app.log);
  await retryUntilReady(() => migrate(pool, config.DATABASE_SCHEMA, migrations), service.app.log);
  const redis = createRedis(config, service.app.log);
  const fallback = redisFallback(service.metrics, service.app.log);
  service.health.addCheck("database", async () => void (await pool.query("select 1")));
  const store = createStore(pool);
  const directory = createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS);
  const present = createPresenter(directory);
  const authenticate = await createVerifier(config.JWT_PUBLIC_KEY_FILE);
  const pages = createPageCache(redis, fallback);
  registerRoutes(service.app, {
    store,
    present,
    directory,
    authenticate,
    pages,
    forgetArticle: (slug) => fallback("forget article", () => forgetArticle(redis, slug), () => undefined),
  });
  registerFavoriteRoutes(service.app, { store, present, authenticate, pages });
  registerTagRoutes(service.app, { store, pages });
  registerInternalRoutes(service.app, store);
  return {
    service,
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
