// A real Redis (Debian's redis-server) on a loopback port of its own, for tests; stop()/start()
// simulate an outage.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, isListening } from "./ports.ts";

export interface TestRedis {
  host: string;
  port: number;
  password: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const password = "test-redis-password";
  let child: ChildProcess | undefined;
  const instance: TestRedis = {
    host: "127.0.0.1",
    port,
    password,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password], { stdio: "ignore" });
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
