// Whether the load flaps pods out of their Services (npm run bench:cluster): polls the release's
// EndpointSlices every second while the load runs, and afterwards reads the kubelet's failed
// readiness probes (its Unhealthy events) and the containers' restarts over the same time.
import { setTimeout as sleep } from "node:timers/promises";
import { kubectlJson, pods } from "../test/cluster/kube.ts";

export interface ReadinessReport {
  polls: number;
  /** Each endpoint (pod) seen not ready, with how many polls it was seen so. */
  notReady: Record<string, number>;
  /** Pods whose readiness probe the kubelet saw fail, with its messages. */
  failedProbes: Record<string, string[]>;
  /** Container restarts during the load, per pod. */
  restarts: Record<string, number>;
}

export function watchReadiness(namespace: string): { stop: () => Promise<ReadinessReport> } {
  const from = Date.now();
  const before = pods(namespace);
  const notReady: Record<string, number> = {};
  let polls = 0;
  let running = true;
  const polling = (async () => {
    while (running) {
      const slices = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "endpointslices"]);
      polls++;
      for (const endpoint of slices.items.flatMap((s) => s.endpoints ?? [])) {
        const name = endpoint.targetRef?.name ?? endpoint.addresses?.[0];
        if (endpoint.conditions?.ready === false) notReady[name] = (notReady[name] ?? 0) + 1;
      }
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await polling;
      const events = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "events", "--field-selector", "reason=Unhealthy"]);
      const failedProbes: Record<string, string[]> = {};
      for (const event of events.items) {
        if (!String(event.message).startsWith("Readiness probe failed") || Date.parse(event.lastTimestamp ?? event.eventTime) < Math.floor(from / 1000) * 1000) continue;
        (failedProbes[event.involvedObject.name] ??= []).push(String(event.message).slice(0, 200));
      }
      const earlier = await before;
      const restarts: Record<string, number> = {};
      for (const pod of await pods(namespace)) {
        const added = pod.restarts - (earlier.find((p) => p.name === pod.name)?.restarts ?? 0);
        if (added > 0) restarts[pod.name] = added;
      }
      return { polls, notReady, failedProbes, restarts };
    },
  };
}
