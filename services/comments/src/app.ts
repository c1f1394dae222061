// Builds the comments service from its configuration: connections, migrations, readiness, the posts
// client (does the article exist, which were deleted) and the auth client (author profiles), routes,
// and the follower of posts' deleted articles, which deletes their comments.
import {
  connectRedis, createArticleDirectory, createFeedFollower, createPageCache, createProfileDirectory, createServiceClient, createServiceWithDatabase, createVerifier, refusingRevoked, type Service,
} from "@blog-platform/runtime";
import type { CommentsConfig } from "./config.ts";
import { migrations } from "./migrations.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";

export async function createCommentsService(config: CommentsConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const { service, pool } = await createServiceWithDatabase(config, migrations, options);
  const { redis, fallback } = connectRedis(service, config);
  const profiles = createProfileDirectory(createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" }), redis, fallback, config.PROFILE_CACHE_TTL_SECONDS);
  const posts = createServiceClient({ baseUrl: config.POSTS_URL, name: "posts" });
  const store = createStore(pool);
  registerRoutes(service.app, {
    store,
    articles: createArticleDirectory(posts, redis, fallback),
    profiles,
    pages: createPageCache(redis, fallback, { prefix: "comment-pages" }),
    authenticate: refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), (id, request) => profiles.tokenVersion(id, { requestId: request.id })),
  });
  // a delete never waits for comments: the comments of deleted articles go when posts' feed says so
  const deletedArticles = createFeedFollower({
    feed: "posts/article-deletions",
    pool,
    owner: posts,
    path: "/internal/article-deletions",
    intervalMs: config.DELETION_FEED_POLL_SECONDS * 1000,
    log: service.app.log,
    apply: (client, ids) => store.forgetArticles(client, ids),
  });
  deletedArticles.start();
  return {
    service,
    async close() {
      await deletedArticles.stop();
      redis.disconnect();
      await pool.end();
    },
  };
}
