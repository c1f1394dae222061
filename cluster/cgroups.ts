// Each node's kubelet keeps its pods under a cgroup of its own, /blog-<node> in every v1 hierarchy
// (its cgroupRoot, as kind gives nested nodes /kubelet): two kubelets sharing the machine's root
// would each remove the other's pod cgroups as orphans.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const mountRoot = "/sys/fs/cgroup";

export const nodeCgroupRoot = (node: string) => `/blog-${node}`;

/** The v1 hierarchies mounted here (cpu, memory, ..., name=systemd); the cgroup2 mount beside them is not the kubelet's on a v1 machine. */
function hierarchies(): string[] {
  return readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([, point, type]) => type === "cgroup" && point!.startsWith(`${mountRoot}/`))
    .map(([, point]) => point!);
}

export function createNodeCgroups(node: string): void {
  for (const hierarchy of hierarchies()) {
    const dir = join(hierarchy, nodeCgroupRoot(node));
    mkdirSync(dir, { recursive: true });
    // a new v1 cpuset has no CPUs and no memory nodes until given its parent's
    if (existsSync(join(dir, "cpuset.cpus"))) {
      for (const file of ["cpuset.cpus", "cpuset.mems"]) writeFileSync(join(dir, file), readFileSync(join(hierarchy, file)));
    }
  }
}

/** Every node's cgroup tree, deepest first within each, in every hierarchy. */
export function nodeCgroupTrees(): string[][] {
  return hierarchies().flatMap((hierarchy) =>
    readdirSync(hierarchy, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith("blog-node-"))
      .map((entry) => walk(join(hierarchy, entry.name))),
  );
}

function walk(dir: string): string[] {
  const below = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => walk(join(dir, e.name)));
  return [...below, dir];
}

/** The pids in a cgroup tree's directories. */
export function cgroupPids(tree: string[]): number[] {
  return tree.flatMap((dir) => {
    const procs = join(dir, "cgroup.procs");
    return existsSync(procs) ? readFileSync(procs, "utf8").split("\n").filter(Boolean).map(Number) : [];
  });
}

export function removeCgroupTree(tree: string[]): void {
  for (const dir of tree) rmdirSync(dir);
}
