// The chart through an OCI registry: Debian's docker-registry on loopback, `helm push` from each helm
// version, and `helm template oci://…` of both pushes with both versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa, type ResultPromise } from "execa";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartVersion, ciValuesDir, helms, helmTemplate } from "../helpers/helm.ts";
import { isolatedHelm, packageChart } from "./chart-package.ts";
import { freePort } from "../support/ports.ts";

let archive: string;
let registry: ResultPromise | undefined;
let host: string;
let dir: string;
const pushes = new Map<string, Awaited<ReturnType<ReturnType<typeof isolatedHelm>>>>();

beforeAll(async () => {
  archive = await packageChart();
  dir = mkdtempSync(join(tmpdir(), "oci-registry-"));
  // the port was free a moment ago; if another process takes it first, start again on a new one
  for (let attempt = 1; !registry; attempt++) {
    const started = await startRegistry(`127.0.0.1:${await freePort()}`);
    if (started) [registry, host] = started;
    else if (attempt === 3) throw new Error("docker-registry did not start in 3 attempts");
  }
  // each version pushes to its own repository; every version then pulls both
  for (const helm of helms) pushes.set(helm.version, await isolatedHelm(helm)(["push", archive, `oci://${host}/charts-${helm.version}`, "--plain-http"]));
});
afterAll(async () => {
  registry?.kill();
  await registry;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts docker-registry on `address`; undefined if it exits (the port was taken), with its output on a timeout. */
async function startRegistry(address: string): Promise<[ResultPromise, string] | undefined> {
  const config = join(dir, "config.yml");
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${address}\n`);
  const child = execa("docker-registry", ["serve", config], { reject: false, all: true });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) return undefined;
    if (await fetch(`http://${address}/v2/`).then((r) => r.ok, () => false)) return [child, address];
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`docker-registry did not answer on ${address} within 30 s:\n${(await child).all}`);
}

describe.each(helms)("helm $version and an OCI registry", (helm) => {
  it("pushes the chart", () => {
    const pushed = pushes.get(helm.version)!;
    expect(pushed.exitCode, String(pushed.stderr)).toBe(0);
    expect(String(pushed.stderr) + String(pushed.stdout)).toMatch(/Digest: sha256:[a-f0-9]{64}/);
  });

  it.each(helms.map((h) => h.version))("renders the chart helm %s pushed, as the local chart renders", async (pusher) => {
    const values = `${ciValuesDir}/default-values.yaml`;
    const remote = await isolatedHelm(helm)(["template", "blog", `oci://${host}/charts-${pusher}/blog-platform`, "--version", chartVersion, "--plain-http", "--namespace", "blog", "-f", values]);
    expect(remote.exitCode, String(remote.stderr)).toBe(0);
    const local = await helmTemplate(helm, [values]);
    expect(String(remote.stdout)).toBe(local.stdout);
  });
});
