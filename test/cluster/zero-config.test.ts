// `helm install` with no values at all, on the test cluster: the credentials Job (a pre-install
// hook running auth's image) creates the Secrets, every pod becomes Ready and helm test passes; an
// upgrade with no values replaces no pod and changes no Secret; uninstall keeps the Secrets. And the
// Job's refusals: a Secret without a key the chart reads, and a database password gone while the
// data it opened remains, each fail the install with a message naming them.
import { afterAll, describe, expect, it } from "vitest";
import { chartDir, helms } from "../helpers/helm.ts";
import { helm, kubectl, kubectlJson, kubectlResult, pods } from "./kube.ts";

const binary = helms[1]!;
// the superuser's password, each service's own role's (global.database.serviceRoles), Redis's, each
// service's own Redis user's (global.redis.serviceUsers) and the JWT keys
const made = [
  ...["auth", "comments", "credentials", "images", "posts"].map((name) => `blog-database-${name}`),
  "blog-jwt",
  ...["auth", "comments", "credentials", "posts"].map((name) => `blog-redis-${name}`),
];
// the release's own pods: the Job's pod is a hook's, and comes and goes with each run
const release = "app.kubernetes.io/instance=blog,app.kubernetes.io/component!=credentials";

const freshNamespace = async (namespace: string) => {
  await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]);
  await kubectl(["create", "namespace", namespace]);
};
const generated = async (namespace: string) =>
  (await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "secrets", "-l", "app.kubernetes.io/managed-by=blog-platform-credentials"])).items
    .map((s) => ({ name: s.metadata.name as string, resourceVersion: s.metadata.resourceVersion as string, keys: Object.keys(s.data ?? {}).sort(), data: s.data as Record<string, string> }))
    .sort((a, b) => a.name.localeCompare(b.name));
const jobLog = async (namespace: string) => (await kubectlResult(["-n", namespace, "logs", "job/blog-credentials"])).all ?? "";

describe("the zero-values install", () => {
  const namespace = "zero-config";
  const broken = "zero-config-broken";
  afterAll(() => kubectl(["delete", "namespace", namespace, broken, "--ignore-not-found", "--wait"]));

  it("installs with no values, passes helm test, upgrades without a change, and keeps its Secrets after uninstall", async () => {
    await freshNamespace(namespace);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
    const installed = await pods(namespace, release);
    expect(installed.length).toBeGreaterThan(8);
    expect(installed.filter((p) => !p.ready)).toEqual([]);

    const secrets = await generated(namespace);
    expect(secrets.map(({ name, keys }) => ({ name, keys }))).toEqual(made.map((name) => ({ name, keys: name === "blog-jwt" ? ["private.pem", "public.pem"] : ["password"] })));
    for (const { name, data } of secrets.filter((s) => s.name !== "blog-jwt")) expect(Buffer.from(data.password!, "base64").length, name).toBeGreaterThanOrEqual(32);

    const test = await helm(binary, ["test", "blog", "-n", namespace, "--timeout", "3m"]);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all!.match(/Phase:\s+Succeeded/g)?.length).toBe(6);

    // the Job runs again before the upgrade, finds every Secret whole, and changes nothing
    const upgrade = await helm(binary, ["upgrade", "blog", chartDir, "-n", namespace, "--wait", "--timeout", "5m"]);
    expect(upgrade.exitCode, upgrade.all).toBe(0);
    expect(await pods(namespace, release)).toEqual(installed);
    expect(await generated(namespace)).toEqual(secrets);

    const uninstall = await helm(binary, ["uninstall", "blog", "-n", namespace, "--wait", "--timeout", "3m"]);
    expect(uninstall.exitCode, uninstall.all).toBe(0);
    expect((await generated(namespace)).map((s) => s.name)).toEqual(made);

    // the password deleted while Postgres's volume remains: no new password the data would refuse
    await kubectl(["-n", namespace, "delete", "secret", "blog-database-credentials"]);
    const again = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "--wait", "--timeout", "3m"]);
    expect(again.exitCode).not.toBe(0);
    // helm 4 words it "failed pre-install: resource Job/<namespace>/blog-credentials not ready. status: Failed"
    expect(again.all).toMatch(/pre-install/);
    expect(again.all).toContain("blog-credentials");
    expect(await jobLog(namespace)).toContain(
      `Secret ${namespace}/blog-database-credentials is missing, but PersistentVolumeClaim ${namespace}/data-blog-postgres-0 still holds the database initialised with its password`,
    );
    expect((await generated(namespace)).map((s) => s.name)).toEqual(made.filter((name) => name !== "blog-database-credentials"));
  }, 900_000);

  it("fails the install, naming the Secret and the key, when a Secret exists without a key the chart reads", async () => {
    await freshNamespace(broken);
    await kubectl(["-n", broken, "create", "secret", "generic", "blog-jwt", "--from-literal=private.pem=not-checked-here"]);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", broken, "--wait", "--timeout", "3m"]);
    expect(install.exitCode).not.toBe(0);
    expect(install.all).toContain("blog-credentials");
    expect(await jobLog(broken)).toContain(`Secret ${broken}/blog-jwt exists but has no \`public.pem\``);
    // never repaired: the Secret is as it was
    const jwt = await kubectlJson<{ data: Record<string, string> }>(["-n", broken, "get", "secret", "blog-jwt"]);
    expect(Object.keys(jwt.data)).toEqual(["private.pem"]);
    expect(await pods(broken, release)).toEqual([]);
  }, 600_000);
});
