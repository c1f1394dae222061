// Shared by the delivery tests: the packaged chart, and a helm environment of its own per test (so
// no test reads or writes the machine's helm config).
import { execa } from "execa";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartDir, chartVersion, helms, type Helm } from "../helpers/helm.ts";


/** `helm package` of the chart into a fresh directory; returns the archive's path. */
export async function packageChart(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "blog-chart-"));
  await execa(helms[1]!.path, ["package", chartDir, "--destination", dir]);
  return join(dir, `blog-platform-${chartVersion}.tgz`);
}

/** Runs helm with config, cache and data directories of its own. */
export function isolatedHelm(helm: Helm): (args: string[]) => ReturnType<typeof execa> {
  const home = mkdtempSync(join(tmpdir(), `helm-home-${helm.version}-`));
  const env = {
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_DATA_HOME: join(home, "data"),
    HELM_REPOSITORY_CONFIG: join(home, "config", "repositories.yaml"),
    HELM_REPOSITORY_CACHE: join(home, "cache", "repository"),
    HELM_REGISTRY_CONFIG: join(home, "config", "registry.json"),
  };
  return (args) => execa(helm.path, args, { env, reject: false });
}
