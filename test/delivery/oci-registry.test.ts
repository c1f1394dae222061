// The chart through an OCI registry: Debian's docker-registry on loopback, `helm push` from each helm
// version, and `helm template oci://…` of both pushes with both versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa, type ResultPromise } from "execa";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, helms, helmTemplate } from "../helpers/helm.ts";
import { chartVersion, freePort, isolatedHelm, packageChart } from "./chart-package.ts";

let archive: string;
let registry: ResultPromise;
let host: string;
const pushes = new Map<string, Awaited<ReturnType<ReturnType<typeof isolatedHelm>>>>();

beforeAll(async () => {
  archive = await packageChart();
  const dir = mkdtempSync(join(tmpdir(), "oci-registry-"));
  host = `127.0.0.1:${await freePort()}`;
  const config = join(dir, "config.yml");
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${host}\n`);
  registry = execa("docker-registry", ["serve", config], { reject: false });
  // ready once the API answers; give up after 20 s with the registry's own output
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i === 100) throw new Error(`docker-registry did not start on ${host}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // each version pushes to its own repository; every version then pulls both
  for (const helm of helms) pushes.set(helm.version, await isolatedHelm(helm)(["push", archive, `oci://${host}/charts-${helm.version}`, "--plain-http"]));
});
afterAll(async () => {
  registry.kill();
  await registry;
});

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
