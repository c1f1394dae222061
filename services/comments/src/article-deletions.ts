// The comments of deleted articles. posts logs each deletion in order (its article_deletions
// table); this reads that feed from the last position applied, kept in comments' database, deletes
// those articles' comments and moves the position on, at start and every
// ARTICLE_DELETIONS_POLL_SECONDS. A delete never waits for comments, and comments being down, or
// posts being away, only delays the sweep: nothing is lost. Replicas may sweep side by side: the
// deletes are idempotent and the position only moves forward.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { inTransaction, type ServiceClient } from "@blog-platform/runtime";

interface Deletion {
  seq: string;
  articleId: string;
}

export function createDeletionSweeper(options: { pool: pg.Pool; posts: ServiceClient; intervalMs: number; log: { info(o: object, m: string): void; warn(o: object, m: string): void } }) {
  const { pool, posts, intervalMs, log } = options;

  /** Applies every deletion posts has logged since the last one applied; returns how many. */
  async function sweep(): Promise<number> {
    let applied = 0;
    for (;;) {
      const after = (await pool.query<{ seq: string }>("select seq::text from article_deletions_applied")).rows[0]!.seq;
      const response = await posts.request(`/internal/article-deletions?after=${after}`);
      if (!response.ok) throw new Error(`posts answered ${response.status} to the article deletions feed`);
      const { deletions } = await response.json<{ deletions: Deletion[] }>();
      if (!deletions.length) return applied;
      await inTransaction(pool, async (client) => {
        await client.query("delete from comments where article_id = any($1::bigint[])", [deletions.map((d) => d.articleId)]);
        await client.query("update article_deletions_applied set seq = greatest(seq, $1::bigint)", [deletions.at(-1)!.seq]);
      });
      applied += deletions.length;
    }
  }

  const stop = new AbortController();
  let loop: Promise<void> | undefined;
  return {
    sweep,
    /** Sweeps now and then every interval, until stop(). */
    start() {
      loop = (async () => {
        while (!stop.signal.aborted) {
          try {
            const applied = await sweep();
            if (applied) log.info({ articles: applied }, "deleted the comments of deleted articles");
          } catch (error) {
            log.warn({ err: error }, "could not apply posts' article deletions yet; trying again");
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
