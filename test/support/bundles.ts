// Services as their containers run them: the esbuild bundle (services/build.ts), started as its own
// process with nothing but environment variables, and waited for on /ready.
import { execa, type ResultPromise } from "execa";
import { join } from "node:path";
import { freePort } from "./ports.ts";

const repo = new URL("../../", import.meta.url).pathname;

/** Bundles `service` into `<dir>/<service>.mjs` and returns that path. */
export async function buildBundle(service: string, dir: string): Promise<string> {
  const file = join(dir, `${service}.mjs`);
  await execa("npx", ["tsx", "services/build.ts", service, file], { cwd: repo });
  return file;
}

export interface BundleProcess {
  url: string;
  port: number;
  /** where its metrics are served (METRICS_PORT, a free port of its own) */
  metricsUrl: string;
  child: ResultPromise<{ env: Record<string, string>; extendEnv: false; reject: false; all: true }>;
  /** What it has written so far, stdout and stderr interleaved (its JSON log lines). */
  output(): string;
}

/**
 * Starts a bundle on a free loopback port and resolves once /ready answers 200; a process that exits
 * or stays unready fails with its output. `cpus` pins it (taskset), as a CPU limit would.
 */
export async function startBundle(file: string, env: Record<string, string>, options: { cpus?: string; timeoutMs?: number } = {}): Promise<BundleProcess> {
  const port = await freePort();
  let metricsPort = await freePort();
  while (metricsPort === port) metricsPort = await freePort();
  const [command, args] = options.cpus ? ["taskset", ["-c", options.cpus, process.execPath, file]] : [process.execPath, [file]];
  const child = execa(command, args, { env: { ...env, PORT: String(port), METRICS_PORT: String(metricsPort) }, extendEnv: false, reject: false, all: true });
  let output = "";
  child.all.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!(await fetch(`${url}/ready`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${file} did not become ready on ${url}:\n${(await child).all}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, port, metricsUrl: `http://127.0.0.1:${metricsPort}`, child, output: () => output };
}
