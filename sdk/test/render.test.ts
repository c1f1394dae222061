import { describe, expect, it } from "vitest";
import { bundledHelm } from "../../scripts/lib/layer-binaries.ts";
import { defineValues } from "../src/define.ts";
import { HelmError } from "../src/errors.ts";
import { findHelm } from "../src/helm.ts";
import { mergeValues } from "../src/merge.ts";
import { presets } from "../src/presets.ts";
import { render, renderToString } from "../src/render.ts";
import { parseManifests } from "../src/manifest-text.ts";
import { Manifests } from "../src/manifests.ts";
import { YamlError } from "../src/errors.ts";
import { parseAllDocuments } from "yaml";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromYaml, helmYamlOptions } from "../src/yaml.ts";

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

describe("reading helm's output", () => {
  const ci = fileURLToPath(new URL("../../charts/blog-platform/ci/", import.meta.url));
  const files = readdirSync(ci).filter((f) => f.endsWith("-values.yaml"));

  it.each(files)("reads the render of ci/%s as the yaml library reads it under YAML 1.1", async (file) => {
    const manifests = await render(fromYaml(readFileSync(`${ci}${file}`, "utf8")), { helm: await bundledHelm(4), apiVersions: ["monitoring.coreos.com/v1", "autoscaling.k8s.io/v1"] });
    const expected = parseAllDocuments(manifests.text, helmYamlOptions).map((d) => d.toJS() as unknown).filter((o) => o !== null && typeof o === "object");
    expect(manifests.all.length).toBeGreaterThan(20);
    expect(manifests.all.map((r) => r.object)).toEqual(expected);
    for (const { source } of manifests.all) expect(source).toMatch(/^blog-platform\/(charts\/[a-z-]+\/)?templates\/[\w/.-]+\.yaml$/);
  });

  it("reads scalars as YAML 1.1 does, timestamps as strings, and names a fault's line", () => {
    const text = "---\n# Source: a/templates/x.yaml\nkind: A\nflags: [yes, off, 0755, 2001-12-14]\n---\n# Source: a/templates/y.yaml\nkind: Secret\ndata: {a: 1\nb: 2\n";
    const error = (() => {
      try {
        parseManifests(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(YamlError);
    expect(error).toMatchObject({ file: "helm template output", line: 9 });
    // the typed accessors read only their kind: the broken document fails only what reads it
    const manifests = new Manifests(text.replace("kind: A", "kind: Deployment"));
    expect(manifests.deployments()).toEqual([{ kind: "Deployment", flags: [true, false, 493, "2001-12-14"] }]);
    expect(() => manifests.all).toThrow(YamlError);
    // a chunk that holds several documents (`...`), or two kind lines, is parsed to learn its kinds
    const several = new Manifests("---\n# Source: a/templates/z.yaml\nkind: Secret\n...\nkind: Deployment\nmetadata: {name: d}\n");
    expect(several.deployments().map((d) => d.metadata?.name)).toEqual(["d"]);
    expect(several.all.map((r) => [r.object.kind, r.source])).toEqual([["Secret", "a/templates/z.yaml"], ["Deployment", "a/templates/z.yaml"]]);
    expect(parseManifests(text.slice(0, text.lastIndexOf("---")))).toEqual([{ object: { kind: "A", flags: [true, false, 493, "2001-12-14"] }, source: "a/templates/x.yaml" }]);
  });
});

it("finds helm by itself when none is given", { timeout: 120_000 }, async () => {
  await findHelm();
  expect((await render(secrets)).deployments("gateway")).toHaveLength(1);
});
