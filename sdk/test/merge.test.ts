import { describe, expect, it } from "vitest";
import { mergeValueFiles, mergeValues } from "../src/merge.ts";

describe("mergeValues (Helm coalescing)", () => {
  it("merges maps recursively", () => {
    const base = { posts: { image: { tag: "1", pullPolicy: "IfNotPresent" }, replicaCount: 2 } };
    expect(mergeValues(base, { posts: { image: { tag: "2" } } })).toEqual({
      posts: { image: { tag: "2", pullPolicy: "IfNotPresent" }, replicaCount: 2 },
    });
  });

  it("replaces lists and scalars whole", () => {
    const base = { tolerations: [{ key: "a" }, { key: "b" }], n: 1, s: "x" };
    expect(mergeValues(base, { tolerations: [{ key: "c" }], n: 5 })).toEqual({ tolerations: [{ key: "c" }], n: 5, s: "x" });
  });

  it("lets a table replace a scalar and a scalar replace a table, override winning", () => {
    const base: Record<string, unknown> = { a: 1, b: { c: 1 } };
    expect(mergeValues(base, { a: { x: 1 }, b: "flat" })).toEqual({ a: { x: 1 }, b: "flat" });
  });

  it("deletes a key set to null, and keeps a null for a key the base lacks (Helm's schema then rejects it)", () => {
    const base: Record<string, unknown> = { posts: { nodeSelector: { disk: "ssd" }, replicaCount: 2 } };
    expect(mergeValues(base, { posts: { nodeSelector: null, missing: null } })).toEqual({ posts: { replicaCount: 2, missing: null } });
    expect(mergeValues(base, { posts: null })).toEqual({});
  });

  it("applies several overrides in order", () => {
    expect(mergeValues({ a: 1, b: 1, c: 1 }, { a: 2, b: 2 }, { a: 3 })).toEqual({ a: 3, b: 2, c: 1 });
  });

  it("treats undefined as not set", () => {
    expect(mergeValues({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });

  it("never mutates its inputs and shares no objects with them", () => {
    const base = { posts: { image: { tag: "1" }, list: [{ k: 1 }] } };
    const override = { posts: { image: { pullPolicy: "Always" }, extra: { deep: [1] } } };
    const before = structuredClone([base, override]);
    const result = mergeValues<Record<string, any>>(base, override);
    expect([base, override]).toEqual(before);
    result.posts.image.tag = "changed";
    result.posts.list[0].k = 2;
    result.posts.extra.deep.push(2);
    expect([base, override]).toEqual(before);
  });
});

describe("mergeValueFiles (helm -f a -f b)", () => {
  it("keeps a null so that it still deletes the chart default later", () => {
    expect(mergeValueFiles([{ posts: { nodeSelector: { a: "b" }, x: 1 } }, { posts: { nodeSelector: null } }])).toEqual({
      posts: { nodeSelector: null, x: 1 },
    });
  });
});
