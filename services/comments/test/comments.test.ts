// comments against a real Postgres and Redis on loopback, with the real auth and posts services
// listening beside it: the article is checked through posts, the authors come from auth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { writeKeyPair } from "../../../test/support/service-env.ts";
import { startAuth, startComments, startPosts, type Backing, type RunningService } from "../../../test/support/services.ts";
import { caller, signUp, type Json } from "../../../test/support/api.ts";
import { freePort } from "../../../test/support/ports.ts";
import pg from "pg";

let postgres: TestPostgres;
let redis: TestRedis;
let backing: Backing;
let auth: RunningService;
let posts: RunningService;
let comments: RunningService;
const call = caller(() => comments.service.app);
const onPosts = caller(() => posts.service.app);
const tokens: Record<string, string> = {};
let slug: string;

const comment = (body: unknown, token?: string, on = slug) => call("POST", `/api/articles/${on}/comments`, { ...(token ? { token } : {}), body: { comment: { body } } });
const count = async () => (await call("GET", `/api/articles/${slug}/comments`)).body.comments.length as number;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  backing = { postgres, redis, keys: writeKeyPair(mkdtempSync(join(tmpdir(), "comments-keys-"))) };
  auth = await startAuth(backing);
  posts = await startPosts(backing, auth.url);
  comments = await startComments(backing, { auth: auth.url, posts: posts.url });
  for (const name of ["writer", "commenter", "bystander"]) tokens[name] = await signUp(auth.url, name);
  slug = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Discuss", description: "d", body: "b" } } })).body.article.slug;
});
afterAll(async () => {
  await comments?.stop();
  await posts?.stop();
  await auth?.stop();
  postgres?.destroy();
  await redis?.stop();
});

describe("comments", () => {
  it("adds a comment with its author's profile and answers 200 as openapi.yml says", async () => {
    const { status, body } = await comment("  First!  ", tokens.commenter);
    expect(status).toBe(200);
    expect(body.comment).toEqual({
      id: expect.any(Number),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.any(String),
      body: "First!",
      author: { username: "commenter", bio: "", image: "", following: false },
    });
  });

  it("lists an article's comments newest first, with following as the viewer sees it", async () => {
    await comment("Second", tokens.bystander);
    const anonymous = await call("GET", `/api/articles/${slug}/comments`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.comments.map((c: Json) => c.body)).toEqual(["Second", "First!"]);
    await fetch(`${auth.url}/api/profiles/commenter/follow`, { method: "POST", headers: { authorization: `Token ${tokens.writer}` } });
    const seen = (await call("GET", `/api/articles/${slug}/comments`, { token: tokens.writer! })).body.comments as Json[];
    expect(seen.map((c) => [c.author.username, c.author.following])).toEqual([["bystander", false], ["commenter", true]]);
  });

  it("lets the comment's author and the article's author delete it, nobody else", async () => {
    const mine = (await comment("Mine", tokens.commenter)).body.comment.id;
    const theirs = (await comment("On your article", tokens.bystander)).body.comment.id;
    expect(await call("DELETE", `/api/articles/${slug}/comments/${mine}`, { token: tokens.bystander! })).toEqual({
      status: 403,
      body: { errors: { comment: ["only its author or the article's author can delete this comment"] } },
    });
    expect((await call("DELETE", `/api/articles/${slug}/comments/${mine}`)).status).toBe(401);
    expect((await call("DELETE", `/api/articles/${slug}/comments/${mine}`, { token: tokens.commenter! })).status).toBe(204);
    expect((await call("DELETE", `/api/articles/${slug}/comments/${theirs}`, { token: tokens.writer! })).status).toBe(204);
    const left = (await call("GET", `/api/articles/${slug}/comments`)).body.comments.map((c: Json) => c.id);
    expect(left).not.toContain(mine);
    expect(left).not.toContain(theirs);
    expect((await call("DELETE", `/api/articles/${slug}/comments/${mine}`, { token: tokens.commenter! })).status, "already gone").toBe(404);
  });

  it("answers 404 for an unknown article or comment, including a comment of another article", async () => {
    expect(await call("GET", "/api/articles/no-such-article/comments")).toEqual({ status: 404, body: { errors: { article: ["no article with slug no-such-article"] } } });
    expect((await comment("Hello?", tokens.commenter, "no-such-article")).status).toBe(404);
    const other = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Other", description: "d", body: "b" } } })).body.article.slug;
    const id = (await comment("Elsewhere", tokens.commenter, other)).body.comment.id;
    expect((await call("DELETE", `/api/articles/${slug}/comments/${id}`, { token: tokens.commenter! })).status).toBe(404);
    expect((await call("DELETE", `/api/articles/${slug}/comments/99999999`, { token: tokens.commenter! })).status).toBe(404);
    expect((await call("DELETE", `/api/articles/${slug}/comments/abc`, { token: tokens.commenter! })).status).toBe(422);
  });

  it("stops taking comments on an article the moment it is deleted", async () => {
    const doomed = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Doomed", description: "d", body: "b" } } })).body.article.slug;
    expect((await comment("Before", tokens.commenter, doomed)).status).toBe(200); // posts' answer is cached now
    const deleted = await posts.service.app.inject({ method: "DELETE", url: `/api/articles/${doomed}`, headers: { authorization: `Token ${tokens.writer}` } });
    expect(deleted.statusCode).toBe(204);
    expect((await comment("After", tokens.commenter, doomed)).status).toBe(404);
  });
});

