// The PyPI tools chart-testing runs (yamale), pinned in cluster/versions.ts, in a virtual
// environment under out/cluster/bin/python (kept across cluster:down, like the Go builds).
import { execa } from "execa";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binDir, logFile } from "./paths.ts";
import { step } from "./log.ts";
import { pythonTools } from "./versions.ts";

const venv = join(binDir, "python");

/** The directory of the tools' executables (for PATH), installed first if needed. */
export async function pythonToolsBin(): Promise<string> {
  const stampFile = join(venv, ".stamp");
  const stamp = JSON.stringify(pythonTools);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return join(venv, "bin");
  const log = logFile("python-tools");
  await step(`pip install ${Object.entries(pythonTools).map(([name, version]) => `${name}==${version}`).join(" ")}`, async () => {
    await execa("python3", ["-m", "venv", "--clear", venv], { stdout: { file: log }, stderr: { file: log } });
    await execa(join(venv, "bin/pip"), ["install", "--quiet", "--disable-pip-version-check", ...Object.entries(pythonTools).map(([name, version]) => `${name}==${version}`)], { stdout: { file: log, append: true }, stderr: { file: log, append: true } });
  }, log);
  writeFileSync(stampFile, stamp);
  return join(venv, "bin");
}
