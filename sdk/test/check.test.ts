import { describe, expect, it } from "vitest";
import { bundledHelm } from "../../scripts/lib/layer-binaries.ts";
import { check, type CheckFinding, type CheckOptions } from "../src/check.ts";
import type { Values } from "../src/define.ts";
import { explain } from "../src/explain.ts";
import { chartDefaults } from "../src/generated.ts";
import { isTable, mergeValues } from "../src/merge.ts";
import { valuesPathOf } from "../src/attribution.ts";
import { sharingWithDefaults } from "../src/define.ts";
import { podSpecOf, policyFindings } from "../src/policies.ts";

const options = async (): Promise<CheckOptions> => ({ helm: await bundledHelm(4) });
/** The components whose values carry containers' settings: every subchart with a workload. */
const components = Object.entries(chartDefaults())
  .filter(([, section]) => isTable(section) && isTable(section.containerSecurityContext))
  .map(([name]) => name);
// the exporters run beside Postgres and Redis only when enabled
const sidecars = { postgres: { metrics: { enabled: true } }, redis: { metrics: { enabled: true } } };
const each = (section: (component: string) => Record<string, unknown>): Values => Object.fromEntries(components.map((c) => [c, section(c)])) as Values;
const at = (f: CheckFinding) => `${f.kind} ${f.name} ${f.container ?? ""} → ${f.path ?? "(none)"}`;

async function run(values: Values | { name: string; values: Record<string, unknown> }[]) {
  const result = await check(values as Values, await options());
  expect(result.errors).toEqual([]);
  // every path a finding names is a path of the values schema
  for (const f of result.findings) {
    const explained = f.path === undefined ? undefined : explain([], f.path);
    if (explained && !explained.ok) expect(explained.error.reason, f.path).toBe("not-set");
  }
  return result;
}

/** The long-running containers of the render, each with its component. */
function containers(result: Awaited<ReturnType<typeof check>>) {
  return result.manifests!.all
    .map((r) => r.object)
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .flatMap((o) => (podSpecOf(o).containers as { name: string }[]).map((c) => ({ object: o, container: c.name, component: o.metadata!.labels!["app.kubernetes.io/component"]! })));
}

