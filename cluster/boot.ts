// The cluster's start, run by cluster/up.ts inside the first node's network namespace (so the
// control plane lives there, and the health checks reach every node's address; each node's own
// daemons are started in that node's namespace): certificates and
// kubeconfigs, etcd, the control plane, then each node's containerd (with the images imported),
// kubelet, kube-proxy and kube-router, then the add-ons, until the nodes and add-ons are Ready.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { step } from "./log.ts";
import { clusterDir, kubeconfig, logFile } from "./paths.ts";
import { network } from "./network-plan.ts";
import { createPki, type Pki } from "./pki.ts";
import { componentKubeconfig, writeKubeconfig } from "./kubeconfig.ts";
import { startEtcd } from "./components/etcd.ts";
import { startApiserver } from "./components/kube-apiserver.ts";
import { startControllerManager } from "./components/kube-controller-manager.ts";
import { startScheduler } from "./components/kube-scheduler.ts";
import { startContainerd } from "./components/containerd.ts";
import { importImages } from "./images/import.ts";
import { writeCniConfig } from "./components/cni.ts";
import { startKubelet } from "./components/kubelet.ts";
import { startKubeProxy } from "./components/kube-proxy.ts";
import { startKubeRouter } from "./components/kube-router.ts";
import { apply, kubectl } from "./kubectl.ts";
import { clusterRbacObjects } from "./addons/rbac.ts";
import { crdObjects } from "./addons/crds.ts";
import { corednsObjects } from "./addons/coredns.ts";
import { localPathObjects } from "./addons/local-path-provisioner.ts";
import { metricsServerObjects } from "./addons/metrics-server.ts";
import { kubeRouterRbacObjects } from "./addons/kube-router-rbac.ts";
import type { BuiltImage } from "./images/catalog.ts";

export interface BootOptions {
  nodes: string[];
  images: BuiltImage[];
}

async function startRuntime(node: string, index: number): Promise<void> {
  writeCniConfig(node, index);
  await step(`${node}: containerd`, () => startContainerd(node), logFile(`containerd-${node}`));
}

async function startNodeAgents(pki: Pki, node: string, index: number): Promise<void> {
  const server = `https://${network.controlPlaneIp}:${network.apiserverPort}`;
  const kubelet = await pki.kubelet(node);
  const kubeletConfig = writeKubeconfig(componentKubeconfig(`kubelet-${node}`), { server, ca: pki.ca.cert, user: `system:node:${node}`, client: kubelet });
  await step(`${node}: kubelet`, () => startKubelet(node, index, pki, kubeletConfig), logFile(`kubelet-${node}`));
  const proxyConfig = writeKubeconfig(componentKubeconfig(`kube-proxy-${node}`), { server, ca: pki.ca.cert, user: "system:kube-proxy", client: pki.kubeProxy });
  await step(`${node}: kube-proxy`, () => startKubeProxy(node, index, proxyConfig), logFile(`kube-proxy-${node}`));
  const routerConfig = writeKubeconfig(componentKubeconfig(`kube-router-${node}`), { server, ca: pki.ca.cert, user: "system:kube-router", client: pki.kubeRouter });
  await step(`${node}: kube-router (NetworkPolicy)`, () => startKubeRouter(node, index, routerConfig), logFile(`kube-router-${node}`));
}

/** Waits until `kubectl wait` succeeds, retrying while the objects do not exist yet. */
async function waitFor(args: string[], timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    try {
      await kubectl(["wait", ...args, `--timeout=${Math.max(1, Math.round((deadline - Date.now()) / 1000))}s`]);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

export async function boot({ nodes, images }: BootOptions): Promise<void> {
  mkdirSync(join(clusterDir, "kubeconfigs"), { recursive: true });
  const pki = await step("certificates", () => createPki());
  const local = `https://127.0.0.1:${network.apiserverPort}`;
  writeKubeconfig(kubeconfig, { server: `https://${network.hostApiserver}`, ca: pki.ca.cert, user: "blog-platform-admin", client: pki.admin });
  await step("etcd", () => startEtcd(), logFile("etcd"));
  await step("kube-apiserver", () => startApiserver(pki), logFile("kube-apiserver"));
  const cm = writeKubeconfig(componentKubeconfig("kube-controller-manager"), { server: local, ca: pki.ca.cert, user: "system:kube-controller-manager", client: pki.controllerManager });
  await step("kube-controller-manager", () => startControllerManager(pki, cm), logFile("kube-controller-manager"));
  const scheduler = writeKubeconfig(componentKubeconfig("kube-scheduler"), { server: local, ca: pki.ca.cert, user: "system:kube-scheduler", client: pki.scheduler });
  await step("kube-scheduler", () => startScheduler(scheduler), logFile("kube-scheduler"));
  await step("cluster RBAC", async () => apply([...clusterRbacObjects(), ...(await kubeRouterRbacObjects())]));
  await step("CRDs of the Prometheus Operator, the VPA and Argo CD", async () => {
    await apply(await crdObjects());
    await waitFor(["--for=condition=Established", "crd", "--all"], 60);
  });
  for (const [index, node] of nodes.entries()) await startRuntime(node, index);
  // side by side: an import is mostly waiting on the disk
  await step("import images into every node", () => Promise.all(nodes.map((node) => importImages(node, images))));
  for (const [index, node] of nodes.entries()) await startNodeAgents(pki, node, index);
  await step("nodes Ready", () => waitFor(["--for=condition=Ready", "node", "--all"], 120), logFile(`kubelet-${nodes[0]}`));
  // started first and awaited last: it is Ready only after its first scrape of every kubelet
  await step("metrics-server (started)", async () => apply(await metricsServerObjects()));
  await step("CoreDNS", async () => {
    await apply(corednsObjects());
    await waitFor(["--for=condition=Available", "-n", "kube-system", "deployment/coredns"], 120);
  });
  await step("local-path-provisioner", async () => {
    await apply(await localPathObjects());
    await waitFor(["--for=condition=Available", "-n", "local-path-storage", "deployment/local-path-provisioner"], 120);
  });
  await step("metrics-server (the metrics API available)", () => waitFor(["--for=condition=Available", "apiservice/v1beta1.metrics.k8s.io"], 120));
}

// cluster/up.ts runs this file inside the first node's network namespace, with the plan in the environment
if (import.meta.url === `file://${process.argv[1]}`) await boot(JSON.parse(process.env.BLOG_CLUSTER_BOOT ?? "null") as BootOptions);
