// posts against a real Postgres and Redis on loopback, with the real auth service listening beside it
// (author profiles and follows come from auth over HTTP, as in the cluster).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, importPKCS8 } from "jose";
import pg from "pg";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { writeKeyPair } from "../../../test/support/service-env.ts";
import { startAuth, startPosts, type Backing, type RunningService } from "../../../test/support/services.ts";
import { caller, signUp, type Json } from "../../../test/support/api.ts";
import { freePort } from "../../../test/support/ports.ts";

let postgres: TestPostgres;
let redis: TestRedis;
let backing: Backing;
let auth: RunningService;
let posts: RunningService;
const call = caller(() => posts.service.app);
const tokens: Record<string, string> = {};

const article = (title: string, extra: Json = {}) => ({ article: { title, description: `About ${title}`, body: `# ${title}\n\nText.`, ...extra } });
const create = (token: string, title: string, extra: Json = {}) => call("POST", "/api/articles", { token, body: article(title, extra) });
const follow = (token: string, username: string) => fetch(`${auth.url}/api/profiles/${username}/follow`, { method: "POST", headers: { authorization: `Token ${token}` } });

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  backing = { postgres, redis, keys: writeKeyPair(mkdtempSync(join(tmpdir(), "posts-keys-"))) };
  auth = await startAuth(backing);
  posts = await startPosts(backing, auth.url);
  for (const name of ["author", "reader", "other"]) tokens[name] = await signUp(auth.url, name);
});
afterAll(async () => {
  await posts?.stop();
  await auth?.stop();
  postgres?.destroy();
  await redis?.stop();
});

describe("writing articles", () => {
  it("creates an article with its tags, cover image and author, and answers 201", async () => {
    const { status, body } = await create(tokens.author!, "How to train your dragon", { tagList: [" dragons ", "training", "dragons"], image: "/api/images/abc123/large" });
    expect(status).toBe(201);
    expect(body.article).toMatchObject({
      title: "How to train your dragon",
      description: "About How to train your dragon",
      body: "# How to train your dragon\n\nText.",
      tagList: ["dragons", "training"],
      image: "/api/images/abc123/large",
      favorited: false,
      favoritesCount: 0,
      author: { username: "author", bio: "", image: "", following: false },
    });
    expect(body.article.slug).toMatch(/^how-to-train-your-dragon-[0-9a-f]{8}$/);
    expect(body.article.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.article.updatedAt).toBe(body.article.createdAt);
  });

  it("gives two articles with the same title different slugs", async () => {
    const [a, b] = await Promise.all([create(tokens.author!, "Same title"), create(tokens.author!, "Same title")]);
    expect(a.body.article.slug).not.toBe(b.body.article.slug);
  });

  it("lets only the author update, keeps the slug, and moves updatedAt", async () => {
    const { slug, createdAt } = (await create(tokens.author!, "Draft", { tagList: ["draft"] })).body.article;
    expect(await call("PUT", `/api/articles/${slug}`, { token: tokens.reader!, body: { article: { title: "Mine now" } } })).toEqual({
      status: 403,
      body: { errors: { article: ["only its author can change this article"] } },
    });
    const updated = await call("PUT", `/api/articles/${slug}`, { token: tokens.author!, body: { article: { title: "Final", tagList: ["final"], image: null } } });
    expect(updated.status).toBe(200);
    expect(updated.body.article).toMatchObject({ slug, title: "Final", description: "About Draft", tagList: ["final"], image: "" });
    expect(Date.parse(updated.body.article.updatedAt)).toBeGreaterThan(Date.parse(createdAt));
    expect((await call("GET", `/api/articles/${slug}`)).body.article.title).toBe("Final");
    expect((await call("PUT", "/api/articles/no-such-article", { token: tokens.author!, body: { article: { title: "x" } } })).status).toBe(404);
  });

  it("lets only the author delete, answers 204, and the article is gone", async () => {
    const { slug } = (await create(tokens.author!, "Short-lived")).body.article;
    await call("POST", `/api/articles/${slug}/favorite`, { token: tokens.reader! });
    expect((await call("DELETE", `/api/articles/${slug}`, { token: tokens.reader! })).status).toBe(403);
    expect((await call("DELETE", `/api/articles/${slug}`)).status).toBe(401);
    const deleted = await posts.service.app.inject({ method: "DELETE", url: `/api/articles/${slug}`, headers: { authorization: `Token ${tokens.author}`, "content-type": "application/json" } });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expect(await call("GET", `/api/articles/${slug}`)).toEqual({ status: 404, body: { errors: { article: [`no article with slug ${slug}`] } } });
    expect((await call("DELETE", `/api/articles/${slug}`, { token: tokens.author! })).status).toBe(404);
  });
});

