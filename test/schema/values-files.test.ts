// Every chart's values against its own values.schema.json, and the schema's own rules: strict
// objects, a description and a default on every property, `global` accepted everywhere. A
// subchart's values are the umbrella values.yaml's section for it, with `global`, as Helm hands
// them over.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { chartDir } from "../helpers/helm.ts";

type Schema = Record<string, any>;

const readYaml = (file: string) => parse(readFileSync(file, "utf8"), { version: "1.1" }) as Record<string, any> | null;
const umbrellaValues = readYaml(`${chartDir}/values.yaml`)!;
const readSchema = (dir: string) => JSON.parse(readFileSync(`${dir}/values.schema.json`, "utf8")) as Schema;

const subchartNames = readdirSync(`${chartDir}/charts`).filter((name) => existsSync(`${chartDir}/charts/${name}/values.schema.json`));
const charts = [
  { name: "blog-platform", dir: chartDir },
  ...subchartNames.map((name) => ({ name, dir: `${chartDir}/charts/${name}` })),
];

const load = (dir: string) =>
  dir === chartDir
    ? { schema: readSchema(dir), values: umbrellaValues }
    : { schema: readSchema(dir), values: { ...umbrellaValues[dir.slice(dir.lastIndexOf("/") + 1)], global: umbrellaValues.global } as Record<string, unknown> };

const compile = (schema: Schema) => new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Keys of `values` that the schema does not declare, as dotted paths. */
function undeclaredKeys(values: unknown, schema: Schema, path = ""): string[] {
  if (values === null || typeof values !== "object" || Array.isArray(values) || !schema.properties) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const property = schema.properties[key];
    if (!property) return schema.additionalProperties === false ? [`${path}${key}`] : [];
    return undeclaredKeys(value, property, `${path}${key}.`);
  });
}

/** Our own properties (not the Kubernetes definitions) lacking a description or a default, or open when they should be closed. */
function schemaFindings(schema: Schema, path = ""): string[] {
  const findings: string[] = [];
  for (const [key, property] of Object.entries<Schema>(schema.properties ?? {})) {
    const at = `${path}${key}`;
    if (!property.description) findings.push(`${at}: no description`);
    if (property.default === undefined) findings.push(`${at}: no default`);
    if (property.type === "object" && property.properties && property.additionalProperties !== false && key !== "global") findings.push(`${at}: not closed`);
    findings.push(...schemaFindings(property, `${at}.`));
  }
  return findings;
}

// Helm hands every subchart the umbrella's global
const umbrellaGlobal = umbrellaValues.global as Record<string, any>;

describe.each(subchartNames)("subchart %s", (name) => {
  it("keeps the defaults of the umbrella's section for it", () => {
    expect(readYaml(`${chartDir}/charts/${name}/values.yaml`)).toEqual(umbrellaValues[name]);
  });

  it("checks its keys and their types, not the depth the umbrella's schema checks", () => {
    const validate = compile(readSchema(`${chartDir}/charts/${name}`));
    const values = load(`${chartDir}/charts/${name}`).values;
    expect(validate({ ...values, enabled: "yes" })).toBe(false);
    const { enabled: _, ...withoutEnabled } = values;
    expect(validate(withoutEnabled)).toBe(false);
  });
});

describe.each(charts)("chart $name", ({ dir }) => {
  const { schema, values } = load(dir);

  it("is a draft-07 schema that closes its top level", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.additionalProperties).toBe(false);
  });

  it("values.yaml validates against the schema", () => {
    const validate = compile(schema);
    expect(validate(values), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("declares every key of values.yaml", () => {
    expect(undeclaredKeys(values, schema)).toEqual([]);
  });

  it("describes every property and gives it a default", () => {
    expect(schemaFindings(schema)).toEqual([]);
  });

  it("accepts the global key Helm injects, with keys of other charts in it", () => {
    const validate = compile(schema);
    expect(validate({ ...values, global: { ...umbrellaGlobal, imageRegistry: "r.example.com", someOtherChart: { x: 1 } } })).toBe(true);
  });

  it("rejects an unknown top-level key", () => {
    expect(compile(schema)({ ...values, replicaCountt: 1 })).toBe(false);
  });
});

describe("the umbrella's schema in depth", () => {
  const { schema, values } = load(chartDir);
  const validate = compile(schema);

  it("rejects an unknown key of global", () => {
    expect(validate({ ...values, global: { ...umbrellaGlobal, database: { ...umbrellaGlobal.database, hostt: "x" } } })).toBe(false);
  });

  it("checks the shapes the components share (definitions/*Values) in every component", () => {
    const shared = Object.keys(schema.definitions).filter((name) => name.endsWith("Values"));
    expect(shared).toEqual(expect.arrayContaining(["ImageValues", "ProbesValues", "AutoscalingValues"]));
    for (const component of ["gateway", "posts", "postgres"]) {
      expect(validate({ ...values, [component]: { ...values[component], image: { ...values[component].image, tagg: "x" } } }), component).toBe(false);
      expect(validate({ ...values, [component]: { ...values[component], image: { ...values[component].image, tag: "latest" } } }), component).toBe(false);
    }
  });
});

describe("Kubernetes-typed fields", () => {
  const { schema, values } = load(chartDir);
  const validate = compile(schema);
  const withField = (field: string, value: unknown) => validate({ ...values, posts: { ...values.posts, [field]: value } });

  it("are validated as the Kubernetes types they are, enums included", () => {
    expect(withField("tolerations", [{ key: "dedicated", operator: "Equal", value: "blog", effect: "NoSchedule" }])).toBe(true);
    expect(withField("tolerations", [{ key: "dedicated", operatr: "Equal" }])).toBe(false);
    expect(withField("tolerations", [{ key: "dedicated", operator: "Exists", effect: "NoScheduel" }])).toBe(false);
    expect(withField("podSecurityContext", { seccompProfile: { type: "Default" } })).toBe(false);
    expect(withField("resources", { requests: { cpu: 1, memory: "1Gi" } })).toBe(true);
    expect(withField("resources", { requests: { cpu: "one" } })).toBe(false);
    expect(withField("resources", { request: { cpu: "1" } })).toBe(false);
    expect(withField("affinity", { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } })).toBe(true);
    expect(withField("affinity", { podAntiAfinity: {} })).toBe(false);
    expect(withField("containerSecurityContext", { runAsUser: "root" })).toBe(false);
    expect(withField("extraEnv", [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }])).toBe(true);
    expect(withField("extraEnv", [{ value: "no name" }])).toBe(false);
  });
});

describe("the chart README's values reference", () => {
  it("has a row for every key of the umbrella values.yaml", () => {
    const readme = readFileSync(`${chartDir}/README.md`, "utf8");
    // the SDK's copy of the umbrella schema nests every section in place, the chart's shares them
    const schema = JSON.parse(readFileSync(new URL("../../sdk/src/generated/values.schema.json", import.meta.url), "utf8")) as Schema;
    const values = umbrellaValues;
    const leaves = (value: unknown, node: Schema, path: string[]): string[] =>
      node?.properties && value && typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, v]) => (key === "global" && path.length ? [] : leaves(v, node.properties[key], [...path, key])))
        : [path.join(".")];
    const keys = leaves(values, schema, []);
    expect(keys.length).toBeGreaterThan(300);
    expect(keys.filter((key) => !readme.includes(`| \`${key}\` |`))).toEqual([]);
  });
});
