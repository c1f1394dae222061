// Puts the built images into a node's containerd under their references (no registry to pull from),
// importing only those whose image ID differs from what that node last imported.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeDir } from "../paths.ts";
import { ctr } from "../components/containerd.ts";
import type { BuiltImage } from "./catalog.ts";

export async function importImages(node: string, images: BuiltImage[]): Promise<string[]> {
  const file = join(nodeDir(node), "imported-images.json");
  const imported = (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {}) as Record<string, string>;
  const changed = images.filter((image) => imported[image.ref] !== image.id);
  for (const image of changed) {
    await ctr(node, "images", "import", image.archive);
    imported[image.ref] = image.id;
    writeFileSync(file, JSON.stringify(imported, null, 2));
  }
  return changed.map((image) => image.ref);
}
