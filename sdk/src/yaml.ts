// Values as YAML files, read and written the way Helm's YAML 1.1 parser (go-yaml) understands them.
import { parseDocument, stringify, type CreateNodeOptions, type DocumentOptions, type ParseOptions, type SchemaOptions, type ToStringOptions } from "yaml";
import { YamlError } from "./errors.ts";
import { isTable } from "./merge.ts";
import { shapeErrors } from "./shape.ts";

export const defaultSchemaUrl =
  "https://raw.githubusercontent.com/blog-platform/blog-platform/main/charts/blog-platform/values.schema.json";

export interface ToYamlOptions {
  /** Where editors (yaml-language-server) find the schema; a relative path works for a checked-out repo. */
  schemaUrl?: string;
}

/**
 * YAML 1.1 as go-yaml reads it: `yes`/`on` are booleans, `0755` is octal, `<<` merges. Timestamps stay
 * strings (Helm turns them back into strings anyway).
 */
export const helmYamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  merge: true,
  customTags: (tags) => tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:timestamp"),
};

// Stringifying as YAML 1.1 quotes every string Helm would otherwise read as a boolean or a number
// ("yes", "on", "0755", "1_000"); no aliases, and no folding of long strings.
const writeOptions: CreateNodeOptions & DocumentOptions & SchemaOptions & ToStringOptions = { version: "1.1", aliasDuplicateObjects: false, lineWidth: 0 };

/**
 * A values.yaml text: a yaml-language-server modeline, then the values in the key order given.
 * Throws a TypeError naming the path of anything YAML cannot hold (a cycle, a function, a Date).
 */
export function toYaml(values: object, options: ToYamlOptions = {}): string {
  const [problem] = shapeErrors(values);
  if (problem) throw new TypeError(`cannot write values as YAML: ${problem.path || "the top level"} ${problem.message}`);
  const modeline = `# yaml-language-server: $schema=${options.schemaUrl ?? defaultSchemaUrl}\n`;
  return modeline + stringify(values, writeOptions);
}

/**
 * Parses a values file. An empty file is `{}`, as for Helm. Throws `YamlError` (with the line and
 * column of the first problem) for any error, never returning part of a broken file.
 */
export function fromYaml(text: string, file?: string): Record<string, unknown> {
  const doc = parseDocument(text, helmYamlOptions);
  const first = doc.errors[0];
  if (first) throw yamlError(first.message, file, first.linePos?.[0]);
  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw yamlError(error instanceof Error ? error.message : String(error), file, undefined); // e.g. an alias bomb
  }
  if (values === null || values === undefined) return {};
  if (!isTable(values)) {
    const line = doc.contents?.range ? lineOf(text, doc.contents.range[0]) : undefined;
    throw yamlError("a values file must be a map of keys to values at its top level", file, line);
  }
  return values;
}

export function yamlError(message: string, file: string | undefined, pos: { line: number; col: number } | undefined): YamlError {
  // the yaml library appends " at line L, column C:" and a source excerpt; the position is kept apart
  const reason = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  return new YamlError(reason, { ...(file === undefined ? {} : { file }), ...(pos ?? {}) });
}

function lineOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before.at(-1)!.length + 1 };
}
