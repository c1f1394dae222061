// Bundles a service into one ES module with esbuild: its code, the shared runtime and its npm
// dependencies, so the container image holds node and one file (no node_modules, no TypeScript).
// Usage: tsx services/build.ts <service> <outfile>
import { build } from "esbuild";

const [service, outfile] = process.argv.slice(2);
if (!service || !outfile) {
  console.error("usage: tsx services/build.ts <service> <outfile>");
  process.exit(2);
}

await build({
  entryPoints: [new URL(`./${service}/src/main.ts`, import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: false,
  sourcemap: "inline",
  // pg tries the optional native binding first; the pure JS client is what we ship
  external: ["pg-native"],
  // CommonJS dependencies call require(); give the ES module one
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});
