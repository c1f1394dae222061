// GET /api/tags: the most used tags. Every home page asks for them and they change only when an
// article does, so the list is kept in Redis until the next change (or a minute, whichever is first).
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { redisFallback } from "@blog-platform/runtime";
import type { Store } from "./store.ts";

const KEY = "posts:tags";
const LIMIT = 50;

export function createTagCache(store: Store, redis: Redis, fallback: ReturnType<typeof redisFallback>) {
  return {
    async tags(): Promise<string[]> {
      const cached = await fallback("read tags", () => redis.get(KEY), () => null);
      if (cached) return JSON.parse(cached) as string[];
      const tags = await store.tags(LIMIT);
      await fallback("cache tags", () => redis.set(KEY, JSON.stringify(tags), "EX", 60), () => undefined);
      return tags;
    },
    forget: () => fallback("forget tags", async () => void (await redis.del(KEY)), () => undefined),
  };
}

export function registerTagRoutes(app: FastifyInstance, cache: ReturnType<typeof createTagCache>): void {
  app.get("/api/tags", async () => ({ tags: await cache.tags() }));
}
