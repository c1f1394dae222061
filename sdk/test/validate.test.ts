import { describe, expect, it } from "vitest";
import { presets } from "../src/presets.ts";
import { mergeValues } from "../src/merge.ts";
import { createValidator, validate } from "../src/validate.ts";
import type { ValuesError } from "../src/errors.ts";

function errorsOf(values: unknown): ValuesError[] {
  const result = validate(values);
  return result.ok ? [] : result.errors;
}

describe("validate against the chart schema", () => {
  const credentials = { global: { database: { existingSecret: "db" }, redis: { existingSecret: "redis" }, jwt: { existingSecret: "jwt" } } };

  it("accepts credentials alone and the presets", () => {
    expect(validate(credentials)).toEqual({ ok: true });
    expect(validate(mergeValues(presets.development, credentials))).toEqual({ ok: true });
    expect(validate(mergeValues(presets.production, credentials, { posts: { autoscaling: { maxReplicas: 12 } } }))).toEqual({ ok: true });
  });

  it("applies the chart's cross-field rules once the schema holds", () => {
    // {} is valid: the credentials Job makes what the bundled servers need
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ credentials: { enabled: false } }).map((e) => [e.path, e.keyword])).toEqual([
      ["global.database.existingSecret", "rule"],
      // the services' own database roles take their passwords from the Job too
      ["global.database.serviceRoles", "rule"],
      ["global.jwt.existingSecret", "rule"],
      ["global.redis.existingSecret", "rule"],
      // and so do the services' own Redis users
      ["global.redis.serviceUsers", "rule"],
    ]);
    expect(errorsOf({ ...credentials, posts: { autoscaling: { enabled: true, minReplicas: 4, maxReplicas: 2 } } })).toEqual([
      { path: "posts.autoscaling.minReplicas", message: "(4) is greater than posts.autoscaling.maxReplicas (2)", keyword: "rule" },
    ]);
    expect(errorsOf({ ...credentials, postgres: { enabled: false } })[0]!.message).toContain("auth, posts, comments, images need a database");
  });

  it("reports each problem at its dot path with a plain message", () => {
    const errors = errorsOf({
      auth: { autoscaling: { maxReplicas: 0 } },
      posts: { image: { pullPolicy: "Sometimes" }, replicaCount: "3" },
    });
    expect(errors).toEqual([
      { path: "auth.autoscaling.maxReplicas", message: "must be ≥ 1, got 0", value: 0, keyword: "minimum" },
      {
        path: "posts.image.pullPolicy",
        message: 'must be one of: Always, IfNotPresent, Never; got the string "Sometimes"',
        value: "Sometimes",
        keyword: "enum",
      },
      { path: "posts.replicaCount", message: 'must be an integer, got the string "3"', value: "3", keyword: "type" },
    ]);
  });

  it("names an unknown key by its own path and suggests the closest allowed one", () => {
    expect(errorsOf({ posts: { replicaCont: 2 }, pots: {}, global: { database: { hots: "db" } } })).toEqual([
      { path: "global.database.hots", message: "unknown key", value: "db", hint: "did you mean `host`?", keyword: "additionalProperties" },
      { path: "posts.replicaCont", message: "unknown key", value: 2, hint: "did you mean `replicaCount`?", keyword: "additionalProperties" },
      { path: "pots", message: "unknown key", value: {}, hint: "did you mean `posts`?", keyword: "additionalProperties" },
    ]);
  });

  it("indexes list items and resolves $ref'd Kubernetes types", () => {
    const errors = errorsOf({ gateway: { tolerations: [{ key: "a" }, { efect: "NoSchedule" }] } });
    expect(errors).toEqual([
      expect.objectContaining({ path: "gateway.tolerations[1].efect", message: "unknown key", hint: "did you mean `effect`?" }),
    ]);
  });

  it("gives one message for a failed anyOf instead of one per branch", () => {
    const errors = errorsOf({ posts: { resources: { limits: { cpu: "lots" } } } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "posts.resources.limits.cpu", value: "lots", keyword: "anyOf" });
    expect(errors[0]!.message).toMatch(/^must be a string matching .* or a number ≥ 0, got the string "lots"$/);
  });

  it("never throws, whatever it is given", () => {
    const cyclic: Record<string, unknown> = { posts: {} };
    (cyclic.posts as Record<string, unknown>).self = cyclic;
    const garbage: unknown[] = [null, undefined, [], [1], "values", 42, true, () => 1, Symbol("x"), new Date(), cyclic];
    for (const input of garbage) {
      const result = validate(input);
      expect(result.ok).toBe(false);
    }
    expect(errorsOf(null)).toEqual([expect.objectContaining({ path: "", keyword: "type" })]);
    expect(errorsOf(cyclic)).toEqual([expect.objectContaining({ path: "posts.self", keyword: "cycle" })]);
    expect(errorsOf({ posts: { replicaCount: Number.NaN } })[0]).toMatchObject({ path: "posts.replicaCount" });
  });

  it("sorts errors by path", () => {
    // the merge with the defaults puts these in values.yaml's order, tests before gateway before comments
    expect(errorsOf({ tests: { x: 1 }, gateway: { y: 1 }, comments: { z: 1 } }).map((e) => e.path)).toEqual(["comments.z", "gateway.y", "tests.x"]);
  });
});

describe("createValidator", () => {
  const schema = {
    type: "object",
    additionalProperties: false,
    properties: {
      port: { anyOf: [{ type: "integer", minimum: 1 }, { type: "string", minLength: 1 }] },
      affinity: { anyOf: [{ $ref: "#/definitions/Affinity" }, { type: "null" }] },
    },
    definitions: {
      Affinity: { type: "object", additionalProperties: false, properties: { nodeAffinity: { type: "object" }, podAffinity: { type: "object" } } },
    },
  };
  const check = createValidator(schema, { coalesce: (values) => mergeValues({ port: 80 }, values) });

  it("follows the branch the value was meant for", () => {
    expect(check({ affinity: { nodeAffinty: {} } })).toEqual({
      ok: false,
      errors: [{ path: "affinity.nodeAffinty", message: "unknown key", value: {}, hint: "did you mean `nodeAffinity`?", keyword: "additionalProperties" }],
    });
  });

  it("names every accepted shape when no branch fits", () => {
    expect(check({ port: true })).toEqual({
      ok: false,
      errors: [{ path: "port", message: "must be an integer ≥ 1 or a string not empty, got true", value: true, keyword: "anyOf" }],
    });
    expect(check({ affinity: 3 })).toMatchObject({ ok: false, errors: [{ path: "affinity", message: "must be a map (Affinity) or null, got 3" }] });
  });

  it("drops ajv's if/then summary, keeping the then-branch's own error", () => {
    const conditional = createValidator({
      type: "object",
      if: { properties: { mode: { const: "external" } }, required: ["mode"] },
      then: { required: ["host"] },
    });
    expect(conditional({ mode: "external" })).toEqual({ ok: false, errors: [{ path: "host", message: "is required", keyword: "required" }] });
  });

  it("merges the defaults first, so null deletes a default", () => {
    expect(createValidator({ ...schema, required: ["port"] }, { coalesce: (values) => mergeValues({ port: 80 }, values) })({ port: null })).toMatchObject({
      ok: false,
      errors: [{ path: "port", message: "is required", keyword: "required" }],
    });
  });
});
