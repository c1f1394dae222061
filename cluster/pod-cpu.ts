// The CPU time each pod of a namespace has used, from its cgroup's cpuacct.usage under its node's
// root (cgroups.ts): the kubelet names a pod's cgroup pod<uid>. Read before and after a stretch of
// load, the difference is what each pod cost, which metrics-server's 15 s windows cannot give.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { nodeCgroupTrees } from "./cgroups.ts";
import { kubectl } from "./kubectl.ts";

export interface PodCpu {
  pod: string;
  component: string;
  seconds: number;
}

export async function podCpuSeconds(namespace: string): Promise<PodCpu[]> {
  const pods = JSON.parse(await kubectl(["-n", namespace, "get", "pods", "-o", "json"])) as { items: any[] };
  const dirs = nodeCgroupTrees()
    .flat()
    .filter((dir) => existsSync(join(dir, "cpuacct.usage")));
  return pods.items.flatMap((pod) => {
    // the systemd driver writes pod<uid> with _ for -, cgroupfs keeps the uid as it is
    const names = [`pod${pod.metadata.uid}`, `pod${String(pod.metadata.uid).replaceAll("-", "_")}`];
    const dir = dirs.find((d) => names.some((n) => basename(d).includes(n)));
    // a pod still being made has no cgroup yet; a running one without one means the paths are wrong
    if (!dir && pod.status?.phase === "Running") throw new Error(`pod ${namespace}/${pod.metadata.name} has no cpuacct cgroup under ${nodeCgroupTrees().flat()[0] ?? "(no node cgroup tree)"}`);
    if (!dir) return [];
    const component = pod.metadata.labels?.["app.kubernetes.io/component"] ?? pod.metadata.name;
    return [{ pod: pod.metadata.name, component, seconds: Number(readFileSync(join(dir, "cpuacct.usage"), "utf8")) / 1e9 }];
  });
}

/** CPU seconds per component between two readings. */
export function cpuSecondsBetween(before: PodCpu[], after: PodCpu[]): Record<string, number> {
  const used: Record<string, number> = {};
  for (const reading of after) {
    const earlier = before.find((b) => b.pod === reading.pod)?.seconds ?? 0;
    used[reading.component] = (used[reading.component] ?? 0) + reading.seconds - earlier;
  }
  return used;
}
