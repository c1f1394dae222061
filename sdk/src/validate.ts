// Checks values the way `helm` will (against the chart's values schema, after merging the defaults),
// and reports each problem at its path in words a person can act on.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { chartDefaults, valuesSchema } from "./generated.ts";
import { isTable, mergeValues } from "./merge.ts";
import { sharingWithDefaults, type Values } from "./define.ts";
import { describeError, describeSchema, describeValue, type Definitions } from "./messages.ts";
import { formatPath, valueAtPath, type PathSegment } from "./path.ts";
import { shapeErrors } from "./shape.ts";
import { crossFieldErrors } from "./rules.ts";
import { deprecatedPaths, deprecationWarnings } from "./deprecations.ts";
import type { ResolvedBlogPlatformValues } from "./generated/values.ts";
import type { ValuesError } from "./errors.ts";

/** `warnings`, when there are any: keys still accepted but deprecated (keyword `deprecated`). */
export type ValidationResult = { ok: true; warnings?: ValuesError[] } | { ok: false; errors: ValuesError[]; warnings?: ValuesError[] };

export type Validator = (values: unknown) => ValidationResult;

export interface ValidatorOptions {
  /** Coalesces the user's values with the chart's defaults, as Helm does before it checks the schema. */
  coalesce?: (values: Record<string, unknown>) => Record<string, unknown>;
  /** Checks that need the whole (schema-valid) tree, run once the schema holds. */
  rules?: (merged: Record<string, unknown>) => ValuesError[];
  /** Warnings about the values as written, whatever the verdict (deprecated keys). */
  warnings?: (values: Record<string, unknown>) => ValuesError[];
  /**
   * A tree whose top-level sections `coalesce` hands on as they are (the chart defaults): each that
   * passes the schema once is not checked again where the coalesced values hold that very object.
   */
  known?: () => Record<string, unknown>;
}

/** A validator for `schema`. Never throws: whatever it is given comes back as a result. */
export function createValidator(schema: Record<string, unknown>, options: ValidatorOptions = {}): Validator {
  const coalesce = options.coalesce ?? ((values) => values);
  const rules = options.rules ?? (() => []);
  const warnings = options.warnings ?? (() => []);
  // verbose: errors carry their schema, which names the allowed keys and the anyOf branches.
  // logger: false: formats this schema does not define are skipped, as helm's validator skips them.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, logger: false });
  const check = ajv.compile(schema);
  const definitions = (schema.definitions ?? {}) as Definitions;
  const branchChecks = new WeakMap<object, ValidateFunction>();
  const branchCheck = (branch: object): ValidateFunction => {
    let fn = branchChecks.get(branch);
    if (!fn) {
      fn = ajv.compile({ definitions, ...branch });
      branchChecks.set(branch, fn);
    }
    return fn;
  };

  const passes = sectionChecks(schema, options.known);

  return (values) => {
    try {
      if (!isTable(values)) {
        return fail([{ path: "", message: `values must be a map of keys to values, got ${describeValue(values)}`, value: values, keyword: "type" }]);
      }
      const shape = shapeErrors(values);
      if (shape.length) return fail(shape);
      const warned = withWarnings(warnings(values));
      const data = coalesce(values);
      // the quick check says only yes or no; the whole one, with every error, runs when it says no
      if (passes(data) || check(data)) {
        // the cross-field rules read a well-formed tree, so they run only once the schema holds
        const broken = rules(data);
        return warned(broken.length ? fail(broken) : { ok: true });
      }
      const errors = collapse(check.errors ?? [], data, branchCheck, definitions);
      return warned(fail(errors.map((e) => toValuesError(e, data))));
    } catch (error) {
      return fail([{ path: "", message: `could not be validated: ${error instanceof Error ? error.message : String(error)}`, keyword: "internal" }]);
    }
  };
}

/**
 * A yes-or-no check of `schema`, which only the root's `type`, `required`, `properties` and
 * `additionalProperties` tie across sections: the root with every section allowed, then each
 * section against its own schema, except the known tree's sections (checked once) where the data
 * holds that very object. With an untouched section costing nothing, a typical document is checked
 * several times faster than as a whole.
 */
function sectionChecks(schema: Record<string, unknown>, known: (() => Record<string, unknown>) | undefined): (data: Record<string, unknown>) => boolean {
  const crossSection = Object.keys(schema).filter((key) => !["$schema", "$comment", "title", "description", "default", "definitions", "type", "required", "properties", "additionalProperties"].includes(key));
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (!known || crossSection.length || !isTable(schema.properties) || (schema.additionalProperties !== false && schema.additionalProperties !== undefined)) return () => false;
  const ajv = new Ajv({ allErrors: false, strict: false, logger: false });
  const root = ajv.compile({ type: "object", required: schema.required ?? [], additionalProperties: false, properties: Object.fromEntries(Object.keys(properties).map((key) => [key, true])) });
  const sections = new Map(Object.entries(properties).map(([key, section]) => [key, ajv.compile({ definitions: schema.definitions ?? {}, ...(section as object) })]));
  // each known section that passed, under its own key
  let valid: Map<string, unknown> | undefined;
  return (data) => {
    valid ??= new Map(Object.entries(known()).filter(([key, section]) => sections.get(key)?.(section)));
    if (!root(data)) return false;
    for (const [key, section] of Object.entries(data)) if (valid.get(key) !== section && !sections.get(key)!(section)) return false;
    return true;
  };
}

