// All of posts' SQL. Lists leave out the body (the API does not return it there) and count the
// matches in the same statement; a viewer's favorites are looked up in it too.
import type pg from "pg";
import { inTransaction, withDatabase, type Deletion } from "@blog-platform/runtime";

export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Absent in lists. */
  body?: string;
  image: string;
  tag_list: string[];
  author_id: string;
  favorites_count: number;
  favorited: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ArticleFilter {
  tag?: string;
  authorId?: string;
  favoritedBy?: string;
  /** The feed: articles by any of these authors. */
  authorIds?: readonly string[];
}

export interface NewArticle {
  slug: string;
  title: string;
  description: string;
  body: string;
  image: string;
  tagList: string[];
  authorId: string;
}

export type ArticleChanges = Partial<Pick<NewArticle, "title" | "description" | "body" | "image" | "tagList">>;

const listColumns = "a.id::text, a.slug, a.title, a.description, a.image, a.tag_list, a.author_id::text, a.favorites_count, a.created_at, a.updated_at";
// `$1` is always the viewer (null when anonymous)
const favorited = "($1::bigint is not null and exists (select 1 from favorites f where f.article_id = a.id and f.user_id = $1::bigint)) as favorited";
const oneArticle = `select ${listColumns}, a.body, ${favorited} from articles a where a.slug = $2`;
const columnOf = { title: "title", description: "description", body: "body", image: "image", tagList: "tag_list" } as const;

export function createStore(pool: pg.Pool) {
  const article = async (slug: string, viewerId: string | null, client: pg.Pool | pg.PoolClient = pool) =>
    (await client.query<ArticleRow>(oneArticle, [viewerId, slug])).rows[0];

  return {
    async list(filter: ArticleFilter, viewerId: string | null, limit: number, offset: number): Promise<{ rows: ArticleRow[]; count: number }> {
      const values: unknown[] = [viewerId];
      const where: string[] = [];
      const param = (value: unknown) => `$${values.push(value)}`;
      if (filter.tag !== undefined) where.push(`a.tag_list @> array[${param(filter.tag)}]::text[]`);
      if (filter.authorId !== undefined) where.push(`a.author_id = ${param(filter.authorId)}`);
      if (filter.authorIds !== undefined) where.push(`a.author_id = any(${param(filter.authorIds)}::bigint[])`);
      if (filter.favoritedBy !== undefined) where.push(`exists (select 1 from favorites f where f.article_id = a.id and f.user_id = ${param(filter.favoritedBy)})`);
      const conditions = where.length ? `where ${where.join(" and ")}` : "";
      const sql = `select ${listColumns}, ${favorited}, count(*) over () as total from articles a ${conditions} order by a.id desc limit ${param(limit)} offset ${param(offset)}`;
      return withDatabase(async () => {
        const { rows } = await pool.query<ArticleRow & { total: string }>(sql, values);
        if (rows.length || offset === 0) return { rows, count: Number(rows[0]?.total ?? 0) };
        // past the last page the window count has no row to ride on
        // (`$1`, the viewer, is selected only so that every parameter has a type)
        const counted = await pool.query<{ count: string }>(`select count(*), $1::bigint as viewer from articles a ${conditions}`, values.slice(0, -2));
        return { rows, count: Number(counted.rows[0]!.count) };
      });
    },

    article: (slug: string, viewerId: string | null) => withDatabase(() => article(slug, viewerId)),

    create: (input: NewArticle) =>
      withDatabase(async () => {
        const { rows } = await pool.query<{ slug: string }>(
          "insert into articles (slug, title, description, body, image, tag_list, author_id) values ($1, $2, $3, $4, $5, $6, $7) returning slug",
          [input.slug, input.title, input.description, input.body, input.image, input.tagList, input.authorId],
        );
        return (await article(rows[0]!.slug, input.authorId))!;
      }),

    /** Applies the changes if `authorId` wrote the article; undefined when there is no such article. */
    update: (slug: string, authorId: string, changes: ArticleChanges) =>
      inTransaction(pool, async (client) => {
        const current = (await client.query<{ author_id: string }>("select author_id::text from articles where slug = $1 for update", [slug])).rows[0];
        if (!current) return { found: false as const };
        if (current.author_id !== authorId) return { found: true as const, allowed: false as const };
        // column names come from `columnOf` only, never from the request
        const keys = (Object.keys(columnOf) as Array<keyof typeof columnOf>).filter((key) => changes[key] !== undefined);
        if (keys.length) {
          const assignments = keys.map((key, i) => `${columnOf[key]} = $${i + 2}`).join(", ");
          await client.query(`update articles set ${assignments}, updated_at = now() where slug = $1`, [slug, ...keys.map((key) => changes[key])]);
        }
        return { found: true as const, allowed: true as const, article: (await article(slug, authorId, client))! };
      }),

    remove: (slug: string, authorId: string) =>
      withDatabase(async () => {
        const { rows } = await pool.query<{ deleted: boolean }>(
          // the deletion is logged in the same statement, for comments' feed: both happen or neither
          "with target as (select id, author_id = $2 as mine from articles where slug = $1), gone as (delete from articles where id in (select id from target where mine) returning id), logged as (insert into article_deletions (article_id) select id from gone) select (select mine from target) as mine, exists (select 1 from gone) as deleted",
          [slug, authorId],
        );
        const row = rows[0] as { mine: boolean | null; deleted: boolean };
        return row.mine === null ? "missing" : row.deleted ? "deleted" : "forbidden";
      }),

    /** Empties every cover that showed a deleted image (`patterns`: imageUrlPatterns), in the feed's transaction. */
    forgetImages: async (client: pg.PoolClient, patterns: string[]) => {
      await client.query("update articles set image = '' where image ~ any($1::text[])", [patterns]);
    },

    /** Deleted articles after position `after`, oldest first, at most `limit`: comments' feed. */
    deletionsAfter: (after: string, limit: number) =>
      withDatabase(async () => (await pool.query<Deletion>("select seq::text, article_id::text as id from article_deletions where seq > $1 order by seq limit $2", [after, limit])).rows),

    /** Favorites (or not) and keeps the count in step, in one statement; undefined for an unknown slug. */
    setFavorite: (slug: string, userId: string, favorite: boolean) =>
      withDatabase(async () => {
        const sql = favorite
          ? `with target as (select id from articles where slug = $2),
                  changed as (insert into favorites (user_id, article_id) select $1, id from target on conflict do nothing returning article_id)
             update articles set favorites_count = favorites_count + (select count(*) from changed) where id = (select id from target) returning id`
          : `with target as (select id from articles where slug = $2),
                  changed as (delete from favorites where user_id = $1 and article_id = (select id from target) returning article_id)
             update articles set favorites_count = favorites_count - (select count(*) from changed) where id = (select id from target) returning id`;
        const { rowCount } = await pool.query(sql, [userId, slug]);
        return rowCount ? article(slug, userId) : undefined;
      }),

    tags: (limit: number) =>
      withDatabase(async () => (await pool.query<{ tag: string }>("select tag from articles, unnest(tag_list) as tag group by tag order by count(*) desc, tag limit $1", [limit])).rows.map((r) => r.tag)),

    /** What comments needs to know of an article. */
    reference: (slug: string) =>
      withDatabase(async () => (await pool.query<{ id: string; slug: string; author_id: string }>("select id::text, slug, author_id::text from articles where slug = $1", [slug])).rows[0]),
  };
}

export type Store = ReturnType<typeof createStore>;
