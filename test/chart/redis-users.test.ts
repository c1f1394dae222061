// The bundled Redis's ACL users (global.redis.serviceUsers, charts/redis/templates/_users.tpl):
// redis-server runs with the arguments the chart gives it, and the real auth, posts and comments,
// each logged in as its own user, serve a RealWorld session without a single command refused.
// Before them every service used Redis's default user, so any one could read or wipe the others'
// keys: auth's cached users, the login counters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { helms, renderObjects } from "../helpers/helm.ts";
import { podSpecOf } from "../../sdk/src/policies.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { writeKeyPair } from "../support/service-env.ts";
import { startAuth, startComments, startPosts, type RunningService } from "../support/services.ts";
import { caller, signUp } from "../support/api.ts";

const SERVICES = ["auth", "posts", "comments"] as const;
const passwordOf = (env: string) => `${env.toLowerCase()}-secret`;
let postgres: TestPostgres;
let redis: TestRedis;
const running: Partial<Record<(typeof SERVICES)[number], RunningService>> = {};
const clients: Redis[] = [];

/** A client logged in as `user` (Redis's default user when undefined). */
const connect = (user: string | undefined, password: string) => {
  const client = new Redis({ host: redis.host, port: redis.port, ...(user ? { username: user } : {}), password, lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on("error", () => undefined); // each refusal is asserted where it happens
  clients.push(client);
  return client;
};
const as = (service: (typeof SERVICES)[number]) => connect(service, passwordOf(`REDIS_PASSWORD_${service.toUpperCase()}`));
const admin = () => connect(undefined, passwordOf("REDIS_PASSWORD"));
const fallbacks = async (service: RunningService) => ((await service.service.metrics.getSingleMetric("redis_fallbacks_total")?.get())?.values ?? []).reduce((sum, v) => sum + v.value, 0);

/** The Redis container's arguments as the kubelet runs them: each $(VAR) expanded, /data a temporary directory. */
async function chartRedisArgs(): Promise<string[]> {
  const objects = await renderObjects(helms.at(-1)!, []);
  const container = podSpecOf(objects.find((o) => o.kind === "Deployment" && o.metadata.name === "blog-redis")!).containers[0];
  const env = new Set<string>(container.env.map((e: { name: string }) => e.name));
  const dir = mkdtempSync(join(tmpdir(), "redis-users-"));
  return (container.args as string[]).map((arg) =>
    arg === "/data"
      ? dir
      : arg.replace(/\$\((\w+)\)/g, (_, name: string) => {
          expect(env, `${name} in the container's env`).toContain(name);
          return passwordOf(name);
        }),
  );
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), chartRedisArgs().then((serverArgs) => startRedis({ serverArgs, password: passwordOf("REDIS_PASSWORD") }))]);
  const keys = writeKeyPair(mkdtempSync(join(tmpdir(), "redis-users-keys-")));
  const backing = (service: (typeof SERVICES)[number]) => ({ postgres, keys, redis: { ...redis, user: service, password: passwordOf(`REDIS_PASSWORD_${service.toUpperCase()}`) } });
  running.auth = await startAuth(backing("auth"), { IMAGES_URL: "http://127.0.0.1:9" });
  running.posts = await startPosts(backing("posts"), running.auth.url, { IMAGES_URL: "http://127.0.0.1:9" });
  running.comments = await startComments(backing("comments"), { auth: running.auth.url, posts: running.posts.url });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await running.comments?.stop();
  await running.posts?.stop();
  await running.auth?.stop();
  postgres?.destroy();
  await redis?.stop();
});

