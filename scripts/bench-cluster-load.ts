// The load of npm run bench:cluster, run inside the cluster's network (cluster:exec) against a
// release: load through its gateway at 10, 100 and 1,000 concurrent users, a mix of reads and writes,
// each route its own autocannon run at the same time (so each has its own figures): requests/s,
// p50/p95/p99 and errors per route. Then the gateway's own overhead: one route through the gateway
// and straight to its Service, at the same concurrency. Prints the table, then one JSON line.
import { blogClient } from "../test/cluster/blog-client.ts";
import { markdownTable, measureLoad, type LoadResult } from "./load.ts";

interface Route {
  name: string;
  /** Share of the users on this route. */
  share: number;
  method: "GET" | "POST";
  path: string;
  body?: string;
  token?: boolean;
}

interface BenchRow extends LoadResult {
  users: number;
  route: string;
}

const [gateway, postsService] = process.argv.slice(2);
if (!gateway || !postsService) throw new Error("usage: bench-cluster-load.ts GATEWAY_URL POSTS_SERVICE_URL");

const load = (url: string, connections: number, seconds: number, route: Route, token: string) =>
  measureLoad({ url: `${url}${route.path}`, method: route.method, connections, seconds, ...(route.token ? { token } : {}), ...(route.body ? { body: route.body } : {}) });

const call = blogClient(gateway);
const registered = await call("POST", "/api/users", { body: { user: { username: "bench", email: "bench@example.com", password: "password123" } } });
if (registered.status !== 201) throw new Error(`registering the bench user: HTTP ${registered.status} ${registered.text}`);
const token = registered.body.user.token as string;
let slug = "";
for (let i = 0; i < 30; i++) {
  const created = await call("POST", "/api/articles", { token, body: { article: { title: `Bench ${i}`, description: "d", body: "Lorem ipsum ".repeat(50), tagList: ["bench"] } } });
  if (created.status !== 201) throw new Error(`writing the bench articles: HTTP ${created.status} ${created.text}`);
  slug = created.body.article.slug as string;
}
const routes: Route[] = [
  { name: "GET /api/articles", share: 0.3, method: "GET", path: "/api/articles" },
  { name: "GET /api/articles/:slug", share: 0.25, method: "GET", path: `/api/articles/${slug}` },
  { name: "GET /api/tags", share: 0.1, method: "GET", path: "/api/tags" },
  { name: "GET /api/user", share: 0.1, method: "GET", path: "/api/user", token: true },
  { name: "GET …/comments", share: 0.1, method: "GET", path: `/api/articles/${slug}/comments` },
  { name: "POST …/comments", share: 0.15, method: "POST", path: `/api/articles/${slug}/comments`, body: JSON.stringify({ comment: { body: "bench" } }), token: true },
];
const rows: BenchRow[] = [];
for (const users of [10, 100, 1000]) {
  console.error(`bench: ${users} users`);
  const results = await Promise.all(routes.map((route) => load(gateway, Math.max(1, Math.round(users * route.share)), 10, route, token)));
  results.forEach((result, i) => rows.push({ users, route: routes[i]!.name, ...result }));
}
console.error("bench: the gateway's overhead");
const tags = routes[2]!;
const [through, direct] = [await load(gateway, 10, 8, tags, token), await load(postsService, 10, 8, tags, token)];
const overhead = {
  route: tags.name,
  connections: 10,
  throughGateway: through,
  straightToService: direct,
  addedP50Ms: Math.round((through.p50 - direct.p50) * 10) / 10,
  throughputRatio: Math.round((through.requestsPerSecond / Math.max(1, direct.requestsPerSecond)) * 100) / 100,
};
console.error(
  `\n${markdownTable(
    ["users", "route", "conns", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
    rows.map((r) => [String(r.users), r.route, String(r.connections), r.requestsPerSecond.toLocaleString("en"), String(r.p50), String(r.p95), String(r.p99), String(r.errors)]),
  )}\n\ngateway overhead on ${overhead.route} at 10 connections: +${overhead.addedP50Ms} ms at p50, ${overhead.throughputRatio}× the throughput of calling the service directly\n`,
);
console.log(JSON.stringify({ rows, overhead }));
