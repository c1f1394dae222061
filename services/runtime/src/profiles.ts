// Author profiles for posts and comments. Auth owns the users; the others ask it over HTTP, in
// batches of at most PROFILE_BATCH_LIMIT ids (side by side when a response shows more), and keep the public part (username, bio, image) in Redis so that anonymous
// reads need no call at all. `following` depends on the viewer and is never cached: a signed-in
// viewer's batch goes to auth with their token. Auth forgets a user's cache entries when the user
// changes (forgetProfile), so a new bio or name shows at once, not after the TTL.
import type { Redis } from "ioredis";
import type { ServiceClient } from "./http-client.ts";
import { PAGES_VERSION_KEY } from "./page-cache.ts";
import type { redisFallback } from "./redis.ts";

export interface Profile {
  username: string;
  bio: string;
  image: string;
  following: boolean;
}

/** Shown for an author auth no longer knows: the article or comment still exists, so it is shown, not dropped. */
export const UNKNOWN_PROFILE: Profile = { username: "unknown", bio: "", image: "", following: false };

export interface Viewer {
  id: string;
  /** The caller's own token, passed on to auth, which works out whom they follow. */
  token: string;
}

export interface ProfileDirectory {
  /** Profiles by user id; ids auth does not know are left out. */
  profiles(ids: readonly string[], options?: { viewer?: Viewer; requestId?: string }): Promise<Map<string, Profile>>;
  /** The id of a username, or undefined when nobody has it. */
  userId(username: string, options?: { requestId?: string }): Promise<string | undefined>;
  /** The ids the viewer follows (the feed). */
  followeeIds(viewer: Viewer, options?: { requestId?: string }): Promise<string[]>;
  /** A user's current token version (authentication.ts's refusingRevoked), or undefined when auth no longer knows them. */
  tokenVersion(id: string, options?: { requestId?: string }): Promise<number | undefined>;
}

/** The most ids auth's /internal/profiles takes in one request (its query schema says so too). */
export const PROFILE_BATCH_LIMIT = 100;

const profileKey = (id: string) => `profile:${id}`;
const userIdKey = (username: string) => `user-id:${username.toLowerCase()}`;

/** Drops what posts and comments remember about a user, and the public pages showing them; auth
 * calls it after any change to the user. */
export async function forgetProfile(redis: Redis, id: string, usernames: readonly string[]): Promise<void> {
  await redis.multi().del(profileKey(id), ...usernames.map(userIdKey)).incr(PAGES_VERSION_KEY).exec();
}

type Public = Omit<Profile, "following">;
/** What auth's batch returns and the cache keeps; the token version never leaves the service. */
type Known = Profile & { id: string; tokenVersion: number };
type Cached = Public & { tokenVersion?: number };
type Fallback = ReturnType<typeof redisFallback>;

/** One batch of at most PROFILE_BATCH_LIMIT ids from auth's /internal/profiles. */
async function fetchBatch(auth: ServiceClient, ids: readonly string[], viewer: Viewer | undefined, requestId: string | undefined): Promise<Known[]> {
  const response = await auth.request(`/internal/profiles?ids=${ids.join(",")}`, {
    ...(requestId ? { requestId } : {}),
    ...(viewer ? { headers: { authorization: `Token ${viewer.token}` } } : {}),
  });
  if (!response.ok) throw new Error(`auth answered ${response.status} to a profile batch`);
  const { profiles } = (await response.json()) as { profiles: Known[] };
  return profiles;
}

/**
 * A user's token version straight from auth, with no cache: for a service whose authenticated
 * requests are few and costly (images' uploads), where one call each is cheap and a revocation holds
 * at once. Undefined when auth no longer knows the user.
 */
export async function fetchTokenVersion(auth: ServiceClient, id: string, requestId?: string): Promise<number | undefined> {
  return (await fetchBatch(auth, [id], undefined, requestId))[0]?.tokenVersion;
}

export function createProfileDirectory(auth: ServiceClient, redis: Redis, fallback: Fallback, ttlSeconds = 300): ProfileDirectory {
  const fetchProfiles = async (ids: readonly string[], viewer: Viewer | undefined, requestId: string | undefined) => {
    const batches: (readonly string[])[] = [];
    for (let start = 0; start < ids.length; start += PROFILE_BATCH_LIMIT) batches.push(ids.slice(start, start + PROFILE_BATCH_LIMIT));
    return (await Promise.all(batches.map((batch) => fetchBatch(auth, batch, viewer, requestId)))).flat();
  };
  const remember = (profiles: readonly Known[]) =>
    fallback("cache profiles", async () => {
      if (!profiles.length) return;
      const batch = redis.multi();
      for (const { id, username, bio, image, tokenVersion } of profiles) batch.set(profileKey(id), JSON.stringify({ username, bio, image, tokenVersion } satisfies Cached), "EX", ttlSeconds);
      await batch.exec();
    }, () => undefined);

  return {
    async profiles(ids, { viewer, requestId } = {}) {
      const unique = [...new Set(ids)];
      const found = new Map<string, Profile>();
      if (!unique.length) return found;
      // nobody follows themselves: a viewer's own profile needs no question to auth
      if (viewer && unique.some((id) => id !== viewer.id)) {
        const profiles = await fetchProfiles(unique, viewer, requestId);
        for (const { id, username, bio, image, following } of profiles) found.set(id, { username, bio, image, following });
        await remember(profiles);
        return found;
      }
      const cached = await fallback("read profiles", () => redis.mget(unique.map(profileKey)), () => unique.map(() => null));
      const missing: string[] = [];
      unique.forEach((id, i) => {
        const hit = cached[i];
        if (hit) {
          const { username, bio, image } = JSON.parse(hit) as Cached;
          found.set(id, { username, bio, image, following: false });
        }
        else missing.push(id);
      });
      if (missing.length) {
        const profiles = await fetchProfiles(missing, undefined, requestId);
        for (const { id, username, bio, image } of profiles) found.set(id, { username, bio, image, following: false });
        await remember(profiles);
      }
      return found;
    },

    async userId(username, { requestId } = {}) {
      const cached = await fallback("read user id", () => redis.get(userIdKey(username)), () => null);
      if (cached) return cached;
      const response = await auth.request(`/internal/users/${encodeURIComponent(username)}`, requestId ? { requestId } : {});
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`auth answered ${response.status} to a user lookup`);
      const { user } = (await response.json()) as { user: { id: string } };
      await fallback("cache user id", () => redis.set(userIdKey(username), user.id, "EX", ttlSeconds), () => undefined);
      return user.id;
    },

    async tokenVersion(id, { requestId } = {}) {
      const cached = await fallback("read profiles", () => redis.get(profileKey(id)), () => null);
      const version = cached ? (JSON.parse(cached) as Cached).tokenVersion : undefined;
      if (version !== undefined) return version;
      const [known] = await fetchProfiles([id], undefined, requestId);
      await remember(known ? [known] : []);
      return known?.tokenVersion;
    },

    async followeeIds(viewer, { requestId } = {}) {
      const response = await auth.request("/internal/following", { ...(requestId ? { requestId } : {}), headers: { authorization: `Token ${viewer.token}` } });
      if (!response.ok) throw new Error(`auth answered ${response.status} to a follow list`);
      return ((await response.json()) as { ids: string[] }).ids;
    },
  };
}
