// Renders values through the real `helm template` and reads the result back as Kubernetes objects.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { Values } from "./define.ts";
import { HelmError } from "./errors.ts";
import { findHelm, type HelmBinary } from "./helm.ts";
import { Manifests } from "./manifests.ts";
import { toYaml } from "./yaml.ts";

export interface RenderOptions {
  /** Release name; default `blog`. */
  release?: string;
  /** Default `default`. */
  namespace?: string;
  /** `--kube-version`, e.g. `1.31.0`. */
  kubeVersion?: string;
  /** `--api-versions`: the APIs the target cluster serves. The chart leaves its ServiceMonitors and PrometheusRule out without `monitoring.coreos.com/v1`, its VPAs without `autoscaling.k8s.io/v1`. */
  apiVersions?: readonly string[];
  /** The helm to run, or its path; default `findHelm()`. */
  helm?: HelmBinary | string;
  /** The chart: a directory or a `helm package` archive; default the blog-platform chart this SDK ships. */
  chart?: string;
  includeCrds?: boolean;
}

/**
 * The blog-platform chart: in the npm package, the archive `helm package` made beside the code
 * (scripts/build-sdk.ts); in the repository, charts/blog-platform.
 */
const packagedChart = fileURLToPath(new URL("./chart/blog-platform.tgz", import.meta.url));
export const defaultChart = existsSync(packagedChart) ? packagedChart : fileURLToPath(new URL("../../charts/blog-platform", import.meta.url));

/** The manifests as helm prints them (multi-document YAML). Throws `HelmError` when helm fails. */
export async function renderToString(values: Values, options: RenderOptions = {}): Promise<string> {
  return (await helmTemplate(values, options)).stdout;
}

/**
 * Renders to objects, each with the template it came from. Throws `HelmError` when helm fails. The
 * objects are parsed when first read, and the typed accessors parse only the kind they ask for.
 */
export async function render(values: Values, options: RenderOptions = {}): Promise<Manifests> {
  const { stdout, stderr } = await helmTemplate(values, options);
  const warnings = stderr.split("\n").filter((line) => line.trim() !== "");
  return new Manifests(stdout, warnings);
}

async function helmTemplate(values: Values, options: RenderOptions): Promise<{ stdout: string; stderr: string }> {
  const helm = typeof options.helm === "string" ? options.helm : (options.helm ?? (await findHelm())).path;
  // values go through a file, never --set, whose own syntax re-types strings and splits on commas
  const dir = await mkdtemp(join(tmpdir(), "blog-platform-values-"));
  try {
    const file = join(dir, "values.yaml");
    await writeFile(file, toYaml(values));
    const args = ["template", options.release ?? "blog", options.chart ?? defaultChart, "-n", options.namespace ?? "default", "-f", file];
    if (options.kubeVersion) args.push("--kube-version", options.kubeVersion);
    for (const api of options.apiVersions ?? []) args.push("--api-versions", api);
    if (options.includeCrds) args.push("--include-crds");
    const result = await execa(helm, args, { reject: false, stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 });
    if (result.failed) {
      const stderr = (result.stderr || result.message || "").trim().replace(/^Error: /m, "");
      throw new HelmError(result.exitCode, stderr, result.escapedCommand);
    }
    return { stdout: result.stdout, stderr: result.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
