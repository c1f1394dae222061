// The fault drill's steady load, run inside the cluster's network (cluster:exec) against a release's
// gateway until STOP_FILE exists. Two writers each go round every kind of write the blog takes (a
// user, a follow, an article, a comment, a favourite, an image), and two readers list articles and
// tags. Every write the blog acknowledged is remembered; once stopped, each is looked up again.
// Prints one JSON line: the acknowledged writes by kind, the failed attempts (kind, time, status or
// "no answer"), the reads, and the acknowledged writes that are gone ("lost").
//
// Paced under the gateway's per-address limit (20 requests/s): the load all comes from one address.
import { existsSync } from "node:fs";
import sharp from "sharp";
import { blogClient, imageForm, type Answer, type Json } from "./blog-client.ts";
import { setTimeout as sleep } from "node:timers/promises";

const [gateway, stopFile] = process.argv.slice(2);
if (!gateway || !stopFile) throw new Error("usage: drill-load.ts GATEWAY_URL STOP_FILE");

type Kind = "user" | "follow" | "article" | "comment" | "favorite" | "image";
interface Failure {
  kind: Kind | "read";
  at: number;
  what: string;
}

const call = blogClient(gateway, 5000);
const stopped = () => existsSync(stopFile);
const run = Date.now().toString(36);
const failures: Failure[] = [];
const acknowledged: Record<Kind, number> = { user: 0, follow: 0, article: 0, comment: 0, favorite: 0, image: 0 };
const reads = { ok: 0, failed: 0 };

/** One attempt at a write: true when the blog acknowledged it, as `acknowledges` judges its answer. */
async function attempt(kind: Kind, send: () => Promise<Answer>, acknowledges: (answer: Answer) => boolean): Promise<Answer | undefined> {
  const at = Date.now();
  try {
    const answer = await send();
    if (acknowledges(answer)) {
      acknowledged[kind]++;
      return answer;
    }
    failures.push({ kind, at, what: String(answer.status) });
  } catch {
    failures.push({ kind, at, what: "no answer" });
  }
  return undefined;
}

/** What a writer saw acknowledged: enough to look each write up again. */
interface Written {
  username: string;
  token: string;
  users: string[];
  follows: string[];
  /** slug → the bodies of the comments on it */
  articles: Map<string, string[]>;
  favorites: string[];
  images: string[];
}

async function register(username: string): Promise<Answer | undefined> {
  return attempt("user", () => call("POST", "/api/users", { body: { user: { username, email: `${username}@example.com`, password: "password123" } } }), (a) => a.status === 201);
}

async function writer(id: number, png: Buffer): Promise<Written> {
  const username = `drill-${run}-w${id}`;
  let token: string | undefined;
  while (!token && !stopped()) token = (await register(username))?.body.user.token as string | undefined;
  const written: Written = { username, token: token ?? "", users: [], follows: [], articles: new Map(), favorites: [], images: [] };
  let lastSlug: string | undefined;
  const pause = () => sleep(400);
  for (let n = 0; token && !stopped(); n++) {
    const target = `drill-${run}-w${id}-u${n}`;
    if (await register(target)) written.users.push(target);
    await pause();
    const followed = written.users.at(-1);
    if (followed && (await attempt("follow", () => call("POST", `/api/profiles/${followed}/follow`, { token }), (a) => a.status === 200 && a.body.profile?.following === true))) written.follows.push(followed);
    await pause();
    const article = await attempt("article", () => call("POST", "/api/articles", { token, body: { article: { title: `Drill ${run} w${id} ${n}`, description: "d", body: "b", tagList: ["drill"] } } }), (a) => a.status === 201);
    if (article) {
      lastSlug = article.body.article.slug as string;
      written.articles.set(lastSlug, []);
    }
    await pause();
    if (lastSlug) {
      const slug = lastSlug;
      const text = `w${id} comment ${n}`;
      if (await attempt("comment", () => call("POST", `/api/articles/${slug}/comments`, { token, body: { comment: { body: text } } }), (a) => a.status === 200 && a.body.comment?.body === text)) written.articles.get(slug)!.push(text);
      await pause();
      if (await attempt("favorite", () => call("POST", `/api/articles/${slug}/favorite`, { token }), (a) => a.status === 200 && a.body.article?.favorited === true)) written.favorites.push(slug);
      await pause();
    }
    const image = await attempt("image", () => call("POST", "/api/images", { token, form: imageForm(png) }), (a) => a.status === 201);
    if (image) written.images.push(image.body.image.url as string);
    await pause();
  }
  return written;
}

async function reader() {
  for (let n = 0; !stopped(); n++) {
    const at = Date.now();
    try {
      const answer = await call("GET", n % 2 ? "/api/tags" : "/api/articles?limit=5");
      if (answer.status === 200) reads.ok++;
      else (reads.failed++, failures.push({ kind: "read", at, what: String(answer.status) }));
    } catch {
      reads.failed++;
      failures.push({ kind: "read", at, what: "no answer" });
    }
    await sleep(250);
  }
}

/** A lookup after the drill: its answer, asked again a few times while the answer is not a definite one. */
async function lookUp(path: string, token?: string): Promise<Answer | undefined> {
  for (let tries = 0; tries < 5; tries++) {
    await sleep(80);
    try {
      const answer = await call("GET", path, token ? { token } : {});
      if (answer.status < 500 && answer.status !== 429) return answer;
    } catch {
      // asked again
    }
    await sleep(1000);
  }
  return undefined;
}

/** Every acknowledged write that the blog no longer shows, each as "kind what". */
async function lost(written: Written): Promise<string[]> {
  const missing: string[] = [];
  const { token } = written;
  for (const user of written.users) {
    const profile = await lookUp(`/api/profiles/${user}`, token);
    if (profile?.status !== 200) missing.push(`user ${user}`);
    else if (written.follows.includes(user) && profile.body.profile?.following !== true) missing.push(`follow ${written.username} → ${user}`);
  }
  // the writer's articles, a page at a time, each with whether this writer favourited it
  const articles = new Map<string, Json>();
  for (let offset = 0; ; offset += 100) {
    const page = await lookUp(`/api/articles?author=${written.username}&limit=100&offset=${offset}`, token);
    const listed = (page?.body.articles ?? []) as Json[];
    for (const article of listed) articles.set(article.slug as string, article);
    if (listed.length < 100) break;
  }
  for (const [slug, comments] of written.articles) {
    if (!articles.has(slug)) {
      missing.push(`article ${slug}`);
      continue;
    }
    if (written.favorites.includes(slug) && articles.get(slug)!.favorited !== true) missing.push(`favorite ${written.username} → ${slug}`);
    if (comments.length === 0) continue;
    const stored = new Set((((await lookUp(`/api/articles/${slug}/comments`))?.body.comments ?? []) as Json[]).map((c) => c.body as string));
    for (const text of comments) if (!stored.has(text)) missing.push(`comment ${slug}: ${text}`);
  }
  for (const url of written.images) if ((await lookUp(url))?.status !== 200) missing.push(`image ${url}`);
  return missing;
}

const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#2e86c1" } }).png().toBuffer();
const [writers] = await Promise.all([Promise.all([writer(1, png), writer(2, png)]), reader(), reader()]);
const missing: string[] = [];
for (const written of writers) missing.push(...(await lost(written)));
console.log(JSON.stringify({ acknowledged, failures, reads, lost: missing }));
