// Blame for values: which layer (the chart defaults, a preset, each -f file, code) gave the value
// Helm renders with at a path, and what every layer said there, under Helm's merge rules.
import { chartDefaults, valuesSchema } from "./generated.ts";
import { isTable, mergeValueFiles } from "./merge.ts";
import { sharingWithDefaults, type Values } from "./define.ts";
import { unknownKeyHint } from "./messages.ts";
import { formatPath, lookupPath, parsePath, type PathSegment } from "./path.ts";

/** One source of values, in the order Helm applies them (later wins). */
export interface ValuesLayer {
  /** How the answer names it: `presets.production`, `values/prod.yaml`, `code`. */
  name: string;
  values: Record<string, unknown>;
}

/**
 * What one layer says at the path:
 * - `sets`: a value there (`value`); for a map, the layers after it may merge into it;
 * - `merges`: a map into the map already there;
 * - `deletes`: `null` there, or at `at`, a map above it, which deletes what the layers before gave;
 * - `replaces`: a value that is no map at `at`, above the path, so the path no longer exists;
 * - `silent`: nothing at the path or above it.
 */
export interface LayerStatement {
  layer: string;
  says: "sets" | "merges" | "deletes" | "replaces" | "silent";
  value?: unknown;
  /** The path above the one asked about where the layer's value sits, for `deletes` and `replaces`. */
  at?: string;
}

export interface Explanation {
  path: string;
  /** Whether the rendered values hold the path at all (a deleted default does not). */
  present: boolean;
  /** The value Helm renders with, when present. */
  value?: unknown;
  /** The last layer that said anything about the path: the one that gave (or deleted) the value. */
  from: string;
  /** Every layer, the chart defaults first. */
  layers: LayerStatement[];
}

export interface ExplainError {
  /** `unknown-key`: the schema has no such path; `not-set`: no layer, the chart defaults included, sets it. */
  reason: "unknown-key" | "not-set";
  path: string;
  message: string;
  hint?: string;
}

export type ExplainResult = { ok: true; explanation: Explanation } | { ok: false; error: ExplainError };

/** The chart defaults' layer name in every answer. */
export const CHART_DEFAULTS = "chart defaults";

type Schema = Record<string, unknown>;

/**
 * Explains the value at `path` (`posts.autoscaling.maxReplicas`, `gateway.tolerations[0]`) once
 * `layers` are stacked on the chart defaults as `helm -f` stacks files: maps merge, lists and
 * scalars replace, `null` deletes (and `<subchart>: null` brings that subchart's defaults back).
 */
export function explain(layers: readonly ValuesLayer[], path: string): ExplainResult {
  const segments = parsePath(path);
  const unknown = unknownKey(segments);
  if (unknown) return { ok: false, error: unknown };

  const statements: LayerStatement[] = [{ layer: CHART_DEFAULTS, ...statementOf(chartDefaults(), segments) }, ...layers.map((layer) => ({ layer: layer.name, ...statementOf(layer.values, segments) }))];
  // the value after the chart defaults and each layer in turn, stacked as Helm stacks -f files
  const after = [undefined, ...layers].map((_, i) => lookupPath(rendered(layers.slice(0, i)), segments));
  const found = after.at(-1)!;
  const shown = (v: { present: boolean; value?: unknown }) => JSON.stringify(v);
  // the value came from the last layer that speaks of the path once it has its final value (the last
  // change, or a later layer saying the same again); a value back at the chart default without a
  // layer setting it (a later map over an earlier null, `auth: null`) came from the chart defaults
  const changed = after.findLastIndex((value, i) => i > 0 && shown(value) !== shown(after[i - 1]!));
  const giver = statements.findLastIndex((statement, i) => i >= Math.max(changed, 1) && statement.says !== "silent");
  if (giver < 0 && !found.present) {
    return { ok: false, error: { reason: "not-set", path: formatPath(segments), message: `no layer sets ${formatPath(segments)}, the chart defaults included: it is absent from the rendered values` } };
  }
  const backToDefault = giver > 0 && statements[giver]!.says !== "sets" && found.present && shown(found) === shown(after[0]!);
  const explanation: Explanation = {
    path: formatPath(segments),
    present: found.present,
    ...(found.present ? { value: found.value } : {}),
    from: giver < 0 || backToDefault ? CHART_DEFAULTS : statements[giver]!.layer,
    layers: statements,
  };
  return { ok: true, explanation };
}

/** The values Helm renders with from these layers over the chart defaults. */
const rendered = (layers: readonly ValuesLayer[]) => sharingWithDefaults(mergeValueFiles(layers.map((l) => l.values)) as Values);

function statementOf(values: Record<string, unknown>, segments: readonly PathSegment[]): Omit<LayerStatement, "layer"> {
  let node: unknown = values;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    // lists replace whole: an index looks into the list the layer gives
    const container = typeof segment === "number" ? (Array.isArray(node) ? node : undefined) : isTable(node) ? node : undefined;
    if (container === undefined) return { says: "replaces", value: node, at: formatPath(segments.slice(0, i)) };
    // a list replaces the whole list before it: one without this index removes it
    if (typeof segment === "number" && Array.isArray(container) && segment >= container.length) return { says: "replaces", value: container, at: formatPath(segments.slice(0, i)) };
    if (!(segment in container)) return { says: "silent" };
    const next = (container as Record<string | number, unknown>)[segment];
    if (next === undefined) return { says: "silent" };
    if (next === null) return i === segments.length - 1 ? { says: "deletes" } : { says: "deletes", at: formatPath(segments.slice(0, i + 1)) };
    node = next;
  }
  return isTable(node) ? { says: "merges", value: node } : { says: "sets", value: node };
}

/** The first segment the schema does not have, with a did-you-mean; undefined when the schema has the path. */
function unknownKey(segments: readonly PathSegment[]): ExplainError | undefined {
  const root = valuesSchema();
  const definitions = (root.definitions ?? {}) as Record<string, Schema>;
  const resolve = (node: Schema): Schema => {
    const ref = (node.$ref ?? (node.allOf as Schema[] | undefined)?.[0]?.$ref) as string | undefined;
    return ref?.startsWith("#/definitions/") ? resolve(definitions[ref.slice("#/definitions/".length)] ?? {}) : node;
  };
  let node = resolve(root);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (typeof segment === "number") {
      if (!node.items) return notHere(segments, i, "is not a list");
      node = resolve(node.items as Schema);
      continue;
    }
    const properties = node.properties as Record<string, Schema> | undefined;
    const scalar = typeof node.type === "string" && node.type !== "object" ? node.type : undefined;
    if (scalar) return notHere(segments, i, `is ${scalar === "array" ? "a list" : `${/^[aeiou]/.test(scalar) ? "an" : "a"} ${scalar}`}`);
    if (properties?.[segment]) node = resolve(properties[segment]);
    else if (isTable(node.additionalProperties)) node = resolve(node.additionalProperties);
    else if (node.additionalProperties === true || (!properties && node.type === undefined)) return undefined; // an open map: any key
    else {
      const hint = unknownKeyHint(segment, Object.keys(properties ?? {}));
      return { reason: "unknown-key", path: formatPath(segments), message: `the values have no key ${formatPath(segments.slice(0, i + 1))}`, ...(hint ? { hint } : {}) };
    }
  }
  return undefined;
}

function notHere(segments: readonly PathSegment[], i: number, what: string): ExplainError {
  return { reason: "unknown-key", path: formatPath(segments), message: `${formatPath(segments.slice(0, i)) || "the values"} ${what}, so ${formatPath(segments)} cannot exist` };
}
