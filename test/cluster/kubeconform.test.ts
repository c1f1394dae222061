// Every rendered object of every ci values file is a valid object of this cluster's API (and of
// the CRDs it serves), checked by the real kubeconform -strict (built from its module) with schemas
// generated from the cluster's own OpenAPI document. And the converse: unknown fields, wrong types
// and unknown enum values are rejected with the field's path.
import { beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { stringify } from "yaml";
import { buildGoTool } from "../../cluster/go-build.ts";
import { kubeconformSchemas } from "../../cluster/kubeconform-schemas.ts";
import { bin } from "../../cluster/paths.ts";
import { ciValuesDir, ciValuesFiles, helms, helmTemplate, parseManifests, renderObjects, type K8sObject } from "../helpers/helm.ts";

let location = "";
beforeAll(async () => {
  await buildGoTool("kubeconform");
  location = (await kubeconformSchemas()).location;
}, 600_000);

interface Finding {
  kind: string;
  name: string;
  status: string;
  msg: string;
}

async function kubeconform(manifests: string): Promise<{ findings: Finding[]; summary: Record<string, number> }> {
  const result = await execa(bin("kubeconform"), ["-strict", "-summary", "-output", "json", "-schema-location", location, "-"], { input: manifests, reject: false });
  const report = JSON.parse(result.stdout) as { resources?: Finding[]; summary: Record<string, number> };
  return { findings: (report.resources ?? []).filter((r) => r.status !== "statusValid"), summary: report.summary };
}

describe.each(ciValuesFiles)("ci/%s", (file) => {
  it("renders only objects this cluster's API accepts (kubeconform -strict)", async () => {
    const rendered = await helmTemplate(helms[1]!, [`${ciValuesDir}/${file}`]);
    expect(rendered.ok, rendered.stderr).toBe(true);
    const { findings, summary } = await kubeconform(rendered.stdout);
    expect(findings).toEqual([]);
    expect(summary.valid).toBe(parseManifests(rendered.stdout).length);
  });
});

describe("kubeconform -strict fails on a broken object", () => {
  const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

  it("names an unknown field, a wrong type, an unknown enum value and a CRD typo", async () => {
    const objects = await renderObjects(helms[1]!, [`${ciValuesDir}/monitoring-values.yaml`]);
    const deployment = find(objects, "Deployment", "blog-posts");
    deployment.spec.template.spec.containers[0].imagePullPolice = "Always";
    const service = find(objects, "Service", "blog-auth");
    service.spec.ports[0].port = "eighty";
    const pdb = find(objects, "PodDisruptionBudget", "blog-auth");
    pdb.spec.unhealthyPodEvictionPolicy = "Sometimes";
    const monitor = find(objects, "ServiceMonitor", "blog-auth");
    monitor.spec.endpoints[0].intervall = "30s";
    const { findings } = await kubeconform([deployment, service, pdb, monitor].map((o) => stringify(o)).join("---\n"));
    const messages = Object.fromEntries(findings.map((f) => [`${f.kind} ${f.name}`, f.msg]));
    expect(Object.keys(messages).sort()).toEqual(["Deployment blog-posts", "PodDisruptionBudget blog-auth", "Service blog-auth", "ServiceMonitor blog-auth"]);
    expect(messages["Deployment blog-posts"]).toMatch(/\/spec\/template\/spec\/containers\/0.*additional properties 'imagePullPolice' not allowed/);
    expect(messages["Service blog-auth"]).toMatch(/\/spec\/ports\/0\/port.*got string, want integer/);
    expect(messages["PodDisruptionBudget blog-auth"]).toMatch(/\/spec\/unhealthyPodEvictionPolicy.*must be one of/);
    expect(messages["ServiceMonitor blog-auth"]).toMatch(/\/spec\/endpoints\/0.*additional properties 'intervall' not allowed/);
  });
});
