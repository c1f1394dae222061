// Following images' feed of deleted images (deletion-feed.ts), for the services whose fields may
// point at an image: posts (article covers) and auth (user pictures). Each passes its own SQL.
import type pg from "pg";
import { createFeedFollower, type DeletionFeedConfig, type FeedFollower } from "./deletion-feed.ts";
import { createServiceClient } from "./http-client.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Postgres regular expressions matching every URL of the given images: the original and each
 * variant, relative or on any host. For emptying the fields that pointed at deleted images.
 */
export function imageUrlPatterns(ids: readonly string[]): string[] {
  return ids.filter((id) => UUID.test(id)).map((id) => `^(https?://[^/]+)?/api/images/${id}(/[a-z]+)?$`);
}

/**
 * A follower of images' deleted images, started, or undefined when IMAGES_URL is unset (images is
 * not part of this install). `forget` empties the fields matching the patterns, in the feed's
 * transaction; `afterCommit` clears the caches that showed them.
 */
export function followImageDeletions<T>(
  config: DeletionFeedConfig & { IMAGES_URL?: string },
  pool: pg.Pool,
  log: { info(o: object, m: string): void; warn(o: object, m: string): void },
  forget: (client: pg.PoolClient, patterns: string[]) => Promise<T>,
  afterCommit: (forgotten: T) => Promise<void>,
): FeedFollower | undefined {
  if (!config.IMAGES_URL) return undefined;
  const follower = createFeedFollower({
    feed: "images/image-deletions",
    pool,
    owner: createServiceClient({ baseUrl: config.IMAGES_URL, name: "images" }),
    path: "/internal/image-deletions",
    intervalMs: config.DELETION_FEED_POLL_SECONDS * 1000,
    log,
    apply: (client, ids) => forget(client, imageUrlPatterns(ids)),
    afterCommit,
  });
  follower.start();
  return follower;
}