describe("bad input", () => {
  it("answers with a 4xx naming the field, never a 5xx, and writes nothing", async () => {
    const before = await count();
    expect(await comment("   ", tokens.commenter)).toEqual({ status: 422, body: { errors: { body: ["can't be blank"] } } });
    expect(await comment("", tokens.commenter)).toEqual({ status: 422, body: { errors: { body: ["can't be blank"] } } });
    expect((await comment(42, tokens.commenter)).status).toBe(422);
    expect((await call("POST", `/api/articles/${slug}/comments`, { token: tokens.commenter!, body: {} })).body.errors).toHaveProperty("comment");
    expect((await call("POST", `/api/articles/${slug}/comments`, { token: tokens.commenter!, raw: "{oops" })).status).toBe(400);
    expect((await comment("x".repeat(20_001), tokens.commenter)).status).toBe(422);
    expect((await comment("Anonymous")).status).toBe(401);
    expect((await comment("Forged", "not.a.jwt")).status).toBe(401);
    expect(await comment("nul\u0000byte", tokens.commenter)).toEqual({ status: 422, body: { errors: { body: ["must not contain a NUL character (U+0000)"] } } });
    expect(await count()).toBe(before);
  });

  it("keeps SQL-looking and HTML-looking text verbatim (escaping is the page's job)", async () => {
    for (const text of ["'); DELETE FROM comments;--", "<script>alert(1)</script>"]) {
      expect((await comment(text, tokens.commenter)).body.comment.body).toBe(text);
    }
  });
});

