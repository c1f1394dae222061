// The chart installed as users install it, on the test cluster, with helm 3.17 and 4.1 alike:
// install --wait, each service on its own database role and Redis user, helm test and the smoke flow through the gateway; an upgrade with a changed value rolls the pods with no failed
// request under steady load through the gateway; an upgrade with no change restarts nothing;
// rollback; uninstall leaves no object of the release behind.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ciValuesDir, helms, chartDir } from "../helpers/helm.ts";
import { helm, inCluster, kubectl, kubectlJson, nodeNetworkIngress, objectsLeftAfterUninstall, pods, podsGone, prepareNamespace } from "./kube.ts";

const values = join(ciValuesDir, "default-values.yaml");
// the smoke flow and the reader run on the node network
const access = nodeNetworkIngress("gateway");
const steadyLoad = new URL("./steady-load.ts", import.meta.url).pathname;
const smokeFlow = new URL("./smoke-flow.ts", import.meta.url).pathname;

describe.each(helms)("helm $version on the cluster", (binary) => {
  const namespace = `install-helm${binary.version.split(".")[0]}`;

  // the node has two CPUs: one release at a time, its namespace removed whatever the outcome
  afterEach(() => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));

  it("installs with --wait, passes helm test, upgrades, rolls back and uninstalls", async () => {
    await prepareNamespace(namespace);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "-f", values, ...access, "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
    const installed = await pods(namespace);
    expect(installed.length).toBeGreaterThan(8);
    expect(installed.filter((p) => !p.ready)).toEqual([]);

    // each service logs in as its own role (global.database.serviceRoles), which sees no other's schema
    const psql = (user: string, sql: string) => kubectl(["-n", namespace, "exec", "blog-postgres-0", "-c", "postgres", "--", "psql", "-X", "-At", "-U", user, "-d", "blog", "-c", sql]);
    const sessions = (await psql("blog", "select distinct usename from pg_stat_activity where backend_type = 'client backend' order by 1")).split("\n");
    expect(sessions).toEqual(expect.arrayContaining(["auth", "comments", "images", "posts"]));
    await expect(psql("images", "select count(*) from auth.users")).rejects.toThrow(/permission denied for schema auth/);
    expect(await psql("auth", "select count(*) >= 0 from auth.users")).toBe("t");
    // and to Redis as its own user (global.redis.serviceUsers), kept to its own keys
    const redisCli = (args: string) => kubectl(["-n", namespace, "exec", "deploy/blog-redis", "-c", "redis", "--", "sh", "-c", `redis-cli --no-auth-warning ${args}`]);
    const redisUsers = new Set([...(await redisCli('-a "$REDIS_PASSWORD" CLIENT LIST')).matchAll(/ user=(\S+)/g)].map((m) => m[1]));
    expect([...redisUsers]).toEqual(expect.arrayContaining(["auth", "comments", "posts"]));
    expect(await redisCli('--user comments --pass "$REDIS_PASSWORD_COMMENTS" GET login:ip:203.0.113.1')).toMatch(/^NOPERM/);

    const test = await helm(binary, ["test", "blog", "-n", namespace, "--timeout", "3m"]);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all!.match(/Phase:\s+Succeeded/g)?.length).toBe(6);

    // a reader and a writer use the blog through the gateway's Service
    const smoke = await inCluster([process.execPath, "--import", "tsx", smokeFlow, `http://blog-gateway.${namespace}.svc.cluster.local`]);
    expect(smoke.exitCode, smoke.all).toBe(0);
    const checks = JSON.parse(smoke.stdout.trim().split("\n").at(-1)!) as { step: string; ok: boolean }[];
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.step).at(-1)).toBe("list by tag, anonymously");

    // an upgrade with nothing changed: not one pod is replaced or restarted
    const before = await pods(namespace);
    const same = await helm(binary, ["upgrade", "blog", chartDir, "-n", namespace, "-f", values, ...access, "--wait", "--timeout", "5m"]);
    expect(same.exitCode, same.all).toBe(0);
    expect(await pods(namespace)).toEqual(before);

    // an upgrade with a changed value rolls posts while a reader keeps reading through the gateway
    const gateway = `http://blog-gateway.${namespace}.svc.cluster.local/api/articles`;
    const load = inCluster([process.execPath, "--import", "tsx", steadyLoad, gateway, "45", "4"]);
    await new Promise((r) => setTimeout(r, 3000));
    const changed = await helm(binary, ["upgrade", "blog", chartDir, "-n", namespace, "-f", values, ...access, "--set-string", "posts.podAnnotations.rollout=2", "--wait", "--timeout", "5m"]);
    expect(changed.exitCode, changed.all).toBe(0);
    const after = await pods(namespace, "app.kubernetes.io/instance=blog,app.kubernetes.io/component=posts");
    expect(after.some((p) => before.some((b) => b.uid === p.uid)), "every posts pod was replaced").toBe(false);
    const result = await load;
    expect(result.exitCode, result.all).toBe(0);
    const { statuses, failures } = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { statuses: Record<string, number>; failures: string[] };
    expect(Object.keys(statuses), JSON.stringify(failures)).toEqual(["200"]);
    expect(statuses["200"]).toBeGreaterThan(100);

    const rollback = await helm(binary, ["rollback", "blog", "1", "-n", namespace, "--wait", "--timeout", "5m"]);
    expect(rollback.exitCode, rollback.all).toBe(0);
    const deployment = await kubectlJson(["-n", namespace, "get", "deployment", "blog-posts"]);
    expect(deployment.spec.template.metadata.annotations?.rollout).toBeUndefined();

    const uninstall = await helm(binary, ["uninstall", "blog", "-n", namespace, "--wait", "--timeout", "3m"]);
    expect(uninstall.exitCode, uninstall.all).toBe(0);
    await podsGone(namespace);
    expect(await objectsLeftAfterUninstall(namespace)).toEqual([]);
  }, 900_000);
});
