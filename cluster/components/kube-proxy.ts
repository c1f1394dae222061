// kube-proxy in nftables mode, one per node. It leaves the machine-wide conntrack limits alone
// (maxPerCore 0): those sysctls are not per network namespace.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bin, nodeDir } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";
import { network } from "../network-plan.ts";
import { nodeCommand } from "../network.ts";

export async function startKubeProxy(node: string, index: number, kubeconfig: string): Promise<void> {
  const file = join(nodeDir(node), "kube-proxy.yaml");
  writeFileSync(
    file,
    stringify({
      apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
      kind: "KubeProxyConfiguration",
      clientConnection: { kubeconfig },
      mode: "nftables",
      clusterCIDR: network.podSubnet,
      hostnameOverride: node,
      bindAddress: "0.0.0.0",
      // on the node's address, where the start (in the first node's namespace) can probe it
      healthzBindAddress: `${network.nodeIp(index)}:10256`,
      metricsBindAddress: "127.0.0.1:10249",
      conntrack: { maxPerCore: 0 },
    }),
  );
  const daemon = startDaemon(`kube-proxy-${node}`, ...nodeCommand(node, bin("kube-proxy"), [`--config=${file}`, "--v=1"]));
  await waitUntilReady(daemon, () => httpOk(`http://${network.nodeIp(index)}:10256/healthz`), 60);
}
