// kube-controller-manager: every default controller, signing with the cluster CA, one instance
// (no leader election). Pod CIDRs are not allocated: each node's CNI config names its own slice
// (cluster/components/cni.ts), as a static route plan between the nodes needs.
import { bin } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";
import { network } from "../network-plan.ts";
import type { Pki } from "../pki.ts";

export async function startControllerManager(pki: Pki, kubeconfig: string): Promise<void> {
  const daemon = startDaemon("kube-controller-manager", bin("kube-controller-manager"), [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    `--cluster-cidr=${network.podSubnet}`,
    "--allocate-node-cidrs=false",
    `--service-cluster-ip-range=${network.serviceSubnet}`,
    `--cluster-signing-cert-file=${pki.ca.cert}`,
    `--cluster-signing-key-file=${pki.ca.key}`,
    `--root-ca-file=${pki.ca.cert}`,
    `--requestheader-client-ca-file=${pki.frontProxyCa.cert}`,
    `--service-account-private-key-file=${pki.serviceAccount.key}`,
    "--use-service-account-credentials=true",
    "--leader-elect=false",
    "--profiling=false",
  ]);
  await waitUntilReady(daemon, () => httpOk("https://127.0.0.1:10257/healthz"));
}
