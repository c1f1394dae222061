// For comments, never routed by the gateway (it sends only /api/* to posts) and reachable only from
// comments (the chart's NetworkPolicy): does this article exist, and what is its id; and the feed
// of deleted articles, read from the last position comments applied (`after`, 0 at first).
import type { FastifyInstance } from "fastify";
import { registerDeletionFeed } from "@blog-platform/runtime";
import { notFound } from "./routes.ts";
import type { Store } from "./store.ts";

export function registerInternalRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { slug: string } }>("/internal/articles/:slug", async (request) => {
    const row = await store.reference(request.params.slug);
    if (!row) throw notFound(request.params.slug);
    return { article: { id: row.id, slug: row.slug, authorId: row.author_id } };
  });

  registerDeletionFeed(app, "/internal/article-deletions", store.deletionsAfter);
}
