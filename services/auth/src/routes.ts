// The RealWorld user and profile endpoints (shared/realworld/openapi.yml).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import { HttpError, imageUrlSchema, requireUser, type AuthenticatedUser, type Caller } from "@blog-platform/runtime";
import { hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import type { Store, UserRow } from "./store.ts";
import type { CurrentUser, UserCache } from "./user-cache.ts";
import type { LoginLimiter } from "./rate-limit.ts";

export interface Dependencies {
  store: Store;
  sign: (user: AuthenticatedUser) => Promise<string>;
  authenticate: (request: FastifyRequest) => Promise<Caller | undefined>;
  limiter: LoginLimiter;
  /** Tells posts and comments to drop what they cached about a user who changed. */
  forgetProfile: (id: string, usernames: string[]) => Promise<void>;
  users: UserCache;
}

const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength });
const email = { type: "string", format: "email", maxLength: 254 };
const password = { type: "string", minLength: 8, maxLength: 256 };
// a username is a path segment of /api/profiles/<username>: no slashes, spaces, or only dots
const username = { type: "string", pattern: "^(?!\\.+$)[A-Za-z0-9_.-]{1,40}$" };
const envelope = (inner: Record<string, unknown>, required: string[], closed = true) => ({
  type: "object",
  required: ["user"],
  properties: { user: { type: "object", required, ...(closed ? { additionalProperties: false } : {}), properties: inner } },
});

/** The RealWorld user object; `token` is the caller's own when it is still good (a signature per
 * request is the costliest part of GET /api/user), a fresh one after login or a change of name. */
async function userBody(row: CurrentUser, sign: Dependencies["sign"], token?: string) {
  return { user: { email: row.email, token: token ?? (await sign({ id: row.id, username: row.username, version: row.token_version })), username: row.username, bio: row.bio, image: row.image } };
}

const profileBody = (row: UserRow, following: boolean) => ({ profile: { username: row.username, bio: row.bio, image: row.image, following } });

const gone = new HttpError(401, { authorization: ["the user of this token no longer exists"] });

export function registerRoutes(app: FastifyInstance, deps: Dependencies): void {
  const { store, sign, authenticate, limiter, forgetProfile, users } = deps;

  app.post<{ Body: { user: { username: string; email: string; password: string } } }>(
    "/api/users",
    { schema: { body: envelope({ username, email, password }, ["username", "email", "password"]) } },
    async (request, reply) => {
      const { username, email, password } = request.body.user;
      const row = await store.createUser(username, email, await hashPassword(password));
      return reply.code(201).send(await userBody(row, sign));
    },
  );

  app.post<{ Body: { user: { email: string; password: string } } }>(
    "/api/users/login",
    { schema: { body: envelope({ email, password: text(256) }, ["email", "password"]) } },
    async (request, reply) => {
      const { email, password } = request.body.user;
      const admission = await limiter.admit(email, request.ip);
      if (!admission.allowed) {
        return reply.code(429).send({ errors: { login: ["too many failed attempts from this address: wait a minute and try again"] } });
      }
      if (admission.delayMs) await sleep(admission.delayMs);
      const row = await store.userByEmail(email);
      // the same answer and about the same time whether the account exists or not
      const valid = row ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
      if (!row || !valid) return reply.code(401).send({ errors: { credentials: ["email or password is invalid"] } });
      await limiter.succeeded(email, request.ip);
      if (needsRehash(row.password_hash)) await store.updateUser(row.id, { password_hash: await hashPassword(password) });
      return userBody(row, sign);
    },
  );

  app.get("/api/user", async (request) => {
    const user = requireUser(await authenticate(request));
    const row = await users.get(user.id);
    if (!row) throw gone;
    // a token names the user by username: after a rename the caller gets one with the new name
    return userBody(row, sign, row.username === user.username ? user.token : undefined);
  });

  app.put<{ Body: { user: { username?: string; email?: string; password?: string; currentPassword?: string; bio?: string | null; image?: string | null } } }>(
    "/api/user",
    {
      schema: {
        // frontends send the whole user back (token included, password ""): other keys are ignored
        body: envelope(
          {
            username,
            email,
            password: { type: "string", maxLength: 256 },
            // our addition to RealWorld: needed to change the email or the password (below)
            currentPassword: { type: "string", maxLength: 256 },
            bio: { type: ["string", "null"], maxLength: 2000 },
            image: imageUrlSchema,
          },
          [],
          false,
        ),
      },
    },
    async (request) => {
      const user = requireUser(await authenticate(request));
      const { username, email, password, currentPassword, bio, image } = request.body.user;
      if (password && password.length < 8) throw new HttpError(422, { password: ["is too short (minimum is 8 characters)"] });
      // a token alone (a stolen one, say) must not be enough to take the account over for good
      const current = await store.userById(user.id);
      if (!current) throw gone;
      const credentials = Boolean(password) || (email !== undefined && email.toLowerCase() !== current.email.toLowerCase());
      if (credentials) {
        if (!currentPassword) throw new HttpError(422, { currentPassword: ["is needed to change the email or the password"] });
        if (!(await verifyPassword(currentPassword, current.password_hash))) throw new HttpError(422, { currentPassword: ["is not your current password"] });
      }
      const row = await store.updateUser(user.id, {
        ...(username === undefined ? {} : { username }),
        ...(email === undefined ? {} : { email }),
        ...(bio === undefined ? {} : { bio: bio ?? "" }),
        ...(image === undefined ? {} : { image: image ?? "" }),
        ...(password ? { password_hash: await hashPassword(password) } : {}),
      }, { revokeTokens: credentials });
      if (!row) throw gone;
      await Promise.all([users.changed(row), forgetProfile(row.id, [user.username, row.username])]);
      return userBody(row, sign);
    },
  );

  const profile = async (request: FastifyRequest<{ Params: { username: string } }>) => {
    const row = await store.userByUsername(request.params.username);
    if (!row) throw new HttpError(404, { profile: [`no profile named ${request.params.username}`] });
    return row;
  };

  app.get<{ Params: { username: string } }>("/api/profiles/:username", async (request) => {
    const viewer = await authenticate(request);
    const row = await profile(request);
    return profileBody(row, viewer ? await store.isFollowing(viewer.id, row.id) : false);
  });

  app.post<{ Params: { username: string } }>("/api/profiles/:username/follow", async (request) => {
    const viewer = requireUser(await authenticate(request));
    const row = await profile(request);
    if (row.id === viewer.id) throw new HttpError(422, { profile: ["you cannot follow yourself"] });
    await store.follow(viewer.id, row.id);
    return profileBody(row, true);
  });

  app.delete<{ Params: { username: string } }>("/api/profiles/:username/follow", async (request) => {
    const viewer = requireUser(await authenticate(request));
    const row = await profile(request);
    await store.unfollow(viewer.id, row.id);
    return profileBody(row, false);
  });
}
