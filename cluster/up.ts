// npm run cluster:up: a Kubernetes cluster on this machine from upstream components (see
// cluster/versions.ts), the way kind and "Kubernetes the hard way" assemble one. Idempotent: a
// cluster that answers is left as it is. A step that fails stops with that component's last log
// lines, and everything started so far is removed again.
import { execa } from "execa";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildAllGoTools } from "./build.ts";
import { moduleDir } from "./go-modules.ts";
import { buildImages } from "./images/catalog.ts";
import { importImages } from "./images/import.ts";
import { createNodeNamespace, nodeNamespaces, routePodCidrs } from "./network.ts";
import { network } from "./network-plan.ts";
import { kubeconfig, logDir, logFile, repo } from "./paths.ts";
import { startApiserverForward, waitForApiserverForward } from "./forward.ts";
import { say, step } from "./log.ts";
import { teardown } from "./teardown.ts";
import { manifestModules } from "./versions.ts";
import { kubectl } from "./kubectl.ts";
import type { BootOptions } from "./boot.ts";

// two nodes, so that a drain moves pods somewhere (each costs ~150 MB and an image import)
export const nodes = ["node-1", "node-2"];

export async function clusterAnswers(): Promise<boolean> {
  if (nodeNamespaces().length === 0) return false;
  try {
    await kubectl(["get", "--raw", "/readyz"]);
    return true;
  } catch {
    return false;
  }
}

export async function up(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("cluster:up needs root: it makes network namespaces, cgroups and mounts (run it with sudo)");
  const t0 = Date.now();
  // every step logs here, also when nothing needs building (the Go builds would have made it). Each
  // log is started afresh by what writes it (a build, a daemon's start), never removed here: a
  // running cluster's daemons keep writing to theirs, which a test run that finds the cluster up
  // (test/cluster/global-setup.ts) must still be able to read
  mkdirSync(logDir, { recursive: true });
  await step("Debian packages", () => execa(process.execPath, ["--import", "tsx", join(repo, "scripts/setup-system.ts")], { stdio: "inherit" }));
  await buildAllGoTools();
  // boot.ts runs in the first node's network namespace, which has no route to the module proxy:
  // the modules it reads manifests from are fetched here first (the tools' came with their builds)
  await step("Go modules of the CRD manifests", () => Promise.all(Object.values(manifestModules).map(({ module, version }) => moduleDir(module, version))));
  const images = await buildImages();
  if (await clusterAnswers()) {
    // a rebuilt image replaces the node's copy; pods started from the old one keep it until replaced
    for (const node of nodes) await step(`${node}: import changed images`, () => importImages(node, images));
    say(`the cluster is already up (kubeconfig: ${kubeconfig})`);
    return;
  }
  await teardown();
  try {
    for (const [index, node] of nodes.entries()) await createNodeNamespace(node, index);
    await routePodCidrs(nodes);
    const forward = startApiserverForward();
    const plan: BootOptions = { nodes, images };
    await execa("nsenter", [`--net=/run/netns/${network.namespace(nodes[0]!)}`, "--", process.execPath, "--import", "tsx", join(repo, "cluster/boot.ts")], {
      stdio: "inherit",
      env: { BLOG_CLUSTER_BOOT: JSON.stringify(plan) },
    });
    await step("API server on 127.0.0.1 (the forward)", () => waitForApiserverForward(forward), logFile("apiserver-forward"));
  } catch (error) {
    say("cluster:up failed; removing what it started");
    await teardown();
    throw error;
  }
  say(`the cluster is Ready after ${((Date.now() - t0) / 1000).toFixed(1)} s (kubeconfig: ${kubeconfig})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await up();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
