// buildah, as this project uses it: a storage of our own under out/cluster (overlay, as root), images
// built from Dockerfiles (`buildah bud`) or assembled from files (`from scratch`), and each one
// written out as an OCI archive that a node's containerd imports under the same reference.
import { execa, type Options } from "execa";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { imagesDir, logFile } from "../paths.ts";

const storage = ["--root", join(imagesDir, "storage"), "--runroot", "/run/blog-platform/buildah", "--storage-driver", "overlay"];

export const buildahLog = logFile("images");

export function buildah(args: string[], options: Options = {}) {
  mkdirSync(imagesDir, { recursive: true });
  mkdirSync(dirname(buildahLog), { recursive: true });
  return execa("buildah", [...storage, ...args], { stdout: { file: buildahLog, append: true }, stderr: { file: buildahLog, append: true }, ...options });
}

export async function buildahOutput(args: string[]): Promise<string> {
  const { stdout } = await execa("buildah", [...storage, ...args]);
  return String(stdout).trim();
}

/** The OCI archive of an image, named after its reference. */
export const archiveOf = (ref: string) => join(imagesDir, "archives", `${ref.replaceAll(/[/:@]/g, "_")}.tar`);

export async function imageExists(ref: string): Promise<boolean> {
  return (await execa("buildah", [...storage, "inspect", "--type", "image", ref], { reject: false })).exitCode === 0;
}

/** Writes the image to its OCI archive, unless the archive already holds this very image; returns the archive's path and the image's ID. */
export async function exportArchive(ref: string): Promise<{ archive: string; id: string }> {
  const archive = archiveOf(ref);
  const idFile = `${archive}.id`;
  const id = await buildahOutput(["inspect", "--type", "image", "--format", "{{.FromImageID}}", ref]);
  if (existsSync(archive) && existsSync(idFile) && readFileSync(idFile, "utf8") === id) return { archive, id };
  mkdirSync(join(imagesDir, "archives"), { recursive: true });
  rmSync(archive, { force: true });
  await buildah(["push", "--quiet", ref, `oci-archive:${archive}:${ref}`]);
  writeFileSync(idFile, id);
  return { archive, id };
}

/** `buildah bud`: a Dockerfile built as docker would build it, with the machine's network for RUN steps. */
export async function buildDockerfile(ref: string, options: { file: string; context: string; buildArgs?: Record<string, string>; volumes?: string[] }): Promise<void> {
  await buildah([
    "bud",
    "--layers",
    "--network",
    "host",
    "--isolation",
    "chroot",
    "-f",
    options.file,
    "-t",
    ref,
    ...Object.entries(options.buildArgs ?? {}).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...(options.volumes ?? []).flatMap((v) => ["--volume", v]),
    options.context,
  ]);
}
