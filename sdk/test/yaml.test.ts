import { describe, expect, it } from "vitest";
import { YamlError } from "../src/errors.ts";
import { defaultSchemaUrl, fromYaml, toYaml } from "../src/yaml.ts";

describe("toYaml / fromYaml", () => {
  const values = {
    posts: { replicaCount: 3, image: { tag: "1.0", pullPolicy: "Always" }, nodeSelector: { "kubernetes.io/os": "linux" } },
    global: { imageRegistry: "registry.example.com" },
    auth: { env: { FLAG: "yes", MODE: "on", PERMS: "0755", COUNT: "10", EMPTY: "", NULLISH: "null" } },
  };

  it("round-trips, keeping strings that look like numbers or booleans as strings", () => {
    expect(fromYaml(toYaml(values))).toEqual(values);
  });

  it("starts with the yaml-language-server modeline", () => {
    expect(toYaml({}).split("\n")[0]).toBe(`# yaml-language-server: $schema=${defaultSchemaUrl}`);
    expect(toYaml({ a: 1 }, { schemaUrl: "./values.schema.json" })).toBe("# yaml-language-server: $schema=./values.schema.json\na: 1\n");
  });

  it("keeps the key order given and writes shared objects twice, never as aliases", () => {
    const shared = { enabled: true };
    const text = toYaml({ b: shared, a: shared });
    expect(text).not.toMatch(/[&*]/);
    expect(text.split("\n").slice(1).join("\n")).toBe("b:\n  enabled: true\na:\n  enabled: true\n");
  });

  it("refuses what YAML cannot hold, naming its path", () => {
    const cyclic: Record<string, unknown> = { posts: {} };
    (cyclic.posts as Record<string, unknown>).self = cyclic;
    expect(() => toYaml(cyclic)).toThrow(/^cannot write values as YAML: posts\.self refers back to the top level/);
    expect(() => toYaml({ posts: { replicaCount: () => 2 } })).toThrow(/posts\.replicaCount is a function/);
  });

  it("reads YAML as helm does: yes/on are booleans, an empty file is {}", () => {
    expect(fromYaml("a: yes\nb: on\nc: 0x1F\n")).toEqual({ a: true, b: true, c: 31 });
    expect(fromYaml("")).toEqual({});
    expect(fromYaml("# only a comment\n")).toEqual({});
  });

  it("throws a YamlError with the file, line and column", () => {
    const error = (() => {
      try {
        fromYaml("posts:\n  replicaCount: 2\n  image: [a\nauth: {}\n", "values.yaml");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(YamlError);
    expect(error).toMatchObject({ file: "values.yaml", line: 4, col: 1 });
    expect((error as YamlError).message).toMatch(/^values\.yaml:4:1: /);
  });

  it("rejects duplicate keys and a top level that is not a map, never returning part of a file", () => {
    expect(() => fromYaml("a: 1\na: 2\n")).toThrow(YamlError);
    expect(() => fromYaml("- 1\n- 2\n", "list.yaml")).toThrow(/list\.yaml:1:1: a values file must be a map/);
  });
});
