// Every image the cluster runs, built here because no registry is reachable:
// - the chart's images, under the exact references its Chart.yaml lists in artifacthub.io/images
//   (a test keeps that list equal to the default install's): ours from services/Dockerfile and
//   services/frontend/Dockerfile as users build them, the third-party ones as labelled stand-ins
//   from Debian's packages (cluster/images/standins/*/Containerfile);
// - the base images those Dockerfiles name (Debian by debootstrap, Node.js from this machine);
// - the cluster's own: pause from kubernetes' build/pause, and CoreDNS, metrics-server and
//   local-path-provisioner from their Go builds on an empty base.
import { execa } from "execa";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { imagesDir, repo } from "../paths.ts";
import { step } from "../log.ts";
import { toolBinaries } from "../go-build.ts";
import { moduleDir } from "../go-modules.ts";
import { debianSuite, goTools, pauseImage } from "../versions.ts";
import { buildah, buildahLog, buildahOutput, buildDockerfile, exportArchive, imageExists } from "./buildah.ts";

const standins = join(repo, "cluster/images/standins");
/** the base images the project's Dockerfiles name by default (their ARGs) */
const dockerfileArg = (file: string, name: string) => new RegExp(`^ARG ${name}=(\\S+)`, "m").exec(readFileSync(join(repo, file), "utf8"))?.[1] ?? "";
const NODE_IMAGE = dockerfileArg("services/Dockerfile", "NODE_IMAGE");
const DEBIAN_IMAGE = `docker.io/library/debian:${debianSuite}-slim`;

/** name → reference, from the umbrella chart's artifacthub.io/images annotation */
export function chartImages(): Record<string, string> {
  const chart = parse(readFileSync(join(repo, "charts/blog-platform/Chart.yaml"), "utf8")) as { annotations: Record<string, string> };
  const list = parse(chart.annotations["artifacthub.io/images"]!) as Array<{ name: string; image: string }>;
  return Object.fromEntries(list.map((i) => [i.name, i.image]));
}

export const addonImages = {
  coredns: `registry.k8s.io/coredns/coredns:${goTools.coredns.version}`,
  "metrics-server": `registry.k8s.io/metrics-server/metrics-server:${goTools["metrics-server"].version}`,
  "local-path-provisioner": `docker.io/rancher/local-path-provisioner:${goTools["local-path-provisioner"].version}`,
};

