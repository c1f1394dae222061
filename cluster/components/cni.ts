// The pods' network on each node (Debian's containernetworking-plugins): a bridge with the node's
// slice of the pod subnet (host-local IPAM), hairpin on so a pod reaches itself through its Service,
// portmap for hostPort. Routes to the other nodes' slices go through their node addresses.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeDir } from "../paths.ts";
import { network } from "../network-plan.ts";

export const cniBinDir = "/usr/lib/cni";
export const cniConfDir = (node: string) => join(nodeDir(node), "cni");

export function writeCniConfig(node: string, index: number): void {
  mkdirSync(cniConfDir(node), { recursive: true });
  const conf = {
    cniVersion: "1.0.0",
    name: "blog-pods",
    plugins: [
      {
        type: "bridge",
        bridge: "cni0",
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: { type: "host-local", dataDir: join(nodeDir(node), "cni-ipam"), ranges: [[{ subnet: network.podCidr(index) }]], routes: [{ dst: "0.0.0.0/0" }] },
      },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
  writeFileSync(join(cniConfDir(node), "10-blog-pods.conflist"), `${JSON.stringify(conf, null, 2)}\n`);
}
