// The schema generator's outputs (sdk/src/generated/), read on first use so that importing the SDK
// for merging or YAML alone costs nothing.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cache = new Map<string, Record<string, unknown>>();

function readGenerated(name: string): Record<string, unknown> {
  let value = cache.get(name);
  if (!value) {
    const file = fileURLToPath(new URL(`./generated/${name}`, import.meta.url));
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new Error(`${file} is missing: run \`npm run generate\` at the repository root`);
    }
    value = JSON.parse(text) as Record<string, unknown>;
    cache.set(name, value);
  }
  return value;
}

/** The umbrella chart's values schema (JSON Schema draft-07). */
export function valuesSchema(): Record<string, unknown> {
  return readGenerated("values.schema.json");
}

/**
 * The chart defaults as Helm coalesces them when no values are given, frozen: validate() and
 * withDefaults() share its sections instead of copying them, so nobody may change it.
 */
export function chartDefaults(): Record<string, unknown> {
  defaults ??= deepFreeze(readGenerated("defaults.json"));
  return defaults;
}

let defaults: Record<string, unknown> | undefined;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
