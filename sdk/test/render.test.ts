import { describe, expect, it } from "vitest";
import { bundledHelm } from "../../scripts/lib/layer-binaries.ts";
import { defineValues } from "../src/define.ts";
import { HelmError } from "../src/errors.ts";
import { findHelm } from "../src/helm.ts";
import { mergeValues } from "../src/merge.ts";
import { presets } from "../src/presets.ts";
import { render, renderToString } from "../src/render.ts";

// The chart refuses to render without its secrets (its _validate.tpl says so); references suffice.
const secrets = defineValues({
  global: { database: { existingSecret: "blog-db" }, redis: { existingSecret: "blog-redis" }, jwt: { existingSecret: "blog-jwt" } },
});

// The chart must work with both helm majors: run every case with each bundled copy.
describe.each([3, 4] as const)("render with helm %i", { timeout: 120_000 }, (major) => {
  const helm = () => bundledHelm(major);

  it("renders typed objects with the template each came from", async () => {
    const values = mergeValues(secrets, { posts: { replicaCount: 3, resources: { limits: { memory: "512Mi" } } } });
    const manifests = await render(values, { helm: await helm(), release: "blog", namespace: "blog" });
    const [posts, ...others] = manifests.deployments("posts");
    expect(others).toEqual([]);
    expect(posts?.spec?.replicas).toBe(3);
    expect(posts?.metadata?.labels?.["app.kubernetes.io/instance"]).toBe("blog");
    expect(posts?.metadata?.namespace).toBe("blog");
    expect(posts?.spec?.template.spec?.containers[0]?.resources?.limits?.memory).toBe("512Mi");
    const source = manifests.all.find((r) => r.object === (posts as unknown))?.source;
    expect(source).toBe("blog-platform/charts/posts/templates/deployment.yaml");
    expect(manifests.statefulSets("postgres")).toHaveLength(1);
    expect(manifests.services("posts")).toHaveLength(1);
    expect(manifests.byKind("Deployment").length).toBe(manifests.deployments().length);
  });

  it("renders the production preset with an HPA that owns the replica count", async () => {
    const values = mergeValues(presets.production, secrets, { posts: { autoscaling: { maxReplicas: 12 } } });
    const manifests = await render(values, { helm: await helm() });
    const [hpa] = manifests.hpas("posts");
    expect(hpa?.spec?.maxReplicas).toBe(12);
    expect(hpa?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(manifests.deployments("posts")[0]?.spec?.replicas).toBeUndefined();
    expect(manifests.pdbs("posts")).toHaveLength(1);
  });

  it("turns a helm failure into a HelmError with helm's message", async () => {
    // with the credentials Job off, nothing provides the passwords
    const failure = await render({ credentials: { enabled: false }, posts: { replicaCount: 3 } }, { helm: await helm() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HelmError);
    const error = failure as HelmError;
    expect(error.exitCode).toBe(1);
    expect(error.stderr).toMatch(/database password is not set/);
    expect(error.stderr).not.toMatch(/^Error: /);
    expect(error.command).toMatch(/ template blog .*charts\/blog-platform -n default -f /);
  });

  it("passes --kube-version and --api-versions to helm", async () => {
    const failure = await render(secrets, { helm: await helm(), kubeVersion: "1.20.0" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HelmError);
    expect((failure as HelmError).stderr).toMatch(/kubeVersion/);
    // the chart renders a ServiceMonitor only for a cluster that serves its API
    const monitored = mergeValues(secrets, { posts: { serviceMonitor: { enabled: true } } });
    const served = await renderToString(monitored, { helm: await helm(), apiVersions: ["monitoring.coreos.com/v1"] });
    expect(served).toMatch(/^# Source: /m);
    expect(served).toMatch(/^kind: ServiceMonitor$/m);
    const absent = await renderToString(monitored, { helm: await helm() });
    expect(absent).toMatch(/^kind: Deployment$/m);
    expect(absent).not.toMatch(/^kind: ServiceMonitor$/m);
  });
});

it("finds helm by itself when none is given", { timeout: 120_000 }, async () => {
  await findHelm();
  expect((await render(secrets)).deployments("gateway")).toHaveLength(1);
});
