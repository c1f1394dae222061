// The cluster's long-running programs (etcd, the control plane, containerd, kubelet, kube-proxy, the
// API server forward): each started detached, so it outlives `cluster:up`, with its output in
// out/cluster/logs/<name>.log and its pid in out/cluster/run/<name>.pid, and stopped by `cluster:down`
// in the reverse order. A daemon that exits while the cluster starts fails the step that waits on it,
// with its last log lines.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { logDir, logFile, runDir } from "./paths.ts";

const pidFile = (name: string) => join(runDir, `${name}.pid`);

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface Daemon {
  name: string;
  pid: number;
  log: string;
}

/** Starts a daemon in this process's network namespace, in a process group of its own. */
export function startDaemon(name: string, command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Daemon {
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const log = logFile(name);
  // a fresh log for each start: the previous cluster's lines would mislead whoever reads it
  writeFileSync(log, `--- ${new Date().toISOString()} ${command} ${args.join(" ")}\n`);
  const out = openSync(log, "a");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out], env: { ...process.env, ...options.env }, cwd: options.cwd });
  if (child.pid === undefined) throw new Error(`${name}: ${command} could not be started`);
  child.unref();
  writeFileSync(pidFile(name), `${child.pid}\n`);
  // the start order, so that down stops them in reverse
  writeFileSync(join(runDir, "order"), `${name}\n`, { flag: "a" });
  return { name, pid: child.pid, log };
}

/**
 * Polls `ready` until it answers true, failing early when the daemon has exited. `ready` errors count
 * as "not yet"; the last one is part of the failure message.
 */
export async function waitUntilReady(daemon: Daemon, ready: () => Promise<boolean>, timeoutSeconds = 60): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last: unknown = "it never answered";
  while (Date.now() < deadline) {
    if (!isRunning(daemon.pid)) throw new Error(`${daemon.name} exited (log: ${daemon.log})`);
    try {
      if (await ready()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await sleep(250);
  }
  throw new Error(`${daemon.name} was not ready after ${timeoutSeconds} s: ${String(last)} (log: ${daemon.log})`);
}

/** Stops every daemon this cluster started, newest first: SIGTERM, then SIGKILL after `graceSeconds`. */
export async function stopDaemons(graceSeconds = 10): Promise<string[]> {
  if (!existsSync(runDir)) return [];
  const orderFile = join(runDir, "order");
  const order = existsSync(orderFile) ? readFileSync(orderFile, "utf8").split("\n").filter(Boolean) : [];
  const names = [...new Set([...order.reverse(), ...readdirSync(runDir).filter((f) => f.endsWith(".pid")).map((f) => f.slice(0, -4))])];
  const stopped: string[] = [];
  for (const name of names) {
    const file = pidFile(name);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, "utf8"));
    if (isRunning(pid)) {
      // the whole process group: a daemon started through nsenter or sh has its program as a child
      signal(pid, "SIGTERM");
      const deadline = Date.now() + graceSeconds * 1000;
      while (isRunning(pid) && Date.now() < deadline) await sleep(100);
      if (isRunning(pid)) signal(pid, "SIGKILL");
      stopped.push(name);
    }
    rmSync(file, { force: true });
  }
  rmSync(orderFile, { force: true });
  return stopped;
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(-pid, name);
  } catch {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}
