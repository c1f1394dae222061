// Runs the rendered gateway nginx.conf for real, inside private namespaces, and prints a JSON
// report on stdout. gateway.test.ts starts it as
//
//   unshare --net --mount --pid --fork --kill-child -- node --import tsx test/gateway/harness.ts <workdir>
//
// Why the namespaces:
// - --net: a fresh loopback, so nginx can listen on its fixed container port 8080 and the stub
//   upstreams on fixed ports even when the host has them taken; no traffic leaves the namespace.
// - --mount: the config writes its pid and temp files to fixed /tmp paths (as the pod does); we
//   bind-mount <workdir> onto /tmp so parallel runs (and other users of the host's /tmp) never
//   share /tmp/nginx.pid or /tmp/client_temp.
// - --pid --fork --kill-child: this process is PID 1 of its namespace, so when it exits, or when
//   the test kills `unshare` on a timeout, the kernel kills nginx and everything else inside.
//
// <workdir> holds nginx.conf and spec.json (a Spec); the report is a Report.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface GatewayRequest {
  /** names the check in assertion messages */
  name: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** size of a request body of "x"s to send */
  bodyBytes?: number;
  /** the client's own address (added to the namespace's loopback), e.g. a pod address nginx should or should not trust; 127.0.0.1 by default */
  from?: string;
}

export interface Spec {
  /** stub upstream name -> port on 127.0.0.1 (the chart's gateway.upstreams.<name>.port) */
  upstreams: Record<string, number>;
  /** sent one after another, each on a new client connection; empty means `nginx -t` only */
  requests: GatewayRequest[];
  /** send all requests at once instead (a burst that a slow machine cannot stretch out) */
  concurrent?: boolean;
}

/** What a stub upstream answers: who it is and what it received. */
export interface UpstreamEcho {
  service: string;
  method: string;
  url: string;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
  /** the stub's id for the TCP connection the request came on (1, 2, ... per stub) */
  connection: number;
  bodyBytes: number;
}

export interface GatewayResponse {
  name: string;
  path: string;
  status: number;
  /** lower-cased header name -> every value sent (a repeated header shows up twice) */
  headers: Record<string, string[]>;
  body: string;
  /** set when the body came from a stub upstream */
  upstream?: UpstreamEcho;
  /** from sending the request to the end of the answer */
  milliseconds?: number;
  error?: string;
}

export interface Report {
  configTest: { ok: boolean; output: string };
  started: boolean;
  responses: GatewayResponse[];
  /** every request each stub saw */
  upstreamRequests: UpstreamEcho[];
  /** TCP connections each stub accepted */
  upstreamConnections: Record<string, number>;
  /** nginx's stderr (error_log) and stdout (the JSON access log) */
  nginxStderr: string;
  accessLog: string;
  error?: string;
}

const GATEWAY_PORT = 8080; // fixed in the chart: it is the container port
const CONF = "/tmp/nginx.conf"; // after the bind mount
const NGINX = process.env.NGINX ?? "nginx";
// -e stderr: log startup errors to stderr, not to the compiled-in /var/log/nginx/error.log
const NGINX_ARGS = ["-p", "/tmp/", "-c", CONF, "-e", "stderr"];

// nginx's stdout and stderr go to files, not to pipes from node: the config logs to /dev/stdout and
// /dev/stderr, which nginx opens by path, and libuv's "pipes" are sockets, which cannot be opened
// that way (ENXIO). In the pod they are the container runtime's pipes or files, which can.
function logFiles(name: string): { stdio: ["ignore", number, number]; read: () => { stdout: string; stderr: string } } {
  const paths = [`/tmp/${name}.stdout`, `/tmp/${name}.stderr`] as const;
  const fds = paths.map((path) => openSync(path, "w"));
  return {
    stdio: ["ignore", fds[0]!, fds[1]!],
    read: () => {
      fds.forEach((fd) => closeSync(fd));
      return { stdout: readFileSync(paths[0], "utf8"), stderr: readFileSync(paths[1], "utf8") };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startStub(service: string, port: number, seen: UpstreamEcho[], connections: Record<string, number>): Promise<Server> {
  connections[service] = 0;
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on("data", (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on("end", () => {
      const echo: UpstreamEcho = {
        service,
        method: req.method ?? "",
        url: req.url ?? "",
        httpVersion: req.httpVersion,
        headers: req.headers,
        connection: (req.socket as unknown as { stubId: number }).stubId,
        bodyBytes,
      };
      seen.push(echo);
      // ?stub=reset: the service dies mid-request (nginx answers 502); ?stub=slow: it answers after 2.5 s
      if (echo.url.includes("stub=reset")) return void req.socket.destroy();
      const answer = () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(echo));
      };
      if (echo.url.includes("stub=slow")) setTimeout(answer, 2500);
      else answer();
    });
  });
  server.on("connection", (socket) => {
    (socket as unknown as { stubId: number }).stubId = ++connections[service]!;
  });
  // Node closes idle keep-alive connections after 5 s by default; hold them longer than any run,
  // so a connection count measures nginx's reuse and nothing else.
  server.keepAliveTimeout = 120_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** One request on a new connection; never throws (a failure is reported on the response). */
function send(req: GatewayRequest): Promise<GatewayResponse> {
  return new Promise((resolve) => {
    const base = { name: req.name, path: req.path, status: 0, headers: {}, body: "" };
    const started = performance.now();
    const body = req.bodyBytes === undefined ? undefined : "x".repeat(req.bodyBytes);
    const r = httpRequest(
      {
        host: "127.0.0.1",
        port: GATEWAY_PORT,
        path: req.path,
        method: req.method ?? "GET",
        headers: { ...req.headers, ...(body === undefined ? {} : { "content-length": String(body.length) }) },
        agent: false,
        timeout: 5_000,
        ...(req.from ? { localAddress: req.from } : {}),
      },
      (res) => {
        const headers: Record<string, string[]> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          (headers[res.rawHeaders[i]!.toLowerCase()] ??= []).push(res.rawHeaders[i + 1]!);
        }
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const response: GatewayResponse = { ...base, status: res.statusCode ?? 0, headers, body: text, milliseconds: performance.now() - started };
          try {
            const parsed = JSON.parse(text) as Partial<UpstreamEcho>;
            if (typeof parsed.service === "string" && typeof parsed.connection === "number") response.upstream = parsed as UpstreamEcho;
          } catch {
            // not a stub's answer (nginx's own pages, /health)
          }
          resolve(response);
        });
      },
    );
    r.on("timeout", () => r.destroy(new Error("no response within 5 s")));
    r.on("error", (err) => resolve({ ...base, error: err.message }));
    r.end(body);
  });
}

