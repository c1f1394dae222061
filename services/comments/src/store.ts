// All of comments' SQL.
import type pg from "pg";
import { withDatabase } from "@blog-platform/runtime";

export interface CommentRow {
  id: string;
  article_id: string;
  author_id: string;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const columns = "id::text, article_id::text, author_id::text, body, created_at, updated_at";

export function createStore(pool: pg.Pool) {
  return {
    /** Newest first, as the RealWorld reference implementation lists them. (`comments.id`: a bare `id` would be the output column `id::text`, and sort as text.) */
    list: (articleId: string) =>
      withDatabase(async () => (await pool.query<CommentRow>(`select ${columns} from comments where article_id = $1 order by comments.id desc`, [articleId])).rows),
    add: (articleId: string, authorId: string, body: string) =>
      withDatabase(async () => (await pool.query<CommentRow>(`insert into comments (article_id, author_id, body) values ($1, $2, $3) returning ${columns}`, [articleId, authorId, body])).rows[0]!),
    comment: (articleId: string, id: string) =>
      withDatabase(async () => (await pool.query<CommentRow>(`select ${columns} from comments where article_id = $1 and id = $2`, [articleId, id])).rows[0]),
    remove: (id: string) => withDatabase(() => pool.query("delete from comments where id = $1", [id])),
    /** Deletes the comments of deleted articles, in the feed's transaction. */
    forgetArticles: async (client: pg.PoolClient, articleIds: string[]) => {
      await client.query("delete from comments where article_id = any($1::bigint[])", [articleIds]);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