describe("the services' own Redis users", () => {
  it("serve a whole session, every cache and the login limit included, with no command refused", async () => {
    const onAuth = caller(() => running.auth!.service.app);
    const onPosts = caller(() => running.posts!.service.app);
    const onComments = caller(() => running.comments!.service.app);
    const token = await signUp(running.auth!.url, "writer");
    expect((await onAuth("POST", "/api/users/login", { body: { user: { email: "writer@example.com", password: "not-this-one" } } })).status).toBe(401);
    expect((await onAuth("POST", "/api/users/login", { body: { user: { email: "writer@example.com", password: "password123" } } })).status).toBe(200);
    expect((await onAuth("GET", "/api/user", { token })).status).toBe(200);
    expect((await onAuth("PUT", "/api/user", { token, body: { user: { bio: "writes" } } })).status).toBe(200);
    const created = await onPosts("POST", "/api/articles", { token, body: { article: { title: "Cached", description: "d", body: "b", tagList: ["redis"] } } });
    expect(created.status).toBe(201);
    const slug = created.body.article.slug as string;
    expect((await onComments("POST", `/api/articles/${slug}/comments`, { token, body: { comment: { body: "first" } } })).status).toBe(200);
    // twice each: the first fills the caches, the second reads them
    for (let i = 0; i < 2; i++) {
      expect((await onPosts("GET", "/api/articles?limit=20")).body.articlesCount).toBe(1);
      expect((await onPosts("GET", "/api/articles?author=writer", { token })).body.articlesCount).toBe(1);
      expect((await onPosts("GET", `/api/articles/${slug}`)).body.article.author).toMatchObject({ username: "writer", bio: "writes" });
      expect((await onComments("GET", `/api/articles/${slug}/comments`)).body.comments).toHaveLength(1);
      expect((await onAuth("GET", "/api/profiles/writer")).status).toBe(200);
    }

    for (const service of SERVICES) expect(await fallbacks(running[service]!), `${service}'s redis_fallbacks_total`).toBe(0);
    // and the caches were written, under each owner's prefixes
    const prefixes = new Set((await admin().keys("*")).map((key) => key.split(":")[0]));
    expect([...prefixes].sort()).toEqual(["article", "auth", "comment-pages", "login", "pages", "profile", "user-id"]);
  });

  it("refuses each service the keys of the others and the commands that reach the whole server", async () => {
    await admin().set("auth:user:v2:1", '{"email":"owner@example.com"}');
    const NOPERM = /^NOPERM/;
    // the cached users and the login counters are auth's alone
    await expect(as("comments").get("auth:user:v2:1")).rejects.toThrow(NOPERM);
    await expect(as("posts").del("login:account:owner@example.com")).rejects.toThrow(NOPERM);
    // comments reads the pages' version (a changed profile drops its cached lists too) but may not bump it, nor write posts' pages
    expect(await as("comments").get("pages:version")).not.toBeNull();
    await expect(as("comments").incr("pages:version")).rejects.toThrow(NOPERM);
    await expect(as("comments").set("pages:1:tags", "{}")).rejects.toThrow(NOPERM);
    // a script is held to the same keys, named or not
    await expect(as("comments").eval("return redis.call('GET', KEYS[1])", 1, "login:ip:203.0.113.1")).rejects.toThrow(NOPERM);
    await expect(as("comments").eval("return redis.call('GET', 'login:ip:203.0.113.1')", 0)).rejects.toThrow(/can't access/);
    for (const service of SERVICES) {
      await expect(as(service).flushall(), `${service} FLUSHALL`).rejects.toThrow(NOPERM);
      await expect(as(service).keys("*"), `${service} KEYS`).rejects.toThrow(NOPERM);
      // SCAN and RANDOMKEY would name every key, the emails in auth's login counters included
      await expect(as(service).scan(0), `${service} SCAN`).rejects.toThrow(NOPERM);
      await expect(as(service).randomkey(), `${service} RANDOMKEY`).rejects.toThrow(NOPERM);
      await expect(as(service).call("SCRIPT", "DEBUG", "SYNC"), `${service} SCRIPT DEBUG`).rejects.toThrow(NOPERM);
      await expect(as(service).config("GET", "requirepass"), `${service} CONFIG`).rejects.toThrow(NOPERM);
      await expect(as(service).call("ACL", "LIST"), `${service} ACL`).rejects.toThrow(NOPERM);
      await expect(as(service).call("SCRIPT", "FLUSH"), `${service} SCRIPT FLUSH`).rejects.toThrow(NOPERM);
      // a service's password opens no other user, the default one included
      await expect(connect(undefined, passwordOf(`REDIS_PASSWORD_${service.toUpperCase()}`)).ping()).rejects.toThrow(/WRONGPASS/);
    }
    expect(await admin().get("auth:user:v2:1")).toBe('{"email":"owner@example.com"}');
  });
});
