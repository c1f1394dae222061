// The four services as their containers run them (each esbuild bundle in its own process, wired only
// by environment variables as the chart wires them) against real Postgres and Redis: every endpoint of
// the RealWorld API (test/services/realworld-openapi.yml, a copy of shared/realworld/openapi.yml) is
// called as a frontend would, and every successful answer is checked against the spec's schema.
// Requests go to the service the gateway routes them to (the routing itself is tested on the real
// nginx in test/gateway).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { parse } from "yaml";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { serviceEnv, writeKeyPair } from "../support/service-env.ts";
import { buildBundle, startBundle, type BundleProcess } from "../support/bundles.ts";

type Json = Record<string, any>;
const spec = parse(readFileSync(new URL("./realworld-openapi.yml", import.meta.url), "utf8")) as Json;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, "realworld");

/** The spec's operation for a request, as a path template match under /api. */
function operationOf(method: string, path: string): { template: string; operation: Json } {
  const bare = path.replace(/^\/api/, "").split("?")[0]!;
  for (const [template, operations] of Object.entries(spec.paths as Record<string, Json>)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(bare) && operations[method.toLowerCase()]) return { template, operation: operations[method.toLowerCase()] };
  }
  throw new Error(`openapi.yml has no operation ${method} ${bare}`);
}

const validators = new Map<string, ValidateFunction>();
/** The validator of an answer's body, compiled from the spec where the answer's schema sits. */
function validatorFor(template: string, method: string, status: number, response: Json): ValidateFunction | undefined {
  const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
  const pointer = response.$ref
    ? `${(response.$ref as string).slice(1)}/content/application~1json/schema`
    : `/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const target = pointer.split("/").slice(1).reduce<Json | undefined>((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  if (!target) return undefined;
  if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `realworld#${pointer}` }));
  return validators.get(pointer);
}

let dir: string;
let postgres: TestPostgres;
let redis: TestRedis;
const services: Record<string, BundleProcess> = {};

/** The service that the gateway's nginx.conf routes a path to. */
const upstreamOf = (path: string) =>
  /^\/api\/articles\/[^/]+\/comments(\/|$)/.test(path) ? "comments" : /^\/api\/(articles|tags)/.test(path) ? "posts" : path.startsWith("/api/images") ? "images" : "auth";

