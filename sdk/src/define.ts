// Values as a user writes them (what goes into values.yaml) and as Helm sees them (with the defaults).
import type { BlogPlatformValues, ResolvedBlogPlatformValues } from "./generated/values.ts";
import { chartDefaults } from "./generated.ts";
import { mergeValues, type DeepPartial } from "./merge.ts";

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
  const defaults = chartDefaults();
  const merged = mergeValues(defaults as unknown as BlogPlatformValues, values) as unknown as Record<string, unknown>;
  // a subchart's own values.yaml is coalesced under its key after the user's values, so `auth: null`
  // brings back auth's defaults rather than removing the section
  for (const [key, section] of Object.entries(defaults)) {
    if (key !== "global" && merged[key] === undefined && (values as Record<string, unknown>)[key] === null) merged[key] = structuredClone(section);
  }
  return merged as unknown as ResolvedBlogPlatformValues;
}
