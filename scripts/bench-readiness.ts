// Whether the load flaps pods out of their Services (npm run bench:cluster): polls the release's
// EndpointSlices every second while the load runs, and afterwards reads the kubelet's failed
// readiness probes (its Unhealthy events) and the containers' restarts over the same time.
import { setTimeout as sleep } from "node:timers/promises";
import { kubectlJson, pods, readinessFailuresSince } from "../test/cluster/kube.ts";

export interface ReadinessReport {
  polls: number;
  /** Polls the API server did not answer. */
  failedPolls: number;
  /** Each endpoint (pod) seen not ready, with how many polls it was seen so. */
  notReady: Record<string, number>;
  /** Pods whose readiness probe the kubelet saw fail. */
  failedProbes: string[];
  /** Container restarts during the load, per pod. */
  restarts: Record<string, number>;
}

export function watchReadiness(namespace: string): { stop: () => Promise<ReadinessReport> } {
  const from = Date.now();
  const before = pods(namespace);
  // awaited in stop(); until then a failed read must not end the benchmark unhandled
  before.catch(() => undefined);
  const notReady: Record<string, number> = {};
  let polls = 0;
  let failedPolls = 0;
  let running = true;
  const polling = (async () => {
    while (running) {
      try {
        const slices = await kubectlJson<{ items: any[] }>(["-n", namespace, "get", "endpointslices"]);
        polls++;
        for (const endpoint of slices.items.flatMap((s) => s.endpoints ?? [])) {
          const name = endpoint.targetRef?.name ?? endpoint.addresses?.[0];
          if (endpoint.conditions?.ready === false) notReady[name] = (notReady[name] ?? 0) + 1;
        }
      } catch {
        // an API server busy under the load may miss a poll: counted, not fatal
        failedPolls++;
      }
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await polling;
      const failedProbes = await readinessFailuresSince(namespace, from);
      const earlier = await before;
      const restarts: Record<string, number> = {};
      for (const pod of await pods(namespace)) {
        const added = pod.restarts - (earlier.find((p) => p.name === pod.name)?.restarts ?? 0);
        if (added > 0) restarts[pod.name] = added;
      }
      return { polls, failedPolls, notReady, failedProbes, restarts };
    },
  };
}
