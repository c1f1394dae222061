// GET /api/user is the call every page of a signed-in reader makes: the user's public fields are kept
// in Redis, where auth alone writes them. A miss fills the entry only if nothing is there (SET NX)
// and a change overwrites it, so a read that raced a change can never put the old fields back.
import type { Redis } from "ioredis";
import type { redisFallback } from "@blog-platform/runtime";
import type { Store, UserRow } from "./store.ts";

export type CurrentUser = Pick<UserRow, "id" | "username" | "email" | "bio" | "image" | "token_version">;

// v2: the entries carry token_version (entries of v1 lack it and are never read)
const key = (id: string) => `auth:user:v2:${id}`;
const TTL_SECONDS = 300;
const publicFields = ({ id, username, email, bio, image, token_version }: CurrentUser): CurrentUser => ({ id, username, email, bio, image, token_version });

export function createUserCache(store: Store, redis: Redis, fallback: ReturnType<typeof redisFallback>) {
  return {
    async get(id: string): Promise<CurrentUser | undefined> {
      const cached = await fallback("read user", () => redis.get(key(id)), () => null);
      if (cached) return JSON.parse(cached) as CurrentUser;
      const row = await store.userById(id);
      if (row) await fallback("cache user", () => redis.set(key(id), JSON.stringify(publicFields(row)), "EX", TTL_SECONDS, "NX"), () => null);
      return row && publicFields(row);
    },
    async changed(user: CurrentUser): Promise<void> {
      await fallback("cache user", () => redis.set(key(user.id), JSON.stringify(publicFields(user)), "EX", TTL_SECONDS), () => null);
    },
  };
}

export type UserCache = ReturnType<typeof createUserCache>;
