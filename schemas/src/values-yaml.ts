// Writes a chart's values.yaml from its schema: every default, each key preceded by its
// description as a `# --` comment (the helm-docs convention), so the file documents itself.
import { Document, isMap, isScalar, type YAMLMap } from "yaml";
import type { Schema } from "./dsl.ts";

function describe(map: YAMLMap, schema: Schema, definitions: Record<string, Schema>): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const property = properties[String(pair.key.value)];
    if (!property) continue;
    if (property.description) pair.key.commentBefore = ` -- ${property.description.replace(/\n/g, " ")}`;
    if (isMap(pair.value) && property.properties) describe(pair.value, property, definitions);
  }
}

export function valuesYaml(header: string, defaults: Record<string, unknown>, schema: Schema): string {
  // YAML 1.1 as Helm reads it: strings such as Off, yes or on must be quoted
  const doc = new Document(defaults, { version: "1.1" });
  doc.commentBefore = ` ${header}`;
  if (isMap(doc.contents)) describe(doc.contents, schema, (schema.definitions ?? {}) as Record<string, Schema>);
  // a blank line before each top-level section keeps the file readable
  if (isMap(doc.contents)) for (const pair of doc.contents.items.slice(1)) if (isScalar(pair.key)) pair.key.spaceBefore = true;
  return doc.toString({ lineWidth: 0 });
}