/** Calls the API; a 2xx answer must be one openapi.yml lists for the operation, with a body its schema accepts. */
async function api(method: string, path: string, options: { token?: string; body?: unknown; requestId?: string } = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${services[upstreamOf(path)]!.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token ? { authorization: `Token ${options.token}` } : {}),
      ...(options.requestId ? { "x-request-id": options.requestId } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Json) : {};
  if (response.status < 300) {
    const { template, operation } = operationOf(method, path);
    const declared = operation.responses[String(response.status)] as Json | undefined;
    expect(declared, `openapi.yml lists no ${response.status} for ${method} ${template}`).toBeDefined();
    const validate = validatorFor(template, method, response.status, declared!);
    if (validate && !validate(body)) throw new Error(`${method} ${path} ${response.status} does not match openapi.yml: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  }
  return { status: response.status, body };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "realworld-"));
  const names = ["auth", "posts", "comments", "images"] as const;
  const [bundles, pair] = await Promise.all([Promise.all(names.map((name) => buildBundle(name, dir))), Promise.all([startPostgres(), startRedis()])]);
  [postgres, redis] = pair;
  const keys = writeKeyPair(join(dir, "keys"));
  const env = (name: string, extra: Record<string, string> = {}) => ({ ...serviceEnv(name, postgres, name === "images" ? undefined : redis, keys), DRAIN_DELAY_SECONDS: "0", ...extra });
  services.auth = await startBundle(bundles[0]!, env("auth"));
  services.images = await startBundle(bundles[3]!, env("images", { AUTH_URL: services.auth.url }));
  services.posts = await startBundle(bundles[1]!, env("posts", { AUTH_URL: services.auth.url }));
  services.comments = await startBundle(bundles[2]!, env("comments", { AUTH_URL: services.auth.url, POSTS_URL: services.posts.url }));
}, 120_000);

afterAll(async () => {
  for (const service of Object.values(services)) service.child.kill("SIGTERM");
  const results = await Promise.all(Object.values(services).map((service) => service.child));
  postgres?.destroy();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(results.map((result) => result.exitCode), "every service stops cleanly on SIGTERM").toEqual(results.map(() => 0));
});

describe("the RealWorld API across the bundled services", () => {
  const state: { jake?: string; jane?: string; slug?: string; commentId?: number; image?: Json } = {};

  it("signs up, logs in, reads and updates the current user", async () => {
    for (const name of ["jake", "jane"]) {
      const { status, body } = await api("POST", "/api/users", { body: { user: { username: name, email: `${name}@example.com`, password: "password123" } } });
      expect(status).toBe(201);
      state[name as "jake" | "jane"] = body.user.token;
    }
    const login = await api("POST", "/api/users/login", { body: { user: { email: "jake@example.com", password: "password123" } } });
    expect(login.status).toBe(200);
    expect((await api("GET", "/api/user", { token: login.body.user.token })).body.user.username).toBe("jake");
    expect((await api("GET", "/api/user")).status).toBe(401);
  });

  it("uploads an avatar to images and puts its URL in the profile", async () => {
    const form = new FormData();
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#3a7" } }).png().toBuffer();
    form.append("image", new Blob([new Uint8Array(png)], { type: "image/png" }), "avatar.png");
    const uploaded = await fetch(`${services.images!.url}/api/images`, { method: "POST", headers: { authorization: `Token ${state.jake}` }, body: form });
    expect(uploaded.status).toBe(201);
    state.image = ((await uploaded.json()) as Json).image;
    const thumb = await fetch(`${services.images!.url}${state.image!.variants.thumb}`);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(128);
    const updated = await api("PUT", "/api/user", { token: state.jake!, body: { user: { bio: "I like dragons", image: state.image!.variants.thumb } } });
    expect(updated.body.user).toMatchObject({ bio: "I like dragons", image: state.image!.variants.thumb });
  });

  it("shows profiles, follows and unfollows", async () => {
    expect((await api("GET", "/api/profiles/jake")).body.profile).toMatchObject({ username: "jake", following: false });
    expect((await api("POST", "/api/profiles/jake/follow", { token: state.jane! })).body.profile.following).toBe(true);
    expect((await api("DELETE", "/api/profiles/jake/follow", { token: state.jane! })).body.profile.following).toBe(false);
    expect((await api("POST", "/api/profiles/jake/follow", { token: state.jane! })).body.profile.following).toBe(true);
  });

  it("writes, lists, filters, reads, updates and favorites an article, and shows it in the follower's feed", async () => {
    const created = await api("POST", "/api/articles", {
      token: state.jake!,
      body: { article: { title: "How to train your dragon", description: "Ever wonder how?", body: "You have to believe", tagList: ["dragons", "training"], image: state.image!.variants.large } },
    });
    expect(created.status).toBe(201);
    state.slug = created.body.article.slug;
    expect(created.body.article.author).toMatchObject({ username: "jake", bio: "I like dragons", image: state.image!.variants.thumb });
    expect((await api("GET", "/api/articles")).body.articles.map((a: Json) => a.slug)).toContain(state.slug);
    expect((await api("GET", "/api/articles?tag=dragons&author=jake&limit=5&offset=0")).body.articles[0].slug).toBe(state.slug);
    const feed = await api("GET", "/api/articles/feed", { token: state.jane! });
    expect(feed.body.articles.map((a: Json) => [a.slug, a.author.following])).toEqual([[state.slug, true]]);
    expect((await api("GET", `/api/articles/${state.slug}`)).body.article.body).toBe("You have to believe");
    const updated = await api("PUT", `/api/articles/${state.slug}`, { token: state.jake!, body: { article: { body: "With two hands" } } });
    expect(updated.body.article.body).toBe("With two hands");
    expect((await api("POST", `/api/articles/${state.slug}/favorite`, { token: state.jane! })).body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    expect((await api("GET", "/api/articles?favorited=jane")).body.articles[0].slug).toBe(state.slug);
    expect((await api("DELETE", `/api/articles/${state.slug}/favorite`, { token: state.jane! })).body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
    expect((await api("GET", "/api/tags")).body.tags).toEqual(expect.arrayContaining(["dragons", "training"]));
  });

  it("comments through the comments service, which checks the article with posts", async () => {
    const added = await api("POST", `/api/articles/${state.slug}/comments`, { token: state.jane!, body: { comment: { body: "Thank you so much!" } } });
    expect(added.status).toBe(200);
    state.commentId = added.body.comment.id;
    const listed = await api("GET", `/api/articles/${state.slug}/comments`, { token: state.jake! });
    expect(listed.body.comments).toEqual([expect.objectContaining({ id: state.commentId, body: "Thank you so much!", author: expect.objectContaining({ username: "jane" }) })]);
    expect((await api("DELETE", `/api/articles/${state.slug}/comments/${state.commentId}`, { token: state.jane! })).status).toBe(204);
  });

  it("passes the request id on to the services it calls", async () => {
    const other = (await api("POST", "/api/articles", { token: state.jake!, body: { article: { title: "Traced", description: "d", body: "b" } } })).body.article.slug;
    // comments asks posts about an article it has not seen; posts asks auth whom jane follows
    expect((await api("GET", `/api/articles/${other}/comments`, { requestId: "trace-comments" })).status).toBe(200);
    expect((await api("GET", "/api/articles/feed", { token: state.jane!, requestId: "trace-feed" })).status).toBe(200);
    const logged = (name: string, requestId: string) => services[name]!.output().includes(`"requestId":"${requestId}"`);
    const traced = () => ({
      "comments → posts": logged("comments", "trace-comments") && logged("posts", "trace-comments"),
      "posts → auth": logged("posts", "trace-feed") && logged("auth", "trace-feed"),
    });
    // the lines reach this process through a pipe: give them a moment
    for (let i = 0; i < 40 && Object.values(traced()).includes(false); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(traced()).toEqual({ "comments → posts": true, "posts → auth": true });
  });

  it("deletes the article, and its comments go with it from the API", async () => {
    expect((await api("DELETE", `/api/articles/${state.slug}`, { token: state.jake! })).status).toBe(204);
    expect((await api("GET", `/api/articles/${state.slug}`)).status).toBe(404);
    expect((await api("GET", `/api/articles/${state.slug}/comments`)).status).toBe(404);
  });
});
