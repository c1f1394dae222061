// For posts and auth, never routed by the gateway (it sends only /api/images* here) and reachable
// only from them (the chart's NetworkPolicy): the feed of deleted images, from which they empty
// the article covers and user pictures that pointed at those images.
import type { FastifyInstance } from "fastify";
import { registerDeletionFeed } from "@blog-platform/runtime";
import type { Store } from "./store.ts";

export function registerInternalRoutes(app: FastifyInstance, store: Store): void {
  registerDeletionFeed(app, "/internal/image-deletions", store.deletionsAfter);
}
