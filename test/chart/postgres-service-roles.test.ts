// The postgres subchart's service-roles script (files/service-roles.sh), run as its container runs
// it, against a real Postgres: each service gets a role of its own that owns its schema alone.
// Before it every service logged in as the one superuser, so images could read auth.users.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa, type ResultPromise } from "execa";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { binDir, startPostgres, type TestPostgres } from "../support/postgres.ts";
import { chartDir } from "../helpers/helm.ts";

const script = join(chartDir, "charts/postgres/files/service-roles.sh");
const dir = mkdtempSync(join(tmpdir(), "service-roles-"));
const passwords = join(dir, "passwords");
const ready = join(dir, "ready");
let server: TestPostgres;
let running: ResultPromise<{ all: true; reject: false }> | undefined;

const connect = async (user: string, password: string) => {
  const client = new pg.Client({ host: server.host, port: server.port, database: server.database, user, password });
  await client.connect();
  return client;
};
const as = async <T>(user: string, password: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = await connect(user, password);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};
const superuser = (sql: string) => execa(join(binDir(), "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.socketDir, "-p", String(server.port), "-U", "postgres", "-d", server.database, "-c", sql]);
// insufficient_privilege
const DENIED = { code: "42501" };

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  server = await startPostgres();
  // what an earlier version left: the posts schema and its tables, made by the shared user
  await superuser("create schema posts authorization blog");
  await as(server.user, server.password, (c) => c.query("create table posts.articles (id bigint generated always as identity primary key, title text); insert into posts.articles (title) values ('kept')"));
  await execa("mkdir", ["-p", passwords]);
  for (const service of ["auth", "posts", "images"]) writeFileSync(join(passwords, service), `${service}-password`);
  running = execa("sh", [script], {
    env: { PATH: `${binDir()}:${process.env.PATH}`, PGHOST: server.socketDir, PGPORT: String(server.port), PGUSER: "postgres", PGDATABASE: server.database, ROLE_PASSWORDS: passwords, READY_FILE: ready, INTERVAL: "1" },
    all: true,
    reject: false,
  });
  await waitFor(() => existsSync(ready), `${ready} (service-roles.sh)`);
}, 60_000);

afterAll(async () => {
  running?.kill("SIGTERM");
  const result = await running;
  server?.destroy();
  // TERM ends its wait cleanly
  expect(result?.exitCode, String(result?.all)).toBe(0);
});

describe("service-roles.sh", () => {
  it("gives each service a login role that is no superuser and owns its own schema", async () => {
    const roles = await as(server.user, server.password, (c) =>
      c.query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; owner: string }>(
        "select rolname, rolsuper, rolcreatedb, rolcreaterole, (select pg_get_userbyid(nspowner) from pg_namespace where nspname = rolname) as owner from pg_roles where rolname in ('auth', 'posts', 'images') order by rolname",
      ),
    );
    expect(roles.rows).toEqual(["auth", "images", "posts"].map((rolname) => ({ rolname, rolsuper: false, rolcreatedb: false, rolcreaterole: false, owner: rolname })));
    await as("auth", "auth-password", async (c) => {
      await c.query("create table auth.users (id bigint generated always as identity primary key, email text)");
      await c.query("insert into auth.users (email) values ('a@example.com')");
    });
  });

  it("keeps every other service out of a schema: images cannot read auth.users", async () => {
    await as("images", "images-password", async (c) => {
      await expect(c.query("select * from auth.users")).rejects.toMatchObject(DENIED);
      await expect(c.query("create table auth.planted (x int)")).rejects.toMatchObject(DENIED);
      await expect(c.query("create table public.planted (x int)")).rejects.toMatchObject(DENIED);
      await c.query("create table images.files (id int)");
    });
  });

  it("hands the tables an earlier version made as the shared user to the service's role", async () => {
    const rows = await as("posts", "posts-password", async (c) => {
      await c.query("insert into posts.articles (title) values ('new')");
      return (await c.query<{ title: string }>("select title from posts.articles order by id")).rows.map((r) => r.title);
    });
    expect(rows).toEqual(["kept", "new"]);
  });

  it("takes a service's password from its file again on the next pass", async () => {
    writeFileSync(join(passwords, "images"), "images-new-password");
    await waitFor(() => as("images", "images-new-password", async () => true).catch(() => false), "the new images password");
    await expect(connect("images", "images-password")).rejects.toMatchObject({ code: "28P01" });
  });
});