let defaultValidator: Validator | undefined;
let deprecated: string[] | undefined;

/**
 * Validates user values as `helm template` would: the chart's schema, with the chart defaults merged
 * in, then the chart's cross-field rules (a database for the services, credentials, HPA bounds, …).
 */
export function validate(values: unknown): ValidationResult {
  defaultValidator ??= createValidator(valuesSchema(), {
    coalesce: (values) => sharingWithDefaults(values as Values),
    rules: (merged) => crossFieldErrors(merged as unknown as ResolvedBlogPlatformValues),
    known: chartDefaults,
    warnings: (values) => deprecationWarnings(values, (deprecated ??= deprecatedPaths(valuesSchema()))),
  });
  return defaultValidator(values);
}

const withWarnings = (warnings: ValuesError[]) => (result: ValidationResult): ValidationResult => (warnings.length ? { ...result, warnings } : result);

function fail(errors: ValuesError[]): ValidationResult {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const id = `${e.path}\0${e.message}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
  unique.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return { ok: false, errors: unique };
}

/** An error whose message replaces a whole failed anyOf/oneOf, made by `collapse`. */
type Collapsed = ErrorObject & { collapsedMessage?: string; collapsedHint?: string };

/**
 * ajv reports a failed anyOf/oneOf as every branch's errors followed by one summary error. Replace
 * each such group with what helps: the errors of the branch the value was evidently meant for (the
 * one that failed on its content, not its type), or else one message naming what is accepted.
 * Branch errors sit right before the summary, in branch order; how many each branch produced is
 * learnt by checking the value against that branch alone.
 */
function collapse(
  errors: ErrorObject[],
  data: unknown,
  branchCheck: (branch: object) => ValidateFunction,
  definitions: Definitions,
): Collapsed[] {
  const out: Collapsed[] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const summary = errors[i]!;
    i--;
    if (summary.keyword === "if") continue; // "must match then schema": the then-branch errors say what
    if ((summary.keyword !== "anyOf" && summary.keyword !== "oneOf") || !Array.isArray(summary.schema)) {
      out.push(summary);
      continue;
    }
    const value = valueAt(data, summary.instancePath);
    const branches = summary.schema as unknown[];
    let counts: number[];
    try {
      counts = branches.map((b) => {
        if (typeof b !== "object" || b === null) return b === false ? 1 : 0;
        const fn = branchCheck(b);
        return fn(value) ? 0 : (fn.errors?.length ?? 0);
      });
    } catch {
      counts = [Number.NaN]; // a branch that won't compile alone: fall through to ajv's own summary
    }
    const total = counts.reduce((a, b) => a + b, 0);
    const block = errors.slice(i + 1 - total, i + 1);
    if (block.length !== total || !block.every((e) => e.instancePath.startsWith(summary.instancePath))) {
      out.push(summary); // not the layout expected: report ajv's own summary rather than guess
      continue;
    }
    i -= total;
    if ((summary.params as { passingSchemas?: unknown }).passingSchemas) {
      out.push(summary);
      continue;
    }
    const groups: ErrorObject[][] = [];
    let start = 0;
    for (const count of counts) groups.push(block.slice(start, (start += count)));
    // a branch that failed below the value itself (or on its keys) is the shape the user was writing
    const deep = groups.filter((g) => g.some((e) => e.instancePath !== summary.instancePath || ["required", "additionalProperties"].includes(e.keyword)));
    if (deep.length > 0) {
      const best = deep.reduce((a, b) => (b.length < a.length ? b : a));
      out.push(...collapse(best, data, branchCheck, definitions).reverse()); // `out` is built backwards
    } else {
      const description = (summary.parentSchema as { description?: unknown } | undefined)?.description;
      out.push({
        ...summary,
        collapsedMessage: `must be ${describeSchema({ [summary.keyword]: branches }, definitions)}, got ${describeValue(value)}`,
        ...(typeof description === "string" && description.length <= 120 ? { collapsedHint: description } : {}),
      });
    }
  }
  return out.reverse();
}

function toValuesError(error: Collapsed, data: unknown): ValuesError {
  const value = valueAt(data, error.instancePath);
  const { message, hint, key } = error.collapsedMessage
    ? { message: error.collapsedMessage, hint: error.collapsedHint, key: undefined }
    : describeError(error, value);
  // `required` and `additionalProperties` are reported on the object; the person wants the key's path
  const segments = pointerToSegments(error.instancePath, data);
  const result: ValuesError = { path: formatPath(key === undefined ? segments : [...segments, key]), message, keyword: error.keyword };
  const shown = key === undefined ? value : (value as Record<string, unknown>)[key];
  if (shown !== undefined) result.value = shown;
  if (hint) result.hint = hint;
  return result;
}

function pointerToSegments(pointer: string, data: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return segments;
}

const valueAt = (data: unknown, pointer: string): unknown => valueAtPath(data, pointerToSegments(pointer, data));
