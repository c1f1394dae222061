// Writes what each example program produces, next to it: examples/<name>/values.yaml and the Argo CD
// Application as examples/argocd/application.yaml. `--check` writes nothing and fails when a
// committed file differs from what its program produces now.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { toYaml } from "@blog-platform/sdk";
import development from "../examples/development/values.ts";
import production from "../examples/production/values.ts";
import application from "../examples/argocd/application.ts";

const schemaUrl = "../../charts/blog-platform/values.schema.json";

export const exampleFiles: Record<string, string> = {
  "development/values.yaml": toYaml(development, { schemaUrl }),
  "production/values.yaml": toYaml(production, { schemaUrl }),
  // YAML 1.1, as Argo CD and kubectl read it
  "argocd/application.yaml": stringify(application, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false }),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [name, text] of Object.entries(exampleFiles)) {
    const path = fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {}
    if (current === text) continue;
    if (check) stale.push(path);
    else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale.length) {
    console.error(`stale example output (run \`npm run examples\`):\n${stale.map((p) => `  ${p}`).join("\n")}`);
    process.exit(1);
  }
}
