// A rendered nginx.conf run for real by Debian's nginx, the way its pod runs it: in a private mount
// namespace whose /tmp is a fresh directory (the pod's emptyDir; the chart's configs keep their pid
// and temp files there), with `binds` mounted where the image has them (e.g. the built app over
// /usr/share/nginx/html), in the foreground. Needs root (unshare), as the gateway test does.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isListening } from "./ports.ts";
import { join } from "node:path";

export interface RunningNginx {
  output(): string;
  stop(): Promise<void>;
}

export async function startNginx(conf: string, port: number, binds: Record<string, string> = {}): Promise<RunningNginx> {
  // outside /tmp, which the bind below hides
  const dir = mkdtempSync("/var/tmp/nginx-pod-");
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  writeFileSync(join(dir, "nginx.conf"), conf);
  // /tmp last: the other sources may live under it
  const mounts = [...Object.entries(binds).map(([target, source]) => `mount --bind '${source}' '${target}'`), `mount --bind '${tmp}' /tmp`];
  // a file, not a pipe: nginx opens /dev/stdout and /dev/stderr by name, which fails on Node's socket pipes
  const log = join(dir, "nginx.log");
  const fd = openSync(log, "a");
  const child = spawn("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", `${mounts.join(" && ")} && exec nginx -c '${join(dir, "nginx.conf")}' -g 'daemon off;'`], {
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output = () => readFileSync(log, "utf8");
  for (let i = 0; !(await isListening(port)); i++) {
    if (child.exitCode !== null || i > 100) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not start on port ${port}:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    output,
    async stop() {
      // SIGQUIT: nginx's graceful shutdown, as on a pod's termination
      child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
