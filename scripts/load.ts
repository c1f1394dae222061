// What both benchmarks share (npm run bench, npm run bench:cluster): one autocannon run with its
// latency percentiles, and the Markdown table they print.
import autocannon from "autocannon";
import { lookup } from "node:dns/promises";
import type { EventEmitter } from "node:events";

export interface LoadOptions {
  url: string;
  method: "GET" | "POST";
  connections: number;
  seconds: number;
  token?: string;
  /** A JSON body, already serialised. */
  body?: string;
}

export interface LoadResult {
  connections: number;
  /** Successful (2xx) answers per second. */
  requestsPerSecond: number;
  /** Latencies of the successful answers in milliseconds, to a tenth. */
  p50: number;
  p95: number;
  p99: number;
  /** Answers that shed the request: 503 or 429 with Retry-After, the gateway's and the services' "come back later". */
  shed: number;
  /** The slowest shed answers, p99 in milliseconds: shedding is only cheap if it is quick. */
  shedP99: number;
  /** Requests that autocannon gave up on after its 10 s timeout (also counted in errors). */
  timeouts: number;
  /** Connection errors, timeouts and any other answer that is neither 2xx nor shed. */
  errors: number;
}

/** The q-quantile of sorted milliseconds, to a tenth; 0 when there are none. */
export const percentile = (sorted: number[], q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;

/**
 * The URL with its host name resolved, once. autocannon and fetch look the name up again for every
 * connection they open; 1,000 of them at once queue in libuv's four resolver threads, behind a
 * cluster DNS that shares the loaded core, and the last connections time out before they open, which
 * the runs counted as the platform's timeouts.
 */
export async function resolvedUrl(url: string): Promise<string> {
  const resolved = new URL(url);
  const { address, family } = await lookup(resolved.hostname);
  // a URL takes an IPv6 address in brackets only; the Host header becomes the address, which the
  // gateway (server_name _) and the services do not read
  resolved.hostname = family === 6 ? `[${address}]` : address;
  return resolved.href.replace(/\/$/, "");
}

export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  const ok: number[] = [];
  const shed: number[] = [];
  // a client's last answer had Retry-After: its headers arrive before its 'response' event
  const retryAfter = new WeakMap<object, boolean>();
  // without a callback autocannon returns an emitter that is also the promise of its result
  const instance = autocannon({
    url: options.url,
    method: options.method,
    connections: options.connections,
    duration: options.seconds,
    headers: { "content-type": "application/json", ...(options.token ? { authorization: `Token ${options.token}` } : {}) },
    ...(options.body ? { body: options.body } : {}),
    setupClient: (client: autocannon.Client) => {
      // the client's 'headers' event is in autocannon's httpClient, not in its typings
      (client as unknown as EventEmitter).on("headers", ({ headers }: { headers: string[] }) => retryAfter.set(client, headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === "retry-after")));
    },
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on("response", (client: object, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) ok.push(ms);
    else if ((status === 503 || status === 429) && retryAfter.get(client)) shed.push(ms);
  });
  const result = await instance;
  ok.sort((a, b) => a - b);
  shed.sort((a, b) => a - b);
  return {
    connections: options.connections,
    requestsPerSecond: Math.round(ok.length / (result.duration || options.seconds)),
    p50: percentile(ok, 0.5),
    p95: percentile(ok, 0.95),
    p99: percentile(ok, 0.99),
    shed: shed.length,
    shedP99: percentile(shed, 0.99),
    timeouts: result.timeouts,
    // autocannon's errors already hold its timeouts; its non2xx hold the shed answers
    errors: result.errors + result.non2xx - shed.length,
  };
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
