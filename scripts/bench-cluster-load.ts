// The load of npm run bench:cluster, run inside the cluster's network (cluster:exec) against a
// release, on the data of bench-seed.ts. Four parts, each printed as it ends, then one JSON line:
// - endpoints: each route alone, 50 connections for 15 s, two rounds (the performance issue's table);
// - sweep: a mix of reads and writes through the gateway at 10 to 1,000 concurrent connections, each
//   route its own autocannon run at the same time, with the shed answers (503/429 with Retry-After)
//   and the timeouts counted apart from the errors;
// - readers: the capacity plan's user model (think-time-load.ts) at 1,000 simulated users;
// - overhead: one route through the gateway and straight to its Service, at 10 connections.
import { blogClient } from "../test/cluster/blog-client.ts";
import { seedBlog, type Seed } from "./bench-seed.ts";
import { measureLoad, resolvedUrl, type LoadResult } from "./load.ts";
import { simulateUsers } from "./think-time-load.ts";

interface Route {
  name: string;
  /** Share of the users on this route in the sweep. */
  share: number;
  method: "GET" | "POST";
  path: string;
  body?: string;
  token?: boolean;
}

export interface EndpointRow extends LoadResult {
  round: number;
  route: string;
}
export interface SweepRow extends LoadResult {
  users: number;
  route: string;
  seconds: number;
}

const [gatewayUrl, postsServiceUrl] = process.argv.slice(2);
if (!gatewayUrl || !postsServiceUrl) throw new Error("usage: bench-cluster-load.ts GATEWAY_URL POSTS_SERVICE_URL");
const [gateway, postsService] = await Promise.all([resolvedUrl(gatewayUrl), resolvedUrl(postsServiceUrl)]);

const routesOf = (seed: Seed): Route[] => [
  { name: "GET /api/articles?limit=20", share: 0.3, method: "GET", path: "/api/articles?limit=20" },
  { name: "GET /api/articles/:slug", share: 0.25, method: "GET", path: `/api/articles/${seed.slugs[100]}` },
  { name: "GET …/comments (20)", share: 0.1, method: "GET", path: `/api/articles/${seed.discussed}/comments` },
  { name: "GET /api/tags", share: 0.1, method: "GET", path: "/api/tags" },
  { name: "GET /api/user", share: 0.1, method: "GET", path: "/api/user", token: true },
  { name: "POST …/comments", share: 0.15, method: "POST", path: `/api/articles/${seed.commented}/comments`, body: JSON.stringify({ comment: { body: "bench" } }), token: true },
];

const load = (url: string, connections: number, seconds: number, route: Route, token: string) =>
  measureLoad({ url: `${url}${route.path}`, method: route.method, connections, seconds, ...(route.token ? { token } : {}), ...(route.body ? { body: route.body } : {}) });

console.error("bench: seeding 20 users, 200 articles, 500 comments through the gateway");
const seed = await seedBlog(blogClient(gateway, 30_000));
const token = seed.tokens[0]!;
const routes = routesOf(seed);

const endpoints: EndpointRow[] = [];
for (const round of [1, 2]) {
  for (const route of routes) {
    console.error(`bench: round ${round}, ${route.name}`);
    endpoints.push({ round, route: route.name, ...(await load(gateway, 50, 15, route, token)) });
  }
}
const sweep: SweepRow[] = [];
const sweepSeconds = 10;
for (const users of [10, 50, 100, 300, 1000]) {
  console.error(`bench: ${users} concurrent connections, the mix`);
  const results = await Promise.all(routes.map((route) => load(gateway, Math.max(1, Math.round(users * route.share)), sweepSeconds, route, token)));
  results.forEach((result, i) => sweep.push({ users, route: routes[i]!.name, seconds: sweepSeconds, ...result }));
}
console.error("bench: 1,000 simulated readers with think time, 60 s");
const readers = await simulateUsers(gateway, seed, 1000, 60);
console.error("bench: the gateway's overhead");
const tags = routes.find((r) => r.name === "GET /api/tags")!;
const [through, direct] = [await load(gateway, 10, 8, tags, token), await load(postsService, 10, 8, tags, token)];
const overhead = {
  route: tags.name,
  connections: 10,
  throughGateway: through,
  straightToService: direct,
  addedP50Ms: Math.round((through.p50 - direct.p50) * 10) / 10,
  throughputRatio: Math.round((through.requestsPerSecond / Math.max(1, direct.requestsPerSecond)) * 100) / 100,
};
console.log(JSON.stringify({ endpoints, sweep, readers: { ...readers, perSecond: undefined }, overhead }));
