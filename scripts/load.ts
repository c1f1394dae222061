// What both benchmarks share (npm run bench, npm run bench:cluster): one autocannon run with its
// latency percentiles, and the Markdown table they print.
import autocannon from "autocannon";

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
  requestsPerSecond: number;
  /** Latencies in milliseconds, to a tenth. */
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
}

export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  // without a callback autocannon returns an emitter that is also the promise of its result
  const instance = autocannon({
    url: options.url,
    method: options.method,
    connections: options.connections,
    duration: options.seconds,
    headers: { "content-type": "application/json", ...(options.token ? { authorization: `Token ${options.token}` } : {}) },
    ...(options.body ? { body: options.body } : {}),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return {
    connections: options.connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
