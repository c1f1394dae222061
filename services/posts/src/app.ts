// Builds the posts service from its configuration: connections, migrations, readiness, the auth
// client for author profiles, routes, and the follower of images' deleted images.
import {
  connectRedis, createPageCache, createProfileDirectory, createServiceClient, createServiceWithDatabase, createVerifier, followImageDeletions, forgetArticle, refusingRevoked, type Service,
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
  const { service, pool } = await createServiceWithDatabase(config, migrations, options);
  const { redis, fallback } = connectRedis(service, config);
  const store = createStore(pool);
  const directory = createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS);
  const present = createPresenter(directory);
  const authenticate = refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), (id, request) => directory.tokenVersion(id, { requestId: request.id }));
  const pages = createPageCache(redis, fallback, { prefix: "pages" });
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
  // covers of deleted images go when images' feed says so; the cached pages that showed them too
  const deletedImages = followImageDeletions(config, pool, service.app.log, store.forgetImages, () => pages.invalidate());
  return {
    service,
    async close() {
      await deletedImages?.stop();
      redis.disconnect();
      await pool.end();
    },
  };
}
