// Files from a module's zip, through the Go module proxy (and verified by its checksum database):
// install manifests, CRDs and sources that the cluster takes from the projects themselves.
import { execa } from "execa";

const dirs = new Map<string, Promise<string>>();

/** The directory of `module@version` in the module cache, downloaded first if needed. */
export function moduleDir(module: string, version: string): Promise<string> {
  const key = `${module}@${version}`;
  let dir = dirs.get(key);
  if (!dir) {
    dir = execa("go", ["mod", "download", "-json", key]).then(({ stdout }) => (JSON.parse(stdout) as { Dir: string }).Dir);
    dirs.set(key, dir);
  }
  return dir;
}
