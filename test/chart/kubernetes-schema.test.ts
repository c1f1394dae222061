// Every rendered object of every ci values file is a valid object of the Kubernetes API (and of the
// CRDs we use), unknown fields rejected as `kubeconform -strict` rejects them.
import { describe, expect, it } from "vitest";
import { ciValuesDir, ciValuesFiles, helms, renderObjects, type K8sObject } from "../helpers/helm.ts";
import { kubernetesSchemaErrors } from "../helpers/kubernetes-schema.ts";

describe.each(ciValuesFiles)("ci/%s", (file) => {
  it("renders only valid Kubernetes objects", async () => {
    const objects = await renderObjects(helms[1]!, [`${ciValuesDir}/${file}`]);
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
  });
});

describe("the strict check fails on a broken object", () => {
  const render = () => renderObjects(helms[1]!, [`${ciValuesDir}/monitoring-values.yaml`]);
  const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

  it("an unknown field in a container (imagePullPolice)", async () => {
    const objects = await render();
    const deployment = find(objects, "Deployment", "blog-posts");
    deployment.spec.template.spec.containers[0].imagePullPolice = "Always";
    expect(kubernetesSchemaErrors([deployment])).toEqual(["Deployment blog-posts: spec.template.spec.containers[0].imagePullPolice: unknown field"]);
  });

  it("an unknown field in a spec (replicass)", async () => {
    const objects = await render();
    const statefulSet = find(objects, "StatefulSet", "blog-postgres");
    statefulSet.spec.replicass = 2;
    expect(kubernetesSchemaErrors([statefulSet])).toEqual(["StatefulSet blog-postgres: spec.replicass: unknown field"]);
  });

  it("a wrong type, an unknown enum value and a CRD typo", async () => {
    const objects = await render();
    const service = find(objects, "Service", "blog-auth");
    service.spec.ports[0].port = "eighty";
    const pdb = find(objects, "PodDisruptionBudget", "blog-auth");
    pdb.spec.unhealthyPodEvictionPolicy = "Sometimes";
    const monitor = find(objects, "ServiceMonitor", "blog-auth");
    monitor.spec.endpoints[0].intervall = "30s";
    expect(kubernetesSchemaErrors([service, pdb, monitor])).toEqual([
      "Service blog-auth: spec.ports[0].port: must be number",
      "PodDisruptionBudget blog-auth: spec.unhealthyPodEvictionPolicy: must be equal to one of the allowed values",
      "ServiceMonitor blog-auth: spec.endpoints[0].intervall: unknown field",
    ]);
  });

  it("a kind without a schema", () => {
    expect(kubernetesSchemaErrors([{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }])).toEqual([
      "Widget w: no schema for example.com/v1 Widget",
    ]);
  });
});