describe("reading articles", () => {
  let slugs: string[];
  beforeAll(async () => {
    await signUp(auth.url, "lister");
    tokens.lister = await signUp(auth.url, "lister2");
    slugs = [];
    for (let i = 1; i <= 5; i++) slugs.push((await create(tokens.lister!, `Listed ${i}`, { tagList: i % 2 ? ["odd", "listed"] : ["even", "listed"] })).body.article.slug);
  });

  it("lists newest first without bodies, with limit, offset and the total count", async () => {
    const { status, body } = await call("GET", "/api/articles?tag=listed&limit=2&offset=1");
    expect(status).toBe(200);
    expect(body.articlesCount).toBe(5);
    expect(body.articles.map((a: Json) => a.slug)).toEqual([slugs[3], slugs[2]]);
    expect(body.articles[0]).not.toHaveProperty("body");
    expect(body.articles[0].author.username).toBe("lister2");
    const past = await call("GET", "/api/articles?tag=listed&offset=50");
    expect(past.body).toEqual({ articles: [], articlesCount: 5 });
    const all = (await call("GET", "/api/articles")).body;
    expect(all.articles, "20 by default").toHaveLength(Math.min(20, all.articlesCount));
  });

  it("filters by tag, author and favorited, and an unknown user matches nothing", async () => {
    expect((await call("GET", "/api/articles?tag=odd")).body.articlesCount).toBe(3);
    expect((await call("GET", "/api/articles?author=lister2")).body.articlesCount).toBe(5);
    expect((await call("GET", "/api/articles?author=LISTER2&tag=even")).body.articlesCount).toBe(2);
    expect(await call("GET", "/api/articles?author=nobody-at-all")).toEqual({ status: 200, body: { articles: [], articlesCount: 0 } });
    await call("POST", `/api/articles/${slugs[0]}/favorite`, { token: tokens.other! });
    const favorited = await call("GET", "/api/articles?favorited=other");
    expect(favorited.body.articles.map((a: Json) => a.slug)).toEqual([slugs[0]]);
    expect(favorited.body.articles[0]).toMatchObject({ favorited: false, favoritesCount: 1 });
    expect((await call("GET", "/api/articles?favorited=other", { token: tokens.other! })).body.articles[0].favorited).toBe(true);
  });

  it("refuses a bad limit or offset with 422 naming the parameter", async () => {
    expect(await call("GET", "/api/articles?limit=0")).toEqual({ status: 422, body: { errors: { limit: ["must be between 1 and 100"] } } });
    expect((await call("GET", "/api/articles?limit=101")).status).toBe(422);
    expect((await call("GET", "/api/articles?limit=ten")).body.errors).toHaveProperty("limit");
    expect((await call("GET", "/api/articles?offset=-1")).body.errors).toHaveProperty("offset");
    expect((await call("GET", "/api/articles?tag=a&tag=b")).status).toBe(422);
  });

  it("returns tagList in alphabetical order wherever an article is returned, whatever order it was sent in", async () => {
    const sorted = ["Apple", "dragons", "zebra"];
    const created = await create(tokens.lister!, "Tag order", { tagList: ["zebra", "dragons", "Apple"] });
    expect(created.body.article.tagList, "create").toEqual(sorted);
    const { slug } = created.body.article;
    expect((await call("GET", `/api/articles/${slug}`)).body.article.tagList, "read").toEqual(sorted);
    expect((await call("GET", "/api/articles?tag=zebra")).body.articles[0].tagList, "list").toEqual(sorted);
    const fan = await signUp(auth.url, "tag-order-fan");
    await fetch(`${auth.url}/api/profiles/lister2/follow`, { method: "POST", headers: { authorization: `Token ${fan}` } });
    expect((await call("GET", "/api/articles/feed?limit=1", { token: fan })).body.articles[0].tagList, "feed").toEqual(sorted);
    const updated = await call("PUT", `/api/articles/${slug}`, { token: tokens.lister!, body: { article: { tagList: ["b", "c", "a"] } } });
    expect(updated.body.article.tagList, "update").toEqual(["a", "b", "c"]);
    await call("DELETE", `/api/articles/${slug}`, { token: tokens.lister! });
  });

  it("shows the feed of followed authors only, and needs a token", async () => {
    const fan = await signUp(auth.url, "fan");
    expect(await call("GET", "/api/articles/feed", { token: fan })).toEqual({ status: 200, body: { articles: [], articlesCount: 0 } });
    expect((await follow(fan, "lister2")).status).toBe(200);
    const feed = await call("GET", "/api/articles/feed?limit=3", { token: fan });
    expect(feed.body.articlesCount).toBe(5);
    expect(feed.body.articles.map((a: Json) => a.slug)).toEqual([slugs[4], slugs[3], slugs[2]]);
    expect(feed.body.articles[0].author).toEqual({ username: "lister2", bio: "", image: "", following: true });
    expect((await call("GET", `/api/articles/${slugs[4]}`, { token: fan })).body.article.author.following).toBe(true);
    expect((await call("GET", `/api/articles/${slugs[4]}`)).body.article.author.following, "anonymous readers follow nobody").toBe(false);
    expect((await call("GET", "/api/articles/feed")).status).toBe(401);
  });

  it("shows an author's new bio at once, not after the profile cache expires", async () => {
    await call("GET", `/api/articles/${slugs[0]}`); // cached now
    const changed = await fetch(`${auth.url}/api/user`, {
      method: "PUT",
      headers: { authorization: `Token ${tokens.lister}`, "content-type": "application/json" },
      body: JSON.stringify({ user: { bio: "I list things" } }),
    });
    expect(changed.status).toBe(200);
    expect((await call("GET", `/api/articles/${slugs[0]}`)).body.article.author.bio).toBe("I list things");
  });

  it("lists the tags in use, including one added a moment ago", async () => {
    expect((await call("GET", "/api/tags")).body.tags).toEqual(expect.arrayContaining(["listed", "odd", "even"]));
    await create(tokens.author!, "Fresh tag", { tagList: ["brand-new-tag"] });
    expect((await call("GET", "/api/tags")).body.tags).toContain("brand-new-tag");
  });
});

