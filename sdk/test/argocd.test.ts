// argoApplication(): a typed Argo CD Application whose values keep their nulls, and what Argo CD
// renders from it (argoHelmTemplateArgs, as its repo server runs helm) is what render() gives.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { argoApplication, argoHelmTemplateArgs } from "../src/argocd.ts";
import { currentVersion } from "../src/migrations.ts";
import { defineValues } from "../src/define.ts";
import { presets } from "../src/presets.ts";
import { mergeValues } from "../src/merge.ts";
import { renderToString } from "../src/render.ts";
import { fromYaml, toYaml } from "../src/yaml.ts";
import { chartDir, helms, optionalApis } from "../../test/helpers/helm.ts";

const values = defineValues(mergeValues(presets.production, { posts: { probes: { startup: null }, autoscaling: { maxReplicas: 12 } } }));

describe("argoApplication", () => {
  it("installs the chart with the values, their nulls kept, under the release, namespace and helm version asked for", () => {
    const application = argoApplication(values, { releaseName: "shop", destination: { server: "https://kubernetes.default.svc", namespace: "shop" } });
    expect(application).toMatchObject({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "blog-platform", namespace: "argocd" },
      spec: { source: { chart: "blog-platform", targetRevision: currentVersion, helm: { releaseName: "shop", version: "v3" } }, destination: { namespace: "shop" } },
    });
    expect(application.spec.source.helm.valuesObject).toEqual(values);
    expect((application.spec.source.helm.valuesObject as any).posts.probes.startup).toBeNull();
    // a copy: changing the values later does not change the Application
    expect(application.spec.source.helm.valuesObject).not.toBe(values);
  });

  it("writes the values as a YAML string instead, nulls kept, for an Argo CD that drops a valuesObject's nulls", () => {
    const { helm } = argoApplication(values, { valuesAs: "yaml" }).spec.source;
    expect(helm.valuesObject).toBeUndefined();
    expect(fromYaml(helm.values!)).toEqual(values);
  });
});

describe.each(helms)("what Argo CD renders with helm $version", (helm) => {
  it("is what render() gives for the same release, namespace and cluster", async () => {
    const application = argoApplication(values, { releaseName: "shop", destination: { server: "https://kubernetes.default.svc", namespace: "shop" } });
    const dir = await mkdtemp(join(tmpdir(), "argocd-"));
    const valuesFile = join(dir, "values.yaml");
    await writeFile(valuesFile, toYaml(application.spec.source.helm.valuesObject!));
    const cluster = { kubeVersion: "1.31.0", apiVersions: optionalApis };
    const argo = await execa(helm.path, ["template", chartDir, ...argoHelmTemplateArgs(application, valuesFile, cluster)]);
    const ours = await renderToString(values, { helm: helm.path, release: "shop", namespace: "shop", ...cluster, includeCrds: true });
    expect(argo.stdout).toMatch(/^kind: HorizontalPodAutoscaler$/m);
    expect(`${argo.stdout}\n`).toBe(ours);
  });
});
