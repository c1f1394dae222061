// For comments, never routed by the gateway (it sends only /api/* to posts) and reachable only from
// comments (the chart's NetworkPolicy): does this article exist, and what is its id; and the feed
// of deleted articles, read from the last position comments applied (`after`, 0 at first).
import type { FastifyInstance } from "fastify";
import { notFound } from "./routes.ts";
import type { Store } from "./store.ts";

/** Deletions per answer; comments asks again, after the last, until an answer is empty. */
const DELETIONS_PAGE = 500;

export function registerInternalRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { slug: string } }>("/internal/articles/:slug", async (request) => {
    const row = await store.reference(request.params.slug);
    if (!row) throw notFound(request.params.slug);
    return { article: { id: row.id, slug: row.slug, authorId: row.author_id } };
  });

  app.get<{ Querystring: { after: string } }>(
    "/internal/article-deletions",
    {
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { after: { type: "string", pattern: "^[0-9]{1,18}$", default: "0" } },
        },
      },
    },
    async (request) => ({ deletions: await store.deletionsAfter(request.query.after, DELETIONS_PAGE) }),
  );
}