describe("the page cache for anonymous readers", () => {
  it("serves the same page until something it shows changes, then the new one at once", async () => {
    const { slug } = (await create(tokens.author!, "Cached page")).body.article;
    const anonymous = async () => (await call("GET", `/api/articles/${slug}`)).body.article;
    expect((await anonymous()).title).toBe("Cached page");
    // changed behind the service's back: the cached page does not notice
    const db = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
    await db.connect();
    await db.query("update posts.articles set title = 'Edited in SQL' where slug = $1", [slug]);
    await db.end();
    expect((await anonymous()).title, "from the cache").toBe("Cached page");
    expect((await call("GET", `/api/articles/${slug}`, { token: tokens.reader! })).body.article.title, "signed-in readers are never served a cached page").toBe("Edited in SQL");
    // a favorite changes favoritesCount on public pages: every cached page is dropped
    await call("POST", `/api/articles/${slug}/favorite`, { token: tokens.reader! });
    expect(await anonymous()).toMatchObject({ title: "Edited in SQL", favoritesCount: 1, favorited: false });
  });
});

describe("favorites", () => {
  it("favorites and unfavorites, counting each user once", async () => {
    const { slug } = (await create(tokens.author!, "Loved")).body.article;
    for (const token of [tokens.reader!, tokens.reader!, tokens.other!]) await call("POST", `/api/articles/${slug}/favorite`, { token });
    const seen = await call("GET", `/api/articles/${slug}`, { token: tokens.reader! });
    expect(seen.body.article).toMatchObject({ favorited: true, favoritesCount: 2 });
    const undone = await call("DELETE", `/api/articles/${slug}/favorite`, { token: tokens.reader! });
    expect(undone.body.article).toMatchObject({ favorited: false, favoritesCount: 1 });
    expect((await call("DELETE", `/api/articles/${slug}/favorite`, { token: tokens.reader! })).body.article.favoritesCount, "unfavoriting twice is fine").toBe(1);
    expect((await call("POST", `/api/articles/${slug}/favorite`)).status).toBe(401);
    expect((await call("POST", "/api/articles/no-such-article/favorite", { token: tokens.reader! })).status).toBe(404);
  });
});

