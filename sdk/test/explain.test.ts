import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CHART_DEFAULTS, explain, type Explanation } from "../src/explain.ts";
import { chartDefaults } from "../src/generated.ts";
import { presets } from "../src/presets.ts";
import { helms, helmTemplate, parseManifests } from "../../test/helpers/helm.ts";

const defaults = chartDefaults() as any;
const explained = (result: ReturnType<typeof explain>): Explanation => {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return (result as { ok: true; explanation: Explanation }).explanation;
};
const a = { name: "a.yaml", values: { posts: { autoscaling: { maxReplicas: 6 }, probes: { startup: null } } } };
const b = { name: "b.yaml", values: { posts: { autoscaling: { maxReplicas: 9 } } } };
const production = { name: "presets.production", values: presets.production as Record<string, unknown> };

describe("explain", () => {
  it("names the chart default when no layer sets the path", () => {
    expect(explained(explain([], "posts.autoscaling.maxReplicas"))).toEqual({
      path: "posts.autoscaling.maxReplicas",
      present: true,
      value: defaults.posts.autoscaling.maxReplicas,
      from: CHART_DEFAULTS,
      layers: [{ layer: CHART_DEFAULTS, says: "sets", value: defaults.posts.autoscaling.maxReplicas }],
    });
  });

  it("blames the last layer that sets the value, and says what each said, in order", () => {
    const explanation = explained(explain([production, a, b], "posts.autoscaling.maxReplicas"));
    expect(explanation).toMatchObject({ present: true, value: 9, from: "b.yaml" });
    expect(explanation.layers.map(({ layer, says, value }) => [layer, says, value])).toEqual([
      [CHART_DEFAULTS, "sets", defaults.posts.autoscaling.maxReplicas],
      ["presets.production", "silent", undefined],
      ["a.yaml", "sets", 6],
      ["b.yaml", "sets", 9],
    ]);
    expect(explained(explain([production, a, b], "posts.autoscaling.enabled"))).toMatchObject({ value: true, from: "presets.production" });
  });

  it("follows null: a deleted default is absent, and a later layer can set it again", () => {
    expect(explained(explain([a], "posts.probes.startup.periodSeconds"))).toMatchObject({
      present: false,
      from: "a.yaml",
      layers: [{ layer: CHART_DEFAULTS, says: "sets" }, { layer: "a.yaml", says: "deletes", at: "posts.probes.startup" }],
    });
    const again = { name: "c.yaml", values: { posts: { probes: { startup: { periodSeconds: 3 } } } } };
    expect(explained(explain([a, again], "posts.probes.startup.periodSeconds"))).toMatchObject({ present: true, value: 3, from: "c.yaml" });
    // a later map over the null brings the chart's other defaults back with it
    expect(explained(explain([a, again], "posts.probes.startup.timeoutSeconds"))).toMatchObject({ present: true, value: defaults.posts.probes.startup.timeoutSeconds, from: CHART_DEFAULTS });
    // the same value said again: the later layer gave it
    expect(explained(explain([a, { name: "a-again.yaml", values: { posts: { autoscaling: { maxReplicas: 6 } } } }], "posts.autoscaling.maxReplicas"))).toMatchObject({ value: 6, from: "a-again.yaml" });
    // `posts: null` deletes the layers' posts values, and Helm fills the section again from posts' values.yaml
    expect(explained(explain([a, { name: "d.yaml", values: { posts: null } }], "posts.autoscaling.maxReplicas"))).toMatchObject({
      present: true,
      value: defaults.posts.autoscaling.maxReplicas,
      from: CHART_DEFAULTS,
    });
  });

  it("says when a scalar or a list above the path replaces it", () => {
    const list = { name: "tolerations.yaml", values: { posts: { tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }] } } };
    expect(explained(explain([list], "posts.tolerations[0].effect"))).toMatchObject({ value: "NoSchedule", from: "tolerations.yaml" });
    // a shorter list replaces the longer one whole
    const empty = { name: "no-tolerations.yaml", values: { posts: { tolerations: [] } } };
    expect(explained(explain([list, empty], "posts.tolerations[0].effect"))).toMatchObject({ present: false, from: "no-tolerations.yaml" });
    expect(explained(explain([list, empty], "posts.tolerations[0].effect")).layers.at(-1)).toEqual({ layer: "no-tolerations.yaml", says: "replaces", value: [], at: "posts.tolerations" });
    // values the schema would refuse are still explained: this is what Helm would merge
    const scalar = { name: "off.yaml", values: { posts: { autoscaling: "off" } } };
    expect(explained(explain([scalar], "posts.autoscaling.maxReplicas"))).toMatchObject({ present: false, from: "off.yaml" });
    expect(explained(explain([scalar], "posts.autoscaling.maxReplicas")).layers.at(-1)).toEqual({ layer: "off.yaml", says: "replaces", value: "off", at: "posts.autoscaling" });
  });

  it("refuses a path the schema does not have, with a did-you-mean", () => {
    expect(explain([], "posts.autoscaling.maxReplica")).toEqual({
      ok: false,
      error: { reason: "unknown-key", path: "posts.autoscaling.maxReplica", message: "the values have no key posts.autoscaling.maxReplica", hint: "did you mean `maxReplicas`?" },
    });
    // Kubernetes-typed values are checked against their definitions
    expect(explain([], "posts.resources.limitz")).toMatchObject({ ok: false, error: { reason: "unknown-key", hint: "did you mean `limits`?" } });
    expect(explain([], "posts.env.LOG_FORMAT.x")).toMatchObject({ ok: false, error: { reason: "unknown-key", message: "posts.env.LOG_FORMAT is a string, so posts.env.LOG_FORMAT.x cannot exist" } });
    expect(explain([], "posts.replicaCount[0]")).toMatchObject({ ok: false, error: { reason: "unknown-key", message: "posts.replicaCount is not a list, so posts.replicaCount[0] cannot exist" } });
  });

  it("says when no layer sets a path the schema allows", () => {
    expect(explain([a], "posts.nodeSelector.disktype")).toEqual({
      ok: false,
      error: { reason: "not-set", path: "posts.nodeSelector.disktype", message: "no layer sets posts.nodeSelector.disktype, the chart defaults included: it is absent from the rendered values" },
    });
  });
});

describe.each(helms)("explain agrees with helm $version", (helm) => {
  const stack = [{ posts: { autoscaling: { enabled: true, maxReplicas: 6 }, probes: { startup: null } } }, { posts: { autoscaling: { maxReplicas: 9 } } }];
  let layers: { name: string; values: Record<string, unknown> }[];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "explain-"));
    layers = stack.map((values, i) => ({ name: join(dir, `${i}.yaml`), values }));
    for (const { name, values } of layers) await writeFile(name, stringify(values));
  });

  it("on the value helm renders with, -f files stacked, a null included", async () => {
    const result = await helmTemplate(helm, layers.map((l) => l.name));
    expect(result.ok, result.stderr).toBe(true);
    const objects = parseManifests(result.stdout);
    const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.metadata.name === "blog-posts")!;
    expect(hpa.spec.maxReplicas).toBe(explained(explain(layers, "posts.autoscaling.maxReplicas")).value);
    const container = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "blog-posts")!.spec.template.spec.containers[0];
    // helm renders the deleted probe as `startupProbe: null`, which Kubernetes reads as none
    expect([null, undefined]).toContain(container.startupProbe);
    expect(explained(explain(layers, "posts.probes.startup")).present).toBe(false);
    expect(container.readinessProbe.periodSeconds).toBe(explained(explain(layers, "posts.probes.readiness.periodSeconds")).value);
  });
});
