// Builds a pinned Go tool from its module, the way `go install module@version` would if the module
// had no replace directives: a wrapper module (out/cluster/build/<tool>/go.mod) requires the pinned
// version, lists the main packages as `tool`s so `go mod tidy` resolves exactly their dependencies,
// and for k8s.io/kubernetes replaces each staging module (published upstream at v0.0.0) with its
// release of the same patch, as rancher/fleet and others do. The module proxy and its checksum
// database verify every download. A binary whose build inputs are unchanged is reused (its stamp
// file records them); Go's own build cache makes a changed pin a relink where it can.
import { execa } from "execa";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, binDir, buildDir, logDir, logFile } from "./paths.ts";
import { step } from "./log.ts";
import { moduleDir } from "./go-modules.ts";
import { goTools, type GoTool, type GoToolName } from "./versions.ts";

const binaryName = (tool: GoTool, index: number) => tool.binaries?.[index] ?? tool.packages[index]!.split("/").at(-1)!;

/** Paths of a tool's binaries, in the order of its packages. */
export function toolBinaries(name: GoToolName): string[] {
  const tool: GoTool = goTools[name];
  return tool.packages.map((_, i) => bin(binaryName(tool, i)));
}

/** Builds one tool unless its binaries are already built from the same inputs; returns their paths. */
export async function buildGoTool(name: GoToolName): Promise<string[]> {
  const tool: GoTool = goTools[name];
  const binaries = toolBinaries(name);
  const stampFile = join(binDir, `.${name}.stamp`);
  const stamp = JSON.stringify({ tool, go: (await execa("go", ["env", "GOVERSION"])).stdout });
  if (binaries.every(existsSync) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return binaries;

  const log = logFile(`build-${name}`);
  await step(`go build ${tool.module}@${tool.version}`, async () => {
    const dir = join(buildDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    mkdirSync(binDir, { recursive: true });
    mkdirSync(logDir, { recursive: true });
    writeFileSync(log, "");
    const go = (...args: string[]) => execa("go", args, { cwd: dir, env: { GOFLAGS: "-mod=mod", CGO_ENABLED: "0" }, stdout: { file: log, append: true }, stderr: { file: log, append: true } });
    await go("mod", "init", `blog-platform.local/cluster/build/${name}`);
    await go("mod", "edit", `-require=${tool.module}@${tool.version}`, ...tool.packages.map((p) => `-tool=${p}`));
    if (tool.stagingVersion) {
      const upstreamGoMod = readFileSync(join(await moduleDir(tool.module, tool.version), "go.mod"), "utf8");
      const staging = [...upstreamGoMod.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\//gm)].map((m) => m[1]!);
      if (staging.length === 0) throw new Error(`${tool.module}@${tool.version}: its go.mod replaces no staging module`);
      await go("mod", "edit", ...staging.map((m) => `-replace=${m}=${m}@${tool.stagingVersion}`));
    }
    await go("mod", "tidy");
    const ldflags = ["-s", "-w", ...Object.entries(tool.ldflagsX ?? {}).map(([k, v]) => `-X=${k}=${v}`)].join(" ");
    for (const [i, pkg] of tool.packages.entries()) {
      await go("build", "-trimpath", `-ldflags=${ldflags}`, "-o", binaries[i]!, pkg);
    }
  }, log);
  writeFileSync(stampFile, stamp);
  return binaries;
}
