// Composes the self-contained schema of each chart: its properties, `global`, and only the
// Kubernetes definitions it reaches (the generated file holds far more than any chart uses).
import definitionsFile from "../kubernetes/definitions.json" with { type: "json" };
import { globalSchema } from "./global.ts";
import { subcharts, umbrellaProperties, type ChartSource } from "./charts.ts";
import { object, type Schema } from "./dsl.ts";

const kubernetesDefinitions = definitionsFile.definitions as Record<string, Schema>;
const draft07 = "http://json-schema.org/draft-07/schema#";
export const LIBRARY_CHART = "blog-lib";

/** Definitions reachable from `root` through `#/definitions/` references, sorted by name. */
function reachableDefinitions(root: unknown): Record<string, Schema> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/definitions/")) {
        const name = value.slice("#/definitions/".length);
        if (found.has(name)) continue;
        const definition = kubernetesDefinitions[name];
        if (!definition) throw new Error(`schema refers to unknown Kubernetes definition ${name}; add it to schemas/kubernetes/generate.ts`);
        found.add(name);
        visit(definition);
      } else visit(value);
    }
  };
  visit(root);
  return Object.fromEntries([...found].sort().map((name) => [name, kubernetesDefinitions[name]!]));
}

function document(title: string, body: Schema): Schema {
  return { $schema: draft07, title, ...body, definitions: reachableDefinitions(body) };
}

function subchartValues(chart: ChartSource): Schema {
  return object(chart.description, { ...chart.properties, global: globalSchema });
}

export function subchartSchema(chart: ChartSource): Schema {
  return document(`${chart.name} values`, subchartValues(chart));
}

export function umbrellaSchema(): Schema {
  const properties: Record<string, Schema> = { global: globalSchema, ...umbrellaProperties };
  // Helm gives every dependency, the library chart included, a values section with `global` in it.
  properties[LIBRARY_CHART] = object("Values of the shared library chart; it has none of its own.", { global: globalSchema });
  for (const chart of subcharts) properties[chart.name] = subchartValues(chart);
  const values = object("Values of the blog-platform umbrella chart.", properties);
  // Helm fills in each dependency's section from the subchart's own values.yaml (`auth: null` brings
  // the defaults back), and adds the library's itself: none of them is required of a values file
  const dependencies = new Set([LIBRARY_CHART, ...subcharts.map((chart) => chart.name)]);
  // `global` stays open for other charts' keys, yet every template reads it
  values.required = ["global", ...(values.required as string[]).filter((key) => !dependencies.has(key))];
  return document("blog-platform values", values);
}

/** What values.yaml holds: every default, without the sections Helm fills in itself. */
export function valuesFileDefaults(schema: Schema): Record<string, unknown> {
  const defaults = { ...(schema.default as Record<string, unknown>) };
  delete defaults[LIBRARY_CHART];
  for (const [key, value] of Object.entries(defaults)) {
    if (key !== "global" && value && typeof value === "object" && "global" in value) {
      const { global: _, ...rest } = value as Record<string, unknown>;
      defaults[key] = rest;
    }
  }
  return defaults;
}
