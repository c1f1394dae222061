// Everything `cluster:down` removes, in the order that lets each part go: the daemons, the pods'
// processes (by their cgroups: a container outlives its killed shim), every mount under the
// cluster's directories, the network namespaces, the nodes' cgroups (cluster/cgroups.ts), then the files. The Go builds
// (out/cluster/bin) and the image store (out/cluster/images) stay, as caches, and so do the logs
// (out/cluster/logs), which a failed start points at; cluster:up starts them afresh.
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cgroupPids, nodeCgroupTrees, removeCgroupTree } from "./cgroups.ts";
import { join } from "node:path";
import { stopDaemons } from "./daemons.ts";
import { deleteNodeNamespaces } from "./network.ts";
import { binDir, clusterDir, imagesDir, logDir } from "./paths.ts";
import { say } from "./log.ts";

function killPodProcesses(): number {
  let killed = 0;
  for (const pid of nodeCgroupTrees().flatMap(cgroupPids)) {
    try {
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
      // gone already
    }
  }
  return killed;
}

async function killShims(): Promise<void> {
  // containerd's shims for our nodes carry our socket's address in their command line
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.includes("containerd-shim") && cmdline.includes("/run/blog-platform/")) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already
    }
  }
}

async function unmountAll(): Promise<number> {
  const ours = (point: string) => point.startsWith(`${clusterDir}/`) || point.startsWith("/run/blog-platform/") || point.startsWith("/run/netns/cni-");
  const points = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4]?.replaceAll("\\040", " "))
    .filter((p): p is string => p !== undefined && ours(p))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await execa("umount", ["--lazy", point], { reject: false });
  return points.length;
}

async function removeCniNamespaces(): Promise<void> {
  if (!existsSync("/run/netns")) return;
  for (const ns of readdirSync("/run/netns").filter((n) => n.startsWith("cni-"))) await execa("ip", ["netns", "delete", ns], { reject: false });
}

function removeCgroups(): void {
  for (const tree of nodeCgroupTrees()) removeCgroupTree(tree);
}

export async function teardown(): Promise<void> {
  const stopped = await stopDaemons();
  if (stopped.length) say(`stopped ${stopped.join(", ")}`);
  await killShims();
  const killed = killPodProcesses();
  if (killed) say(`killed ${killed} pod processes`);
  const unmounted = await unmountAll();
  if (unmounted) say(`unmounted ${unmounted} mounts`);
  await removeCniNamespaces();
  await deleteNodeNamespaces();
  // a cgroup can be removed only once its last process has gone
  for (let attempt = 0; ; attempt++) {
    try {
      removeCgroups();
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      killPodProcesses();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (existsSync(clusterDir)) for (const entry of readdirSync(clusterDir)) {
    const path = join(clusterDir, entry);
    if (![binDir, imagesDir, logDir].includes(path)) rmSync(path, { recursive: true, force: true });
  }
  rmSync("/run/blog-platform", { recursive: true, force: true });
}
