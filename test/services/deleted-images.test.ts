// A deleted image leaves no cover and no picture behind: images logs the deletion, and posts and
// auth follow that feed (the runtime's deletion-feed.ts) and empty the fields that showed it, their
// cached pages and profiles included. The real auth, posts and images, on a real Postgres and Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { writeKeyPair } from "../support/service-env.ts";
import { startAuth, startImages, startPosts, type Backing, type RunningService } from "../support/services.ts";
import { caller, signUp, type Json } from "../support/api.ts";
import { freePort } from "../support/ports.ts";

let postgres: TestPostgres;
let redis: TestRedis;
let auth: RunningService;
let posts: RunningService;
let images: RunningService;
let token: string;
const onAuth = caller(() => auth.service.app);
const onPosts = caller(() => posts.service.app);
const fast = { DELETION_FEED_POLL_SECONDS: "0.2" };

async function upload(): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append("image", new Blob([await sharp({ create: { width: 64, height: 64, channels: 3, background: "teal" } }).png().toBuffer()]), "picture.png");
  const response = await fetch(`${images.url}/api/images`, { method: "POST", headers: { authorization: `Token ${token}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as Json).image;
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const backing: Backing = { postgres, redis, keys: writeKeyPair(mkdtempSync(join(tmpdir(), "deleted-images-keys-"))) };
  // auth and images call each other: images gets a port before either starts
  const imagesPort = await freePort();
  const imagesUrl = `http://127.0.0.1:${imagesPort}`;
  auth = await startAuth(backing, { IMAGES_URL: imagesUrl, ...fast });
  images = await startImages(backing, auth.url, {}, imagesPort);
  posts = await startPosts(backing, auth.url, { IMAGES_URL: imagesUrl, ...fast });
  token = await signUp(auth.url, "artist");
});
afterAll(async () => {
  await posts?.stop();
  await images?.stop();
  await auth?.stop();
  postgres?.destroy();
  await redis?.stop();
});

describe("a deleted image", () => {
  it("leaves no article cover and no user picture showing it, cached pages and profiles included", async () => {
    const [avatar, cover] = [await upload(), await upload()];
    expect((await onAuth("PUT", "/api/user", { token, body: { user: { image: avatar.url } } })).status).toBe(200);
    const created = await onPosts("POST", "/api/articles", { token, body: { article: { title: "Covered", description: "d", body: "b", image: `${cover.url}/large` } } });
    expect(created.status).toBe(201);
    const slug = created.body.article.slug as string;
    const elsewhere = await onPosts("POST", "/api/articles", { token, body: { article: { title: "Hosted elsewhere", description: "d", body: "b", image: "https://cdn.example.com/a.png" } } });
    // read anonymously first, so that the page and the author's profile are cached
    const before = await onPosts("GET", `/api/articles/${slug}`);
    expect(before.body.article).toMatchObject({ image: `${cover.url}/large`, author: { image: avatar.url } });

    for (const { url } of [avatar, cover]) {
      expect((await fetch(`${images.url}${url}`, { method: "DELETE", headers: { authorization: `Token ${token}` } })).status).toBe(204);
    }
    await expect.poll(async () => (await onPosts("GET", `/api/articles/${slug}`)).body.article).toMatchObject({ image: "", author: { image: "" } });
    await expect.poll(async () => (await onAuth("GET", "/api/profiles/artist")).body.profile.image).toBe("");
    expect((await onAuth("GET", "/api/user", { token })).body.user.image).toBe("");
    // a cover that was never ours stays
    expect((await onPosts("GET", `/api/articles/${elsewhere.body.article.slug}`)).body.article.image).toBe("https://cdn.example.com/a.png");
  });
});
