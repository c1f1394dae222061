// The frontend in a real browser: Debian's Chromium, driven by playwright-core, against the built app
// served by the frontend's nginx and reached through the gateway's nginx, both with the nginx.conf
// the chart renders, in front of the real services on loopback with real Postgres and Redis.
// Two people use it: one signs up, sets an avatar, writes an article with a tag and a cover image,
// comments on it and favorites it; the other follows the author and finds the article in their feed,
// without the one a third person (through the API) wrote and favorited.
// Any console error fails the run (a Content-Security-Policy violation is one), every page is
// checked with axe-core, and screenshots of the key pages land in out/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import sharp from "sharp";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { writeKeyPair } from "../support/service-env.ts";
import { startAuth, startComments, startImages, startPosts, type Backing, type RunningService } from "../support/services.ts";
import { startNginx, type RunningNginx } from "../support/nginx.ts";
import { freePort } from "../support/ports.ts";
import { helms, renderNginxConf } from "../helpers/helm.ts";

const repo = new URL("../../", import.meta.url).pathname;
const screenshots = join(repo, "out/screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let dir: string;
let postgres: TestPostgres;
let redis: TestRedis;
const services: RunningService[] = [];
const proxies: RunningNginx[] = [];
let browser: Browser;
let base: string;
/** The frontend's own nginx, behind the gateway. */
let frontendBase: string;

const port = (url: string) => Number(new URL(url).port);

/** The nginx.conf a component's ConfigMap renders, with its fixed container port moved to `listenPort` (the one thing a pod has to itself). */
async function renderedConf(component: "gateway" | "frontend", values: string[], listenPort: number): Promise<string> {
  const conf = await renderNginxConf(helms.at(-1)!, component, values.flatMap((v) => ["--set", v]));
  expect(conf).toContain("listen 8080;");
  return conf.replace("listen 8080;", `listen 127.0.0.1:${listenPort};`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "browser-"));
  const dist = join(dir, "dist");
  const [, pair] = await Promise.all([
    execa("npx", ["vite", "build", "--outDir", dist, "--emptyOutDir"], { cwd: join(repo, "services/frontend") }),
    Promise.all([startPostgres(), startRedis()]),
  ]);
  [postgres, redis] = pair;
  const backing: Backing = { postgres, redis, keys: writeKeyPair(join(dir, "keys")) };
  const auth = await startAuth(backing);
  const posts = await startPosts(backing, auth.url);
  const comments = await startComments(backing, { auth: auth.url, posts: posts.url });
  const images = await startImages(backing, auth.url);
  services.push(comments, posts, images, auth);

  const [frontendPort, gatewayPort] = await Promise.all([freePort(), freePort()]);
  proxies.push(await startNginx(await renderedConf("frontend", [], frontendPort), frontendPort, { "/usr/share/nginx/html": dist }));
  frontendBase = `http://127.0.0.1:${frontendPort}`;
  const upstreams = { frontend: `http://127.0.0.1:${frontendPort}`, auth: auth.url, posts: posts.url, comments: comments.url, images: images.url };
  const gatewayValues = Object.entries(upstreams).flatMap(([name, url]) => [`gateway.upstreams.${name}.host=127.0.0.1`, `gateway.upstreams.${name}.port=${port(url)}`]);
  proxies.push(await startNginx(await renderedConf("gateway", gatewayValues, gatewayPort), gatewayPort));
  base = `http://127.0.0.1:${gatewayPort}`;

  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    // this machine's network is closed: Chromium's own background connections would only fail
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(screenshots, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const proxy of proxies) await proxy.stop();
  for (const service of services) await service.stop();
  postgres?.destroy();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A visitor: a page in its own browser context whose console errors are collected. */
async function visitor(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return { context, page, errors };
}

/** Takes out the one console line Chromium writes for a request the test made fail on purpose; any other error stays. */
function expectFailedRequest(errors: string[], status: number): void {
  const index = errors.findIndex((error) => error.includes(`the server responded with a status of ${status}`));
  expect(index, `a ${status} in the console`).toBeGreaterThanOrEqual(0);
  errors.splice(index, 1);
}

/** axe-core on the current page: serious and critical violations, by rule and element. The script
 * runs through the DevTools protocol, which the page's CSP does not govern. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run();
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  return violations;
}

async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  expect(await accessibilityViolations(page), `axe on ${name}`).toEqual([]);
}

const png = (width: number, height: number, color: string) => sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();

/** The titles of the article previews on the page, in their order. */
const previewTitles = (page: Page) => page.locator(".article-preview .preview-title").allTextContents();

/** POSTs JSON to the API through the gateway, as the app does, and returns the answer. */
async function post(path: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Token ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.status, `POST ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response.json();
}

describe("the blog in Chromium", () => {
  const author = { username: "ada", email: "ada@example.com", password: "correct-horse-1" };
  const reader = { username: "grace", email: "grace@example.com", password: "battery-staple-2" };
  const stranger = { username: "charles", email: "charles@example.com", password: "difference-engine-3" };
  const title = "Notes on the Analytical Engine";
  const strangersTitle = "Tables by the Difference Engine";
  let articleUrl: string;

  it("serves the app with its security and cache headers, and falls back to index.html", async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, "index.html loads a hashed script").toBeDefined();
    const script = await fetch(`${base}${asset}`, { headers: { "accept-encoding": "gzip" } });
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(script.headers.get("content-encoding")).toBe("gzip");
    const deepLink = await fetch(`${base}/article/some-slug`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(html);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    // the probes the chart points at the frontend's container
    expect((await fetch(`${frontendBase}/health`)).status).toBe(200);
    expect((await fetch(`${frontendBase}/ready`)).status).toBe(200);
  });

  it("signs up, sets an avatar, writes an article with a tag and a cover image, comments and favorites", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${base}/`);
    await checkPage(page, "home-anonymous");
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Username").fill(author.username);
    await page.getByLabel("Email").fill(author.email);
    await page.getByLabel("Password").fill(author.password);
    await checkPage(page, "sign-up");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByRole("link", { name: author.username }).count()).toBeGreaterThan(0);

    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Avatar").setInputFiles({ name: "avatar.png", mimeType: "image/png", buffer: await png(300, 300, "#8e44ad") });
    await expect.poll(() => page.getByRole("img", { name: "Avatar preview" }).getAttribute("src")).toMatch(/^\/api\/images\/[0-9a-f-]+\/thumb$/);
    await page.getByLabel("Bio").fill("I write about engines.");
    await checkPage(page, "settings");
    await page.getByRole("button", { name: "Update settings" }).click();
    await page.getByText("Your settings are saved.").waitFor();

    await page.getByRole("link", { name: "New article" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("What a machine could do");
    // the body tries to run script two ways; neither may reach the page
    await page.getByLabel("Body").fill("## The engine\n\nIt *weaves* algebraic patterns.\n\n<script>window.pwned = true</script>\n\n[click me](javascript:window.pwned=true)");
    await page.getByLabel("Tags").fill("engines");
    await page.getByLabel("Tags").press("Enter");
    // a file that is not an image is refused by the images service, and the page says why
    await page.getByLabel("Cover image").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just text") });
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("is not a JPEG, PNG, WebP or AVIF image");
    expectFailedRequest(errors, 422);
    await page.getByLabel("Cover image").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: await png(1600, 900, "#2e86c1") });
    await expect.poll(() => page.getByRole("img", { name: "Cover image preview" }).getAttribute("src")).toMatch(/^\/api\/images\/[0-9a-f-]+\/large$/);
    await checkPage(page, "editor");
    await page.getByRole("button", { name: "Publish article" }).click();

    await expect.poll(() => page.url()).toContain("/article/");
    articleUrl = page.url();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: title }).count()).toBe(1);
    await expect.poll(() => page.getByRole("heading", { name: "The engine" }).count()).toBe(1);
    expect(await page.locator("img[src*='/api/images/'][src$='/large']").count(), "the cover image").toBeGreaterThan(0);
    expect(await page.getByText("engines", { exact: true }).count(), "the tag").toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await page.locator("main script").count()).toBe(0);
    expect(await page.locator("a[href^='javascript:']").count()).toBe(0);

    // the author edits it: the editor opens with the article in it
    await page.getByRole("link", { name: "Edit article" }).first().click();
    await expect.poll(() => page.getByLabel("Title").inputValue()).toBe(title);
    await page.getByLabel("Description").fill("What a machine could do, and what it could not");
    await page.getByRole("button", { name: "Publish article" }).click();
    await expect.poll(() => page.url()).toBe(articleUrl);

    await page.getByLabel("Comment").fill("First! Ada, commenting on her own notes.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => page.getByText("First! Ada, commenting on her own notes.").count()).toBe(1);
    await page.getByRole("button", { name: /^Favorite article/ }).first().click();
    await expect.poll(() => page.getByRole("button", { name: /^Unfavorite article/ }).count()).toBeGreaterThan(0);
    await checkPage(page, "article");

    await page.getByRole("link", { name: author.username }).first().click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: author.username }).count()).toBe(1);
    await expect.poll(() => page.getByText(title).count()).toBeGreaterThan(0);
    expect(await page.getByText("What a machine could do, and what it could not").count(), "the edited description").toBe(1);
    await checkPage(page, "profile");

    expect(errors, "console errors").toEqual([]);
    await context.close();
  });

  it("lets a second reader follow the author and find her article in their feed, and not a stranger's, on a phone", async () => {
    // someone the reader does not follow writes an article and favorites it
    const { user } = await post("/api/users", { user: stranger });
    const { article } = await post("/api/articles", { article: { title: strangersTitle, description: "Printed, not copied", body: "Seven columns." } }, user.token);
    await post(`/api/articles/${article.slug}/favorite`, {}, user.token);

    const { context, page, errors } = await visitor({ width: 375, height: 812 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(author.email);
    await page.getByLabel("Password").fill("not-her-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("email or password is invalid");
    expectFailedRequest(errors, 401);
    await checkPage(page, "sign-in-error-phone");
    await page.goto(`${base}/register`);
    await page.getByLabel("Username").fill(reader.username);
    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel("Password").fill(reader.password);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByRole("link", { name: reader.username }).count()).toBeGreaterThan(0);

    await page.goto(articleUrl);
    await page.getByRole("button", { name: `Follow ${author.username}` }).first().click();
    await expect.poll(() => page.getByRole("button", { name: `Unfollow ${author.username}` }).count()).toBeGreaterThan(0);
    await checkPage(page, "article-phone");

    // the global feed has both articles, newest first; the reader's own only the followed author's
    await page.getByRole("link", { name: "Home" }).first().click();
    await expect.poll(() => previewTitles(page)).toEqual([strangersTitle, title]);
    await page.getByRole("link", { name: "Your feed" }).or(page.getByRole("button", { name: "Your feed" })).first().click();
    await expect.poll(() => previewTitles(page)).toEqual([title]);
    await checkPage(page, "feed-phone");
    expect(errors, "console errors").toEqual([]);
    await context.close();
  });

  it("lists under the author's Favorited articles the one she favorited, not the one its own author did", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${base}/profile/${author.username}`);
    await expect.poll(() => previewTitles(page)).toEqual([title]);
    // the same article heads both tabs: wait for the tab's own list to arrive, or the old one could pass for it
    const favorites = page.waitForResponse((response) => response.url().startsWith(`${base}/api/articles?`));
    await page.getByRole("link", { name: "Favorited articles" }).click();
    await favorites;
    await expect.poll(() => page.url()).toContain("/favorites");
    await expect.poll(() => previewTitles(page)).toEqual([title]);
    expect(errors, "console errors").toEqual([]);
    await context.close();
  });
});
