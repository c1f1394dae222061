import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { deprecatedPaths } from "../src/deprecations.ts";
import { valuesSchema } from "../src/generated.ts";
import { currentVersion, migrate, migrateDocument, migrations } from "../src/migrations.ts";
import { validate } from "../src/validate.ts";
import { helmYamlOptions } from "../src/yaml.ts";
import { chartVersion } from "../../test/helpers/helm.ts";

const written010 = { gateway: { nginx: { realIpFrom: ["10.8.0.0/16"], workerProcesses: 4 } } };

describe("migrate", () => {
  it("renames what 0.1.0 called realIpFrom, leaving the input as it was", () => {
    const input = structuredClone(written010);
    expect(migrate(input, { from: "0.1.0" })).toEqual({
      ok: true,
      values: { gateway: { nginx: { trustedProxies: ["10.8.0.0/16"], workerProcesses: 4 } } },
      changes: [{ step: "0.1.0 → 0.2.0", from: "gateway.nginx.realIpFrom", to: "gateway.nginx.trustedProxies" }],
      // the step's note goes with it: 0.1.0's default trusted every private range, and 0.2.0 trusts none
      notes: [`0.1.0 → 0.2.0: ${migrations[0]!.note}`],
      version: "0.2.0",
    });
    expect(input).toEqual(written010);
    // values that never set the old key come through unchanged
    expect(migrate({ posts: { replicaCount: 2 } }, { from: "0.1.0" })).toMatchObject({ ok: true, values: { posts: { replicaCount: 2 } }, changes: [] });
  });

  it("says so for values already current, for an unknown version, and for both names set", () => {
    expect(migrate(written010, { from: currentVersion })).toEqual({ ok: false, error: { reason: "current", message: "values for chart 0.2.0 are current: there is nothing to migrate" } });
    expect(migrate(written010, { from: "0.0.9" })).toEqual({ ok: false, error: { reason: "unknown-version", message: "no migration starts at chart version 0.0.9: known are 0.1.0 (and 0.2.0, the current one)" } });
    const both = { gateway: { nginx: { realIpFrom: ["10.8.0.0/16"], trustedProxies: ["10.9.0.0/16"] } } };
    expect(migrate(both, { from: "0.1.0" })).toMatchObject({ ok: false, error: { reason: "conflict" } });
    // the new key at its chart default, as a copy of 0.2.0's values.yaml has it, yields to the old one
    const copied = { gateway: { nginx: { trustedProxies: [], realIpFrom: ["10.8.0.0/16"] } } };
    expect(migrate(copied, { from: "0.1.0" })).toMatchObject({ ok: true, values: { gateway: { nginx: { trustedProxies: ["10.8.0.0/16"] } } } });
    const document = parseDocument("gateway:\n  nginx:\n    # -- the new key's own comment\n    trustedProxies: []\n    realIpFrom: [10.8.0.0/16]\n");
    const result = migrateDocument(document, { from: "0.1.0" });
    expect(result.ok && result.values.toString()).toBe("gateway:\n  nginx:\n    # -- the new key's own comment\n    trustedProxies: [ 10.8.0.0/16 ]\n");
  });

  it("keeps a YAML file's comments, and leaves the document as it was on an error", () => {
    const text = "gateway:\n  nginx:\n    workerProcesses: 4\n    # the ingress controller's pods\n    realIpFrom: [10.8.0.0/16] # kube-system\n";
    const document = parseDocument(text, helmYamlOptions);
    const result = migrateDocument(document, { from: "0.1.0" });
    expect(result.ok).toBe(true);
    expect(String((result as { values: unknown }).values)).toBe("gateway:\n  nginx:\n    workerProcesses: 4\n    # the ingress controller's pods\n    trustedProxies: [ 10.8.0.0/16 ] # kube-system\n");
    expect(String(document)).toBe(parseDocument(text, helmYamlOptions).toString());
  });

  it("ends at this chart's version, and renames exactly the keys the schema marks deprecated, to the key each names", () => {
    expect(currentVersion).toBe(chartVersion);
    const renames = migrations.flatMap((step) => step.renames);
    expect(renames.map((r) => r.from).sort()).toEqual(deprecatedPaths(valuesSchema()).sort());
    for (const { from, to } of renames) {
      const property = from.split(".").reduce((node: any, key) => node.properties[key], valuesSchema());
      expect(property.description, from).toContain(`use \`${to}\``);
    }
  });
});

describe("validate and deprecated keys", () => {
  it("accepts a deprecated key with a warning that names its new name, and warns of nothing else", () => {
    expect(validate(written010)).toEqual({
      ok: true,
      warnings: [{ path: "gateway.nginx.realIpFrom", message: "is deprecated since chart 0.2.0: use gateway.nginx.trustedProxies", value: ["10.8.0.0/16"], hint: "`blog-platform migrate` renames it", keyword: "deprecated" }],
    });
    expect(validate((migrate(written010, { from: "0.1.0" }) as { values: Record<string, unknown> }).values)).toEqual({ ok: true });
    // the warning stays beside errors
    expect(validate({ ...written010, posts: { replicaCont: 2 } })).toMatchObject({ ok: false, warnings: [{ path: "gateway.nginx.realIpFrom" }] });
  });
});