async function waitForNginx(nginx: ChildProcess): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode} while starting`);
    const res = await send({ name: "startup", path: "/health" });
    if (res.status === 200) return;
    await sleep(100);
  }
  throw new Error("nginx did not answer /health within 5 s");
}

/** SIGQUIT is nginx's graceful stop; SIGKILL after 3 s. (PID 1 exiting would kill it anyway.) */
async function stopNginx(nginx: ChildProcess): Promise<void> {
  if (nginx.exitCode !== null || nginx.signalCode !== null) return;
  const exited = new Promise((resolve) => nginx.once("exit", resolve));
  nginx.kill("SIGQUIT");
  const timer = setTimeout(() => nginx.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

// filled in as the run goes, so a failure still reports what happened up to it
const report: Report = {
  configTest: { ok: false, output: "" },
  started: false,
  responses: [],
  upstreamRequests: [],
  upstreamConnections: {},
  nginxStderr: "",
  accessLog: "",
};

async function main(workdir: string): Promise<void> {
  // Only ever inside the namespaces `unshare` made: outside them the bind mount below would hide
  // the host's /tmp. Being PID 1 proves we are in a fresh PID namespace.
  if (process.pid !== 1) throw new Error("run me through unshare --net --mount --pid --fork (see the top of this file)");
  const spec = JSON.parse(readFileSync(`${workdir}/spec.json`, "utf8")) as Spec;
  execFileSync("mount", ["--bind", workdir, "/tmp"]);
  execFileSync("ip", ["link", "set", "lo", "up"]);
  for (const from of new Set(spec.requests.flatMap((r) => (r.from ? [r.from] : [])))) execFileSync("ip", ["addr", "add", `${from}/32`, "dev", "lo"]);

  const testLogs = logFiles("nginx-t");
  const test = spawnSync(NGINX, ["-t", ...NGINX_ARGS], { stdio: testLogs.stdio, timeout: 10_000 });
  const testOutput = testLogs.read();
  report.configTest = { ok: test.status === 0, output: `${testOutput.stderr}${testOutput.stdout}${test.error?.message ?? ""}` };
  if (!report.configTest.ok || spec.requests.length === 0) return;

  const servers = await Promise.all(
    Object.entries(spec.upstreams).map(([name, port]) => startStub(name, port, report.upstreamRequests, report.upstreamConnections)),
  );
  const logs = logFiles("nginx");
  const nginx = spawn(NGINX, [...NGINX_ARGS, "-g", "daemon off;"], { stdio: logs.stdio });
  try {
    await waitForNginx(nginx);
    report.started = true;
    // the startup probe is not one of the checks; only the spec's requests are reported
    if (spec.concurrent) report.responses.push(...(await Promise.all(spec.requests.map(send))));
    else for (const req of spec.requests) report.responses.push(await send(req));
  } finally {
    await stopNginx(nginx);
    ({ stdout: report.accessLog, stderr: report.nginxStderr } = logs.read());
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  }
}

// The whole run is bounded: whatever hangs, the report (with the error) is printed within 45 s,
// and exiting PID 1 takes every process in the namespace with it.
const deadline = setTimeout(() => {
  report.error = "harness timed out after 45 s";
  process.stdout.write(JSON.stringify(report) + "\n");
  process.exit(2);
}, 45_000);

main(process.argv[2] ?? "")
  .catch((err: unknown) => {
    report.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(deadline);
    // a pipe on Linux is written synchronously, so the report is out before exit
    process.stdout.write(JSON.stringify(report) + "\n");
    process.exit();
  });
