// The chart's CRD-backed objects (ServiceMonitor, PrometheusRule, VerticalPodAutoscaler) are
// rendered only for a cluster that serves their API: helm install asks the cluster, helm template
// and Argo CD go by --api-versions. Left out, each is named in NOTES.txt with the API it needs.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { chartDir, ciValuesDir, helms, parseManifests, renderObjects, type K8sObject } from "../helpers/helm.ts";

const values = [`${ciValuesDir}/monitoring-values.yaml`, `${ciValuesDir}/autoscaling-values.yaml`];
const crdKinds = ["ServiceMonitor", "PrometheusRule", "VerticalPodAutoscaler"];
const names = (objects: K8sObject[]) => objects.map((o) => `${o.kind} ${o.metadata.name}`).sort();

describe.each(helms)("helm $version", (helm) => {
  it("renders the CRD-backed objects for a cluster that serves their APIs, and only those are left out without them", async () => {
    const [served, absent] = await Promise.all([renderObjects(helm, values), renderObjects(helm, values, [], [])]);
    const crdObjects = served.filter((o) => crdKinds.includes(o.kind));
    expect(names(crdObjects)).toEqual([
      "PrometheusRule blog-monitoring",
      ...["auth", "comments", "images", "postgres", "posts", "redis"].map((c) => `ServiceMonitor blog-${c}`),
      ...["auth", "images", "postgres", "posts"].map((c) => `VerticalPodAutoscaler blog-${c}`),
    ]);
    expect(names(absent)).toEqual(names(served.filter((o) => !crdKinds.includes(o.kind))));
  });

  it("renders the objects of the one API that is served and leaves the other's out", async () => {
    const objects = await renderObjects(helm, values, [], ["autoscaling.k8s.io/v1"]);
    expect(new Set(objects.filter((o) => crdKinds.includes(o.kind)).map((o) => o.kind))).toEqual(new Set(["VerticalPodAutoscaler"]));
  });
});

// NOTES.txt is rendered by an install only. helm 4's client-only dry run renders one without a
// cluster, with helm's default capabilities (none of the CRDs); helm 3.17's still asks a cluster.
describe("NOTES.txt, from helm 4's client-only install", () => {
  const helm4 = helms[1]!;
  it("names each object it left out in NOTES.txt, with the values path and the API it needs", async () => {
    const install = await execa(helm4.path, ["install", "blog", chartDir, "--dry-run=client", "-n", "blog", ...values.flatMap((f) => ["-f", f])], { env: { KUBECONFIG: "/nonexistent" } });
    const notes = install.stdout.slice(install.stdout.indexOf("\nNOTES:"));
    expect(notes).toContain("Left out, because the cluster does not serve their API:");
    expect(notes).toContain("  posts.serviceMonitor.enabled: ServiceMonitor needs monitoring.coreos.com/v1 (the Prometheus Operator's CRDs)");
    expect(notes).toContain("  monitoring.prometheusRule.enabled: PrometheusRule needs monitoring.coreos.com/v1 (the Prometheus Operator's CRDs)");
    expect(notes).toContain("  postgres.vpa.enabled: VerticalPodAutoscaler needs autoscaling.k8s.io/v1 (the Vertical Pod Autoscaler's CRDs)");
    expect(notes.match(/^ {2}\S+\.enabled: /gm)).toHaveLength(11);
    // and the manifest holds none of them
    const manifest = install.stdout.slice(install.stdout.indexOf("\nMANIFEST:"), install.stdout.indexOf("\nNOTES:"));
    expect(parseManifests(manifest.replace("\nMANIFEST:", "")).filter((o) => crdKinds.includes(o.kind))).toEqual([]);
  });

  it("says nothing about left-out objects when none is enabled", async () => {
    const install = await execa(helm4.path, ["install", "blog", chartDir, "--dry-run=client", "-n", "blog", "-f", `${ciValuesDir}/default-values.yaml`], { env: { KUBECONFIG: "/nonexistent" } });
    expect(install.stdout).toContain("\nNOTES:");
    expect(install.stdout).not.toContain("Left out");
  });
});
