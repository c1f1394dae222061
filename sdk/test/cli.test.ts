import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// the CLI's source, run through tsx; test/delivery/sdk-package.test.ts runs the packed bin
const source = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/values.ts", import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) => execa("node", ["--import", "tsx", source, ...args], { reject: false, env });

// each case starts its own node process: run them side by side
describe.concurrent("blog-platform CLI", { timeout: 120_000 }, () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "blog-platform-cli-"));
    await writeFile(file("good.yaml"), "posts:\n  replicaCount: 3\n");
    await writeFile(file("no-job.yaml"), "credentials:\n  enabled: false\n");
    await writeFile(file("bad.yaml"), "posts:\n  replicaCont: 3\n  image:\n    pullPolicy: Sometimes\n");
    await writeFile(file("broken.yaml"), "posts:\n  image: [a\nauth: {}\n");
    await writeFile(file("root.yaml"), "posts:\n  containerSecurityContext:\n    runAsNonRoot: false\n");
    await writeFile(file("secrets.yaml"), "global:\n  database: {existingSecret: blog-db}\n  redis: {existingSecret: blog-redis}\n  jwt: {existingSecret: blog-jwt}\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("validate: prints valid and exits 0", async () => {
    const result = await cli(["validate", file("secrets.yaml"), file("good.yaml")]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "valid", ""]);
  });

  it("validate: one line per error on stderr, exit 1", async () => {
    const result = await cli(["validate", file("good.yaml"), file("bad.yaml")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      `${file("bad.yaml")}: posts.image.pullPolicy: must be one of: Always, IfNotPresent, Never; got the string "Sometimes"`,
      `${file("bad.yaml")}: posts.replicaCont: unknown key (did you mean \`replicaCount\`?)`,
    ]);
  });

  it("validate: a YAML syntax error names the line, exit 1", async () => {
    const result = await cli(["validate", file("broken.yaml")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file("broken.yaml")}:3:1: `));
  });

  it("validate: reads a TypeScript module's default export", async () => {
    const result = await cli(["validate", fixture]);
    expect([result.exitCode, result.stdout]).toEqual([0, "valid"]);
  });

  it("render: prints the manifests of a TypeScript values module", async () => {
    const result = await cli(["render", fixture, "--namespace", "blog", "--verbose"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^kind: HorizontalPodAutoscaler$/m);
    expect(result.stderr).toMatch(/^using helm v\d+\.\d+\.\d+ \((HELM_BIN|PATH|package)\): /);
  });

  it("render: later files override earlier ones, and -o writes a file", async () => {
    const out = file("out.yaml");
    const result = await cli(["render", file("secrets.yaml"), file("good.yaml"), "--release", "r1", "-o", out]);
    expect([result.exitCode, result.stdout]).toEqual([0, ""]);
    const text = await readFile(out, "utf8");
    expect(text).toMatch(/name: r1-posts/);
    expect(text).toMatch(/replicas: 3/);
  });

  it("render: a helm failure exits 1 with helm's message", async () => {
    const result = await cli(["render", file("secrets.yaml"), "--kube-version", "1.20.0"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^helm template failed \(exit 1\):\n/);
    expect(result.stderr).toMatch(/chart requires kubeVersion: >=1.27.0-0 which is incompatible with Kubernetes v1.20.0/);
  });

  it("render: values that break a cross-field rule stop before helm, with their paths", async () => {
    const result = await cli(["render", file("good.yaml"), file("no-job.yaml")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("global.database.existingSecret: the database password is not set");
    expect(result.stderr).not.toContain("helm template failed");
  });

  it("render: an output that cannot be written exits 1 with the reason", async () => {
    const result = await cli(["render", file("secrets.yaml"), "-o", join(dir, "missing", "out.yaml")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/missing\/out\.yaml: cannot write: ENOENT/);
  });

  it("render: no helm exits 3 and says what to do", async () => {
    const result = await cli(["render", file("secrets.yaml")], { HELM_BIN: join(dir, "no-helm") });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/HELM_BIN is .*no-helm, which is not an executable file: point HELM_BIN at a helm/);
  });

  it("check: no findings, exit 0", async () => {
    const result = await cli(["check", file("good.yaml")]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "no policy findings", ""]);
  });

  it("check: one line per finding at the values path and the file that set it, exit 1", async () => {
    const result = await cli(["check", file("good.yaml"), file("root.yaml"), "--release", "r1"]);
    expect(result.exitCode).toBe(1);
    const line = `${file("root.yaml")}: posts.containerSecurityContext.runAsNonRoot: Deployment r1-posts container posts: runAsNonRoot is not true [pod-security]`;
    expect([result.stdout, result.stderr]).toEqual([line, "1 policy finding"]);
  });

  it("schema prints the JSON Schema", async () => {
    const result = await cli(["schema"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ properties: { posts: { type: "object" } } });
  });

  it("--help and --version exit 0", async () => {
    const [help, version] = await Promise.all([cli(["--help"]), cli(["--version"])]);
    expect([help.exitCode, help.stdout, help.stderr]).toEqual([0, expect.stringMatching(/^Usage: blog-platform <command>/), ""]);
    expect([version.exitCode, version.stdout, version.stderr]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+$/), ""]);
  });

  it.each([[["frob"]], [["validate", "--bogus", "x.yaml"]], [["validate", "--release", "r", "x.yaml"]], [[]], [["validate"]], [["validate", "x.txt"]]])(
    "usage errors exit 2: %j",
    async (args) => {
      const result = await cli(args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/Usage: blog-platform/);
      expect(result.stdout).toBe("");
    },
  );

  it("explain: the value at a path, the layer that gave it, and what each -f file said", async () => {
    await writeFile(file("max6.yaml"), "posts:\n  autoscaling:\n    maxReplicas: 6\n");
    await writeFile(file("max9.yaml"), "posts:\n  autoscaling:\n    maxReplicas: 9\n");
    const result = await cli(["explain", "-f", file("max6.yaml"), "-f", file("max9.yaml"), "posts.autoscaling.maxReplicas"]);
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(result.stdout.split("\n").map((line) => line.trimEnd().replace(/ +/g, " "))).toEqual([
      `posts.autoscaling.maxReplicas = 9 (from ${file("max9.yaml")})`,
      " chart defaults sets 10",
      ` ${file("max6.yaml")} sets 6`,
      ` ${file("max9.yaml")} sets 9`,
    ]);
  });

  it("explain: a path the values cannot have gets a did-you-mean, exit 1", async () => {
    const result = await cli(["explain", "posts.autoscaling.maxReplica"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([1, "", "posts.autoscaling.maxReplica: the values have no key posts.autoscaling.maxReplica (did you mean `maxReplicas`?)"]);
    const usage = await cli(["explain", "-f", file("good.yaml")]);
    expect(usage.exitCode).toBe(2);
  });

  it("migrate: rewrites a 0.1.0 file for this chart, comments kept, and validate warns of the old key", async () => {
    await writeFile(file("old.yaml"), "gateway:\n  nginx:\n    # our ingress controller\n    realIpFrom: [10.8.0.0/16]\n");
    const warned = await cli(["validate", file("old.yaml")]);
    expect([warned.exitCode, warned.stdout]).toEqual([0, "valid"]);
    expect(warned.stderr).toBe(`${file("old.yaml")}: gateway.nginx.realIpFrom: warning: is deprecated since chart 0.2.0: use gateway.nginx.trustedProxies (\`blog-platform migrate\` renames it)`);
    const migrated = await cli(["migrate", file("old.yaml"), "-o", file("new.yaml")]);
    expect(migrated.exitCode).toBe(0);
    expect(migrated.stderr.split("\n")).toEqual([
      `${file("old.yaml")}: gateway.nginx.realIpFrom is now gateway.nginx.trustedProxies (0.1.0 → 0.2.0)`,
      expect.stringMatching(new RegExp(`^${file("old.yaml")}: note: 0\\.1\\.0 → 0\\.2\\.0: 0\\.1\\.0 believed X-Forwarded-For from every private range by default`)),
    ]);
    expect(await readFile(file("new.yaml"), "utf8")).toBe("gateway:\n  nginx:\n    # our ingress controller\n    trustedProxies: [ 10.8.0.0/16 ]\n");
    expect(await readFile(file("old.yaml"), "utf8")).toContain("realIpFrom");
    const current = await cli(["migrate", file("new.yaml"), "--from", "0.2.0"]);
    expect([current.exitCode, current.stderr]).toEqual([1, `${file("new.yaml")}: values for chart 0.2.0 are current: there is nothing to migrate`]);
  });
});