describe("bad input", () => {
  const count = async () => (await call("GET", "/api/articles?limit=1")).body.articlesCount as number;

  it("answers with a 4xx naming the field, never a 5xx, and writes nothing", async () => {
    const before = await count();
    expect(await call("POST", "/api/articles", { token: tokens.author!, body: { article: { title: "No body", description: "d" } } })).toEqual({
      status: 422,
      body: { errors: { body: ["can't be blank"] } },
    });
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: article("  ", {}) })).body).toEqual({ errors: { title: ["can't be blank"] } });
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: article("") })).body).toEqual({ errors: { title: ["can't be blank"] } });
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: { article: { title: 5, description: "d", body: "b" } } })).status).toBe(422);
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: article("Tags", { tagList: "not-a-list" }) })).body.errors).toHaveProperty("tagList");
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: article("Tags", { tagList: Array.from({ length: 21 }, (_, i) => `t${i}`) }) })).status).toBe(422);
    expect((await call("POST", "/api/articles", { token: tokens.author!, body: article("XSS cover", { image: "javascript:alert(1)" }) })).body.errors).toHaveProperty("image");
    expect((await call("POST", "/api/articles", { token: tokens.author!, raw: '{"article": {' })).status).toBe(400);
    expect(await call("POST", "/api/articles", { token: tokens.author!, raw: JSON.stringify(article("Huge", { body: "x".repeat(1_100_000) })) })).toEqual({ status: 413, body: { errors: { body: ["the request body is larger than this route takes"] } } });
    expect((await call("POST", "/api/articles", { body: article("Anonymous") })).status).toBe(401);
    // Postgres text cannot hold NUL: refused before any query, naming where it was
    const nul = ["must not contain a NUL character (U+0000)"];
    expect(await call("POST", "/api/articles", { token: tokens.author!, body: article("Nul\u0000title") })).toEqual({ status: 422, body: { errors: { title: nul } } });
    expect(await call("POST", "/api/articles", { token: tokens.author!, body: article("Nul tag", { tagList: ["ok", "b\u0000d"] }) })).toEqual({ status: 422, body: { errors: { tagList: nul } } });
    expect(await call("GET", "/api/articles?author=a%00b")).toEqual({ status: 422, body: { errors: { author: nul } } });
    expect(await call("GET", "/api/articles?tag=%00")).toEqual({ status: 422, body: { errors: { tag: nul } } });
    expect(await call("GET", "/api/articles/slug%00")).toEqual({ status: 422, body: { errors: { slug: nul } } });
    expect(await count()).toBe(before);
  });

  it("answers 5 MiB and 50 MiB bodies over HTTP with 413 every time, never a dropped connection", async () => {
    const statuses: number[] = [];
    for (const mib of [5, 50, 5, 50]) {
      const response = await fetch(`${posts.url}/api/articles`, { method: "POST", headers: { "content-type": "application/json", authorization: `Token ${tokens.author}` }, body: "x".repeat(mib * 1024 * 1024) });
      statuses.push(response.status);
      expect(await response.json()).toEqual({ errors: { body: ["the request body is larger than this route takes"] } });
    }
    expect(statuses).toEqual([413, 413, 413, 413]);
  });

  it("keeps SQL-looking text verbatim and finds nothing with SQL-looking filters", async () => {
    const sql = "Robert'); DROP TABLE articles;--";
    const created = await create(tokens.author!, sql, { tagList: [sql] });
    expect(created.body.article).toMatchObject({ title: sql, tagList: [sql] });
    expect((await call("GET", `/api/articles?tag=${encodeURIComponent(sql)}`)).body.articlesCount).toBe(1);
    expect((await call("GET", `/api/articles?author=${encodeURIComponent("x' or '1'='1")}`)).body.articlesCount).toBe(0);
    expect((await call("GET", `/api/articles/${encodeURIComponent("x' or '1'='1")}`)).status).toBe(404);
  });

  it("refuses a malformed token, one signed by another key and an expired one with 401", async () => {
    const slug = (await create(tokens.author!, "Token checks")).body.article.slug;
    const foreign = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const sign = async (key: string, expires: string | number) =>
      new SignJWT({ username: "author" }).setProtectedHeader({ alg: "ES256" }).setSubject("1").setIssuer("blog-platform/auth").setExpirationTime(expires).sign(await importPKCS8(key, "ES256"));
    const { readFileSync } = await import("node:fs");
    const own = readFileSync(backing.keys.privateKey, "utf8");
    expect((await call("GET", `/api/articles/${slug}`, { token: "not.a.jwt" })).status).toBe(401);
    expect(await call("DELETE", `/api/articles/${slug}`, { token: await sign(foreign.privateKey, "1h") })).toEqual({ status: 401, body: { errors: { authorization: ["the token is not valid"] } } });
    expect(await call("DELETE", `/api/articles/${slug}`, { token: await sign(own, Math.floor(Date.now() / 1000) - 10) })).toEqual({
      status: 401,
      body: { errors: { authorization: ["the token has expired: log in again"] } },
    });
    expect((await call("GET", `/api/articles/${slug}`)).status, "still there").toBe(200);
  });
});

