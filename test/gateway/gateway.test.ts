// The gateway's rendered nginx.conf, run by a real nginx: `nginx -t` accepts it, and nginx started
// with it on a private loopback, in front of stub upstreams (harness.ts), routes each RealWorld path
// of DESIGN.md to the right service with request ids, security headers, upstream keepalive, the body
// size limit, the rate limit and the 503 of a switched-off upstream.
//
// The upstreams are pointed at the stubs with the chart's own values (gateway.upstreams.<name>.host
// and .port), so the config under test is the chart's, byte for byte. CI installs Debian's nginx
// (1.22; the image runs 1.29); NGINX overrides the binary. Needs root for `unshare` (CI runs as root).
import { afterAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { helms, renderNginxConf, type Helm } from "../helpers/helm.ts";
import type { GatewayRequest, GatewayResponse, Report, Spec } from "./harness.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const harness = fileURLToPath(new URL("./harness.ts", import.meta.url));

/** Stub ports inside the private network namespace; any free ports would do. */
const upstreamPorts = { frontend: 9101, auth: 9102, posts: 9103, comments: 9104, images: 9105 } as const;
type Service = keyof typeof upstreamPorts;

const pointAtStubs = Object.entries(upstreamPorts).flatMap(([name, port]) => [
  "--set",
  `gateway.upstreams.${name}.host=127.0.0.1`,
  "--set",
  `gateway.upstreams.${name}.port=${port}`,
]);

const set = (...values: string[]) => values.flatMap((value) => ["--set", value]);

/** The gateway's nginx.conf, rendered from ci/default-values.yaml plus `args`, its upstreams the stubs. */
const renderConf = (helm: Helm, args: string[] = []) => renderNginxConf(helm, "gateway", [...pointAtStubs, ...args]);

const latestHelm = helms[helms.length - 1]!;
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Run the harness on `conf` in fresh namespaces; `requests` empty means `nginx -t` only. */
async function runGateway(conf: string, requests: GatewayRequest[] = [], concurrent = false): Promise<Report> {
  const workdir = await mkdtemp(join(tmpdir(), "blog-gateway-"));
  tempDirs.push(workdir);
  // the harness mounts this directory on /tmp; nginx's workers (user nobody) create temp files in it
  await chmod(workdir, 0o755);
  await writeFile(join(workdir, "nginx.conf"), conf);
  const spec: Spec = { upstreams: { ...upstreamPorts }, requests, concurrent };
  await writeFile(join(workdir, "spec.json"), JSON.stringify(spec));
  const result = await execa(
    "unshare",
    ["--net", "--mount", "--pid", "--fork", "--kill-child", "--", process.execPath, "--import", "tsx", harness, workdir],
    { cwd: repoRoot, reject: false, timeout: 60_000, killSignal: "SIGKILL" },
  );
  let report: Report;
  try {
    report = JSON.parse(result.stdout.trim().split("\n").pop() ?? "") as Report;
  } catch {
    throw new Error(`the gateway harness printed no report (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
  }
  if (report.error) throw new Error(`the gateway harness failed: ${report.error}\nnginx stderr:\n${report.nginxStderr}\n${result.stderr}`);
  return report;
}

/** nginx names the failing line as `in /tmp/nginx.conf:57`; quote that line of the config. */
function pointAt(output: string, conf: string): string {
  const match = /in \S*nginx\.conf:(\d+)/.exec(output);
  if (!match) return "";
  const line = Number(match[1]);
  return `\nline ${line} of the rendered nginx.conf: ${conf.split("\n")[line - 1]?.trim() ?? "(past the end)"}`;
}

function expectConfigAccepted(report: Report, conf: string, what: string): void {
  expect(report.configTest.ok, `nginx -t rejected ${what}:\n${report.configTest.output}${pointAt(report.configTest.output, conf)}`).toBe(true);
}

/** A run that must serve: nginx -t passed and nginx answered. */
async function serve(conf: string, requests: GatewayRequest[], what: string, concurrent = false): Promise<Report> {
  const report = await runGateway(conf, requests, concurrent);
  expectConfigAccepted(report, conf, what);
  expect(report.started, `nginx did not start with ${what}:\n${report.nginxStderr}`).toBe(true);
  return report;
}

function responseTo(report: Report, name: string): GatewayResponse {
  const res = report.responses.find((r) => r.name === name);
  if (!res) throw new Error(`no response named ${name}`);
  if (res.error) throw new Error(`${name} (${res.path}): ${res.error}`);
  return res;
}

const header = (res: GatewayResponse, name: string) => res.headers[name.toLowerCase()] ?? [];

/** Lazily run once and shared by the tests of a describe block (they run in order, one at a time). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

describe("gateway nginx.conf under a real nginx", () => {
  const defaultConf = once(() => renderConf(latestHelm));

  it("nginx -t accepts the rendered config, and both helm versions render the same bytes", async () => {
    const confs = await Promise.all(helms.map((helm) => renderConf(helm)));
    for (const [i, conf] of confs.entries()) {
      expect(conf, `helm ${helms[i]!.version} renders a different nginx.conf than helm ${helms[0]!.version}`).toBe(confs[0]);
    }
    const report = await runGateway(confs[0]!);
    expectConfigAccepted(report, confs[0]!, "the nginx.conf rendered from ci/default-values.yaml");
  });

  // -- one nginx for routing, request ids, headers and keepalive ----------------------------------
  const routes: { path: string; service: Service; method?: string }[] = [
    { path: "/api/users", service: "auth", method: "POST" },
    { path: "/api/users/login", service: "auth", method: "POST" },
    { path: "/api/user", service: "auth" },
    { path: "/api/profiles/jake", service: "auth" },
    { path: "/api/profiles/jake/follow", service: "auth", method: "POST" },
    { path: "/api/articles/how-to/comments", service: "comments" },
    { path: "/api/articles/how-to/comments/1", service: "comments", method: "DELETE" },
    { path: "/api/articles", service: "posts" },
    { path: "/api/articles?tag=dragons&limit=10", service: "posts" },
    { path: "/api/articles/feed", service: "posts" },
    { path: "/api/articles/how-to", service: "posts" },
    { path: "/api/articles/how-to/favorite", service: "posts", method: "POST" },
    { path: "/api/tags", service: "posts" },
    { path: "/api/images", service: "images", method: "POST" },
    { path: "/api/images/abc", service: "images" },
    { path: "/", service: "frontend" },
    { path: "/editor", service: "frontend" },
    { path: "/assets/x.js", service: "frontend" },
  ];
  const ownAnswers = [
    { path: "/health", status: 200, body: "ok\n" },
    { path: "/ready", status: 200, body: "ready\n" },
  ];
  const keepaliveRequests = 20;
  const passedRequestId = "test-request-id-4f1c";

  const main = once(async () =>
    serve(
      await defaultConf(),
      [
        ...routes.map((r) => ({ name: `route ${r.method ?? "GET"} ${r.path}`, path: r.path, method: r.method ?? "GET" })),
        ...ownAnswers.map((a) => ({ name: `own ${a.path}`, path: a.path })),
        { name: "unknown /api/nope", path: "/api/nope" },
        { name: "request id generated", path: "/api/tags" },
        { name: "request id passed", path: "/api/tags", headers: { "X-Request-Id": passedRequestId } },
        // keepalive last, on a route nothing else above uses, so its connection count is its own
        ...Array.from({ length: keepaliveRequests }, (_, i) => ({ name: `keepalive ${i}`, path: "/assets/keepalive.css" })),
      ],
      "the default config",
    ),
  );

  it("routes each RealWorld path to its service (DESIGN.md), path and query unchanged", async () => {
    const report = await main();
    for (const route of routes) {
      const name = `route ${route.method ?? "GET"} ${route.path}`;
      const res = responseTo(report, name);
      expect(res.status, `${name}: status (body ${res.body})`).toBe(200);
      expect(res.upstream?.service, `${name} should reach ${route.service}`).toBe(route.service);
      expect(res.upstream?.url, `${name}: the upstream should see the original URI`).toBe(route.path);
      expect(res.upstream?.method, `${name}: method`).toBe(route.method ?? "GET");
    }
  });

  it("answers /health and /ready itself, and an unknown /api path with a 404 JSON error", async () => {
    const report = await main();
    for (const own of ownAnswers) {
      const res = responseTo(report, `own ${own.path}`);
      expect(res.status, `${own.path}: status`).toBe(own.status);
      expect(res.body, `${own.path}: body`).toBe(own.body);
    }
    const seen = report.upstreamRequests.map((r) => `${r.service} ${r.url}`);
    expect(seen.filter((s) => /\/(health|ready|api\/nope)$/.test(s)), "no upstream should see nginx's own paths").toEqual([]);

    const nope = responseTo(report, "unknown /api/nope");
    expect(nope.status, "/api/nope: status").toBe(404);
    expect(header(nope, "content-type"), "/api/nope: content type").toEqual(["application/json"]);
    expect(JSON.parse(nope.body), "/api/nope: body").toEqual({ errors: { path: ["no such API route"] } });
  });

  it("generates a request id when there is none, passes a caller's on unchanged, and returns it", async () => {
    const report = await main();
    const generated = responseTo(report, "request id generated");
    const sent = generated.upstream?.headers["x-request-id"];
    expect(sent, "without X-Request-Id, posts should receive a generated one ($request_id: 32 hex digits)").toMatch(/^[0-9a-f]{32}$/);
    expect(header(generated, "x-request-id"), "the response should carry the id the upstream got").toEqual([sent]);

    const passed = responseTo(report, "request id passed");
    expect(passed.upstream?.headers["x-request-id"], "a caller's X-Request-Id should reach posts unchanged").toBe(passedRequestId);
    expect(header(passed, "x-request-id"), "the response should carry the caller's id").toEqual([passedRequestId]);

    // and the JSON access log (stdout) carries the same id
    const logged = report.accessLog
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { requestId: string; uri: string; status: number });
    expect(logged.map((l) => l.requestId), "the access log should record the caller's request id").toContain(passedRequestId);
  });

  it("sets the security headers on proxied responses and on nginx's own answers", async () => {
    const report = await main();
    const expected = {
      "x-content-type-options": ["nosniff"],
      "x-frame-options": ["DENY"],
      "referrer-policy": ["strict-origin-when-cross-origin"],
    };
    for (const res of report.responses) {
      for (const [name, values] of Object.entries(expected)) {
        expect(header(res, name), `${res.name}: ${name}`).toEqual(values);
      }
      expect(header(res, "server"), `${res.name}: server_tokens off hides the version`).toEqual(["nginx"]);
    }
  });

  it("reuses upstream connections (keepalive): HTTP/1.1, no Connection: close, fewer connections than requests", async () => {
    const report = await main();
    const echoes = report.responses.filter((r) => r.name.startsWith("keepalive ")).map((r) => {
      expect(r.status, `${r.name}: status`).toBe(200);
      return r.upstream!;
    });
    expect(echoes).toHaveLength(keepaliveRequests);
    for (const echo of echoes) {
      expect(echo.httpVersion, "nginx should speak HTTP/1.1 to the upstream (proxy_http_version 1.1)").toBe("1.1");
      expect(echo.headers.connection, "nginx should not ask the upstream to close (proxy_set_header Connection \"\")").toBeUndefined();
    }
    // each of the 2 workers keeps its own idle connection; allow some slack, far below one per request
    const connections = new Set(echoes.map((e) => e.connection)).size;
    expect(
      connections,
      `${keepaliveRequests} sequential requests to frontend used ${connections} upstream connections: keepalive is not reusing them`,
    ).toBeLessThanOrEqual(keepaliveRequests / 4);
  });

  // -- one nginx per setting that changes the config ------------------------------------------------
  it("rejects a body over the route's limit (jsonMaxBodySize, clientMaxBodySize for images) with 413 and lets a small one through", async () => {
    const conf = await renderConf(latestHelm, set("gateway.nginx.jsonMaxBodySize=1k", "gateway.nginx.clientMaxBodySize=4k"));
    const report = await serve(
      conf,
      [
        { name: "small POST /api/articles", path: "/api/articles", method: "POST", bodyBytes: 200 },
        { name: "2 KiB POST /api/articles", path: "/api/articles", method: "POST", bodyBytes: 2048 },
        { name: "2 KiB POST /api/users", path: "/api/users", method: "POST", bodyBytes: 2048 },
        { name: "2 KiB POST /api/images", path: "/api/images", method: "POST", bodyBytes: 2048 },
        { name: "5 KiB POST /api/images", path: "/api/images", method: "POST", bodyBytes: 5120 },
      ],
      "jsonMaxBodySize=1k, clientMaxBodySize=4k",
    );
    const small = responseTo(report, "small POST /api/articles");
    expect(small.status, "a 200-byte POST /api/articles under a 1k limit").toBe(200);
    expect(small.upstream?.bodyBytes, "posts should receive the whole small body").toBe(200);
    expect(responseTo(report, "2 KiB POST /api/images").upstream?.bodyBytes, "an upload has the larger limit").toBe(2048);
    for (const name of ["2 KiB POST /api/articles", "2 KiB POST /api/users", "5 KiB POST /api/images"]) {
      expect(responseTo(report, name).status, `${name} over its route's limit`).toBe(413);
      expect(JSON.parse(responseTo(report, name).body), `${name}: a JSON error for API clients`).toEqual({ errors: { body: ["the request body is larger than this route takes"] } });
    }
    expect(report.upstreamRequests.filter((r) => r.bodyBytes > 4096), "no over-size body should reach an upstream").toEqual([]);
  });

  it("answers 5 MiB and 50 MiB bodies on a JSON route with 413 every time, with the defaults, and sends none on", async () => {
    const sizes = [5, 50, 5, 50, 5, 50];
    const report = await serve(
      await defaultConf(),
      sizes.map((mib, i) => ({ name: `${mib} MiB #${i}`, path: "/api/articles", method: "POST", bodyBytes: mib * 1024 * 1024 })),
      "the defaults, large bodies",
    );
    expect(report.responses.map((r) => r.status)).toEqual(sizes.map(() => 413));
    expect(report.upstreamRequests).toEqual([]);
  });

  it("rate limits /api per client (429 past the burst) but not the frontend", async () => {
    const conf = await renderConf(latestHelm, set("gateway.nginx.rateLimit.requestsPerSecond=1", "gateway.nginx.rateLimit.burst=2"));
    const burst = 12;
    const report = await serve(
      conf,
      [
        ...Array.from({ length: burst }, (_, i) => ({ name: `tags ${i}`, path: "/api/tags" })),
        ...Array.from({ length: burst }, (_, i) => ({ name: `frontend ${i}`, path: "/" })),
      ],
      "rateLimit 1 r/s, burst 2",
      // all at once, so that a stalled CI machine cannot spread them over several seconds of tokens
      true,
    );
    const statuses = (prefix: string) => report.responses.filter((r) => r.name.startsWith(prefix)).map((r) => r.status);
    const tags = statuses("tags ");
    // 1 r/s with burst 2 (nodelay) admits 3 at once; a fast run can earn one more token
    expect(tags.filter((s) => s === 200).length, `/api/tags statuses ${tags.join(",")}: at most rate + burst pass`).toBeLessThanOrEqual(4);
    expect(tags.filter((s) => s === 200).length, `/api/tags statuses ${tags.join(",")}: the first requests pass`).toBeGreaterThanOrEqual(3);
    expect(tags.filter((s) => s === 429).length, `/api/tags statuses ${tags.join(",")}: the rest get 429`).toBe(
      tags.filter((s) => s !== 200).length,
    );
    const limited = report.responses.find((r) => r.status === 429)!;
    expect(header(limited, "x-frame-options"), "a 429 still carries the security headers").toEqual(["DENY"]);
    expect(JSON.parse(limited.body), "a 429 is a JSON error").toEqual({ errors: { rate: ["too many requests: slow down and retry"] } });
    const frontend = statuses("frontend ");
    expect(frontend, "/ (frontend) is not rate limited, even right after /api was").toEqual(Array(burst).fill(200));
  });

  it("believes X-Forwarded-For only from nginx.trustedProxies: a client cannot pick the address its limits and logs see", async () => {
    const limits = set("gateway.nginx.rateLimit.requestsPerSecond=1", "gateway.nginx.rateLimit.burst=2");
    const claimed = Array.from({ length: 12 }, (_, i) => `203.0.113.${i + 1}`);
    // from a pod-range address, each request claiming another client
    const forged = claimed.map((address, i) => ({ name: `forged ${i}`, path: "/api/tags", from: "10.1.2.3", headers: { "x-forwarded-for": address } }));
    // the defaults believe no proxy: the header changes nothing
    const untrusted = await serve(await renderConf(latestHelm, limits), forged, "the default trustedProxies (none)", true);
    const passed = untrusted.responses.filter((r) => r.status === 200);
    expect(passed.length, `statuses ${untrusted.responses.map((r) => r.status).join(",")}: one client's rate and burst`).toBeLessThanOrEqual(4);
    expect(new Set(passed.map((r) => r.upstream?.headers["x-real-ip"])), "the client the services are told of").toEqual(new Set(["10.1.2.3"]));
    expect(untrusted.accessLog).not.toContain("203.0.113.");
    // a proxy named in trustedProxies, or in realIpFrom, its deprecated name, is believed: each client it forwards has a limit of its own
    for (const key of ["trustedProxies", "realIpFrom"]) {
      const trusted = await serve(await renderConf(latestHelm, [...limits, "--set-json", `gateway.nginx.${key}=["10.1.2.3/32"]`]), forged, `${key} naming the proxy`, true);
      expect(trusted.responses.map((r) => r.status), key).toEqual(Array(12).fill(200));
      expect(trusted.responses.map((r) => r.upstream?.headers["x-real-ip"]).sort(), key).toEqual([...claimed].sort());
    }
  });

  it("answers in JSON, with the request id, every status it makes itself on an API route; the frontend's routes keep nginx's HTML", async () => {
    const conf = await renderConf(latestHelm, set("gateway.nginx.proxyReadTimeoutSeconds=1"));
    const report = await serve(
      conf,
      [
        { name: "malformed percent-encoding", path: "/api/articles/%E0%A4%A" },
        { name: "NUL in the path", path: "/api/articles/%00" },
        { name: "TRACE", path: "/api/tags", method: "TRACE" },
        { name: "100 KB query", path: `/api/articles?tag=${"x".repeat(100_000)}` },
        { name: "9 KB Authorization", path: "/api/user", headers: { authorization: `Token ${"x".repeat(9_000)}` } },
        { name: "service dies", path: "/api/tags?stub=reset" },
        { name: "service too slow", path: "/api/tags?stub=slow" },
        { name: "no such API route", path: "/api/nothing" },
        { name: "bare /api", path: "/api?x=1" },
        { name: "normalised out of /api", path: "/api/articles/..%2F..%2Fuser" },
        { name: "frontend dies", path: "/?stub=reset" },
      ],
      "JSON error pages",
    );
    const expected: Record<string, [number, string]> = {
      "malformed percent-encoding": [400, "request"],
      "NUL in the path": [400, "request"],
      TRACE: [405, "method"],
      "100 KB query": [414, "request"],
      "9 KB Authorization": [431, "headers"],
      "service dies": [502, "gateway"],
      "service too slow": [504, "gateway"],
      "no such API route": [404, "path"],
      "bare /api": [404, "path"],
      "normalised out of /api": [404, "path"],
    };
    for (const [name, [status, key]] of Object.entries(expected)) {
      const res = responseTo(report, name);
      expect(res.status, name).toBe(status);
      expect(header(res, "content-type"), `${name}: content type`).toEqual(["application/json"]);
      expect(header(res, "x-request-id")?.[0], `${name}: request id`).toMatch(/^[0-9a-f]{32}$/);
      expect(Object.keys(JSON.parse(res.body).errors), `${name}: ${res.body}`).toEqual([key]);
    }
    expect(report.upstreamRequests.filter((r) => r.service === "frontend"), "no API path reached the single-page app").toEqual([expect.objectContaining({ url: "/?stub=reset" })]);
    const frontend = responseTo(report, "frontend dies");
    expect(frontend.status).toBe(502);
    expect(header(frontend, "content-type")?.[0]).toMatch(/^text\/html/);
  });

  it("answers a switched-off upstream (gateway.upstreams.images.enabled=false) with a 503 JSON error", async () => {
    const conf = await renderConf(latestHelm, set("gateway.upstreams.images.enabled=false"));
    expect(conf, "no upstream block for a switched-off images").not.toMatch(/upstream images\b/);
    const report = await serve(
      conf,
      [
        { name: "GET /api/images", path: "/api/images" },
        { name: "GET /api/images/abc", path: "/api/images/abc" },
        { name: "GET /api/tags", path: "/api/tags" },
      ],
      "images switched off",
    );
    for (const name of ["GET /api/images", "GET /api/images/abc"]) {
      const res = responseTo(report, name);
      expect(res.status, `${name} with images off`).toBe(503);
      expect(header(res, "content-type"), `${name}: content type`).toEqual(["application/json"]);
      expect(JSON.parse(res.body), `${name}: body`).toEqual({ errors: { gateway: ["images is disabled in this installation"] } });
    }
    expect(report.upstreamRequests.filter((r) => r.service === "images"), "nothing should reach the images stub").toEqual([]);
    expect(responseTo(report, "GET /api/tags").upstream?.service, "the other routes keep working").toBe("posts");
  });

  it("sheds requests past maxRequestsInFlight to one upstream at once, with a JSON 503 and Retry-After, and leaves the other upstreams be", async () => {
    const conf = await renderConf(latestHelm, set("gateway.nginx.maxRequestsInFlight=2", "gateway.nginx.rateLimit.enabled=false"));
    const report = await serve(
      conf,
      [
        ...Array.from({ length: 6 }, (_, i) => ({ name: `slow tags ${i}`, path: "/api/tags?stub=slow" })),
        { name: "user", path: "/api/user" },
      ],
      "maxRequestsInFlight 2",
      true,
    );
    const tags = report.responses.filter((r) => r.name.startsWith("slow tags "));
    const statuses = tags.map((r) => r.status);
    expect(statuses.filter((s) => s === 200), `statuses ${statuses.join(",")}: two wait on posts`).toHaveLength(2);
    const shed = tags.filter((r) => r.status === 503);
    expect(shed, `statuses ${statuses.join(",")}: the rest are shed`).toHaveLength(4);
    for (const res of shed) {
      expect(JSON.parse(res.body)).toEqual({ errors: { capacity: ["the gateway is at capacity: retry after the Retry-After seconds"] } });
      expect(header(res, "retry-after")).toEqual(["1"]);
      expect(header(res, "x-frame-options"), "a shed request still carries the security headers").toEqual(["DENY"]);
      // at once, not after the slow upstream's 2.5 s (a loaded CI machine may take a while to answer at all)
      expect(res.milliseconds!, "a shed is answered at once").toBeLessThan(1_500);
    }
    expect(report.upstreamRequests.filter((r) => r.service === "posts"), "the shed requests never reach posts").toHaveLength(2);
    expect(responseTo(report, "user").status, "auth has its own count").toBe(200);
    expect(header(responseTo(report, "user"), "retry-after"), "only 429 and 503 say when to come back").toEqual([]);
    // each shed request is in the access log; the error log holds no second line for it
    expect(report.accessLog.split("\n").filter((line) => line.includes('"status":503')), "one access log line per shed request").toHaveLength(4);
    expect(report.nginxStderr).not.toMatch(/limiting connections by zone "in_flight"/);
  });

  // Every value the schema accepts must render a config nginx accepts, its minimums included
  // (names are under gateway.).
  const edgeValues: { name: string; args: string[] }[] = [
    { name: "nginx.rateLimit.burst=0", args: set("gateway.nginx.rateLimit.burst=0") },
    { name: "nginx.upstreamKeepalive=0", args: set("gateway.nginx.upstreamKeepalive=0") },
    { name: "nginx.maxRequestsInFlight=0 (no limit)", args: set("gateway.nginx.maxRequestsInFlight=0") },
    { name: "nginx.clientMaxBodySize=0", args: ["--set-string", "gateway.nginx.clientMaxBodySize=0"] },
    { name: "nginx.rateLimit.enabled=false", args: set("gateway.nginx.rateLimit.enabled=false") },
    { name: "nginx.trustedProxies with ranges", args: ["--set-json", 'gateway.nginx.trustedProxies=["10.0.0.0/8","fd00::/8"]'] },
    { name: "both names of the trusted proxies, overlapping", args: ["--set-json", 'gateway.nginx.trustedProxies=["10.0.0.0/8"]', "--set-json", 'gateway.nginx.realIpFrom=["10.0.0.0/8","fd00::/8"]'] },
    { name: "the fewest workers", args: set("gateway.nginx.workerProcesses=1", "gateway.nginx.workerConnections=64") },
    { name: "every upstream off", args: set(...Object.keys(upstreamPorts).map((name) => `gateway.upstreams.${name}.enabled=false`)) },
  ];
  it.each(edgeValues)("nginx -t accepts the config rendered with $name", async ({ name, args }) => {
    const conf = await renderConf(latestHelm, args);
    expectConfigAccepted(await runGateway(conf), conf, `the nginx.conf rendered with gateway ${name}`);
  });

  it("fails nginx -t on a broken config and names the broken line", async () => {
    const conf = await defaultConf();
    const lines = conf.split("\n");
    const index = lines.findIndex((l) => l.trim() === "proxy_pass http://posts;");
    expect(index, "the rendered config should proxy to posts").toBeGreaterThan(-1);
    lines[index] = lines[index]!.replace("proxy_pass", "proxy_pas");
    const broken = lines.join("\n");

    const report = await runGateway(broken);
    const message = `${report.configTest.output}${pointAt(report.configTest.output, broken)}`;
    expect(report.configTest.ok, "nginx -t should reject the broken copy").toBe(false);
    expect(message).toContain(`unknown directive "proxy_pas" in /tmp/nginx.conf:${index + 1}`);
    expect(message).toContain(`line ${index + 1} of the rendered nginx.conf: proxy_pas http://posts;`);
  });
});
