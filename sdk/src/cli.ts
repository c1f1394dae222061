// The blog-platform command: validate and render values files from a shell.
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { HelmError, HelmNotFoundError, YamlError, type ValuesError } from "./errors.ts";
import { explain, type Explanation, type ValuesLayer } from "./explain.ts";
import { findHelm } from "./helm.ts";
import { isTable, mergeValueFiles } from "./merge.ts";
import { lookupPath, parsePath } from "./path.ts";
import { renderToString, type RenderOptions } from "./render.ts";
import { check, type CheckFinding } from "./check.ts";
import { describeFinding } from "./policies.ts";
import { shapeErrors } from "./shape.ts";
import { validate } from "./validate.ts";
import { valuesSchema } from "./generated.ts";
import { fromYaml, helmYamlOptions } from "./yaml.ts";
import { migrateDocument, migrations } from "./migrations.ts";
import { parseDocument } from "yaml";

const usage = `Usage: blog-platform <command> [options]

Commands:
  validate <file...>   check values files; later files override earlier ones, as with helm -f
  render <file...>     render the chart with helm template and print the manifests
  check <file...>      render and run the install policies (Pod Security restricted, probes,
                       requests and limits, pinned images, NetworkPolicies, no Secret data in
                       ConfigMaps); one line per finding, at the values path behind it
  schema               print the values JSON Schema
  migrate <file> [--from <version>]
                       rewrite a YAML values file written for an older chart version (default
                       the oldest one known) for this one, comments kept; -o to write a file
  explain [-f <file>...] <path>
                       say which layer gives the value at <path> (posts.autoscaling.maxReplicas):
                       the chart defaults, then each -f file in order, and what each says there

A values file is YAML (.yaml, .yml) or a module (.ts, .mts, .js, .mjs) whose default export is the values.

Options:
  --release <name>       release name (render, check; default blog)
  --namespace <ns>       namespace (render, check; default default)
  --kube-version <v>     Kubernetes version to render for (render, check)
  --api-versions <api>   an API version the cluster serves; repeatable (render, check)
  -o, --output <file>    write the manifests to a file instead of stdout (render)
  -f, --values <file>    a values file; repeatable, later ones override earlier ones (explain)
  --from <version>       the chart version the file was written for (migrate)
  --verbose              tell which helm is used, on stderr
  -h, --help             show this help
  --version              print the version

Exit status: 0 success, 1 invalid values, a policy finding, a helm failure or a path explain cannot answer, 2 usage error, 3 no helm found.
`;

