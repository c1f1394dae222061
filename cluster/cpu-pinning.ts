// Pins the running cluster to a set of CPUs and back (npm run bench:cluster -- --one-core): every
// pod's cgroup under each node's root (cpuset.cpus), and the cluster's daemons with all their
// threads (taskset), so a load generator can have the other CPUs to itself.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeCgroupTrees } from "./cgroups.ts";
import { isRunning } from "./daemons.ts";
import { runDir } from "./paths.ts";

function daemonPids(): number[] {
  return readdirSync(runDir)
    .filter((file) => file.endsWith(".pid"))
    .map((file) => Number(readFileSync(join(runDir, file), "utf8").trim()))
    .filter(isRunning);
}

const setAffinity = (pid: number, cpus: string) => execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });

/**
 * Puts the cluster on `cpus` ("0") and returns what puts it back. A v1 cpuset must stay within its
 * parent's, so the cgroups shrink deepest first and grow back in the reverse order.
 */
export function pinCluster(cpus: string): () => void {
  const cpusetDirs = nodeCgroupTrees()
    .flat()
    .filter((dir) => existsSync(join(dir, "cpuset.cpus")));
  if (cpusetDirs.length === 0) throw new Error("no cpuset cgroup under the nodes' roots: nothing to pin (is the cluster up?)");
  const before = cpusetDirs.map((dir) => readFileSync(join(dir, "cpuset.cpus"), "utf8").trim());
  for (const dir of cpusetDirs) writeFileSync(join(dir, "cpuset.cpus"), cpus);
  const all = `0-${Number(execFileSync("nproc", ["--all"], { encoding: "utf8" })) - 1}`;
  const pids = daemonPids();
  for (const pid of pids) setAffinity(pid, cpus);
  return () => {
    for (const pid of pids.filter(isRunning)) setAffinity(pid, all);
    cpusetDirs.forEach((_, i) => {
      const at = cpusetDirs.length - 1 - i;
      if (existsSync(cpusetDirs[at]!)) writeFileSync(join(cpusetDirs[at]!, "cpuset.cpus"), before[at]!);
    });
  };
}
