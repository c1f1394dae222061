// Fields Kubernetes refuses to change on an existing object: an upgrade that changes one fails
// (or, under Argo CD, never syncs) unless the objects are deleted first.
import { isDeepStrictEqual } from "node:util";
import type { K8sObject } from "./helm.ts";

const immutable: Record<string, string[][]> = {
  Deployment: [["spec", "selector"]],
  StatefulSet: [["spec", "selector"], ["spec", "serviceName"], ["spec", "volumeClaimTemplates"], ["spec", "podManagementPolicy"]],
  Service: [["spec", "clusterIP"], ["spec", "clusterIPs"]],
  PodDisruptionBudget: [],
};

const at = (o: unknown, path: string[]) => path.reduce<any>((node, key) => node?.[key], o);

/** One line per immutable field that differs between two renders of the same release. */
export function immutableChanges(before: K8sObject[], after: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const old of before) {
    const paths = immutable[old.kind];
    if (!paths) continue;
    const current = after.find((o) => o.kind === old.kind && o.metadata.name === old.metadata.name);
    if (!current) continue; // removed objects are deleted, not updated
    for (const path of paths) {
      if (!isDeepStrictEqual(at(old, path), at(current, path))) {
        findings.push(`${old.kind} ${old.metadata.name}: ${path.join(".")} changed from ${JSON.stringify(at(old, path))} to ${JSON.stringify(at(current, path))}`);
      }
    }
  }
  return findings;
}
