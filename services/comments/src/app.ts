// Builds the comments service from its configuration: connections, migrations, readiness, the posts
// client (does the article exist) and the auth client (author profiles), routes.
import {
  connectRedis, createArticleDirectory, createProfileDirectory, createServiceClient, createServiceWithDatabase, createVerifier, refusingRevoked, type Service,
} from "@blog-platform/runtime";
import type { CommentsConfig } from "./config.ts";
import { migrations } from "./migrations.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";

export async function createCommentsService(config: CommentsConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const { service, pool } = await createServiceWithDatabase(config, migrations, options);
  const { redis, fallback } = connectRedis(service, config);
  const profiles = createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS);
  registerRoutes(service.app, {
    store: createStore(pool),
    articles: createArticleDirectory(createServiceClient({ baseUrl: config.POSTS_URL, name: "posts" }), redis, fallback),
    profiles,
    authenticate: refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), (id, request) => profiles.tokenVersion(id, { requestId: request.id })),
  });
  return {
    service,
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
