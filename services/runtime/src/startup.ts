// Start-up helpers: wait for a dependency that comes up after the pod, and fail in the log format
// the platform reads (one JSON line), naming the cause.
import { ConfigError } from "./config.ts";
import { isConnectionError } from "./database.ts";

/** Retries `task` while it fails to connect, with jittered backoff, for at most `seconds`. */
export async function retryUntilReady<T>(task: () => Promise<T>, log: { warn(o: object, m: string): void }, seconds = 50): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() > deadline) throw error;
      const delay = Math.min(250 * 2 ** attempt, 5000) * (0.5 + Math.random() / 2);
      log.warn({ err: error, attempt, retryInMs: Math.round(delay) }, "database not reachable yet");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Writes the start-up failure as one JSON log line and exits 1; a ConfigError without a stack. */
export function exitWithError(service: string, error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `start-up failed: ${(error as Error)?.message ?? String(error)}`;
  const line: Record<string, unknown> = { level: "fatal", timestamp: new Date().toISOString(), service, message };
  if (!(error instanceof ConfigError) && error instanceof Error) line.stack = error.stack;
  console.error(JSON.stringify(line));
  process.exit(1);
}
