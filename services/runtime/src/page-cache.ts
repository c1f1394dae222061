// A cache of whole public responses (what an anonymous reader gets: the same bytes for everyone) in
// Redis, so that the busiest reads cost one Redis round trip instead of SQL, profile lookups and
// serialisation. Pages are filed under a version number; anything that changes what public pages
// show (an article written or favorited, an author's profile changed) increments the version, and
// every page cached before is never read again (each expires by its TTL). A page computed while a
// write happened is filed under the old version, so it cannot be served stale.
//
// A page may also belong to a scope (comments: one article's list) with a version of its own, so
// that a change seen by that scope alone (a comment) drops its pages without dropping everyone's.
import type { FastifyReply } from "fastify";
import type { Redis } from "ioredis";
import type { redisFallback } from "./redis.ts";

export const PAGES_VERSION_KEY = "pages:version";
const SCOPE_VERSION_TTL_SECONDS = 86_400;

// one round trip: the versions and the page filed under them (standalone Redis, so a script may read
// a key it derives; the ACL still holds it to the user's key patterns)
const READ = `local version = redis.call('GET', KEYS[1]) or '0'
if #KEYS > 1 then version = version .. '.' .. (redis.call('GET', KEYS[2]) or '0') end
return {version, redis.call('GET', ARGV[1] .. ':' .. version .. ':' .. ARGV[2])}`;

export interface PageCacheOptions {
  /** Key prefix of the pages and the scopes' versions; each service its own (its Redis user may write only there). */
  prefix: string;
  ttlSeconds?: number;
}

export interface PageCache {
  /**
   * The JSON body for `key`: cached, or made by `compute` (which may throw, e.g. a 404) and cached.
   * A page of a `scope` is dropped by `invalidate(scope)` too.
   */
  json(key: string, compute: () => Promise<unknown>, scope?: string): Promise<string>;
  /** Call after a change that public pages show: all of them, or with `scope`, only that scope's. */
  invalidate(scope?: string): Promise<void>;
}

/** Sends a page as `json()` gave it: JSON text, not an object fastify would serialise again. */
export const sendPage = (reply: FastifyReply, page: string) => reply.type("application/json; charset=utf-8").send(page);

/** Makes every cached page stale (for services that change what pages show without serving them). */
export async function invalidatePages(redis: Redis): Promise<void> {
  await redis.incr(PAGES_VERSION_KEY);
}

export function createPageCache(redis: Redis, fallback: ReturnType<typeof redisFallback>, { prefix, ttlSeconds = 60 }: PageCacheOptions): PageCache {
  const scopeVersion = (scope: string) => `${prefix}:version:${scope}`;
  return {
    async json(key, compute, scope) {
      const keys = scope === undefined ? [PAGES_VERSION_KEY] : [PAGES_VERSION_KEY, scopeVersion(scope)];
      const [version, page] = await fallback<[string | undefined, string | null]>(
        "read page",
        // EVAL_RO: a read-only script needs only read access to its keys (comments may read the pages' version, not bump it)
        async () => (await redis.eval_ro(READ, keys.length, ...keys, prefix, key)) as [string, string | null],
        () => [undefined, null],
      );
      if (page) return page;
      const body = JSON.stringify(await compute());
      if (version !== undefined) await fallback("cache page", async () => void (await redis.set(`${prefix}:${version}:${key}`, body, "EX", ttlSeconds)), () => undefined);
      return body;
    },
    invalidate: (scope) =>
      fallback(
        "invalidate pages",
        // a scope's version lives a day past its last change, far longer than any page filed under it
        async () => void (await (scope === undefined ? redis.incr(PAGES_VERSION_KEY) : redis.multi().incr(scopeVersion(scope)).expire(scopeVersion(scope), SCOPE_VERSION_TTL_SECONDS).exec())),
        () => undefined,
      ),
  };
}
