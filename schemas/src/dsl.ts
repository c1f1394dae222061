// A tiny builder for draft-07 schemas: every property carries a description and a default, and
// every object is closed unless it is a real free-form map. Objects derive their default from
// their children so that values.yaml, the SDK defaults and the schema cannot disagree.
export type Schema = { [keyword: string]: unknown; description?: string; default?: unknown };

type Extra = Omit<Schema, "description" | "default">;

/**
 * A key kept for values written for an older chart version, under its new name `replacement`:
 * `@deprecated` in the SDK's types, a warning from validate(), renamed by migrate()
 * (sdk/src/migrations.ts). JSON Schema's `deprecated` is a 2019-09 keyword that draft-07 validators
 * (helm's among them) pass over.
 */
export function deprecated(schema: Schema, replacement: string): Schema {
  return { ...schema, description: `Deprecated: use \`${replacement}\`. ${schema.description}`, deprecated: true };
}

export function str(description: string, def: string, extra: Extra = {}): Schema {
  return { type: "string", description, default: def, ...extra };
}

export function bool(description: string, def: boolean): Schema {
  return { type: "boolean", description, default: def };
}

export function int(description: string, def: number, extra: Extra = {}): Schema {
  return { type: "integer", description, default: def, ...extra };
}

export function num(description: string, def: number, extra: Extra = {}): Schema {
  return { type: "number", description, default: def, ...extra };
}

export function oneOfStrings<T extends string>(description: string, values: readonly T[], def: T): Schema {
  return { type: "string", enum: [...values], description, default: def };
}

/** A free-form map of string values (labels, annotations, environment variables). */
export function stringMap(description: string, def: Record<string, string> = {}): Schema {
  return { type: "object", additionalProperties: { type: "string" }, description, default: def };
}

export function list(description: string, items: Schema, def: unknown[] = [], extra: Extra = {}): Schema {
  return { type: "array", items, description, default: def, ...extra };
}

/** Image pull Secrets, each by its name or in the Kubernetes form `{name: regcred}`. */
export function pullSecrets(description: string): Schema {
  const name = { type: "string", minLength: 1 };
  return list(description, { oneOf: [name, { type: "object", additionalProperties: false, required: ["name"], properties: { name } }] }, [], { uniqueItems: true });
}

// Schemas that several components share, by the name of their definition (see `named`).
const names = new WeakMap<Schema, string>();

/** Marks a schema every component shares; a chart's values.schema.json holds it once, under
 * `definitions/<name>`, and refers to it wherever it is used (see compose.ts). */
export function named(name: string, schema: Schema): Schema {
  names.set(schema, name);
  return schema;
}

export const nameOf = (schema: Schema): string | undefined => names.get(schema);

// Kubernetes-typed properties that must not be removed with `null` (security contexts, resources).
const mustStay = new WeakSet<Schema>();

/** A Kubernetes API type, validated against its generated definition. `allOf` keeps the
 * description and default next to the reference: draft-07 ignores siblings of `$ref`.
 * `required` keeps a user's `null` from deleting it (Helm deletes a key set to null). */
export function k8s(type: string, description: string, def: unknown, options: { required?: boolean } = {}): Schema {
  const schema = { description, default: def, allOf: [{ $ref: `#/definitions/${type}` }] };
  if (options.required) mustStay.add(schema);
  return schema;
}

export function k8sList(type: string, description: string, def: unknown[] = []): Schema {
  return list(description, { $ref: `#/definitions/${type}` }, def);
}

/** Scalars and closed objects are required: the templates read them unconditionally, and a
 * `null` from the user (which makes Helm delete the key) should fail validation, not the render.
 * Free-form maps, lists and optional Kubernetes objects may be removed. */
function isRequired(property: Schema): boolean {
  if (mustStay.has(property)) return true;
  if (property.type === "object") return property.additionalProperties === false && property.properties !== undefined;
  // a list that must not be empty must not be removed either
  if (property.type === "array") return typeof property.minItems === "number" && property.minItems > 0;
  return ["string", "integer", "number", "boolean"].includes(property.type as string);
}

/** A closed object whose default is made of its properties' defaults. */
export function object(description: string, properties: Record<string, Schema>, extra: Extra = {}): Schema {
  const def: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property.default !== undefined) def[key] = property.default;
  }
  const required = Object.keys(properties).filter((key) => isRequired(properties[key]!));
  return { type: "object", description, additionalProperties: false, properties, ...(required.length ? { required } : {}), default: def, ...extra };
}