async function debianBase(): Promise<void> {
  if (await imageExists(DEBIAN_IMAGE)) return;
  const rootfs = join(imagesDir, "rootfs", debianSuite);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(dirname(rootfs), { recursive: true });
  await execa("debootstrap", ["--variant=minbase", debianSuite, rootfs, "http://deb.debian.org/debian"], { stdout: { file: buildahLog, append: true }, stderr: { file: buildahLog, append: true } });
  // what the official slim image sets up for apt in a container
  writeFileSync(join(rootfs, "etc/apt/apt.conf.d/docker-clean"), 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb || true"; };\nAPT::Install-Recommends "false";\n');
  rmSync(join(rootfs, "var/cache/apt/archives"), { recursive: true, force: true });
  mkdirSync(join(rootfs, "var/cache/apt/archives/partial"), { recursive: true });
  const container = await buildahOutput(["from", "scratch"]);
  await buildah(["copy", container, `${rootfs}/`, "/"]);
  await buildah(["config", "--label", `org.opencontainers.image.description=Stand-in for debian:${debianSuite}-slim, made locally by debootstrap --variant=minbase`, "--label", "dev.blog-platform.stand-in=true", "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "--cmd", "bash", container]);
  await buildah(["commit", "--rm", "--quiet", container, DEBIAN_IMAGE]);
  rmSync(rootfs, { recursive: true, force: true });
}

async function nodeBase(): Promise<void> {
  const context = join(imagesDir, "context", "node");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  cpSync(join(standins, "node/Containerfile"), join(context, "Containerfile"));
  cpSync(process.execPath, join(context, "node"));
  cpSync(join(dirname(process.execPath), "../lib/node_modules/npm"), join(context, "npm"), { recursive: true });
  await buildDockerfile(NODE_IMAGE, { file: join(context, "Containerfile"), context, buildArgs: { BASE: DEBIAN_IMAGE } });
}

async function standin(dir: string, ref: string): Promise<void> {
  await buildDockerfile(ref, { file: join(standins, dir, "Containerfile"), context: join(standins, dir), buildArgs: { BASE: DEBIAN_IMAGE } });
}

/** An image of one static binary on an empty base, on PATH as upstream's image has it, run as the given user. */
async function binaryImage(ref: string, binary: string, user: string, description: string): Promise<void> {
  const name = binary.split("/").at(-1)!;
  const container = await buildahOutput(["from", "scratch"]);
  await buildah(["copy", "--chmod", "0755", container, binary, `/usr/local/bin/${name}`]);
  await buildah(["config", "--label", `org.opencontainers.image.description=${description}`, "--env", "PATH=/usr/local/bin", "--user", user, "--entrypoint", JSON.stringify([`/usr/local/bin/${name}`]), container]);
  await buildah(["commit", "--rm", "--quiet", container, ref]);
}

async function pause(): Promise<void> {
  const source = join(await moduleDir(goTools.kubernetes.module, goTools.kubernetes.version), "build/pause");
  const context = join(imagesDir, "context", "pause");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(join(context, "bin"), { recursive: true });
  const tag = pauseImage.split(":").at(-1)!;
  // the flags of build/pause/Makefile
  await execa("gcc", ["-Os", "-Wall", "-Werror", "-static", `-DVERSION=v${tag}-blog-platform`, "-o", join(context, "bin/pause-linux-amd64"), join(source, "linux/pause.c")]);
  await buildDockerfile(pauseImage, { file: join(source, "Dockerfile"), context, buildArgs: { BASE: "scratch", ARCH: "amd64" } });
}

/**
 * Volumes for a build stage's `npm ci`: this machine's npm cache, and its CA bundle with an npmrc
 * that names it. The machine may reach the registry through a TLS proxy that only its own trust
 * store knows (as here); a user behind one passes the same to their build.
 */
function npmBuildVolumes(): string[] {
  const home = process.env.HOME ?? "/root";
  const volumes = [`${home}/.npm:/root/.npm`];
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? "/etc/ssl/certs/ca-certificates.crt";
  if (existsSync(bundle)) {
    const npmrc = join(imagesDir, "context", "npmrc");
    mkdirSync(dirname(npmrc), { recursive: true });
    writeFileSync(npmrc, "cafile=/etc/ssl/certs/machine-ca-bundle.crt\n");
    volumes.push(`${bundle}:/etc/ssl/certs/machine-ca-bundle.crt:ro`, `${npmrc}:/root/.npmrc:ro`);
  }
  return volumes;
}

export interface BuiltImage {
  ref: string;
  archive: string;
  id: string;
}

/** Builds every image (buildah's layer cache makes an unchanged one quick) and exports each archive. */
export async function buildImages(): Promise<BuiltImage[]> {
  writeFileSync(buildahLog, "");
  const chart = chartImages();
  const refs: string[] = [];
  const build = async (label: string, ref: string, run: () => Promise<void>) => {
    await step(`image ${ref} (${label})`, run, buildahLog);
    refs.push(ref);
  };
  await build("debootstrap", DEBIAN_IMAGE, debianBase);
  await build("Debian and this machine's Node.js", NODE_IMAGE, nodeBase);
  await build("kubernetes build/pause", pauseImage, pause);
  await build("Go build", addonImages.coredns, () => binaryImage(addonImages.coredns, toolBinaries("coredns")[0]!, "0", `CoreDNS ${goTools.coredns.version}, built from its module`));
  await build("Go build", addonImages["metrics-server"], () => binaryImage(addonImages["metrics-server"], toolBinaries("metrics-server")[0]!, "65534", `metrics-server ${goTools["metrics-server"].version}, built from its module`));
  await build("Go build", addonImages["local-path-provisioner"], () => binaryImage(addonImages["local-path-provisioner"], toolBinaries("local-path-provisioner")[0]!, "0", `local-path-provisioner ${goTools["local-path-provisioner"].version}, built from its module`));
  await build("stand-in", chart.gateway!, () => standin("nginx-unprivileged", chart.gateway!));
  await build("stand-in", chart.postgres!, () => standin("postgres", chart.postgres!));
  await build("stand-in", chart["postgres-exporter"]!, () => standin("postgres-exporter", chart["postgres-exporter"]!));
  await build("stand-in", chart.redis!, () => standin("redis", chart.redis!));
  await build("stand-in", chart["redis-exporter"]!, () => standin("redis-exporter", chart["redis-exporter"]!));
  await build("stand-in", chart.tests!, () => standin("busybox", chart.tests!));
  // the project's own, from its Dockerfiles, with this machine's npm cache and trust store
  const npm = npmBuildVolumes();
  for (const service of ["auth", "posts", "comments", "images"]) {
    await build("services/Dockerfile", chart[service]!, () => buildDockerfile(chart[service]!, { file: join(repo, "services/Dockerfile"), context: repo, buildArgs: { SERVICE: service }, volumes: npm }));
  }
  await build("services/frontend/Dockerfile", chart.frontend!, () =>
    buildDockerfile(chart.frontend!, { file: join(repo, "services/frontend/Dockerfile"), context: repo, volumes: npm }),
  );
  const built: BuiltImage[] = [];
  for (const ref of refs) built.push({ ref, ...(await exportArchive(ref)) });
  return built;
}
