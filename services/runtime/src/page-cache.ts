// A cache of whole public responses (what an anonymous reader gets: the same bytes for everyone) in
// Redis, so that the busiest reads cost one Redis round trip instead of SQL, profile lookups and
// serialisation. Pages are filed under a version number; anything that changes what a public page
// shows (an article written or favorited, an author's profile changed) increments the version, and
// every page cached before is never read again (old versions expire). A page computed while a write
// happened is filed under the old version, so it cannot be served stale.
import type { Redis } from "ioredis";
import type { redisFallback } from "./redis.ts";

export const PAGES_VERSION_KEY = "pages:version";

// one round trip: the current version and the page filed under it (standalone Redis, so a script may
// read a key it derives)
const READ = `local version = redis.call('GET', KEYS[1]) or '0'
return {version, redis.call('HGET', 'pages:' .. version, ARGV[1])}`;

export interface PageCache {
  /** The JSON body for `key`: cached, or made by `compute` (which may throw, e.g. a 404) and cached. */
  json(key: string, compute: () => Promise<unknown>): Promise<string>;
  /** Call after any change that public pages show. */
  invalidate(): Promise<void>;
}

/** Makes every cached page stale (for services that change what pages show without serving them). */
export async function invalidatePages(redis: Redis): Promise<void> {
  await redis.incr(PAGES_VERSION_KEY);
}

export function createPageCache(redis: Redis, fallback: ReturnType<typeof redisFallback>, ttlSeconds = 60): PageCache {
  return {
    async json(key, compute) {
      const [version, page] = await fallback<[string | undefined, string | null]>(
        "read page",
        async () => (await redis.eval(READ, 1, PAGES_VERSION_KEY, key)) as [string, string | null],
        () => [undefined, null],
      );
      if (page) return page;
      const body = JSON.stringify(await compute());
      if (version !== undefined) {
        await fallback("cache page", async () => void (await redis.multi().hset(`pages:${version}`, key, body).expire(`pages:${version}`, ttlSeconds).exec()), () => undefined);
      }
      return body;
    },
    invalidate: () => fallback("invalidate pages", () => invalidatePages(redis), () => undefined),
  };
}
