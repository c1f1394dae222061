// Finds the helm binary to run: an explicit HELM_BIN, else helm on PATH, else the one the optional
// dependency @blog-platform/helm-linux-x64 ships (npm installs it on Linux x64 only).
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { HelmNotFoundError } from "./errors.ts";

export interface HelmBinary {
  path: string;
  /** As helm reports it, e.g. `v3.17.3`. */
  version: string;
  /** `package`: from the optional dependency @blog-platform/helm-<platform>-<arch>. */
  source: "HELM_BIN" | "PATH" | "package";
}

export interface FindHelmOptions {
  /** Environment to read HELM_BIN and PATH from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const minimum = [3, 17] as const;
const helmPackage = `@blog-platform/helm-${process.platform}-${process.arch}`;
const howToGetHelm = "install helm ≥ 3.17 on your PATH (https://helm.sh/docs/intro/install/), or set HELM_BIN to a helm ≥ 3.17 binary, or on Linux x64 `npm install @blog-platform/helm-linux-x64`";
const fixHelmBin = `point HELM_BIN at a helm ≥ 3.17 binary, or unset it to use helm from PATH or ${helmPackage}`;

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

  const packaged = packagedHelm();
  if (packaged) {
    const version = await helmVersion(packaged).catch(() => "unknown");
    if (isSupported(version)) return { path: packaged, version, source: "package" };
    rejected.push(`${packaged} (${helmPackage}) does not run: \`${packaged} version\` failed`);
  } else rejected.push(`${helmPackage} is not installed`);
  throw new HelmNotFoundError(`no usable helm found (${rejected.join("; ")}): ${howToGetHelm}`);
}

/** The binary of the platform's helm package, when npm installed it (no such package exists for other platforms). */
function packagedHelm(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(`${helmPackage}/bin/helm`);
  } catch {
    return undefined;
  }
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
