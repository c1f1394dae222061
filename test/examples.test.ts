// The example programs: their committed output is what they produce now, their values pass the SDK
// and both helms, and the Argo CD Application names this chart at its version and carries values
// that render as Argo CD renders them (`helm template` with --kube-version and --api-versions).
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { parse } from "yaml";
import { render, validate } from "@blog-platform/sdk";
import development from "../examples/development/values.ts";
import production from "../examples/production/values.ts";
import scale10k, { plan } from "../examples/scale10k/values.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chartDir, helms } from "./helpers/helm.ts";
import { exampleFiles } from "../scripts/examples.ts";

const argoRender = { release: "blog", namespace: "blog", kubeVersion: "1.31.0", apiVersions: ["monitoring.coreos.com/v1", "autoscaling.k8s.io/v1"] };

describe("examples", () => {
  it("committed output matches what the programs write", async () => {
    const result = await execa("npx", ["tsx", "scripts/examples.ts", "--check"], { reject: false, cwd: new URL("..", import.meta.url) });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ["development", development],
    ["production", production],
    ["scale10k", scale10k],
  ] as const)("%s values validate and render on both helms", async (_name, values) => {
    expect(validate(values)).toEqual({ ok: true });
    const [a, b] = await Promise.all(helms.map((helm) => render(values, { ...argoRender, helm: helm.path })));
    expect(a!.text).toBe(b!.text);
    expect(a!.deployments().length).toBeGreaterThanOrEqual(6);
  });

  it("production: HA, autoscaling, external Postgres from a Secret, TLS ingress", async () => {
    const manifests = await render(production, { ...argoRender, helm: helms[1]!.path });
    expect(manifests.statefulSets()).toEqual([]);
    expect(Object.fromEntries(manifests.hpas().map((h) => [h.metadata!.name, h.spec!.minReplicas]))).toEqual({
      "blog-gateway": 3, "blog-frontend": 2, "blog-auth": 2, "blog-posts": 3, "blog-comments": 2, "blog-images": 2,
    });
    const posts = manifests.deployments("posts")[0]!;
    const env = posts.spec!.template.spec!.containers[0]!.env!;
    expect(env.find((e) => e.name === "DATABASE_PASSWORD")?.valueFrom?.secretKeyRef).toEqual({ name: "blog-database", key: "password" });
    expect(manifests.configMaps("posts")[0]!.data!.DATABASE_HOST).toBe("blog-db.postgres.svc.cluster.local");
    expect(manifests.ingresses()[0]!.spec!.tls).toEqual([{ secretName: "blog-gateway-tls", hosts: ["blog.example.com"] }]);
    expect(manifests.pdbs().length).toBe(6);
  });

  it("scale10k: the capacity plan of the committed benchmark run, as HPAs and resources", async () => {
    const manifests = await render(scale10k, { ...argoRender, helm: helms[1]!.path });
    const hpas = Object.fromEntries(manifests.hpas().map((h) => [h.metadata!.name, [h.spec!.minReplicas, h.spec!.maxReplicas]]));
    for (const [name, service] of Object.entries(plan.services)) expect(hpas[`blog-${name}`], name).toEqual([service.replicas, service.maxReplicas]);
    const posts = manifests.deployments("posts")[0]!.spec!.template.spec!.containers[0]!;
    expect(posts.resources?.requests?.cpu).toBe(`${plan.services.posts.cpuRequestMillis}m`);
    expect(manifests.configMaps("posts")[0]!.data!.DATABASE_POOL_SIZE).toBe(String(plan.postgres.poolSizePerPod));
  });

  // (the Application's own schema is Argo CD's CRD, which the test cluster's API server applies
  // strictly: test/cluster/argocd-example.test.ts)
  it("the Argo CD Application names this chart at its own version, carries the production values, and they render on both helms", async () => {
    const written = parse(exampleFiles["argocd/application.yaml"]!, { version: "1.1" });
    const chart = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8"));
    expect(written.spec.source).toMatchObject({ chart: chart.name, targetRevision: chart.version });
    expect(written.spec.source.helm.valuesObject).toEqual(JSON.parse(JSON.stringify(production)));
    // as Argo CD hands them to helm: through the chart's own schema
    const rendered = await Promise.all(helms.map((helm) => render(written.spec.source.helm.valuesObject, { ...argoRender, helm: helm.path })));
    expect(rendered.map((m) => m.hpas().length)).toEqual([6, 6]);
  });
});
