// The SDK as its users get it: `npm pack` of sdk/ and of its helm package, installed into an empty
// project, and used from there with plain node, with tsc (node16 and bundler resolution) and
// through the packed bin. Nothing of the repository is on the way: no tsx, no sources, no helm on
// PATH.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chartVersion } from "../helpers/helm.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules/.bin/tsc");
let dir: string;
let project: string;
let sdkTarball: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
// PATH with node but without any helm, and without the repository's node_modules/.bin
const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: process.env.HOME ?? "/root", npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? "/root", ".npm") };
const inProject = (file: string, args: string[] = [], options: { input?: string } = {}) =>
  execa(process.execPath, [file, ...args], { cwd: project, env, extendEnv: false, reject: false, ...options });

async function pack(packageDir: string): Promise<typeof sdkTarball> {
  const { stdout } = await execa("npm", ["pack", "--json", "--pack-destination", dir], { cwd: packageDir });
  return (JSON.parse(stdout) as (typeof sdkTarball)[])[0]!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sdk-package-"));
  project = join(dir, "consumer");
  await execa(process.execPath, ["--import", "tsx", join(root, "scripts/setup-helm.ts")]);
  const [sdk, helm] = await Promise.all([pack(join(root, "sdk")), pack(join(root, "sdk/helm-linux-x64"))]);
  sdkTarball = sdk;
  await execa("mkdir", ["-p", project]);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, sdk.filename), join(dir, helm.filename)], { cwd: project });
}, 300_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the packed @blog-platform/sdk", () => {
  it("holds the build, the schema and the chart archive, and no source or test", () => {
    const files = sdkTarball.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["package.json", "bin/blog-platform.js", "dist/index.js", "dist/index.d.ts", "dist/generated/values.schema.json", "dist/generated/defaults.json", "dist/chart/blog-platform.tgz", "dist/LICENSE"]));
    expect(files.filter((f) => /^(src|test)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
    console.log(`@blog-platform/sdk: ${sdkTarball.filename}, ${(sdkTarball.size / 1024).toFixed(0)} KiB packed, ${(sdkTarball.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);
    expect(sdkTarball.size).toBeLessThan(1024 * 1024);
  });

  it("carries the chart's version, as the release publishes both from one tag", async () => {
    const installed = JSON.parse(await readFile(join(project, "node_modules/@blog-platform/sdk/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(chartVersion);
  });

  it("needs no TypeScript at run time: plain node imports validate, mergeValues, toYaml and render, and helm comes from the helm package", async () => {
    await writeFile(
      join(project, "use.mjs"),
      `import { validate, mergeValues, toYaml, render, presets, findHelm } from "@blog-platform/sdk";
const values = mergeValues({ posts: { replicaCount: 2 } }, { posts: { replicaCount: 3 } });
const bad = validate({ posts: { replicaCont: 3 } });
const manifests = await render(values, { namespace: "blog" });
console.log(JSON.stringify({
  valid: validate(values).ok && validate(mergeValues(presets.production, values)).ok,
  badPath: bad.ok ? null : bad.errors[0].path,
  yaml: toYaml({ posts: { replicaCount: 3 } }).includes("replicaCount: 3"),
  postsReplicas: manifests.deployments("posts")[0]?.spec?.replicas ?? null,
  helm: (await findHelm()).source,
}));
`,
    );
    const result = await inProject("use.mjs");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, badPath: "posts.replicaCont", yaml: true, postsReplicas: 3, helm: "package" });
    // no tsx anywhere in the consumer's tree
    await expect(readFile(join(project, "node_modules/tsx/package.json"))).rejects.toThrow(/ENOENT/);
  });

  it.each(["node16", "bundler"])("compiles a consumer with tsc --strict under moduleResolution %s, and a misspelt key is a compile error", async (resolution) => {
    const config = { compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: resolution === "node16" ? "node16" : "esnext", moduleResolution: resolution, types: [], skipLibCheck: false } };
    await writeFile(join(project, `tsconfig.${resolution}.json`), JSON.stringify({ ...config, files: ["consumer.ts"] }));
    await writeFile(join(project, `tsconfig.${resolution}.typo.json`), JSON.stringify({ ...config, files: ["typo.ts"] }));
    await writeFile(
      join(project, "consumer.ts"),
      `import { defineValues, validate, withDefaults, type AutoscalingValues, type BlogPlatformValues, type ComponentValues, type DeepPartial, type ImageValues, type ResolvedComponentValues, type ResolvedPostsValues, type ValuesError } from "@blog-platform/sdk";
const image: DeepPartial<ImageValues> = { repository: "blog/posts", pullPolicy: "IfNotPresent" };
const autoscaling: DeepPartial<AutoscalingValues> = { enabled: true, maxReplicas: 6 };
// what every component has, written once for any of them
const labelled = (component: DeepPartial<ComponentValues>) => ({ ...component, podLabels: { team: "blog" } });
const values = defineValues({ posts: { replicaCount: 2, image, autoscaling }, gateway: labelled({ priorityClassName: "edge" }), postgres: labelled({}) });
const result = validate(values);
const errors: ValuesError[] = result.ok ? [] : result.errors;
const replicas: number | undefined = (values as BlogPlatformValues).posts?.replicaCount;
const resolved: ResolvedPostsValues = withDefaults(values).posts;
const maxReplicas: number = resolved.autoscaling.maxReplicas;
const shared: ResolvedComponentValues = resolved;
export { errors, replicas, maxReplicas, shared };
`,
    );
    await writeFile(join(project, "typo.ts"), `import { defineValues } from "@blog-platform/sdk";\nexport const values = defineValues({ posts: { replicaCont: 2 } });\n`);
    const good = await execa(tsc, ["-p", `tsconfig.${resolution}.json`], { cwd: project, reject: false });
    expect(good.exitCode, good.stdout).toBe(0);
    const typo = await execa(tsc, ["-p", `tsconfig.${resolution}.typo.json`], { cwd: project, reject: false });
    expect(typo.exitCode).not.toBe(0);
    expect(typo.stdout).toMatch(/typo\.ts\(2,\d+\): error TS\d+: .*'replicaCont' does not exist .*Did you mean to write 'replicaCount'\?/);
  });

  it("runs the packed bin: validate, render, check and schema, and asks for tsx only for a .ts values file", async () => {
    const bin = join(project, "node_modules/.bin/blog-platform");
    await writeFile(join(project, "values.yaml"), "posts:\n  replicaCount: 3\n");
    await writeFile(join(project, "values.mjs"), "export default { posts: { replicaCont: 3 } };\n");
    await writeFile(join(project, "values.ts"), "export default { posts: { replicaCount: 3 } };\n");
    const run = (...args: string[]) => execa(bin, args, { cwd: project, env, extendEnv: false, reject: false });

    expect((await run("validate", "values.yaml")).stdout).toBe("valid");
    const invalid = await run("validate", "values.mjs");
    expect([invalid.exitCode, invalid.stderr]).toEqual([1, "values.mjs: posts.replicaCont: unknown key (did you mean `replicaCount`?)"]);
    const rendered = await run("render", "values.yaml", "--namespace", "blog");
    expect(rendered.exitCode, rendered.stderr).toBe(0);
    expect(rendered.stdout).toMatch(/^kind: Deployment$/m);
    const checked = await run("check", "values.yaml");
    expect([checked.exitCode, checked.stdout], checked.stderr).toEqual([0, "no policy findings"]);
    const schema = await run("schema");
    expect(JSON.parse(schema.stdout)).toMatchObject({ $schema: "http://json-schema.org/draft-07/schema#" });
    const typescript = await run("validate", "values.ts");
    expect([typescript.exitCode, typescript.stderr]).toEqual([1, "values.ts: a TypeScript values file needs tsx: npm install --save-dev tsx (or compile it to .js first)"]);
  });

  it("says how to get helm when there is none", async () => {
    await rm(join(project, "node_modules/@blog-platform/helm-linux-x64"), { recursive: true, force: true });
    const result = await execa(join(project, "node_modules/.bin/blog-platform"), ["render", "values.yaml"], { cwd: project, env, extendEnv: false, reject: false });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/no usable helm found \(@blog-platform\/helm-linux-x64 is not installed\): install helm ≥ 3\.17 on your PATH/);
  });
});
