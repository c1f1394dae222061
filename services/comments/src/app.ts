// Builds the comments service from its configuration: connections, migrations, readiness, the posts
// client (does the article exist, which were deleted) and the auth client (author profiles), routes,
// and the sweeper that deletes the comments of deleted articles.
import {
  connectRedis, createArticleDirectory, createProfileDirectory, createServiceClient, createServiceWithDatabase, createVerifier, refusingRevoked, type Service,
} from "@blog-platform/runtime";
import { createDeletionSweeper } from "./article-deletions.ts";
import type { CommentsConfig } from "./config.ts";
import { migrations } from "./migrations.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";

export async function createCommentsService(config: CommentsConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const { service, pool } = await createServiceWithDatabase(config, migrations, options);
  const { redis, fallback } = connectRedis(service, config);
  const profiles = createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS);
  const posts = createServiceClient({ baseUrl: config.POSTS_URL, name: "posts" });
  registerRoutes(service.app, {
    store: createStore(pool),
    articles: createArticleDirectory(posts, redis, fallback),
    profiles,
    authenticate: refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), (id, request) => profiles.tokenVersion(id, { requestId: request.id })),
  });
  const sweeper = createDeletionSweeper({ pool, posts, intervalMs: config.ARTICLE_DELETIONS_POLL_SECONDS * 1000, log: service.app.log });
  sweeper.start();
  return {
    service,
    async close() {
      await sweeper.stop();
      redis.disconnect();
      await pool.end();
    },
  };
}
