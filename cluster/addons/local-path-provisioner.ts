// local-path-provisioner, from the install manifest in its own module (deploy/local-path-storage.yaml)
// with three changes: our image references (nothing can be pulled), volumes under out/cluster (so
// `cluster:down` removes them), and its StorageClass marked default, as kind marks its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { clusterDir } from "../paths.ts";
import { moduleDir } from "../go-modules.ts";
import { goTools } from "../versions.ts";
import { addonImages, chartImages } from "../images/catalog.ts";

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

const volumesDir = join(clusterDir, "volumes");

export async function localPathObjects(): Promise<object[]> {
  const tool = goTools["local-path-provisioner"];
  const dir = await moduleDir(tool.module, tool.version);
  const objects = parseAllDocuments(readFileSync(join(dir, "deploy/local-path-storage.yaml"), "utf8"))
    .map((d) => d.toJS() as Manifest | null)
    .filter((o): o is Manifest => o !== null);
  for (const o of objects) {
    if (o.kind === "Deployment") for (const c of o.spec.template.spec.containers) Object.assign(c, { image: addonImages["local-path-provisioner"], imagePullPolicy: "Never" });
    if (o.kind === "StorageClass") o.metadata.annotations = { ...o.metadata.annotations, "storageclass.kubernetes.io/is-default-class": "true" };
    if (o.kind === "ConfigMap" && o.data) {
      o.data["config.json"] = JSON.stringify({ nodePathMap: [{ node: "DEFAULT_PATH_FOR_NON_LISTED_NODES", paths: [volumesDir] }] });
      o.data["helperPod.yaml"] = o.data["helperPod.yaml"]!.replace(/image: \S+/, `image: ${chartImages().tests}`);
    }
  }
  return objects;
}
