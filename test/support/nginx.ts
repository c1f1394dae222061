// A rendered nginx.conf run for real by Debian's nginx, the way its pod runs it: in a private mount
// namespace whose /tmp is a fresh directory (the pod's emptyDir; the chart's configs keep their pid
// and temp files there), with `binds` mounted where the image has them (e.g. the built app over
// /usr/share/nginx/html), in the foreground. Needs root (unshare), as the gateway test does.
import { execa } from "execa";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";

export interface RunningNginx {
  output(): string;
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });

export async function startNginx(conf: string, port: number, binds: Record<string, string> = {}): Promise<RunningNginx> {
  // outside /tmp, which the bind below hides
  const dir = mkdtempSync("/var/tmp/nginx-pod-");
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  writeFileSync(join(dir, "nginx.conf"), conf);
  // /tmp last: the other sources may live under it
  const mounts = [...Object.entries(binds).map(([target, source]) => `mount --bind '${source}' '${target}'`), `mount --bind '${tmp}' /tmp`];
  const child = execa("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", `${mounts.join(" && ")} && exec nginx -c '${join(dir, "nginx.conf")}' -g 'daemon off;'`], {
    reject: false,
    all: true,
  });
  let output = "";
  child.all.on("data", (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; !(await listening(port)); i++) {
    if (child.exitCode !== null || i > 100) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    output: () => output,
    async stop() {
      // SIGQUIT: nginx's graceful shutdown, as on a pod's termination
      child.kill("SIGQUIT");
      await child;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
