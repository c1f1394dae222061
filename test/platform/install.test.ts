// The rendered chart installed on this machine as processes (npm run platform, platform/main.ts):
// every pod Ready as its probes say, `helm test`'s pods passing, and the smoke flow through the
// gateway. And the converse: a wrong port in the values makes the run fail, because nothing is
// wired by hand.
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir } from "../helpers/helm.ts";

const repo = new URL("../../", import.meta.url).pathname;

async function platform(valuesFile: string, ...flags: string[]) {
  const report = join(mkdtempSync(join(tmpdir(), "platform-")), "report.json");
  const run = await execa("npx", ["tsx", "platform/main.ts", ...flags, valuesFile, report], { cwd: repo, reject: false, all: true });
  const parsed = JSON.parse(readFileSync(report, "utf8")) as Record<string, any>;
  // a failed run keeps its files for a look; the test has read what it needs
  if (parsed.stateDir) rmSync(parsed.stateDir, { recursive: true, force: true });
  return { exitCode: run.exitCode, output: run.all ?? "", report: parsed };
}

describe("the rendered chart, installed as processes", () => {
  it("starts every pod, passes helm test and the smoke flow, recovers from faults under load without losing a write, and uninstalls", async () => {
    const { exitCode, report, output } = await platform(join(ciValuesDir, "default-values.yaml"), "--faults");
    expect(report.error, output.slice(-3000)).toBeUndefined();
    expect(Object.keys(report.readyAfterSeconds).sort()).toEqual(["blog-auth-0", "blog-comments-0", "blog-frontend-0", "blog-gateway-0", "blog-images-0", "blog-postgres-0", "blog-posts-0", "blog-redis-0"]);
    expect(report.helmTest.map((t: { name: string; passed: boolean }) => [t.name, t.passed])).toEqual(
      ["gateway", "frontend", "auth", "posts", "comments", "images"].map((name) => [`blog-test-${name}`, true]),
    );
    expect(report.smoke.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.smoke.map((c: { step: string }) => c.step)).toContain("read the feed");
    // each outage shows in readiness while it lasts, and each ends by itself
    const faults = Object.fromEntries(report.faults.faults.map((f: { fault: string }) => [f.fault, f]));
    // the services see it within their readiness period × threshold (10 s), which can race the kubelet's
    // first restart (10 s): at least one of them must have reported it, and nothing else may have
    const postgresOutage = faults["Postgres killed"].notReadyDuringOutage as string[];
    expect(postgresOutage).toContain("blog-postgres-0");
    expect(postgresOutage.length).toBeGreaterThan(1);
    expect(postgresOutage.every((pod) => ["blog-auth-0", "blog-comments-0", "blog-images-0", "blog-postgres-0", "blog-posts-0"].includes(pod))).toBe(true);
    // (a busy machine can make any probe miss once, so these say what must be there, not what must not)
    expect(faults["Redis killed"].notReadyDuringOutage).toContain("blog-redis-0");
    expect(faults["the posts service killed"].notReadyDuringOutage).toContain("blog-posts-0");
    expect(report.faults.reads.ok, "reads went on between and around the outages").toBeGreaterThan(20);
    for (const fault of report.faults.faults) expect(fault.recoveredAfterSeconds, fault.fault).toBeGreaterThan(0);
    expect(report.faults.writes.acknowledged).toBeGreaterThan(20);
    expect(report.faults.writes.lost, "every acknowledged write is still there").toEqual([]);
    expect(exitCode).toBe(0);
    expect(output).toMatch(/uninstalling/);
  }, 300_000);

  it("fails when the values send the gateway to a port the Service does not have", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "platform-values-")), "wrong-port-values.yaml");
    writeFileSync(file, `${readFileSync(join(ciValuesDir, "default-values.yaml"), "utf8")}\ngateway:\n  nginx:\n    proxyConnectTimeoutSeconds: 1\n  upstreams:\n    auth:\n      port: 8080\n`);
    const { exitCode, report } = await platform(file);
    expect(exitCode).toBe(1);
    expect(report.helmTest.every((t: { passed: boolean }) => t.passed), "the pods themselves are fine").toBe(true);
    const failed = report.smoke.find((c: { ok: boolean }) => !c.ok);
    expect(failed.step).toBe("register writer");
  }, 300_000);
});
