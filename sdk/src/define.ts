// Values as a user writes them (what goes into values.yaml) and as Helm sees them (with the defaults).
import type { BlogPlatformValues, ResolvedBlogPlatformValues } from "./generated/values.ts";
import { chartDefaults, valuesSchema } from "./generated.ts";
import { coalesceSharing, type DeepPartial } from "./merge.ts";

/** What a user writes: any subset of the chart's values; `null` deletes a chart default. */
export type Values = DeepPartial<BlogPlatformValues>;

/** Types a values object where it is written, so that a misspelt key is a compile error. */
export function defineValues(values: Values): Values {
  return values;
}

/**
 * The values Helm will render with: the chart defaults coalesced with `values`. The result is typed as
 * the full values but not checked: `validate()` checks it.
 */
export function withDefaults(values: Values): ResolvedBlogPlatformValues {
  return structuredClone(sharingWithDefaults(values)) as unknown as ResolvedBlogPlatformValues;
}

/**
 * `withDefaults` without copying: every section the values leave alone is the cached defaults' own
 * object, so the result must not be modified. validate() reads it, and knows those sections valid.
 */
export function sharingWithDefaults(values: Values): Record<string, unknown> {
  const defaults = chartDefaults();
  const merged = coalesceSharing(defaults, values as Record<string, unknown>);
  // a subchart's own values.yaml is coalesced under its key after the user's values, so `auth: null`
  // brings back auth's defaults rather than removing the section; the umbrella's own keys (those
  // its schema requires: global, credentials, tests) stay deleted, and the schema then says so
  umbrellaKeys ??= new Set(valuesSchema().required as string[]);
  for (const [key, value] of Object.entries(values)) {
    if (value === null && !umbrellaKeys.has(key) && key in defaults) merged[key] = defaults[key];
  }
  return merged;
}

let umbrellaKeys: Set<string> | undefined;
