// kubeconform's JSON schemas, generated from this cluster's own OpenAPI document (which describes
// the CRDs it serves too) by openapi2jsonschema2, strict: additionalProperties false everywhere, as
// kubeconform -strict expects. Cached under out/cluster/schemas by the document's hash.
import { execa } from "execa";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clusterDir, logFile } from "./paths.ts";
import { kubectl } from "./kubectl.ts";
import { pythonToolsBin } from "./python-tools.ts";
import { step } from "./log.ts";

/** The schema directory and kubeconform's -schema-location template for it. */
export async function kubeconformSchemas(): Promise<{ dir: string; location: string }> {
  const document = await kubectl(["get", "--raw", "/openapi/v2"]);
  const hash = createHash("sha256").update(document).digest("hex").slice(0, 16);
  const base = join(clusterDir, "schemas", hash);
  const dir = join(base, "json");
  const location = `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
  if (existsSync(join(dir, "deployment-apps-v1.json"))) return { dir, location };
  const python = await pythonToolsBin();
  const log = logFile("kubeconform-schemas");
  await step("kubeconform schemas from the cluster's OpenAPI document", async () => {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, "openapi-v2.json"), document);
    // a relative output directory: the converter resolves its own $refs against the working directory
    await execa(join(python, "openapi2jsonschema2"), ["--kubernetes", "--strict", "--stand-alone", "--expanded", "-o", "json", `file://${join(base, "openapi-v2.json")}`], { cwd: base, stdout: { file: log }, stderr: { file: log, append: true } });
    if (!existsSync(join(dir, "deployment-apps-v1.json"))) throw new Error("openapi2jsonschema2 wrote no schema for apps/v1 Deployment");
  }, log);
  return { dir, location };
}
