// kubelet: one per node, on that node's containerd, with its pods under the node's cgroup
// (cluster/cgroups.ts). Settings a kind node would have: cgroupfs,
// cgroup v1 tolerated (these machines mount v1 controllers; the kubelet refuses them from 1.35 unless
// told), no swap check, evictions off (a test cluster on a shared disk must not evict the release
// under test), image GC off (every image is imported once, none can be pulled back), a serving
// certificate from the cluster CA so the API server and metrics-server can verify it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bin, nodeDir } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";
import { network } from "../network-plan.ts";
import { nodeCommand } from "../network.ts";
import { createNodeCgroups, nodeCgroupRoot } from "../cgroups.ts";
import type { Certificate, Pki } from "../pki.ts";
import { containerdSocket } from "./containerd.ts";

function config(node: string, index: number, ca: string, serving: Certificate): string {
  const file = join(nodeDir(node), "kubelet.yaml");
  // no upstream DNS: nothing outside the cluster can be resolved or reached
  const resolvConf = join(nodeDir(node), "resolv.conf");
  writeFileSync(resolvConf, "options ndots:1\n");
  writeFileSync(
    file,
    stringify({
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: ca } },
      authorization: { mode: "Webhook" },
      address: network.nodeIp(index),
      readOnlyPort: 0,
      // on the node's address, where the start (in the first node's namespace) can probe it
      healthzBindAddress: network.nodeIp(index),
      healthzPort: 10248,
      tlsCertFile: serving.cert,
      tlsPrivateKeyFile: serving.key,
      cgroupDriver: "cgroupfs",
      cgroupRoot: nodeCgroupRoot(node),
      // the kubelet removes log directories of pods it does not know: each node keeps its own
      podLogsDir: join(nodeDir(node), "pod-logs"),
      failCgroupV1: false,
      failSwapOn: false,
      containerRuntimeEndpoint: `unix://${containerdSocket(node)}`,
      clusterDomain: network.clusterDomain,
      clusterDNS: [network.dnsServiceIp],
      resolvConf,
      serializeImagePulls: false,
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      evictionHard: { "nodefs.available": "0%", "nodefs.inodesFree": "0%", "imagefs.available": "0%" },
      rotateCertificates: false,
      runtimeRequestTimeout: "15m",
      shutdownGracePeriod: "0s",
    }),
  );
  return file;
}

export async function startKubelet(node: string, index: number, pki: Pki, kubeconfig: string): Promise<void> {
  const dir = join(nodeDir(node), "kubelet");
  mkdirSync(dir, { recursive: true });
  const serving = await pki.kubeletServing(node, network.nodeIp(index));
  createNodeCgroups(node);
  const daemon = startDaemon(`kubelet-${node}`, ...nodeCommand(node, bin("kubelet"), [
    `--config=${config(node, index, pki.ca.cert, serving)}`,
    `--kubeconfig=${kubeconfig}`,
    `--hostname-override=${node}`,
    `--node-ip=${network.nodeIp(index)}`,
    `--root-dir=${dir}`,
    `--cert-dir=${join(dir, "pki")}`,
    "--v=1",
  ]));
  await waitUntilReady(daemon, () => httpOk(`http://${network.nodeIp(index)}:10248/healthz`), 90);
}
