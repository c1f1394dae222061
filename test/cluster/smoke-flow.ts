// The smoke flow, run inside the cluster's network (cluster:exec) against a release's gateway, as a
// reader and a writer use the blog: register, log in, upload an image, write an article with a tag
// and that image as its cover, comment, favorite, follow, and read the feed. Prints one JSON line:
// every step with whether it passed and what it got. It stops at the first failed step.
import sharp from "sharp";
import { blogClient, imageForm } from "./blog-client.ts";

interface Check {
  step: string;
  ok: boolean;
  detail: string;
}

const [gateway] = process.argv.slice(2);
if (!gateway) throw new Error("usage: smoke-flow.ts GATEWAY_URL");
const call = blogClient(gateway);
const checks: Check[] = [];
const check = (step: string, ok: boolean, detail: unknown) => {
  checks.push({ step, ok, detail: typeof detail === "string" ? detail : JSON.stringify(detail).slice(0, 300) });
  if (!ok) throw new Error(`smoke flow stopped at: ${step}`);
};

try {
  const app = await call("GET", "/");
  check("the gateway serves the app", app.status === 200 && app.text.includes('<div id="root">'), app.status);
  const tokens: Record<string, string> = {};
  for (const name of ["writer", "reader"]) {
    const registered = await call("POST", "/api/users", { body: { user: { username: name, email: `${name}@example.com`, password: "password123" } } });
    check(`register ${name}`, registered.status === 201, registered.body);
    const login = await call("POST", "/api/users/login", { body: { user: { email: `${name}@example.com`, password: "password123" } } });
    check(`log in ${name}`, login.status === 200 && typeof login.body.user?.token === "string", login.status);
    tokens[name] = login.body.user.token;
  }
  const png = await sharp({ create: { width: 640, height: 320, channels: 3, background: "#c0392b" } }).png().toBuffer();
  const upload = await call("POST", "/api/images", { token: tokens.writer!, form: imageForm(png) });
  check("upload an image", upload.status === 201 && typeof upload.body.image?.variants?.large === "string", upload.body);
  const cover = upload.body.image.variants.large as string;
  const served = await call("GET", cover);
  check("serve the image", served.status === 200 && served.headers.get("content-type") === "image/webp", served.status);
  const created = await call("POST", "/api/articles", { token: tokens.writer!, body: { article: { title: "Smoke signals", description: "d", body: "Hello", tagList: ["smoke"], image: cover } } });
  check("create an article with a tag and the image", created.status === 201 && created.body.article?.tagList?.includes("smoke"), created.body);
  const slug = created.body.article.slug as string;
  const comment = await call("POST", `/api/articles/${slug}/comments`, { token: tokens.reader!, body: { comment: { body: "Seen it" } } });
  check("comment", comment.status === 200 && comment.body.comment?.body === "Seen it", comment.body);
  const favorite = await call("POST", `/api/articles/${slug}/favorite`, { token: tokens.reader! });
  check("favorite", favorite.status === 200 && favorite.body.article?.favoritesCount === 1, favorite.body);
  const follow = await call("POST", "/api/profiles/writer/follow", { token: tokens.reader! });
  check("follow", follow.status === 200 && follow.body.profile?.following === true, follow.body);
  const feed = await call("GET", "/api/articles/feed", { token: tokens.reader! });
  check("read the feed", feed.status === 200 && feed.body.articles?.[0]?.slug === slug, feed.body);
  const listed = await call("GET", "/api/articles?tag=smoke");
  check("list by tag, anonymously", listed.status === 200 && listed.body.articlesCount === 1, listed.body);
} catch (error) {
  if (!checks.some((c) => !c.ok)) checks.push({ step: "the flow ran", ok: false, detail: (error as Error).message });
}
console.log(JSON.stringify(checks));
