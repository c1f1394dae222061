// Progress for the long steps of the cluster's life (Go builds, image builds, start-up): one line when
// a step starts and one with its duration when it ends. A step that fails says which one, for how
// long it ran, and the last lines of the log file it names, so the failure message points at them.
import { existsSync, readFileSync } from "node:fs";

const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;

export function say(line: string): void {
  console.error(`[cluster ${clock()}] ${line}`);
}

/** The last `count` lines of a log file, or a note that it does not exist yet. */
export function tail(file: string, count = 30): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
}

export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly logFile: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${step} failed: ${reason}${logFile ? `\n--- last lines of ${logFile} ---\n${tail(logFile)}` : ""}`, { cause });
    this.name = "StepError";
  }
}

/** Runs one step with a start line and a done line (and its duration). `logFile` is shown on failure. */
export async function step<T>(name: string, run: () => Promise<T> | T, logFile?: string): Promise<T> {
  const t0 = Date.now();
  say(`${name} ...`);
  try {
    const result = await run();
    say(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(name, logFile, error);
  }
}
