// Renders every ci/*-values.yaml file with both helm versions and checks what every install must
// hold: stable selectors, restricted pods, probes and resources, NetworkPolicies, determinism.
import { describe, expect, it } from "vitest";
import { ciValuesDir, ciValuesFiles, helms, helmTemplate, parseManifests } from "../helpers/helm.ts";
import { describeFinding, policyFindings } from "../../sdk/src/policies.ts";

describe.each(ciValuesFiles)("ci/%s", (file) => {
  const path = `${ciValuesDir}/${file}`;

  it("renders the same bytes twice, on helm 3.17 and 4.1 alike", async () => {
    const outputs = await Promise.all([...helms, ...helms].map((helm) => helmTemplate(helm, [path])));
    for (const [i, output] of outputs.entries()) expect(output.stderr, `helm ${helms[i % 2]!.version}`).toBe("");
    const texts = outputs.map((o) => o.stdout);
    expect(texts[0]!.length).toBeGreaterThan(1000);
    expect(new Set(texts).size).toBe(1);
  });

  it("meets the install policies", async () => {
    const result = await helmTemplate(helms[1]!, [path]);
    expect(result.ok, result.stderr).toBe(true);
    const objects = parseManifests(result.stdout);
    const workloads = objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet");
    expect(workloads.length).toBeGreaterThan(0);
    expect(policyFindings(objects).map(describeFinding)).toEqual([]);
    for (const o of objects) expect(o.metadata.name.length, `${o.kind} ${o.metadata.name}`).toBeLessThanOrEqual(63);
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size, "no two objects share kind and name").toBe(keys.length);
  });
});
