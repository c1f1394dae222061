// Simulated readers with think time, for the capacity plan's user model (README, "Capacity plan"):
// each user views a page, the page makes the API calls the frontend makes for it, and the user
// thinks for an exponentially distributed time (mean `thinkSeconds`) before the next page.
// autocannon keeps every connection busy, so it cannot express think time; this is the closed
// model a blog's readers follow. Users start spread over the first think time, not all at once.
import { setTimeout as sleep } from "node:timers/promises";
import type { Seed } from "./bench-seed.ts";
import { percentile } from "./load.ts";

export interface UserModel {
  thinkSeconds: number;
  /** Share of the users that are signed in (they also write). */
  signedIn: number;
  /** Page views: a share each, of every user's views; a write becomes an article view for anonymous users. */
  pages: { home: number; article: number; comment: number };
}

/** The capacity plan's model: readers skim the home page, read articles with their comments, rarely write. */
export const blogReaders: UserModel = { thinkSeconds: 10, signedIn: 0.2, pages: { home: 0.4, article: 0.55, comment: 0.05 } };

interface Call {
  route: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
}

export interface RouteFigures {
  route: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  shed: number;
  errors: number;
}

export interface ThinkTimeResult {
  users: number;
  seconds: number;
  model: UserModel;
  /** Page views per second the model predicts for this many users, and what the users got through. */
  predictedPagesPerSecond: number;
  pagesPerSecond: number;
  routes: RouteFigures[];
  /** Every call's answer time and outcome, a second at a time: for the HPA run's p95 over time. */
  perSecond: { second: number; requests: number; p95: number; shed: number; errors: number }[];
}

function pageCalls(page: keyof UserModel["pages"], slug: string): Call[] {
  switch (page) {
    case "home":
      return [
        { route: "GET /api/articles", method: "GET", path: "/api/articles?limit=10&offset=0" },
        { route: "GET /api/tags", method: "GET", path: "/api/tags" },
      ];
    case "article":
      return [
        { route: "GET /api/articles/:slug", method: "GET", path: `/api/articles/${slug}` },
        { route: "GET …/comments", method: "GET", path: `/api/articles/${slug}/comments` },
      ];
    // a reader comments on the article they are reading, so the lists grow as a blog's do
    case "comment":
      return [
        { route: "POST …/comments", method: "POST", path: `/api/articles/${slug}/comments`, body: JSON.stringify({ comment: { body: "A reader's comment" } }) },
        { route: "GET …/comments", method: "GET", path: `/api/articles/${slug}/comments` },
      ];
  }
}

const exponential = (mean: number) => -Math.log(1 - Math.random()) * mean;

export async function simulateUsers(base: string, seed: Seed, users: number, seconds: number, model: UserModel = blogReaders): Promise<ThinkTimeResult> {
  const started = Date.now();
  const until = started + seconds * 1000;
  const calls: { route: string; second: number; ms: number; outcome: "ok" | "shed" | "error" }[] = [];
  let pages = 0;

  async function user(index: number) {
    const token = index < users * model.signedIn ? seed.tokens[index % seed.tokens.length] : undefined;
    await sleep(Math.random() * model.thinkSeconds * 1000);
    while (Date.now() < until) {
      const draw = Math.random();
      let page: keyof UserModel["pages"] = draw < model.pages.home ? "home" : draw < model.pages.home + model.pages.article ? "article" : "comment";
      if (page === "comment" && !token) page = "article";
      // readers favour the newest articles (the end of the seed's list): the home page's, most of the time
      const slug = seed.slugs[seed.slugs.length - 1 - (Math.floor(exponential(10)) % seed.slugs.length)]!;
      const list = pageCalls(page, slug);
      if (token && page === "home") list.push({ route: "GET /api/user", method: "GET", path: "/api/user" });
      for (const call of list) {
        const start = performance.now();
        let outcome: "ok" | "shed" | "error" = "error";
        try {
          const response = await fetch(`${base}${call.path}`, {
            method: call.method,
            headers: { ...(token ? { authorization: `Token ${token}` } : {}), ...(call.body ? { "content-type": "application/json" } : {}) },
            ...(call.body ? { body: call.body } : {}),
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          if (response.ok) outcome = "ok";
          else if ((response.status === 503 || response.status === 429) && response.headers.has("retry-after")) outcome = "shed";
        } catch {
          // no answer within 10 s, or the connection failed: an error
        }
        calls.push({ route: call.route, second: Math.floor((Date.now() - started) / 1000), ms: performance.now() - start, outcome });
      }
      pages++;
      await sleep(Math.min(exponential(model.thinkSeconds) * 1000, Math.max(0, until - Date.now())));
    }
  }

  await Promise.all(Array.from({ length: users }, (_, i) => user(i)));
  const figures = (mine: typeof calls) => ({
    ok: mine.filter((c) => c.outcome === "ok").map((c) => c.ms).sort((a, b) => a - b),
    shed: mine.filter((c) => c.outcome === "shed").length,
    errors: mine.filter((c) => c.outcome === "error").length,
  });
  const routes = [...new Set(calls.map((c) => c.route))].map((route): RouteFigures => {
    const mine = calls.filter((c) => c.route === route);
    const { ok, shed, errors } = figures(mine);
    return { route, requests: mine.length, requestsPerSecond: Math.round((ok.length / seconds) * 10) / 10, p50: percentile(ok, 0.5), p95: percentile(ok, 0.95), p99: percentile(ok, 0.99), shed, errors };
  });
  const perSecond = Array.from({ length: seconds }, (_, second) => {
    const mine = calls.filter((c) => c.second === second);
    const { ok, shed, errors } = figures(mine);
    return { second, requests: mine.length, p95: percentile(ok, 0.95), shed, errors };
  });
  return { users, seconds, model, predictedPagesPerSecond: Math.round((users / model.thinkSeconds) * 10) / 10, pagesPerSecond: Math.round((pages / seconds) * 10) / 10, routes, perSecond };
}
