// The API server as the machine sees it: 127.0.0.1:6443 in the machine's network namespace,
// forwarded by socat into the first node's namespace, one nsenter per connection. No route from the
// machine into the cluster's addresses exists; kubectl, helm and port-forward need none.
import { execa } from "execa";
import { bundledKubectl } from "../scripts/lib/layer-binaries.ts";
import { network } from "./network-plan.ts";
import { startDaemon, waitUntilReady, type Daemon } from "./daemons.ts";
import { kubeconfig } from "./paths.ts";

/** Started in the machine's namespace before the API server exists: connections wait for it. */
export function startApiserverForward(): Daemon {
  const [host, port] = network.hostApiserver.split(":");
  const target = `nsenter --net=/run/netns/${network.namespace("node-1")} socat STDIO TCP:127.0.0.1:${network.apiserverPort}`;
  return startDaemon("apiserver-forward", "socat", [`TCP-LISTEN:${port},bind=${host},reuseaddr,fork`, `EXEC:${target.replaceAll(":", "\\:")}`]);
}

/** Checked as a user reaches it: kubectl on the machine, through the forward. */
export async function waitForApiserverForward(daemon: Daemon): Promise<void> {
  const kubectl = await bundledKubectl();
  await waitUntilReady(daemon, async () => (await execa(kubectl, ["--kubeconfig", kubeconfig, "get", "--raw", "/readyz"])).exitCode === 0, 20);
}
