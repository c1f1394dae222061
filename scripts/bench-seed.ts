// The platform benchmark's data, written through the API as users would: 20 users, 200 articles
// (ten per author, three tags each out of twelve), 500 comments of which 20 on one article (the
// "discussed" one, whose list the benchmark reads) and the rest spread over the others. The
// benchmark's writes go to one more article, kept out of `slugs`, so that the thousands of comments
// they add never land on a page the readers load. Checks that the target answers before writing,
// and that the data is there afterwards, so that a run against the wrong address or an empty blog
// stops before it measures anything.
import type { Call } from "../test/cluster/blog-client.ts";

export interface Seed {
  tokens: string[];
  /** The articles readers pick from, oldest first. */
  slugs: string[];
  /** The article with exactly 20 comments, whose list is read. */
  discussed: string;
  /** The article the autocannon write routes comment on: not in `slugs`, so no reader loads its growing list. */
  commented: string;
}

const users = 20;
const articles = 200;
const comments = 500;
const discussedComments = 20;

async function expectStatus(what: string, answer: Promise<{ status: number; text: string }>, status: number) {
  const got = await answer;
  if (got.status !== status) throw new Error(`${what}: HTTP ${got.status} ${got.text.slice(0, 300)}`);
  return got as Awaited<typeof answer> & { body: Record<string, any> };
}

/** Runs `tasks` with at most `parallel` at once, in order of start. */
async function inBatches<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += parallel) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, j) => task(start + j)))));
  }
  return results;
}

export async function seedBlog(call: Call): Promise<Seed> {
  // the target, before anything is written: a wrong URL fails here with its own message
  const tags = await call("GET", "/api/tags").catch((error: Error) => {
    throw new Error(`the benchmark's target does not answer: ${error.message} ${String(error.cause ?? "")}`);
  });
  if (tags.status !== 200) throw new Error(`the benchmark's target answered GET /api/tags with HTTP ${tags.status}: ${tags.text.slice(0, 300)}`);

  const tokens = await inBatches(users, 5, async (i) => {
    const user = { username: `reader${i}`, email: `reader${i}@example.com`, password: "password123" };
    return (await expectStatus(`registering ${user.username}`, call("POST", "/api/users", { body: { user } }), 201)).body.user.token as string;
  });
  const slugs = await inBatches(articles, 10, async (i) => {
    const article = { title: `Bench article ${i}`, description: `About ${i}`, body: "Lorem ipsum dolor sit amet. ".repeat(40), tagList: [0, 1, 2].map((k) => `tag${(i + k * 5) % 12}`) };
    return (await expectStatus(`writing article ${i}`, call("POST", "/api/articles", { token: tokens[i % users]!, body: { article } }), 201)).body.article.slug as string;
  });
  const discussed = slugs[0]!;
  const commented = (
    await expectStatus("writing the article the benchmark comments on", call("POST", "/api/articles", { token: tokens[0]!, body: { article: { title: "Bench comments", description: "Where the load writes", body: "Comments go here." } } }), 201)
  ).body.article.slug as string;
  // the discussed article's 20, then the rest over every article but it
  await inBatches(comments, 10, async (i) => {
    const slug = i < discussedComments ? discussed : slugs[1 + ((i - discussedComments) % (articles - 1))]!;
    // openapi.yml answers 200 to a new comment, not 201
    await expectStatus(`writing comment ${i}`, call("POST", `/api/articles/${slug}/comments`, { token: tokens[i % users]!, body: { comment: { body: `Comment ${i}` } } }), 200);
  });

  const listed = await expectStatus("listing the articles", call("GET", "/api/articles?limit=1"), 200);
  const thread = await expectStatus("listing the discussed article's comments", call("GET", `/api/articles/${discussed}/comments`), 200);
  if (listed.body.articlesCount < articles || thread.body.comments.length !== discussedComments) {
    throw new Error(`the seed data is missing: ${listed.body.articlesCount} articles (want ${articles}), ${thread.body.comments.length} comments on ${discussed} (want ${discussedComments})`);
  }
  return { tokens, slugs, discussed, commented };
}
