// Helm's value-merging rules, so that what a TypeScript program merges is what `helm` computes.

/**
 * Every key optional, recursively. Lists stay whole (Helm replaces a list, never merges it), and a key
 * that is optional in `T` may be `null`: in Helm a `null` deletes the key (and so the chart default).
 */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined | ({} extends Pick<T, K> ? null : never) }
    : T;

type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Coalesces like Helm does chart defaults with user values: maps merge recursively, lists and scalars
 * replace, and a `null` in an override deletes the key (a `null` for a key the base lacks stays null,
 * as in Helm, where the schema then rejects it). `undefined` means "not set", as in TypeScript. Inputs are never mutated and the result
 * shares no object with them.
 */
export function mergeValues<T extends object>(base: T, ...overrides: DeepPartial<NoInfer<T>>[]): T {
  let result = clone(base) as Table;
  for (const override of overrides) result = coalesce(result, override as Table, clone);
  return result as T;
}

/**
 * Stacks values files like `helm -f a.yaml -f b.yaml`: maps merge, the rest replaces, and a `null` is
 * kept, so that it still deletes the chart default when Helm coalesces the stack with the chart.
 */
export function mergeValueFiles(files: readonly Table[]): Table {
  let result: Table = {};
  for (const file of files) result = stack(result, file);
  return result;
}

/**
 * `mergeValues` for one override without copying: the result reuses every part of `base` and
 * `override` it leaves as it is, so a section the override does not touch is `base`'s own object.
 * Neither input may be modified afterwards. For reading the merged values (validation), not for
 * handing them out.
 */
export function coalesceSharing(base: Table, override: Table): Table {
  return coalesce(base, override, (value) => value);
}

/** Helm's coalescing of one override into `base`; `take` copies (or shares) what the override gives. */
function coalesce(base: Table, override: Table, take: (value: unknown) => unknown): Table {
  let out: Table | undefined;
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out ??= { ...base };
    // Helm deletes a key set to null only where the chart has it; elsewhere the null stays, for the schema to judge
    if (value === null) {
      if (key in out) delete out[key];
      else out[key] = null;
    }
    else out[key] = isTable(value) && isTable(out[key]) ? coalesce(out[key] as Table, value, take) : take(value);
  }
  return out ?? base;
}

function stack(base: Table, override: Table): Table {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = isTable(value) && isTable(out[key]) ? stack(out[key] as Table, value) : clone(value);
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (!isTable(value)) return value;
  const out: Table = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = clone(item);
  return out;
}
