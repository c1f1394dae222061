// Finds the helm binary to run: an explicit HELM_BIN, else helm on PATH, else the bundled development copy.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { bundledHelm } from "./bundled-helm.ts";
import { HelmNotFoundError } from "./errors.ts";

export interface HelmBinary {
  path: string;
  /** As helm reports it, e.g. `v3.17.3`. */
  version: string;
  source: "HELM_BIN" | "PATH" | "bundled";
}

export interface FindHelmOptions {
  /** Environment to read HELM_BIN and PATH from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const minimum = [3, 17] as const;
const howToGetHelm =
  "set HELM_BIN to a helm ≥ 3.17 binary, or install helm ≥ 3.17 on your PATH, or run `npm install` in the blog-platform repository for its bundled development copy";
const fixHelmBin = "point HELM_BIN at a helm ≥ 3.17 binary, or unset it to use helm from PATH or the bundled copy";

export async function findHelm(options: FindHelmOptions = {}): Promise<HelmBinary> {
  const env = options.env ?? process.env;

  // an explicit choice never falls back silently: a wrong HELM_BIN is reported, not bypassed
  if (env.HELM_BIN) {
    const path = env.HELM_BIN;
    if (!(await isExecutable(path))) throw new HelmNotFoundError(`HELM_BIN is ${path}, which is not an executable file: ${fixHelmBin}`);
    const version = await helmVersion(path).catch((error: Error) => {
      throw new HelmNotFoundError(`HELM_BIN is ${path}, but \`${path} version\` failed (${error.message.split("\n")[0]}): ${fixHelmBin}`);
    });
    if (!isSupported(version)) throw new HelmNotFoundError(`HELM_BIN is ${path}, helm ${version}, older than 3.17: ${fixHelmBin}`);
    return { path, version, source: "HELM_BIN" };
  }

  const rejected: string[] = [];
  const onPath = await searchPath("helm", env.PATH ?? "");
  if (onPath) {
    const version = await helmVersion(onPath).catch(() => "unknown");
    if (isSupported(version)) return { path: onPath, version, source: "PATH" };
    rejected.push(`${onPath} is helm ${version}, older than 3.17`);
  }

  for (const major of [4, 3] as const) {
    try {
      const path = await bundledHelm(major);
      return { path, version: await helmVersion(path), source: "bundled" };
    } catch (error) {
      rejected.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new HelmNotFoundError(`no usable helm found (${rejected.join("; ") || "none on PATH"}): ${howToGetHelm}`);
}

async function helmVersion(path: string): Promise<string> {
  const { stdout } = await execa(path, ["version", "--template", "{{.Version}}"], { timeout: 30_000 });
  return stdout.trim();
}

function isSupported(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

async function searchPath(name: string, pathVariable: string): Promise<string | undefined> {
  for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