const options = {
  release: { type: "string" },
  namespace: { type: "string" },
  "kube-version": { type: "string" },
  "api-versions": { type: "string", multiple: true },
  output: { type: "string", short: "o" },
  values: { type: "string", short: "f", multiple: true },
  from: { type: "string" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const renderOnly = ["release", "namespace", "kube-version", "api-versions"] as const;

/** A problem with the command line: usage on stderr, exit 2. */
class UsageError extends Error {}
/** A file that can't be read as values, or an output that can't be written: exit 1. */
class InputError extends Error {}

interface Loaded {
  file: string;
  values: Record<string, unknown>;
}

async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (flags.help || flags.version) {
    print(process.stdout, flags.help ? usage : `${packageVersion()}\n`);
    return 0;
  }
  const [command, ...files] = positionals;

  const misplaced = renderOnly.find((name) => flags[name] !== undefined);
  if (command !== "render" && command !== "check" && misplaced) throw new UsageError(`--${misplaced} applies to render and check only`);
  if (command !== "explain" && flags.values) throw new UsageError("-f applies to explain only; give the other commands their files as arguments");
  if (command !== "render" && command !== "migrate" && flags.output !== undefined) throw new UsageError("--output applies to render and migrate only");
  if (command !== "migrate" && flags.from !== undefined) throw new UsageError("--from applies to migrate only");
  switch (command) {
    case "schema":
      if (files.length) throw new UsageError("schema takes no files");
      print(process.stdout, `${JSON.stringify(valuesSchema(), null, 2)}\n`);
      return 0;
    case "validate": {
      const loaded = await loadAll(files);
      const status = checkAll(loaded);
      if (status !== 0) return status;
      print(process.stdout, "valid\n");
      return 0;
    }
    case "render":
    case "check": {
      const loaded = await loadAll(files);
      const status = checkAll(loaded);
      if (status !== 0) return status;
      const helm = await findHelm();
      if (flags.verbose) print(process.stderr, `using helm ${helm.version} (${helm.source}): ${helm.path}\n`);
      const renderOptions: RenderOptions = {
        helm,
        ...(flags.release === undefined ? {} : { release: flags.release }),
        ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
        ...(flags["kube-version"] === undefined ? {} : { kubeVersion: flags["kube-version"] }),
        ...(flags["api-versions"] === undefined ? {} : { apiVersions: flags["api-versions"] }),
      };
      if (command === "render") {
        await emit(await renderToString(mergeValueFiles(loaded.map((l) => l.values)), renderOptions), flags.output);
        return 0;
      }
      const result = await check(loaded.map(({ file, values }) => ({ name: file, values })), renderOptions);
      for (const finding of result.findings) print(process.stdout, `${describeCheckFinding(finding)}\n`);
      print(result.ok ? process.stdout : process.stderr, result.ok ? "no policy findings\n" : `${result.findings.length} policy finding${result.findings.length === 1 ? "" : "s"}\n`);
      return result.ok ? 0 : 1;
    }
    case "migrate": {
      if (files.length !== 1) throw new UsageError("migrate takes one values file");
      const file = files[0]!;
      if (![".yaml", ".yml"].includes(extname(file).toLowerCase())) throw new UsageError(`${file}: migrate rewrites YAML values files; a module's values are code to change by hand`);
      const text = await readFile(file, "utf8").catch((error: Error) => {
        throw new InputError(`${file}: cannot read: ${error.message}`);
      });
      fromYaml(text, file); // a syntax error names its line
      // every step is safe to run on values that never had its old keys
      const from = flags.from ?? migrations[0]!.from;
      const result = migrateDocument(parseDocument(text, helmYamlOptions), { from });
      if (!result.ok) {
        print(process.stderr, `${file}: ${result.error.message}\n`);
        return 1;
      }
      for (const change of result.changes) print(process.stderr, `${file}: ${change.from} is now ${change.to} (${change.step})\n`);
      if (!result.changes.length) print(process.stderr, `${file}: nothing to rename from ${from} to ${result.version}\n`);
      for (const note of result.notes) print(process.stderr, `${file}: note: ${note}\n`);
      await emit(result.values.toString({ lineWidth: 0 }), flags.output);
      return 0;
    }
    case "explain": {
      if (files.length !== 1) throw new UsageError("explain takes one path (posts.autoscaling.maxReplicas); give the values files with -f");
      const layers: ValuesLayer[] = [];
      for (const file of flags.values ?? []) layers.push({ name: file, values: await load(file) });
      const result = explain(layers, files[0]!);
      if (!result.ok) {
        print(process.stderr, `${result.error.path}: ${result.error.message}${result.error.hint ? ` (${result.error.hint})` : ""}\n`);
        return 1;
      }
      print(process.stdout, describeExplanation(result.explanation));
      return 0;
    }
    case undefined:
      throw new UsageError("no command given");
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

async function loadAll(files: string[]): Promise<Loaded[]> {
  if (files.length === 0) throw new UsageError("no values file given");
  const loaded: Loaded[] = [];
  for (const file of files) loaded.push({ file, values: await load(file) });
  return loaded;
}

async function load(file: string): Promise<Record<string, unknown>> {
  const ext = extname(file).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") {
    const text = await readFile(file, "utf8").catch((error: Error) => {
      throw new InputError(`${file}: cannot read: ${error.message}`);
    });
    return fromYaml(text, file);
  }
  if ([".ts", ".mts", ".js", ".mjs"].includes(ext)) {
    const url = pathToFileURL(resolve(file)).href;
    const module = (await (ext === ".js" || ext === ".mjs" ? import(url) : importTypeScript(file, url)).catch((error: Error) => {
      throw error instanceof InputError ? error : new InputError(`${file}: cannot load: ${error.message}`);
    })) as { default?: unknown };
    if (!isTable(module.default)) throw new InputError(`${file}: the default export must be the values object`);
    return module.default;
  }
  throw new UsageError(`${file}: a values file must end in .yaml, .yml, .ts, .mts, .js or .mjs`);
}

/** Loads a TypeScript module through tsx, an optional peer dependency: only these files need it. */
async function importTypeScript(file: string, url: string): Promise<unknown> {
  // a variable specifier: tsc need not find the types of a package the SDK does not depend on
  const tsxApi = "tsx/esm/api";
  const tsx = (await import(tsxApi).catch(() => {
    throw new InputError(`${file}: a TypeScript values file needs tsx: npm install --save-dev tsx (or compile it to .js first)`);
  })) as { tsImport(specifier: string, parent: string): Promise<unknown> };
  return tsx.tsImport(url, import.meta.url);
}

/** Writes `text` to `output`, or to stdout without one. */
async function emit(text: string, output: string | undefined): Promise<void> {
  if (output === undefined) return print(process.stdout, text);
  await writeFile(output, text).catch((error: Error) => {
    throw new InputError(`${output}: cannot write: ${error.message}`);
  });
}

/** `path = value (from layer)`, then one line per layer: what it says there. */
function describeExplanation({ path, present, value, from, layers }: Explanation): string {
  const shown = (v: unknown) => JSON.stringify(v);
  const width = Math.max(...layers.map((l) => l.layer.length));
  const lines = layers.map(({ layer, says, value: said, at }) => {
    const what = says === "sets" || says === "merges" ? `${says} ${shown(said)}` : says === "deletes" ? (at ? `deletes ${at} (null)` : "deletes it (null)") : says === "replaces" ? `replaces ${at || "the values"} with ${shown(said)}` : "-";
    return `  ${layer.padEnd(width)}  ${what}`;
  });
  return `${present ? `${path} = ${shown(value)}` : `${path} is not set`} (from ${from})\n${lines.join("\n")}\n`;
}

/** `file: path: object container: what (policy)`; a finding no value causes is the chart's, at its object's field. */
function describeCheckFinding(finding: CheckFinding): string {
  const where = finding.path === undefined ? `${finding.field} (no value sets it)` : finding.path;
  return `${finding.from === undefined ? "" : `${finding.from}: `}${where}: ${describeFinding(finding)} [${finding.policy}]`;
}

/** Prints every problem, one line each, and returns exit status 1; or 0 when all is valid. */
function checkAll(loaded: Loaded[]): number {
  // a cycle or a function must be found per file, before merging would trip over it
  const shape = loaded.flatMap(({ file, values }) => shapeErrors(values).map((error) => ({ file, error })));
  const result = shape.length ? undefined : validate(mergeValueFiles(loaded.map((l) => l.values)));
  const problems = result === undefined ? shape : result.ok ? [] : result.errors.map((error) => ({ file: fileFor(error, loaded), error }));
  // deprecated keys: said on stderr, never a failure
  const warnings = (result?.warnings ?? []).map((warning) => ({ file: fileFor(warning, loaded), error: { ...warning, message: `warning: ${warning.message}` } }));
  for (const { file, error } of [...problems, ...warnings]) {
    const where = error.path ? `${error.path}: ` : "";
    print(process.stderr, `${file}: ${where}${error.message}${error.hint ? ` (${error.hint})` : ""}\n`);
  }
  return problems.length ? 1 : 0;
}

/** The last file that sets the value an error is about; else the last file (the error is in what they left out). */
function fileFor(error: ValuesError, loaded: Loaded[]): string {
  const segments = parsePath(error.path);
  const sets = ({ values }: Loaded): boolean => lookupPath(values, segments).present;
  return ([...loaded].reverse().find(sets) ?? loaded[loaded.length - 1]!).file;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

function print(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
}

async function run(): Promise<number> {
  try {
    return await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      print(process.stderr, `blog-platform: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof HelmNotFoundError) {
      print(process.stderr, `blog-platform: ${error.message}\n`);
      return 3;
    }
    if (error instanceof HelmError) {
      print(process.stderr, `helm template failed (exit ${error.exitCode}):\n${error.stderr}\n`);
      return 1;
    }
    if (error instanceof InputError || error instanceof YamlError) {
      print(process.stderr, `${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await run();