describe("revoked tokens", () => {
  it("refuses a comment with a token auth revoked (an email change)", async () => {
    const old = await signUp(auth.url, "revoked-commenter");
    expect((await comment("before", old)).status).toBe(200);
    const changed = await fetch(`${auth.url}/api/user`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Token ${old}` },
      body: JSON.stringify({ user: { email: "elsewhere@example.com", currentPassword: "password123" } }),
    });
    expect(changed.status).toBe(200);
    expect(await comment("after", old)).toEqual({ status: 401, body: { errors: { authorization: ["the token was revoked by a change of password or email: log in again"] } } });
    expect((await comment("after, anew", ((await changed.json()) as Json).user.token)).status).toBe(200);
  });
});

describe("an article with more commenters than one profile batch holds", () => {
  it("shows every author of 150 commenters, newest first, anonymously and to a signed-in viewer", async () => {
    const title = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Popular", description: "d", body: "b" } } })).body.article.slug as string;
    const names = Array.from({ length: 150 }, (_, i) => `crowd${i}`);
    // auth's /internal/profiles takes at most 100 ids: this list needs two batches
    for (const name of names) expect((await comment(`from ${name}`, await signUp(auth.url, name), title)).status).toBe(200);
    for (const token of [undefined, tokens.writer]) {
      const listed = await call("GET", `/api/articles/${title}/comments`, token ? { token } : {});
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      const shown = (listed.body.comments as Json[]).map((c) => `${c.author.username}: ${c.body}`);
      expect(shown).toEqual(names.map((name) => `${name}: from ${name}`).reverse());
    }
  }, 120_000);
});

describe("the page cache for anonymous readers", () => {
  const sql = async (text: string, values: unknown[]) => {
    const db = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
    await db.connect();
    try {
      await db.query(text, values);
    } finally {
      await db.end();
    }
  };
  const bodies = async (on: string, token?: string) => ((await call("GET", `/api/articles/${on}/comments`, token ? { token } : {})).body.comments as Json[]).map((c) => c.body);

  it("serves an article's list until a comment is added or deleted there, or a profile or the article changes, then the new one at once", async () => {
    const cached = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Cached discussion", description: "d", body: "b" } } })).body.article.slug as string;
    const first = (await comment("kept", tokens.commenter, cached)).body.comment.id as number;
    expect(await bodies(cached)).toEqual(["kept"]);
    // changed behind the service's back: the cached list does not notice, a signed-in reader does
    await sql("update comments.comments set body = 'edited in SQL' where id = $1", [first]);
    expect(await bodies(cached), "from the cache").toEqual(["kept"]);
    expect(await bodies(cached, tokens.bystander), "signed-in readers are never served a cached list").toEqual(["edited in SQL"]);
    // a new comment drops this article's list, and only this one's
    const otherBefore = await bodies(slug);
    const other = ((await call("GET", `/api/articles/${slug}/comments`)).body.comments as Json[])[0]!.id as number;
    await sql("update comments.comments set body = body || ' (edited)' where id = $1", [other]);
    await comment("second", tokens.bystander, cached);
    expect(await bodies(cached)).toEqual(["second", "edited in SQL"]);
    expect(await bodies(slug), "another article's list stays cached").toEqual(otherBefore);
    expect((await bodies(slug, tokens.bystander))[0]).toMatch(/ \(edited\)$/);
    // a delete drops it too
    await call("DELETE", `/api/articles/${cached}/comments/${first}`, { token: tokens.commenter! });
    expect(await bodies(cached)).toEqual(["second"]);
    // the author's profile shows in the list: auth's change drops every cached page
    const bio = async () => ((await call("GET", `/api/articles/${cached}/comments`)).body.comments as Json[])[0]!.author.bio;
    expect(await bio()).toBe("");
    await fetch(`${auth.url}/api/user`, { method: "PUT", headers: { authorization: `Token ${tokens.bystander}`, "content-type": "application/json" }, body: JSON.stringify({ user: { bio: "talks" } }) });
    expect(await bio()).toBe("talks");
    // a deleted article's list is gone at once, before the feed deletes its comments
    expect((await onPosts("DELETE", `/api/articles/${cached}`, { token: tokens.writer! })).status).toBe(204);
    expect((await call("GET", `/api/articles/${cached}/comments`)).status).toBe(404);
  });
});

describe("deleted articles", () => {
  const commentsOf = async (articleId: string) => {
    const pool = new pg.Pool({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database, max: 1 });
    try {
      return (await pool.query<{ n: number }>("select count(*)::int as n from comments.comments where article_id = $1", [articleId])).rows[0]!.n;
    } finally {
      await pool.end();
    }
  };
  const articleWithComments = async (title: string) => {
    const article = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title, description: "d", body: "b" } } })).body.article;
    for (const body of ["one", "two", "three"]) expect((await comment(body, tokens.commenter, article.slug)).status).toBe(200);
    const { body } = await posts.service.app.inject({ method: "GET", url: `/internal/articles/${article.slug}` }).then((r) => ({ body: JSON.parse(r.body) as Json }));
    return { slug: article.slug as string, id: String(body.article.id) };
  };

  it("takes an article's comments with it, even when comments was down at the moment of the delete", async () => {
    const article = await articleWithComments("Deleted while comments sleeps");
    expect(await commentsOf(article.id)).toBe(3);
    await comments.stop();
    // posts deletes without asking comments: nothing waits for it
    expect((await onPosts("DELETE", `/api/articles/${article.slug}`, { token: tokens.writer! })).status).toBe(204);
    expect(await commentsOf(article.id)).toBe(3);
    // a comments started again reads posts' feed of deletions from where it left off
    comments = await startComments(backing, { auth: auth.url, posts: posts.url });
    await expect.poll(() => commentsOf(article.id)).toBe(0);
    // the other article's comments stay
    expect(await count()).toBeGreaterThan(0);
  });

  it("deletes the comments of an article deleted while it runs, within the poll interval, and goes on after posts was away", async () => {
    const running = await startComments(backing, { auth: auth.url, posts: posts.url }, { DELETION_FEED_POLL_SECONDS: "0.2" });
    try {
      const first = await articleWithComments("Deleted while comments runs");
      expect((await onPosts("DELETE", `/api/articles/${first.slug}`, { token: tokens.writer! })).status).toBe(204);
      await expect.poll(() => commentsOf(first.id)).toBe(0);
      // posts away: the sweep waits, and applies what was logged once posts answers again
      const second = await articleWithComments("Deleted before posts goes away");
      expect((await onPosts("DELETE", `/api/articles/${second.slug}`, { token: tokens.writer! })).status).toBe(204);
      await posts.stop();
      await new Promise((resolve) => setTimeout(resolve, 600));
      posts = await startPosts(backing, auth.url, {}, Number(new URL(posts.url).port));
      await expect.poll(() => commentsOf(second.id)).toBe(0);
    } finally {
      await running.stop();
    }
  });
});

describe("outages", () => {
  it("answers 503 naming posts when posts is unreachable and the article is not cached", async () => {
    const cut = await startComments(backing, { auth: auth.url, posts: `http://127.0.0.1:${await freePort()}` });
    try {
      const fresh = (await onPosts("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Uncached", description: "d", body: "b" } } })).body.article.slug;
      const answer = await cut.service.app.inject({ url: `/api/articles/${fresh}/comments` });
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual({ errors: { posts: ["posts is unavailable, try again shortly"] } });
    } finally {
      await cut.stop();
    }
  });

  it("keeps taking comments without Redis", async () => {
    await redis.stop();
    try {
      expect((await comment("No cache", tokens.commenter)).status).toBe(200);
      expect((await call("GET", `/api/articles/${slug}/comments`)).body.comments[0].body).toBe("No cache");
    } finally {
      await redis.start();
    }
  });

  it("reports Postgres down on /ready, answers 503, and recovers by itself without losing a comment", async () => {
    const before = await count();
    postgres.stop();
    try {
      expect((await comments.service.app.inject({ url: "/ready" })).statusCode).toBe(503);
      expect((await comments.service.app.inject({ url: "/health" })).statusCode).toBe(200);
      const refused = await comment("During the outage", tokens.commenter);
      expect(refused.status).toBe(503);
    } finally {
      postgres.start();
    }
    for (let i = 0; (await comments.service.app.inject({ url: "/ready" })).statusCode !== 200; i++) {
      if (i > 100) throw new Error("comments did not become ready again");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await count()).toBe(before);
    expect((await comment("After the outage", tokens.commenter)).status).toBe(200);
  });
});
