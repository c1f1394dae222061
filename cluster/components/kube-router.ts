// kube-router's NetworkPolicy firewall, one per node, as a process in the node's network namespace
// (upstream runs it as a privileged hostNetwork DaemonSet: daemonset/kube-router-firewall-daemonset.yaml
// in its module, whose flags these are). It turns every NetworkPolicy into iptables chains and ipsets
// for the pods of its node; routing and the service proxy stay kube-proxy's and the bridge's.
import { bin } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";
import { network } from "../network-plan.ts";
import { nodeCommand } from "../network.ts";

const healthPort = 20244;

export async function startKubeRouter(node: string, index: number, kubeconfig: string): Promise<void> {
  const daemon = startDaemon(`kube-router-${node}`, ...nodeCommand(node, bin("kube-router"), [
    "--run-router=false",
    "--run-firewall=true",
    "--run-service-proxy=false",
    `--kubeconfig=${kubeconfig}`,
    `--hostname-override=${node}`,
    `--health-port=${healthPort}`,
    // its metrics would need a port of their own; nothing scrapes the cluster's components
    "--metrics-port=0",
    "--v=1",
  ]));
  // its health server listens on every address of the node
  await waitUntilReady(daemon, () => httpOk(`http://${network.nodeIp(index)}:${healthPort}/healthz`), 60);
}
