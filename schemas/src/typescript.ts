// Prepares the umbrella schema for json-schema-to-typescript: every Kubernetes definition becomes
// the matching `kubernetes-types` type instead of a second, home-made copy of it.
import { kubernetesTypes } from "../kubernetes/types.ts";
import { nameOf, type Schema } from "./dsl.ts";

const scalars: Record<string, string> = { Quantity: "number | string", IntOrString: "number | string" };

function tsTypeOf(name: string): string {
  if (scalars[name]) return scalars[name];
  const entry = kubernetesTypes[name as keyof typeof kubernetesTypes];
  if (!entry) throw new Error(`no kubernetes-types mapping for ${name}`);
  const [module, exported] = entry.typescript;
  return `${alias(module)}.${exported}`;
}

const alias = (module: string) => module.replace(/\/(v\d+\w*)$/, "_$1").replace(/[^A-Za-z0-9_]/g, "_");

/** The root schema, with every named shape (dsl.ts's `named`, and each top-level section as
 * `<Section>Values`) replaced by a reference to its own interface, and those interfaces' schemas;
 * `extends` names the interface a section's own extends (`ComponentValues`), holding the rest. */
export interface TypeScriptSchemas {
  root: Schema;
  named: [name: string, schema: Schema, extendsName?: string][];
}

const pascal = (key: string) => key.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
// two uses of one name must have one shape; their defaults may differ
const shapeOf = (schema: unknown) => JSON.stringify(schema, (key, value: unknown) => (key === "default" ? undefined : value));
// a section's copy of a base property may say which component it is about; its type is what must agree
const typeOf = (schema: unknown) => JSON.stringify(schema, (key, value: unknown) => (key === "default" || key === "description" ? undefined : value));

/** `resolved`: every property that has a default is required, which is what values look like once
 * Helm (or the SDK's withDefaults) has coalesced them with the chart defaults; the named
 * interfaces are then `Resolved<Name>`. */
export function typescriptSchema(schema: Schema, resolved = false, base?: Schema): TypeScriptSchemas {
  const named = new Map<string, Schema>();
  const bases = new Map<string, string>();
  const rewrite = (node: unknown, nameHere?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item));
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    const allOf = record.allOf as Array<Record<string, unknown>> | undefined;
    const ref = typeof record.$ref === "string" ? record.$ref : allOf?.length === 1 && typeof allOf[0]!.$ref === "string" ? (allOf[0]!.$ref as string) : undefined;
    if (ref?.startsWith("#/definitions/")) {
      const { $ref: _, allOf: __, ...rest } = record;
      return { ...rest, tsType: tsTypeOf(ref.slice("#/definitions/".length)) };
    }
    const name = nameHere ?? nameOf(record as Schema);
    if (name) {
      const typeName = `${resolved ? "Resolved" : ""}${name}`;
      const { description, default: _, ...shape } = record;
      const definition = rewrite(shape) as Schema;
      const earlier = named.get(typeName);
      if (earlier && shapeOf(earlier) !== shapeOf(definition)) throw new Error(`the uses of the named schema ${name} differ in shape; give them one shape or different names`);
      named.set(typeName, earlier ?? definition);
      return { ...(description === undefined ? {} : { description }), tsType: typeName };
    }
    const out = Object.fromEntries(
      Object.entries(record)
        .filter(([key]) => key !== "definitions")
        .map(([key, value]) => [key, key === "properties" && record === schema ? sections(value as Record<string, unknown>) : rewrite(value)]),
    );
    if (resolved && record.properties && typeof record.properties === "object") {
      const withDefaults = Object.entries(record.properties as Record<string, Schema>).filter(([, p]) => p.default !== undefined).map(([key]) => key);
      out.required = [...new Set([...((record.required as string[] | undefined) ?? []), ...withDefaults])];
    }
    return out;
  };
  // each top-level section is an interface of its own: `PostsValues`, `GatewayValues`, ...; one that
  // holds every property of `base` extends base's interface and declares only the rest
  const sections = (properties: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(properties).map(([key, value]) => {
        const name = nameOf(value as Schema) ?? `${pascal(key)}Values`;
        const own = base && withoutBase(value as Schema, base, key);
        if (!own) return [key, rewrite(value, name)];
        rewrite(base);
        bases.set(`${resolved ? "Resolved" : ""}${name}`, `${resolved ? "Resolved" : ""}${nameOf(base)}`);
        return [key, rewrite(own, name)];
      }),
    );
  const root = rewrite(schema) as Schema;
  return { root, named: [...named].sort(([a], [b]) => a.localeCompare(b)).map(([name, definition]) => [name, definition, bases.get(name)]) };
}

/** The section without the properties of `base`, when it has them all; they must then agree in type and in being required. */
function withoutBase(section: Schema, base: Schema, key: string): Schema | undefined {
  const properties = (section.properties ?? {}) as Record<string, Schema>;
  const baseProperties = base.properties as Record<string, Schema>;
  const baseKeys = Object.keys(baseProperties);
  if (!baseKeys.every((k) => k in properties)) return undefined;
  const required = (section.required ?? []) as string[];
  const baseRequired = (base.required ?? []) as string[];
  for (const k of baseKeys) {
    if (typeOf(properties[k]) !== typeOf(baseProperties[k]) || required.includes(k) !== baseRequired.includes(k)) {
      throw new Error(`${key}.${k} differs from ${nameOf(base)}'s ${k}: give it the shared shape, or another name`);
    }
  }
  const ownRequired = required.filter((k) => !baseKeys.includes(k));
  const { required: _, ...rest } = section;
  return { ...rest, properties: Object.fromEntries(Object.entries(properties).filter(([k]) => !baseKeys.includes(k))), ...(ownRequired.length ? { required: ownRequired } : {}) };
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
