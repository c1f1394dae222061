// GET /api/tags: the most used tags. Every home page asks for them; the answer is the same for
// everyone, so it comes from the page cache until an article changes.
import type { FastifyInstance } from "fastify";
import { sendPage, type PageCache } from "@blog-platform/runtime";
import type { Store } from "./store.ts";

const LIMIT = 50;

export function registerTagRoutes(app: FastifyInstance, { store, pages }: { store: Store; pages: PageCache }): void {
  app.get("/api/tags", async (_request, reply) => sendPage(reply, await pages.json("tags", async () => ({ tags: await store.tags(LIMIT) }))));
}