describe("revoked tokens", () => {
  it("refuses a token auth revoked (a password change) from the next request on, and takes the new one", async () => {
    const old = await signUp(auth.url, "revokee");
    expect((await create(old, "Before the change")).status).toBe(201);
    const changed = await fetch(`${auth.url}/api/user`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Token ${old}` },
      body: JSON.stringify({ user: { password: "password456", currentPassword: "password123" } }),
    });
    expect(changed.status).toBe(200);
    const fresh = ((await changed.json()) as Json).user.token as string;
    expect(await create(old, "With the old token")).toEqual({ status: 401, body: { errors: { authorization: ["the token was revoked by a change of password or email: log in again"] } } });
    expect((await create(fresh, "With the new token")).status).toBe(201);
    expect((await call("GET", "/api/articles?author=revokee")).body.articles.map((a: Json) => a.title)).toEqual(["With the new token", "Before the change"]);
  });
});

describe("for the comments service", () => {
  it("tells whether an article exists, and its id", async () => {
    const { slug } = (await create(tokens.author!, "Referenced")).body.article;
    const { status, body } = await call("GET", `/internal/articles/${slug}`);
    expect(status).toBe(200);
    expect(body.article).toEqual({ id: expect.stringMatching(/^\d+$/), slug, authorId: expect.stringMatching(/^\d+$/) });
    expect((await call("GET", "/internal/articles/missing")).status).toBe(404);
  });
});

describe("outages", () => {
  it("serves anonymous readers from the profile cache while auth is down, and says auth is unavailable otherwise", async () => {
    const { slug } = (await create(tokens.author!, "Cached author")).body.article;
    await call("GET", `/api/articles/${slug}`); // the author's profile is cached now
    // a second posts pod that cannot reach auth, sharing the database and Redis
    const cut = await startPosts(backing, `http://127.0.0.1:${await freePort()}`);
    try {
      // (its Redis client connects in the background: until then it has no cache either)
      let anonymous = await cut.service.app.inject({ url: `/api/articles/${slug}` });
      for (let i = 0; anonymous.statusCode !== 200 && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        anonymous = await cut.service.app.inject({ url: `/api/articles/${slug}` });
      }
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.json().article.author.username).toBe("author");
      const signedIn = await cut.service.app.inject({ url: `/api/articles/${slug}`, headers: { authorization: `Token ${tokens.reader}` } });
      expect(signedIn.statusCode).toBe(503);
      expect(signedIn.json()).toEqual({ errors: { auth: ["auth is unavailable, try again shortly"] } });
    } finally {
      await cut.stop();
    }
  });

  it("keeps serving without Redis, slower, and counts the fallbacks", async () => {
    await redis.stop();
    try {
      const created = await create(tokens.author!, "Written without Redis", { tagList: ["no-redis"] });
      expect(created.status).toBe(201);
      expect((await call("GET", "/api/articles?tag=no-redis")).body.articles[0].author.username).toBe("author");
      expect((await call("GET", "/api/tags")).body.tags).toContain("no-redis");
      const metrics = await posts.service.metricsServer.inject({ url: "/metrics" });
      expect(metrics.body).toMatch(/redis_fallbacks_total\{operation="read profiles"\} [1-9]/);
    } finally {
      await redis.start();
    }
  });

  it("reports Postgres down on /ready, answers 503 with a clear body, and recovers by itself", async () => {
    postgres.stop();
    try {
      expect((await posts.service.app.inject({ url: "/ready" })).statusCode).toBe(503);
      expect((await posts.service.app.inject({ url: "/health" })).statusCode).toBe(200);
      expect(await call("GET", "/api/articles")).toEqual({ status: 503, body: { errors: { database: ["database is unavailable, try again shortly"] } } });
      expect((await create(tokens.author!, "During the outage")).status).toBe(503);
    } finally {
      postgres.start();
    }
    for (let i = 0; (await posts.service.app.inject({ url: "/ready" })).statusCode !== 200; i++) {
      if (i > 100) throw new Error("posts did not become ready again");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await call("GET", "/api/articles?limit=1")).status).toBe(200);
    expect((await call("GET", "/api/articles?tag=no-redis")).body.articlesCount, "nothing lost").toBe(1);
  });
});
