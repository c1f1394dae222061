// All of auth's SQL. Unique violations become typed conflicts that name the field.
import type pg from "pg";
import { HttpError, withDatabase } from "@blog-platform/runtime";

export interface UserRow {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  bio: string;
  image: string;
  /** the tokens' `ver`: older tokens are revoked */
  token_version: number;
}


const columns = "id::text, username, email, password_hash, bio, image, token_version";
const updatable = ["username", "email", "password_hash", "bio", "image"] as const;

function conflict(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === "23505") throw new HttpError(422, { [e.constraint === "users_username" ? "username" : "email"]: ["has already been taken"] });
  throw error;
}

export function createStore(pool: pg.Pool) {
  const one = async (sql: string, values: unknown[]) => withDatabase(async () => (await pool.query<UserRow>(sql, values)).rows[0]);
  return {
    createUser: (username: string, email: string, passwordHash: string) =>
      one(`insert into users (username, email, password_hash) values ($1, $2, $3) returning ${columns}`, [username, email, passwordHash]).catch(conflict) as Promise<UserRow>,
    userByEmail: (email: string) => one(`select ${columns} from users where lower(email) = lower($1)`, [email]),
    userById: (id: string) => one(`select ${columns} from users where id = $1`, [id]),
    userByUsername: (username: string) => one(`select ${columns} from users where lower(username) = lower($1)`, [username]),
    /** `revokeTokens`: the change is one that ends every token signed before (a new password or email). */
    updateUser: (id: string, changes: Partial<Pick<UserRow, "username" | "email" | "password_hash" | "bio" | "image">>, options: { revokeTokens?: boolean } = {}) => {
      // column names come from this list only, never from the request
      const keys = updatable.filter((key) => changes[key] !== undefined);
      if (keys.length === 0) return one(`select ${columns} from users where id = $1`, [id]);
      const assignments = [...keys.map((key, i) => `${key} = $${i + 2}`), ...(options.revokeTokens ? ["token_version = token_version + 1"] : [])].join(", ");
      return one(`update users set ${assignments}, updated_at = now() where id = $1 returning ${columns}`, [id, ...keys.map((k) => changes[k])]).catch(conflict);
    },
    /** Empties every picture that showed a deleted image (`patterns`: imageUrlPatterns), in the feed's transaction; the users changed. */
    forgetImages: async (client: pg.PoolClient, patterns: string[]) =>
      (await client.query<UserRow>(`update users set image = '', updated_at = now() where image ~ any($1::text[]) returning ${columns}`, [patterns])).rows,
    usersByIds: async (ids: string[]) => withDatabase(async () => (await pool.query<UserRow>(`select ${columns} from users where id = any($1::bigint[])`, [ids])).rows),
    followedAmong: async (followerId: string, ids: string[]) =>
      withDatabase(async () => new Set((await pool.query<{ id: string }>("select followee_id::text as id from follows where follower_id = $1 and followee_id = any($2::bigint[])", [followerId, ids])).rows.map((r) => r.id))),
    followeeIds: async (followerId: string) =>
      withDatabase(async () => (await pool.query<{ id: string }>("select followee_id::text as id from follows where follower_id = $1 order by followee_id", [followerId])).rows.map((r) => r.id)),
    isFollowing: async (followerId: string, followeeId: string) =>
      (await withDatabase(() => pool.query("select 1 from follows where follower_id = $1 and followee_id = $2", [followerId, followeeId]))).rowCount === 1,
    follow: (followerId: string, followeeId: string) =>
      withDatabase(() => pool.query("insert into follows (follower_id, followee_id) values ($1, $2) on conflict do nothing", [followerId, followeeId])),
    unfollow: (followerId: string, followeeId: string) =>
      withDatabase(() => pool.query("delete from follows where follower_id = $1 and followee_id = $2", [followerId, followeeId])),
  };
}

export type Store = ReturnType<typeof createStore>;
