// The chart README's values reference: one row per key (type, default, description), generated from
// the umbrella schema like helm-docs does from comments, so it cannot fall behind the chart.
import type { Schema } from "./dsl.ts";

function typeOf(schema: Schema): string {
  const ref = (schema.allOf as Schema[] | undefined)?.[0]?.$ref ?? schema.$ref;
  if (typeof ref === "string") return `${ref.slice(ref.lastIndexOf("/") + 1)} (Kubernetes)`;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${v}\``).join(" | ");
  if (schema.type === "array") {
    const items = schema.items as Schema | undefined;
    return `list of ${items ? typeOf(items) : "any"}`;
  }
  if (schema.type === "object" && !schema.properties) return "map of string";
  return String(schema.type ?? "any");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function rows(schema: Schema, path: string[]): string[] {
  const out: string[] = [];
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const at = [...path, key];
    // subchart sections are tables of their own keys; `global` inside them is the umbrella's
    if (key === "global" && path.length > 0) continue;
    if (property.properties) {
      out.push(...rows(property, at));
      continue;
    }
    const def = property.default === undefined ? "" : `\`${cell(JSON.stringify(property.default))}\``;
    out.push(`| \`${at.join(".")}\` | ${cell(typeOf(property))} | ${def} | ${cell(property.description ?? "")} |`);
  }
  return out;
}

export function valuesReference(schema: Schema, sections: Array<{ key: string; title: string }>): string {
  const properties = schema.properties as Record<string, Schema>;
  const parts = sections.map(({ key, title }) => {
    const section = properties[key]!;
    const body = section.properties ? rows(section, [key]) : rows({ properties: { [key]: section } }, []);
    return `### ${title}\n\n${section.description ?? ""}\n\n| Key | Type | Default | Description |\n|---|---|---|---|\n${body.join("\n")}\n`;
  });
  return parts.join("\n");
}
