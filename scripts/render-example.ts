// The main job: build the values of an example TypeScript program, validate them, render the chart
// through the real helm, write the manifests and print what was rendered.
// Usage: npm run render:example [-- development|production] (default production)
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findHelm, render, toYaml, validate, type Values } from "@blog-platform/sdk";

const name = process.argv[2] ?? "production";
const examples: Record<string, () => Promise<{ default: Values }>> = {
  development: () => import("../examples/development/values.ts"),
  production: () => import("../examples/production/values.ts"),
};
const load = examples[name];
if (!load) {
  console.error(`unknown example "${name}": choose one of ${Object.keys(examples).join(", ")}`);
  process.exit(2);
}

const values = (await load()).default;
const check = validate(values);
if (!check.ok) {
  for (const e of check.errors) console.error(`${e.path}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
  process.exit(1);
}

const helm = await findHelm();
const options = { release: "blog", namespace: "blog", helm, apiVersions: ["monitoring.coreos.com/v1", "autoscaling.k8s.io/v1"] };
const out = fileURLToPath(new URL(`../out/${name}/`, import.meta.url));
mkdirSync(out, { recursive: true });
const manifests = await render(values, options);
writeFileSync(`${out}values.yaml`, toYaml(values));
writeFileSync(`${out}manifests.yaml`, manifests.text);

const counts = new Map<string, number>();
for (const { object } of manifests.all) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
console.log(`example ${name}: rendered with helm ${helm.version} (${helm.source}: ${helm.path})`);
console.log([...counts].sort().map(([kind, n]) => `  ${String(n).padStart(3)} ${kind}`).join("\n"));
for (const d of manifests.deployments()) {
  const c = d.spec?.template?.spec?.containers?.[0];
  console.log(`  Deployment ${d.metadata?.name}: ${c?.image}, requests ${JSON.stringify(c?.resources?.requests)}`);
}
console.log(`wrote ${out}values.yaml and ${out}manifests.yaml`);
