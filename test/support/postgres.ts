// A real Postgres (Debian's postgresql package) on a loopback port of its own, for tests. As root
// it runs as the postgres user (Postgres refuses to run as root). stop()/start() simulate an outage.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.ts";

export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Where the server's socket is: a superuser (`postgres`) logs in there without a password. */
  socketDir: string;
  start(): void;
  stop(): void;
  /** Stops the server and deletes its files. */
  destroy(): void;
}

/** The directory of Debian's newest Postgres server and client programs. */
export function binDir(): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error("Postgres is not installed: apt-get install -y postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "test-postgres-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  const runAs = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    const result = spawnSync(file, argv, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  };
  const port = await freePort();
  // local socket for our own setup; TCP with a password, as the services connect
  runAs(`${bin}/initdb`, ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const instance: TestPostgres = {
    host: "127.0.0.1",
    port,
    user: "blog",
    password: "test-password",
    database: "blog",
    socketDir: dir,
    start: () => runAs(`${bin}/pg_ctl`, ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "30", "start"]),
    stop: () => runAs(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]),
    destroy: () => {
      try {
        instance.stop();
      } catch {
        // already stopped
      }
      // a server still shutting down (Ctrl-C reaches it too) may write a last file meanwhile
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  instance.start();
  try {
    // one -c per statement: create database cannot run inside the transaction a multi-statement -c is
    const psql = ["-h", dir, "-p", String(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"];
    runAs(`${bin}/psql`, [...psql, "-c", `create role blog login password '${instance.password}'`, "-c", "create database blog owner blog"]);
  } catch (error) {
    instance.destroy();
    throw error;
  }
  return instance;
}
