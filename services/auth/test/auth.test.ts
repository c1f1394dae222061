// auth against a real Postgres and Redis on loopback: every endpoint, the error cases, bad input,
// outages. Requests go through fastify's inject (the full routing, validation and hooks).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { SignJWT, importPKCS8 } from "jose";
import pg from "pg";
import type { Service } from "@blog-platform/runtime";
import { createAuthService } from "../src/app.ts";
import { authConfig } from "../src/config.ts";
import { hashPassword } from "../src/passwords.ts";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { serviceEnv, writeKeyPair } from "../../../test/support/service-env.ts";
import { caller, type Json } from "../../../test/support/api.ts";

const keys = () => generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

let postgres: TestPostgres;
let redis: TestRedis;
let service: Service;
let close: () => Promise<void>;
const foreign = keys();

const call = caller(() => service.app);
const register = (name: string, password = "password123") => call("POST", "/api/users", { body: { user: { username: name, email: `${name}@example.com`, password } } });

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const keyFiles = writeKeyPair(mkdtempSync(join(tmpdir(), "auth-keys-")));
  const config = authConfig({ ...serviceEnv("auth", postgres, redis, keyFiles), LOG_LEVEL: "warn", LOGIN_RATE_LIMIT_ATTEMPTS: "3", LOGIN_DELAY_MAX_MS: "400" });
  ({ service, close } = await createAuthService(config, { logStream: new Writable({ write: (_c, _e, done) => done() }) }));
});
afterAll(async () => {
  await service?.app.close();
  await close?.();
  postgres?.destroy();
  await redis?.stop();
});