describe("check", { timeout: 120_000 }, () => {
  it("passes the chart's defaults with no values at all", async () => {
    const result = await run({});
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("ties each container's security context to its component's containerSecurityContext, sidecars included", async () => {
    const result = await run(mergeValues(each(() => ({ containerSecurityContext: { runAsNonRoot: false, readOnlyRootFilesystem: false } })), sidecars as Values));
    const all = containers(result);
    expect(all.length).toBeGreaterThanOrEqual(components.length + 3); // service-roles and both exporters
    for (const [key, message] of [["runAsNonRoot", "runAsNonRoot is not true"], ["readOnlyRootFilesystem", "root filesystem is writable"]]) {
      const found = result.findings.filter((f) => f.message === message).map(at).sort();
      expect(found).toEqual(all.map(({ object, container, component }) => `${object.kind} ${object.metadata!.name} ${container} → ${component}.containerSecurityContext.${key}`).sort());
    }
    expect(result.ok).toBe(false);
  });

  it("names a pod-level setting the container inherits at podSecurityContext", async () => {
    const result = await run({ auth: { podSecurityContext: { runAsNonRoot: false, runAsUser: 0 }, containerSecurityContext: { runAsNonRoot: null } } });
    expect(result.findings.map((f) => [f.message, f.path, f.field])).toEqual([
      ["runAsNonRoot is not true", "auth.podSecurityContext.runAsNonRoot", "spec.template.spec.securityContext.runAsNonRoot"],
      ["runs as UID 0", "auth.podSecurityContext.runAsUser", "spec.template.spec.securityContext.runAsUser"],
    ]);
  });

  it("ties missing probes to each component's probes", async () => {
    const result = await run(each(() => ({ probes: { readiness: null } })));
    const mains = containers(result).filter(({ container, component }) => container === component);
    expect(mains).toHaveLength(components.length);
    expect(result.findings.map(at).sort()).toEqual(mains.map(({ object, container, component }) => `${object.kind} ${object.metadata!.name} ${container} → ${component}.probes.readiness`).sort());
  });

  it("tells the sections of one name apart: a component's resources, postgres.serviceRoles' and the exporters'", async () => {
    const result = await run({
      ...each(() => ({ resources: { limits: null } })),
      postgres: { resources: { limits: null }, serviceRoles: { resources: { requests: null } }, metrics: { enabled: true, resources: { limits: { cpu: null } } } },
      redis: { resources: { limits: null }, metrics: { enabled: true, resources: { requests: { memory: null } } } },
    } as Values);
    const paths = new Set(result.findings.map((f) => `${f.container} → ${f.path}`));
    for (const component of components) {
      expect(paths).toContain(`${component} → ${component}.resources.limits.cpu`);
      expect(paths).toContain(`${component} → ${component}.resources.limits.memory`);
    }
    expect(paths).toContain("service-roles → postgres.serviceRoles.resources.requests.cpu");
    expect(paths).toContain("metrics → postgres.metrics.resources.limits.cpu");
    expect(paths).toContain("metrics → redis.metrics.resources.requests.memory");
    expect(result.findings).toHaveLength(components.length * 2 + 2 + 1 + 1);
  });

  it("goes by the container's name when two sections of one name hold the same", async () => {
    const same = { requests: { cpu: "100m", memory: "128Mi" }, limits: null };
    const result = await run({ postgres: { resources: same, serviceRoles: { resources: same } } });
    expect(result.findings.filter((f) => f.message === "no resources.limits.cpu").map((f) => `${f.container} → ${f.path}`)).toEqual([
      "postgres → postgres.resources.limits.cpu",
      "service-roles → postgres.serviceRoles.resources.limits.cpu",
    ]);
  });

  it("ties an uncovered workload, a hostPath volume and a leaked password to their values", async () => {
    const result = await run({
      global: { database: { password: "s3cret-db-password" } },
      images: { networkPolicy: { enabled: false } },
      posts: {
        env: { DB_URL: "postgres://blog:s3cret-db-password@db/blog" },
        extraEnv: [{ name: "COPY", value: "s3cret-db-password" }],
        extraVolumes: [{ name: "host", hostPath: { path: "/var/run" } }],
        extraVolumeMounts: [{ name: "host", mountPath: "/host" }],
      },
    });
    expect(result.findings.map((f) => [f.policy, f.path])).toEqual([
      ["pod-security", "posts.extraVolumes[0].hostPath"],
      ["network-policy", "images.networkPolicy.enabled"],
      ["secret-data", "posts.env.DB_URL"],
      ["secret-data", "posts.extraEnv[0].value"],
    ]);
  });

  it("ties a PodDisruptionBudget that blocks every eviction to the pdb key", async () => {
    // valid values cannot block (a rule refuses maxUnavailable 0), so the render is changed after
    const values: Values = { auth: { replicaCount: 1 } };
    const objects = (await run(values)).manifests!.all.map((r) => r.object);
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget" && o.metadata?.name === "blog-auth")!;
    pdb.spec = { ...(pdb.spec as object), maxUnavailable: "0%" };
    const findings = policyFindings(objects, ["disruption-budget"]);
    expect(findings.map((f) => [f.field, f.message, valuesPathOf(f, objects, sharingWithDefaults(values))])).toEqual([
      ["spec.maxUnavailable", "blocks every eviction of Deployment blog-auth (1 replica)", "auth.pdb.maxUnavailable"],
    ]);
  });

  it("given layers, says which one set the value at fault, as explain does", async () => {
    const result = await run([
      { name: "base.yaml", values: { posts: { containerSecurityContext: { allowPrivilegeEscalation: true } } } },
      { name: "prod.yaml", values: { posts: { replicaCount: 3 }, comments: { containerSecurityContext: { allowPrivilegeEscalation: true } } } },
    ]);
    expect(result.findings.map((f) => [f.path, f.from])).toEqual([
      ["comments.containerSecurityContext.allowPrivilegeEscalation", "prod.yaml"],
      ["posts.containerSecurityContext.allowPrivilegeEscalation", "base.yaml"],
    ]);
  });

  it("does not render invalid values: it returns validate()'s errors", async () => {
    const result = await check({ posts: { replicaCont: 2 } } as Values, await options());
    expect(result.ok).toBe(false);
    expect(result.manifests).toBeUndefined();
    expect(result.errors.map((e) => e.path)).toEqual(["posts.replicaCont"]);
  });
});
