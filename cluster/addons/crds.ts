// The CustomResourceDefinitions of the kinds the chart renders (ServiceMonitor, PrometheusRule,
// VerticalPodAutoscaler) and of Argo CD's Application (the example in examples/argocd), from the
// projects' own modules (cluster/versions.ts manifestModules), so that a release with them
// installs, the cluster's OpenAPI document describes them, and the API server checks them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { moduleDir } from "../go-modules.ts";
import { manifestModules } from "../versions.ts";

export async function crdObjects(): Promise<object[]> {
  const objects: object[] = [];
  for (const { module, version, files } of Object.values(manifestModules)) {
    const dir = await moduleDir(module, version);
    for (const entry of files) {
      const path = join(dir, entry);
      const yamlFiles = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith(".yaml")).map((f) => join(path, f)) : [path];
      for (const file of yamlFiles) {
        for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
          const o = doc.toJS() as { kind?: string } | null;
          if (o?.kind === "CustomResourceDefinition") objects.push(o);
        }
      }
    }
  }
  return objects;
}
