// Plain-English messages for schema violations: what is wrong, what was found, what would fix it.
import type { ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";

type Schema = Record<string, unknown>;
export type Definitions = Record<string, Schema>;

const typeNames: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  object: "a map",
  array: "a list",
  null: "null",
};

/** A short picture of a found value: `"3"` (a string), `0`, `a list`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") {
    const text = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `the string ${JSON.stringify(text)}`;
  }
  return String(value);
}

function listOf(values: unknown): string {
  return (Array.isArray(values) ? values : [values]).map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
}

function orList(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
}

/** Describes what a schema accepts, for the one-line message of a failed anyOf/oneOf. */
export function describeSchema(schema: unknown, definitions: Definitions, seen = new Set<string>()): string {
  if (schema === true) return "anything";
  if (!schema || typeof schema !== "object") return "nothing";
  const s = schema as Schema;
  if (typeof s.$ref === "string") {
    const name = s.$ref.replace(/^#\/definitions\//, "");
    const target = definitions[name];
    if (!target || seen.has(name)) return `a ${name}`;
    if (target.type === "object" || target.properties) return `a map (${name})`;
    return describeSchema(target, definitions, new Set([...seen, name]));
  }
  if ("const" in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return `one of: ${listOf(s.enum)}`;
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches)) return orList(branches.map((b) => describeSchema(b, definitions, seen)));
  const types = (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]) as string[];
  const bounds = [
    typeof s.pattern === "string" ? `matching ${s.pattern}` : "",
    typeof s.minimum === "number" ? `≥ ${s.minimum}` : "",
    typeof s.maximum === "number" ? `≤ ${s.maximum}` : "",
    s.minLength === 1 ? "not empty" : "",
  ].filter(Boolean);
  const base = types.length ? orList(types.map((t) => typeNames[t] ?? t)) : "a value";
  return bounds.length ? `${base} ${bounds.join(", ")}` : base;
}

/** The keys allowed where an `additionalProperties: false` rejected one (ajv resolved any $ref). */
function allowedKeys(error: ErrorObject): string[] {
  const properties = (error.parentSchema as Schema | undefined)?.properties;
  return properties && typeof properties === "object" ? Object.keys(properties) : [];
}

export function unknownKeyHint(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return "no keys are allowed here";
  const guess = closest(key, allowed);
  // close enough to be a typo: at most half of the longer name differs, or only the letter case does
  const limit = Math.floor(Math.max(key.length, guess.length) / 2);
  if (distance(key, guess) <= limit || key.toLowerCase() === guess.toLowerCase()) return `did you mean \`${guess}\`?`;
  return allowed.length <= 12 ? `allowed keys: ${allowed.join(", ")}` : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Message for one (already collapsed) ajv error. `value` is the data at `error.instancePath`. */
export function describeError(error: ErrorObject, value: unknown): { message: string; hint?: string; key?: string } {
  const described = describeKeyword(error, value);
  // a pattern or a `not` says little by itself; the field's own description says what is meant
  const description = (error.parentSchema as Schema | undefined)?.description;
  if (!described.hint && ["pattern", "not", "format"].includes(error.keyword) && typeof description === "string" && description.length <= 160) {
    return { ...described, hint: description };
  }
  return described;
}

function describeKeyword(error: ErrorObject, value: unknown): { message: string; hint?: string; key?: string } {
  const p = error.params as Record<string, unknown>;
  const got = `got ${describeValue(value)}`;
  switch (error.keyword) {
    case "type":
      return { message: `must be ${orList(String(p.type).split(",").map((t) => typeNames[t] ?? t))}, ${got}` };
    case "enum":
      return { message: `must be one of: ${listOf(p.allowedValues)}; ${got}` };
    case "const":
      return { message: `must be ${JSON.stringify(p.allowedValue)}, ${got}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { message: `must be ${String(p.comparison).replace(">=", "≥").replace("<=", "≤")} ${p.limit}, ${got}` };
    case "multipleOf":
      return { message: `must be a multiple of ${p.multipleOf}, ${got}` };
    case "minLength":
      return { message: p.limit === 1 ? "must not be empty" : `must be at least ${plural(Number(p.limit), "character")} long` };
    case "maxLength":
      return { message: `must be at most ${plural(Number(p.limit), "character")} long` };
    case "pattern":
      return { message: `must match the pattern ${p.pattern}, ${got}` };
    case "format":
      return { message: `must be a valid ${p.format}, ${got}` };
    case "minItems":
      return { message: `must have at least ${plural(Number(p.limit), "item")}` };
    case "maxItems":
      return { message: `must have at most ${plural(Number(p.limit), "item")}` };
    case "uniqueItems":
      return { message: `must not repeat an item (items ${p.j} and ${p.i} are equal)` };
    case "minProperties":
      return { message: `must have at least ${plural(Number(p.limit), "key")}` };
    case "maxProperties":
      return { message: `must have at most ${plural(Number(p.limit), "key")}` };
    case "required":
      return { message: "is required", key: String(p.missingProperty) };
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      const hint = unknownKeyHint(key, allowedKeys(error));
      return hint ? { message: "unknown key", hint, key } : { message: "unknown key", key };
    }
    case "dependencies":
    case "dependentRequired":
      return { message: `requires \`${p.missingProperty}\` when \`${p.property}\` is set` };
    case "oneOf":
      return { message: "matches more than one of the allowed shapes; make it match exactly one" };
    case "not": {
      const denied = error.schema as Schema | undefined;
      if (denied && "const" in denied) return { message: `must not be ${JSON.stringify(denied.const)}` };
      if (Array.isArray(denied?.enum)) return { message: `must not be any of: ${listOf(denied.enum)}; ${got}` };
      return { message: `has a value that is not allowed here: ${describeValue(value)}` };
    }
    case "false schema":
      return { message: "is not allowed here" };
    default:
      return { message: error.message ?? `fails the schema's ${error.keyword} rule` };
  }
}
