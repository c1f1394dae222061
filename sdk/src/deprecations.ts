// Warnings for keys the schema marks deprecated (schemas/src/dsl.ts `deprecated`): still accepted,
// each named with the key that replaces it, from the migration that renamed it.
import type { ValuesError } from "./errors.ts";
import { isTable } from "./merge.ts";
import { migrations } from "./migrations.ts";
import { formatPath, lookupPath, parsePath } from "./path.ts";

type Schema = Record<string, unknown>;

/** The dot paths of every deprecated key under `schema`'s properties (not into Kubernetes definitions). */
export function deprecatedPaths(schema: Schema, prefix: string[] = []): string[] {
  const properties = schema.properties;
  if (!isTable(properties)) return [];
  return Object.entries(properties as Record<string, Schema>).flatMap(([key, property]) => [
    ...(property.deprecated === true ? [formatPath([...prefix, key])] : []),
    ...deprecatedPaths(property, [...prefix, key]),
  ]);
}

/** One warning for each deprecated key that `values` set (a `null` included: it still says something). */
export function deprecationWarnings(values: Record<string, unknown>, paths: readonly string[]): ValuesError[] {
  return paths.flatMap((path) => {
    const { present, value: node } = lookupPath(values, parsePath(path));
    if (!present) return [];
    const step = migrations.find((s) => s.renames.some((r) => r.from === path));
    const rename = step?.renames.find((r) => r.from === path);
    return [{ path, message: rename ? `is deprecated since chart ${step!.to}: use ${rename.to}` : "is deprecated", value: node, hint: "`blog-platform migrate` renames it", keyword: "deprecated" }];
  });
}
