// Bundles a service into one ES module with esbuild: its code, the shared runtime and its npm
// dependencies, so the container image holds node and one file (no TypeScript). The exception is a
// package with native binaries (images uses sharp): esbuild cannot inline it, so it stays an import,
// and it is copied with its production dependencies, exactly as package-lock.json installed them for
// this platform, into node_modules beside the bundle (only when the service imports it).
// A service's Jobs (src/jobs/<name>.ts, e.g. auth's credentials Job) are bundled beside it as
// <name>-job.mjs, so they run from the service's image.
// Usage: tsx services/build.ts <service> <outfile>
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { build } from "esbuild";

// kept out of the bundle, and shipped beside it when imported
const NATIVE = ["sharp"];

const [service, outfile] = process.argv.slice(2);
if (!service || !outfile) {
  console.error("usage: tsx services/build.ts <service> <outfile>");
  process.exit(2);
}
const serviceDir = new URL(`./${service}/`, import.meta.url).pathname;

const jobsDir = join(serviceDir, "src/jobs");
const jobs = existsSync(jobsDir) ? readdirSync(jobsDir).filter((file) => file.endsWith(".ts")) : [];

const result = await build({
  entryPoints: [
    { in: join(serviceDir, "src/main.ts"), out: basename(outfile, ".mjs") },
    ...jobs.map((file) => ({ in: join(jobsDir, file), out: `${basename(file, ".ts")}-job` })),
  ],
  outdir: dirname(outfile),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: false,
  // beside the bundle, not inline: with --enable-source-maps, Node parses a bundle's map on the first
  // stack trace it formats, and the inline one (sources included) cost auth about 110 MB more RSS in
  // a 256 Mi pod, enough for the OOM killer during a Redis outage (every fallback logs a stack). The
  // image runs without the flag; the unminified bundle's stacks name the functions, and an operator
  // who wants the TypeScript lines sets NODE_OPTIONS=--enable-source-maps.
  sourcemap: "linked",
  // pg tries the optional native binding first; the pure JS client is what we ship
  external: ["pg-native", ...NATIVE],
  // CommonJS dependencies call require(); give the ES module one
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  logLevel: "warning",
});

/** Where Node finds package `name` from directory `from`: the nearest node_modules up the tree. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", name, "package.json"))) return join(dir, "node_modules", name);
    if (dirname(dir) === dir) return undefined;
  }
}

const copied = new Map<string, string>();
function copyPackage(name: string, from: string, optional: boolean): void {
  const source = findPackage(name, from);
  // of the optional dependencies, only this platform's binary packages are installed
  if (!source && optional) return;
  if (!source) throw new Error(`${name} is not installed (a dependency from ${from})`);
  if (copied.has(name)) {
    if (copied.get(name) !== source) throw new Error(`two installed copies of ${name} are needed: ${copied.get(name)} and ${source}`);
    return;
  }
  copied.set(name, source);
  cpSync(source, join(dirname(outfile), "node_modules", name), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { dependencies?: object; optionalDependencies?: object };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) copyPackage(dependency, source, false);
  for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) copyPackage(dependency, source, true);
}

const imported = new Set(Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path)));
for (const name of NATIVE.filter((name) => imported.has(name))) copyPackage(name, serviceDir, false);
