// Kubeconfig files: one per component (its client certificate) and out/cluster/kubeconfig for
// people, kubectl and helm on the machine, which reaches the API server through the forward on
// 127.0.0.1 (cluster/forward.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Certificate } from "./pki.ts";
import { clusterDir } from "./paths.ts";

export function writeKubeconfig(file: string, options: { server: string; ca: string; user: string; client: Certificate }): string {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "blog-platform", cluster: { server: options.server, "certificate-authority": options.ca } }],
    users: [{ name: options.user, user: { "client-certificate": options.client.cert, "client-key": options.client.key } }],
    contexts: [{ name: "blog-platform", context: { cluster: "blog-platform", user: options.user } }],
    "current-context": "blog-platform",
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** A component's own kubeconfig, talking to the API server inside the node network. */
export const componentKubeconfig = (component: string) => join(clusterDir, "kubeconfigs", `${component}.yaml`);
