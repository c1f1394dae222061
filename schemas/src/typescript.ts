// Prepares the umbrella schema for json-schema-to-typescript: every Kubernetes definition becomes
// the matching `kubernetes-types` type instead of a second, home-made copy of it.
import { kubernetesTypes } from "../kubernetes/types.ts";
import type { Schema } from "./dsl.ts";

const scalars: Record<string, string> = { Quantity: "number | string", IntOrString: "number | string" };

function tsTypeOf(name: string): string {
  if (scalars[name]) return scalars[name];
  const entry = kubernetesTypes[name as keyof typeof kubernetesTypes];
  if (!entry) throw new Error(`no kubernetes-types mapping for ${name}`);
  const [module, exported] = entry.typescript;
  return `${alias(module)}.${exported}`;
}

const alias = (module: string) => module.replace(/\/(v\d+\w*)$/, "_$1").replace(/[^A-Za-z0-9_]/g, "_");

/** `resolved`: every property that has a default is required, which is what values look like once
 * Helm (or the SDK's withDefaults) has coalesced them with the chart defaults. */
export function typescriptSchema(schema: Schema, resolved = false): Schema {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    const allOf = record.allOf as Array<Record<string, unknown>> | undefined;
    const ref = typeof record.$ref === "string" ? record.$ref : allOf?.length === 1 && typeof allOf[0]!.$ref === "string" ? (allOf[0]!.$ref as string) : undefined;
    if (ref?.startsWith("#/definitions/")) {
      const { $ref: _, allOf: __, ...rest } = record;
      return { ...rest, tsType: tsTypeOf(ref.slice("#/definitions/".length)) };
    }
    const out = Object.fromEntries(Object.entries(record).filter(([key]) => key !== "definitions").map(([key, value]) => [key, rewrite(value)]));
    if (resolved && record.properties && typeof record.properties === "object") {
      const withDefaults = Object.entries(record.properties as Record<string, Schema>).filter(([, p]) => p.default !== undefined).map(([key]) => key);
      out.required = [...new Set([...((record.required as string[] | undefined) ?? []), ...withDefaults])];
    }
    return out;
  };
  return rewrite(schema) as Schema;
}

export function kubernetesImports(schema: Schema): string {
  const modules = new Set<string>();
  const names = Object.keys((schema.definitions ?? {}) as object);
  for (const name of names) {
    const entry = kubernetesTypes[name as keyof typeof kubernetesTypes];
    if (entry) modules.add(entry.typescript[0]);
  }
  return [...modules].sort().map((m) => `import type * as ${alias(m)} from "kubernetes-types/${m}.js";`).join("\n") + "\n";
}
