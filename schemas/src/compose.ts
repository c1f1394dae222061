// Composes the schema of each chart. The umbrella's checks every value in depth, with only the
// Kubernetes definitions it reaches (the generated file holds far more than any chart uses). A
// subchart's checks its own top-level keys: it only ever runs inside the umbrella, whose schema
// already checks that section in depth, and Helm compiles every schema on every render.
import definitionsFile from "../kubernetes/definitions.json" with { type: "json" };
import { globalSchema } from "./global.ts";
import { subcharts, umbrellaProperties, type ChartSource } from "./charts.ts";
import { nameOf, object, type Schema } from "./dsl.ts";

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

const withoutDefaults = (node: unknown): unknown =>
  Array.isArray(node) ? node.map(withoutDefaults)
  : node && typeof node === "object" ? Object.fromEntries(Object.entries(node).filter(([key]) => key !== "default").map(([key, value]) => [key, withoutDefaults(value)]))
  : node;

/** `schema` with every named schema (dsl `named`) held once, under `definitions/<name>`: Helm
 * compiles the chart's schema on every render, and the components share most of their shape. Each
 * use refers to it, keeping its own description and default beside the reference (draft-07 ignores
 * siblings of `$ref`). The definition carries no defaults: they differ per component. */
export function sharingNamedSchemas(schema: Schema): Schema {
  const shared: Record<string, Schema> = {};
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== "object") return node;
    const name = nameOf(node as Schema);
    const { description, default: def, ...rest } = node as Schema;
    const body = Object.fromEntries(Object.entries(name ? rest : node).map(([key, value]) => [key, key === "default" ? value : visit(value)]));
    if (!name) return body;
    const definition = withoutDefaults(body) as Schema;
    if (shared[name] && JSON.stringify(shared[name]) !== JSON.stringify(definition)) throw new Error(`the uses of the named schema ${name} differ in shape; give them one shape or different names`);
    if (name in (schema.definitions as object)) throw new Error(`the named schema ${name} clashes with a Kubernetes definition`);
    shared[name] = definition;
    return { description, default: def, allOf: [{ $ref: `#/definitions/${name}` }] };
  };
  const { definitions, ...body } = schema;
  const out = visit(body) as Schema;
  return { ...out, definitions: { ...(definitions as object), ...Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b))) } };
}

/** Everything a subchart's values may hold, in depth: the umbrella's section for it, and the
 * source of the subchart's values.yaml. */
export function subchartValues(chart: ChartSource): Schema {
  return object(chart.description, { ...chart.properties, global: globalSchema });
}

/** A subchart's own values.schema.json: its keys, their types and required ones, closed. A second
 * deep copy of the umbrella's section would validate every value twice per render and change no
 * verdict (the subcharts render only inside the umbrella: blog-lib comes from it). */
export function subchartSchema(chart: ChartSource): Schema {
  const values = subchartValues(chart);
  const properties = Object.fromEntries(
    Object.entries(values.properties as Record<string, Schema>).map(([key, { type, description, default: def }]) => [key, { ...(type ? { type } : {}), description, default: def }]),
  );
  return { $schema: draft07, title: `${chart.name} values`, ...values, properties, description: `${values.description} Its keys are checked here; every value in depth by the blog-platform umbrella's schema.` };
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

/** What the umbrella's values.yaml holds: every default, the subcharts' included, without the
 * sections Helm fills in itself. Helm leaves a disabled subchart's own values.yaml out, yet the
 * umbrella's schema checks its section; the subchart's values.yaml keeps them too, for a `null`
 * section (`auth: null` brings back the subchart's defaults). */
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
