// Values as a user writes them (what goes into values.yaml) and as Helm sees them (with the defaults).
import type { BlogPlatformValues } from "./generated/values.ts";
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
export function withDefaults(values: Values): BlogPlatformValues {
  return mergeValues(chartDefaults() as BlogPlatformValues, values);
}
