// Values written for an older chart version, rewritten for this one: typed steps, one per chart
// version, each a list of renamed keys (the old key stays in the schema as deprecated for a while).
import { isDeepStrictEqual } from "node:util";
import { isMap, isNode, isScalar, type Document, type Pair } from "yaml";
import { chartDefaults } from "./generated.ts";
import { isTable } from "./merge.ts";
import { formatPath, parsePath, valueAtPath, type PathSegment } from "./path.ts";

export interface Rename {
  /** The old key, deprecated in the schema. */
  from: string;
  to: string;
}

export interface MigrationStep {
  from: string;
  to: string;
  /** What a user needs to know beyond the renames. */
  note: string;
  renames: readonly Rename[];
}

/** Every step, oldest first; the last one's `to` is this SDK's chart version (a test holds them together). */
export const migrations: readonly MigrationStep[] = [
  {
    from: "0.1.0",
    to: "0.2.0",
    note: "0.1.0 believed X-Forwarded-For from every private range by default; 0.2.0 believes nobody unless you name your proxies, and the migration does not bring the old default back.",
    renames: [{ from: "gateway.nginx.realIpFrom", to: "gateway.nginx.trustedProxies" }],
  },
];

export const currentVersion = migrations.at(-1)!.to;

export interface MigrationChange {
  /** `0.1.0 → 0.2.0` */
  step: string;
  from: string;
  to: string;
}

export interface MigrateError {
  /** `unknown-version`: no step starts there; `current`: nothing to do; `conflict`: both the old and the new key are set, the new one to more than its chart default. */
  reason: "unknown-version" | "current" | "conflict";
  message: string;
}

/** `notes`: what each step crossed asks of the user beyond its renames, whether or not it renamed anything. */
export type MigrateResult<T> = { ok: true; values: T; changes: MigrationChange[]; notes: string[]; version: string } | { ok: false; error: MigrateError };

/** Reads and writes values at a path, so that one migration runs over plain values and over a YAML document alike. */
interface Tree {
  has(path: PathSegment[]): boolean;
  /** The value at a path that `has` it, as plain data. */
  value(path: PathSegment[]): unknown;
  /** Moves a value, replacing what is at `to`. */
  move(from: PathSegment[], to: PathSegment[]): void;
}

/**
 * Rewrites `values` written for chart version `from` into values for this one, every step in turn.
 * The input is never modified; on an error nothing is returned but the reason.
 */
export function migrate(values: Record<string, unknown>, options: { from: string }): MigrateResult<Record<string, unknown>> {
  const copy = structuredClone(values);
  const result = run(objectTree(copy), options.from);
  return result.ok ? { ...result, values: copy } : result;
}

/** `migrate` over a parsed YAML file, keeping its comments and layout. The document is changed only when the result is ok. */
export function migrateDocument(document: Document, options: { from: string }): MigrateResult<Document> {
  const copy = document.clone();
  const result = run(documentTree(copy), options.from);
  return result.ok ? { ...result, values: copy } : result;
}

function run(tree: Tree, from: string): { ok: true; changes: MigrationChange[]; notes: string[]; version: string } | { ok: false; error: MigrateError } {
  if (from === currentVersion) return { ok: false, error: { reason: "current", message: `values for chart ${from} are current: there is nothing to migrate` } };
  const start = migrations.findIndex((step) => step.from === from);
  if (start < 0) {
    const known = migrations.map((step) => step.from).join(", ");
    return { ok: false, error: { reason: "unknown-version", message: `no migration starts at chart version ${from}: known are ${known} (and ${currentVersion}, the current one)` } };
  }
  const changes: MigrationChange[] = [];
  for (const step of migrations.slice(start)) {
    for (const rename of step.renames) {
      const [old, renamed] = [parsePath(rename.from), parsePath(rename.to)];
      if (!tree.has(old)) continue;
      // the new key at its chart default (a copy of the new values.yaml) says nothing the old one must yield to
      if (tree.has(renamed) && !isDeepStrictEqual(tree.value(renamed), valueAtPath(chartDefaults(), renamed))) {
        return { ok: false, error: { reason: "conflict", message: `both ${rename.from} and ${rename.to} are set: ${rename.from} is the old name of ${rename.to}; keep one` } };
      }
      tree.move(old, renamed);
      changes.push({ step: `${step.from} → ${step.to}`, from: rename.from, to: rename.to });
    }
  }
  return { ok: true, changes, notes: migrations.slice(start).map((step) => `${step.from} → ${step.to}: ${step.note}`), version: currentVersion };
}

function objectTree(root: Record<string, unknown>): Tree {
  const parentOf = (path: PathSegment[], create: boolean): Record<string | number, unknown> | undefined => {
    let node: unknown = root;
    for (const segment of path.slice(0, -1)) {
      const table = node as Record<string | number, unknown>;
      if (!isTable(table[segment])) {
        if (!create) return undefined;
        table[segment] = {};
      }
      node = table[segment];
    }
    return node as Record<string | number, unknown>;
  };
  return {
    has: (path) => {
      const parent = parentOf(path, false);
      return parent !== undefined && path.at(-1)! in parent && parent[path.at(-1)!] !== undefined;
    },
    value: (path) => parentOf(path, false)![path.at(-1)!],
    move: (from, to) => {
      const parent = parentOf(from, false)!;
      const value = parent[from.at(-1)!];
      delete parent[from.at(-1)!];
      parentOf(to, true)![to.at(-1)!] = value;
    },
  };
}

function documentTree(document: Document): Tree {
  const parentOf = (path: PathSegment[]) => (path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents);
  const pairAt = (path: PathSegment[]): Pair | undefined => {
    const parent = parentOf(path);
    return isMap(parent) ? parent.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === path.at(-1)) : undefined;
  };
  return {
    has: (path) => pairAt(path) !== undefined,
    value: (path) => {
      const value = pairAt(path)!.value;
      return isNode(value) ? value.toJSON() : value;
    },
    // a key renamed within its map is renamed in place, its comments and position kept; one moved
    // elsewhere takes its value node along, with the comments on it
    move: (from, to) => {
      const old = pairAt(from)!;
      // a new key already there (at its default) keeps its place and comments, and takes the old value
      const existing = pairAt(to);
      if (existing) {
        existing.value = old.value;
        document.deleteIn(from);
        return;
      }
      if (formatPath(from.slice(0, -1)) === formatPath(to.slice(0, -1))) {
        if (isScalar(old.key)) old.key.value = to.at(-1);
        else old.key = to.at(-1);
        return;
      }
      document.deleteIn(from);
      document.setIn(to, old.value);
    },
  };
}
