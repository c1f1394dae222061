// Deletion feeds: how one service learns, reliably, what another deleted, without either waiting
// for the other. The owner logs each deletion in order, in the same transaction as the delete, and
// serves the log at /internal/<what>-deletions?after=<seq>. A follower reads it from the last
// position it applied (kept in its own database, feed_positions), applies a page in one
// transaction with the position, and asks again until a page is empty; at start and every
// DELETION_FEED_POLL_SECONDS. A follower or owner being down only delays it: nothing is lost.
// Replicas may follow side by side, so `apply` must be idempotent; the position only moves forward.
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { inTransaction } from "./database.ts";
import type { ServiceClient } from "./http-client.ts";

export interface Deletion {
  /** position in the owner's log */
  seq: string;
  /** the deleted thing's id */
  id: string;
}

/** Deletions per page of a feed. */
export const DELETION_FEED_PAGE = 500;

export const deletionFeedEnv = {
  properties: { DELETION_FEED_POLL_SECONDS: { type: "number", exclusiveMinimum: 0, default: 10 } },
} as const;

export interface DeletionFeedConfig {
  /** How often a follower reads the feeds it follows. */
  DELETION_FEED_POLL_SECONDS: number;
}

/** The follower's table, for its migrations: one row per feed followed. */
export const FEED_POSITIONS_SQL = "create table feed_positions (feed text primary key, seq bigint not null);";

/** Serves a deletion log at `path`; `after(seq, limit)` reads it, oldest first. */
export function registerDeletionFeed(app: FastifyInstance, path: string, after: (seq: string, limit: number) => Promise<Deletion[]>): void {
  app.get<{ Querystring: { after: string } }>(
    path,
    { schema: { querystring: { type: "object", additionalProperties: false, properties: { after: { type: "string", pattern: "^[0-9]{1,18}$", default: "0" } } } } },
    async (request) => ({ deletions: await after(request.query.after, DELETION_FEED_PAGE) }),
  );
}

export interface FeedFollowerOptions<T> {
  /** the feed's name in feed_positions, e.g. "posts/article-deletions" */
  feed: string;
  pool: pg.Pool;
  owner: ServiceClient;
  path: string;
  intervalMs: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Applies deleted ids, in the page's transaction; must be idempotent. */
  apply: (client: pg.PoolClient, ids: string[]) => Promise<T>;
  /** Runs with what `apply` returned once the page is committed (to clear caches); optional. */
  afterCommit?: (applied: T) => Promise<void>;
}

export function createFeedFollower<T>(options: FeedFollowerOptions<T>) {
  const { feed, pool, owner, path, intervalMs, log, apply, afterCommit } = options;

  /** Applies every deletion logged since the last applied; returns how many. */
  async function follow(): Promise<number> {
    await pool.query("insert into feed_positions (feed, seq) values ($1, 0) on conflict do nothing", [feed]);
    let applied = 0;
    for (;;) {
      const after = (await pool.query<{ seq: string }>("select seq::text from feed_positions where feed = $1", [feed])).rows[0]!.seq;
      const response = await owner.request(`${path}?after=${after}`);
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      const { deletions } = await response.json<{ deletions: Deletion[] }>();
      if (!deletions.length) return applied;
      const result = await inTransaction(pool, async (client) => {
        const outcome = await apply(client, deletions.map((d) => d.id));
        await client.query("update feed_positions set seq = greatest(seq, $2::bigint) where feed = $1", [feed, deletions.at(-1)!.seq]);
        return outcome;
      });
      await afterCommit?.(result);
      applied += deletions.length;
    }
  }

  const stop = new AbortController();
  let loop: Promise<void> | undefined;
  return {
    /** Follows now and then every interval, until stop(). A failure is logged once, not every poll. */
    start() {
      loop = (async () => {
        let failing = false;
        while (!stop.signal.aborted) {
          try {
            const applied = await follow();
            if (applied) log.info({ feed, deletions: applied }, "applied deletions");
            if (failing) log.info({ feed }, "following the deletion feed again");
            failing = false;
          } catch (error) {
            if (!failing) log.warn({ feed, err: error }, "could not follow the deletion feed yet; trying again every poll");
            failing = true;
          }
          await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
        }
      })();
    },
    async stop() {
      stop.abort();
      await loop;
    },
  };
}

export type FeedFollower = ReturnType<typeof createFeedFollower>;