describe("registration and login", () => {
  it("registers a user and returns it with a token", async () => {
    const { status, body } = await register("jake");
    expect(status).toBe(201);
    expect(body.user).toMatchObject({ username: "jake", email: "jake@example.com", bio: "", image: "" });
    expect(body.user.token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.user.password_hash).toBeUndefined();
  });

  it("refuses a taken username or email, whatever the case, with 422 naming the field", async () => {
    expect(await register("Jake")).toEqual({ status: 422, body: { errors: { username: ["has already been taken"] } } });
    const sameEmail = await call("POST", "/api/users", { body: { user: { username: "other", email: "JAKE@example.com", password: "password123" } } });
    expect(sameEmail).toEqual({ status: 422, body: { errors: { email: ["has already been taken"] } } });
  });

  it("answers bad input with a 4xx and a body that names the field, never a 5xx", async () => {
    expect(await call("POST", "/api/users", { body: { user: { username: "a" } } })).toMatchObject({ status: 422, body: { errors: { email: ["can't be blank"] } } });
    expect((await call("POST", "/api/users", { body: { user: { username: "b", email: "not-an-email", password: "password123" } } })).body.errors).toHaveProperty("email");
    expect((await call("POST", "/api/users", { body: { user: { username: 5, email: "c@example.com", password: "password123" } } })).status).toBe(422);
    expect((await call("POST", "/api/users", { body: { user: { username: "x'; drop table users;--", email: "d@example.com", password: "password123" } } })).body.errors).toHaveProperty("username");
    const malformed = await call("POST", "/api/users", { raw: '{"user": {' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toBeDefined();
    expect((await call("POST", "/api/users", { raw: JSON.stringify({ user: { username: "big", email: "big@example.com", password: "x".repeat(2_000_000) } }) })).status).toBe(413);
  });

  it("logs in with the right password only", async () => {
    const ok = await call("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "password123" } } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe("jake");
    const wrong = await call("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "nope-nope" } } });
    expect(wrong).toEqual({ status: 401, body: { errors: { credentials: ["email or password is invalid"] } } });
    const unknown = await call("POST", "/api/users/login", { body: { user: { email: "ghost@example.com", password: "password123" } }, ip: "203.0.113.9" });
    expect(unknown.status).toBe(401);
  });

  it("stores today's scrypt parameters, and replaces an older hash at the next login", async () => {
    await register("rehashed");
    const db = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
    await db.connect();
    const hashOf = async () => (await db.query<{ password_hash: string }>("select password_hash from auth.users where username = 'rehashed'")).rows[0]!.password_hash;
    try {
      expect(await hashOf()).toMatch(/^scrypt\$16384\$8\$5\$/);
      // a hash from before (N=2^14, p=1), as older releases stored it
      await db.query("update auth.users set password_hash = $1 where username = 'rehashed'", [await hashPassword("password123", { N: 16384, r: 8, p: 1 })]);
      const login = await call("POST", "/api/users/login", { body: { user: { email: "rehashed@example.com", password: "password123" } }, ip: "203.0.113.30" });
      expect(login.status).toBe(200);
      expect(await hashOf()).toMatch(/^scrypt\$16384\$8\$5\$/);
      expect((await call("POST", "/api/users/login", { body: { user: { email: "rehashed@example.com", password: "password123" } }, ip: "203.0.113.30" })).status, "the new hash verifies").toBe(200);
    } finally {
      await db.end();
    }
  });

  it("counts each attempt before checking it: of 40 parallel wrong logins from one address, exactly its limit are checked", async () => {
    await register("raced");
    const attempts = Array.from({ length: 40 }, () => call("POST", "/api/users/login", { body: { user: { email: "raced@example.com", password: "wrong-password" } }, ip: "203.0.113.20" }));
    const statuses = (await Promise.all(attempts)).map((a) => a.status);
    // the address may fail 4 × 3 times; every other attempt is refused before its password is checked
    expect(statuses.filter((s) => s === 401)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(28);
  });

  it("slows guessing on an account but never locks its owner out", async () => {
    await register("targeted");
    const delayed = async () => (await service.metrics.getSingleMetric("login_delayed_total")!.get()).values[0]!.value;
    const before = await delayed();
    // ten wrong passwords from ten addresses, none of them over its own limit
    for (let i = 0; i < 10; i++) {
      const wrong = await call("POST", "/api/users/login", { body: { user: { email: "targeted@example.com", password: "wrong-password" } }, ip: `198.18.0.${i + 1}` });
      expect(wrong.status, `attempt ${i + 1}`).toBe(401);
    }
    // past the 3 free attempts, each one waited before its password was checked
    expect((await delayed()) - before).toBe(7);
    const owner = await call("POST", "/api/users/login", { body: { user: { email: "targeted@example.com", password: "password123" } }, ip: "198.18.1.1" });
    expect(owner.status, "the owner gets in, later rather than never").toBe(200);
    expect((await delayed()) - before).toBe(8);
    // and the success clears the account's count: the next attempt waits for nothing
    expect((await call("POST", "/api/users/login", { body: { user: { email: "targeted@example.com", password: "password123" } }, ip: "198.18.1.1" })).status).toBe(200);
    expect((await delayed()) - before).toBe(8);
  });

  it("limits failures per client address, not per gateway, and never counts successful logins", async () => {
    const names = Array.from({ length: 14 }, (_, i) => `crowd${i}`);
    for (const name of names) await register(name);
    // many people behind one address log in, more of them than the address may fail: nobody is refused
    for (const name of names) {
      const ok = await call("POST", "/api/users/login", { body: { user: { email: `${name}@example.com`, password: "password123" } }, ip: "192.0.2.1" });
      expect(ok.status, name).toBe(200);
    }
    // one address guessing across accounts is stopped after 4 × 3 failures
    const guesses = [];
    for (const name of names) guesses.push((await call("POST", "/api/users/login", { body: { user: { email: `${name}@example.com`, password: "wrong-password" } }, ip: "198.51.100.7" })).status);
    expect(guesses.slice(0, 12)).toEqual(Array(12).fill(401));
    expect(guesses.slice(12)).toEqual([429, 429]);
  });
});

describe("the current user", () => {
  let token: string;
  beforeAll(async () => {
    token = (await register("maria")).body.user.token;
  });

  it("is returned for a valid token and refused without one, with a bad one, an expired one or one signed by another key", async () => {
    expect((await call("GET", "/api/user", { token })).body.user.username).toBe("maria");
    expect(await call("GET", "/api/user")).toMatchObject({ status: 401, body: { errors: { authorization: [expect.stringContaining("log in first")] } } });
    expect((await call("GET", "/api/user", { token: "not.a.jwt" })).status).toBe(401);
    const forged = await new SignJWT({ username: "maria" }).setProtectedHeader({ alg: "ES256" }).setSubject("1").setIssuer("blog-platform/auth").setExpirationTime("1h").sign(await importPKCS8(foreign.privateKey, "ES256"));
    expect(await call("GET", "/api/user", { token: forged })).toMatchObject({ status: 401, body: { errors: { authorization: ["the token is not valid"] } } });
    const bearer = await service.app.inject({ url: "/api/user", headers: { authorization: `Bearer ${token}` } });
    expect(bearer.statusCode).toBe(401);
  });

  it("updates its fields, keeps SQL-looking text verbatim, and changes the password", async () => {
    const bio = "Robert'); DROP TABLE users;--";
    const updated = await call("PUT", "/api/user", { token, body: { user: { bio, image: "https://example.com/m.png", password: "new-password-1", currentPassword: "password123" } } });
    expect(updated.status).toBe(200);
    expect(updated.body.user).toMatchObject({ bio, image: "https://example.com/m.png", username: "maria" });
    // the new password revoked the old token; the answer carries a new one
    token = updated.body.user.token;
    expect((await call("POST", "/api/users/login", { body: { user: { email: "maria@example.com", password: "new-password-1" } }, ip: "203.0.113.4" })).status).toBe(200);
  });

  it("changes the email or the password only with the current password, and a token alone changes neither", async () => {
    const before = (await call("GET", "/api/user", { token })).body.user;
    const needed = { status: 422, body: { errors: { currentPassword: ["is needed to change the email or the password"] } } };
    expect(await call("PUT", "/api/user", { token, body: { user: { password: "stolen-password-1" } } })).toEqual(needed);
    expect(await call("PUT", "/api/user", { token, body: { user: { email: "thief@example.com", bio: "mine now" } } })).toEqual(needed);
    expect(await call("PUT", "/api/user", { token, body: { user: { password: "stolen-password-1", currentPassword: "a-guess-123" } } })).toEqual({
      status: 422,
      body: { errors: { currentPassword: ["is not your current password"] } },
    });
    expect((await call("GET", "/api/user", { token })).body.user, "nothing changed").toEqual(before);
    expect((await call("POST", "/api/users/login", { body: { user: { email: "maria@example.com", password: "new-password-1" } }, ip: "203.0.113.9" })).status, "the password is unchanged").toBe(200);
    // the same email in another case is no change
    expect((await call("PUT", "/api/user", { token, body: { user: { email: "MARIA@example.com" } } })).status).toBe(200);
    const moved = await call("PUT", "/api/user", { token, body: { user: { email: "maria2@example.com", currentPassword: "new-password-1" } } });
    expect(moved.body.user.email).toBe("maria2@example.com");
    const back = await call("PUT", "/api/user", { token: moved.body.user.token, body: { user: { email: "maria@example.com", currentPassword: "new-password-1" } } });
    expect(back.status).toBe(200);
    token = back.body.user.token;
  });

  it("revokes every older token when the password or the email changes, and answers with a new one", async () => {
    await register("revoked");
    const old = (await call("POST", "/api/users/login", { body: { user: { email: "revoked@example.com", password: "password123" } }, ip: "203.0.113.40" })).body.user.token;
    const other = (await call("POST", "/api/users/login", { body: { user: { email: "revoked@example.com", password: "password123" } }, ip: "203.0.113.41" })).body.user.token;
    // a change of bio revokes nothing
    expect((await call("PUT", "/api/user", { token: old, body: { user: { bio: "hello" } } })).status).toBe(200);
    expect((await call("GET", "/api/user", { token: other })).status).toBe(200);
    const changed = await call("PUT", "/api/user", { token: old, body: { user: { password: "password456", currentPassword: "password123" } } });
    expect(changed.status).toBe(200);
    const revoked = { status: 401, body: { errors: { authorization: ["the token was revoked by a change of password or email: log in again"] } } };
    expect(await call("GET", "/api/user", { token: old })).toEqual(revoked);
    expect(await call("GET", "/api/user", { token: other })).toEqual(revoked);
    expect((await call("GET", "/api/user", { token: changed.body.user.token })).body.user.username).toBe("revoked");
  });

  it("takes the whole user back as frontends send it: token, empty password, null image", async () => {
    const current = (await call("GET", "/api/user", { token })).body.user;
    const saved = await call("PUT", "/api/user", { token, body: { user: { ...current, password: "", image: null } } });
    expect(saved.status).toBe(200);
    expect(saved.body.user).toMatchObject({ username: "maria", image: "" });
    expect((await call("POST", "/api/users/login", { body: { user: { email: "maria@example.com", password: "new-password-1" } }, ip: "203.0.113.8" })).status, "the password is unchanged").toBe(200);
    expect(await call("PUT", "/api/user", { token, body: { user: { password: "short" } } })).toEqual({ status: 422, body: { errors: { password: ["is too short (minimum is 8 characters)"] } } });
  });

  it("rejects a taken email without changing anything else", async () => {
    const clash = await call("PUT", "/api/user", { token, body: { user: { email: "jake@example.com", bio: "should not stick", currentPassword: "new-password-1" } } });
    expect(clash).toEqual({ status: 422, body: { errors: { email: ["has already been taken"] } } });
    expect((await call("GET", "/api/user", { token })).body.user.bio).toBe("Robert'); DROP TABLE users;--");
  });

  it("refuses a picture that is not an http(s) URL or one of ours, naming the field, and keeps the old one", async () => {
    for (const image of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x.png"]) {
      const refused = await call("PUT", "/api/user", { token, body: { user: { image } } });
      expect(refused.status, image).toBe(422);
      expect(Object.keys(refused.body.errors), image).toEqual(["image"]);
    }
    expect((await call("GET", "/api/user", { token })).body.user.image).toBe("");
    expect((await call("PUT", "/api/user", { token, body: { user: { image: "/api/images/abc123/original" } } })).status).toBe(200);
  });
});

describe("the current user cache", () => {
  it("answers GET /api/user from Redis, and a change through the API replaces the cached fields at once", async () => {
    const token = (await register("cached")).body.user.token;
    expect((await call("GET", "/api/user", { token })).body.user.bio).toBe("");
    const db = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
    await db.connect();
    await db.query("update auth.users set bio = 'changed in SQL' where username = 'cached'");
    await db.end();
    expect((await call("GET", "/api/user", { token })).body.user.bio, "from the cache").toBe("");
    await call("PUT", "/api/user", { token, body: { user: { image: "https://example.com/c.png" } } });
    expect((await call("GET", "/api/user", { token })).body.user).toMatchObject({ bio: "changed in SQL", image: "https://example.com/c.png" });
  });
});

describe("profiles and follows", () => {
  it("shows a profile, follows and unfollows it", async () => {
    const token = (await register("ann")).body.user.token;
    expect(await call("GET", "/api/profiles/jake")).toEqual({ status: 200, body: { profile: { username: "jake", bio: "", image: "", following: false } } });
    expect((await call("POST", "/api/profiles/jake/follow", { token })).body.profile.following).toBe(true);
    expect((await call("POST", "/api/profiles/jake/follow", { token })).status, "following twice is fine").toBe(200);
    expect((await call("GET", "/api/profiles/jake", { token })).body.profile.following).toBe(true);
    expect((await call("DELETE", "/api/profiles/jake/follow", { token })).body.profile.following).toBe(false);
    expect((await call("GET", "/api/profiles/jake", { token })).body.profile.following).toBe(false);
  });

  it("answers 404 for an unknown profile, 401 to follow without a token, 422 to follow oneself", async () => {
    const token = (await register("bob")).body.user.token;
    expect(await call("GET", "/api/profiles/nobody")).toEqual({ status: 404, body: { errors: { profile: ["no profile named nobody"] } } });
    expect((await call("POST", "/api/profiles/jake/follow")).status).toBe(401);
    expect(await call("POST", "/api/profiles/bob/follow", { token })).toEqual({ status: 422, body: { errors: { profile: ["you cannot follow yourself"] } } });
  });
});

describe("internal endpoints for posts and comments", () => {
  it("returns author profiles in one batch, with the viewer's follows, a username's id, and whom a user follows", async () => {
    const viewer = (await register("viewer")).body.user.token;
    const [jakeId, annId] = await Promise.all(["jake", "ann"].map(async (name) => (await call("GET", `/internal/users/${name}`)).body.user.id as string));
    expect(jakeId).toMatch(/^\d+$/);
    await call("POST", "/api/profiles/jake/follow", { token: viewer });
    const batch = await call("GET", `/internal/profiles?ids=${jakeId},${annId},${jakeId},999999`, { token: viewer });
    expect(batch.status).toBe(200);
    expect(batch.body.profiles.map((p: Json) => [p.username, p.following]).sort()).toEqual([
      ["ann", false],
      ["jake", true],
    ]);
    expect((await call("GET", `/internal/profiles?ids=${jakeId}`)).body.profiles[0].following, "anonymous viewers follow nobody").toBe(false);
    expect((await call("GET", "/internal/profiles?ids=1;drop")).status).toBe(422);
    expect(await call("GET", "/internal/following", { token: viewer })).toEqual({ status: 200, body: { ids: [jakeId] } });
    expect((await call("GET", "/internal/following")).status).toBe(401);
    expect((await call("GET", "/internal/users/nobody")).status).toBe(404);
  });
});

describe("outages", () => {
  it("keeps logging in without Redis", async () => {
    await redis.stop();
    try {
      const login = await call("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "password123" } }, ip: "203.0.113.5" });
      expect(login.status).toBe(200);
    } finally {
      await redis.start();
    }
  });

  it("reports Postgres down on /ready, answers 503 with a clear body, and recovers", async () => {
    postgres.stop();
    try {
      expect((await call("GET", "/ready")).status).toBe(503);
      expect((await call("GET", "/health")).status).toBe(200);
      const login = await call("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "password123" } }, ip: "203.0.113.6" });
      expect(login).toEqual({ status: 503, body: { errors: { database: ["database is unavailable, try again shortly"] } } });
    } finally {
      postgres.start();
    }
    expect((await call("GET", "/ready")).status).toBe(200);
    expect((await call("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "password123" } }, ip: "203.0.113.7" })).status).toBe(200);
  });
});
