// A real Redis (Debian's redis-server) on a loopback port of its own, for tests; stop()/start()
// simulate an outage.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, isListening } from "./ports.ts";

export interface TestRedis {
  host: string;
  port: number;
  /** the ACL user the services log in as; Redis's default user when absent */
  user?: string;
  password: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `serverArgs` replace the default settings (no persistence, `password` for the default user), for
 * a test that runs redis-server as the chart does; the loopback port always comes last, and wins.
 */
export async function startRedis(options: { serverArgs?: string[]; password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const password = options.password ?? "test-redis-password";
  const serverArgs = options.serverArgs ?? ["--save", "", "--appendonly", "no", "--requirepass", password];
  let child: ChildProcess | undefined;
  const instance: TestRedis = {
    host: "127.0.0.1",
    port,
    password,
    async start() {
      child = spawn("redis-server", [...serverArgs, "--port", String(port), "--bind", "127.0.0.1"], { stdio: "ignore" });
      for (let i = 0; !(await isListening(port)); i++) {
        if (i > 100) throw new Error(`redis-server did not listen on ${port}: apt-get install -y redis-server`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return; // already gone (Ctrl-C reaches it too)
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
  await instance.start();
  return instance;
}
