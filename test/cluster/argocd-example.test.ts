// The Argo CD example (examples/argocd/application.yaml) against Argo CD's own Application CRD
// (cluster/versions.ts manifestModules), with the API server's strict field validation: accepted as
// written, and refused, naming the field, with one misspelt field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { kubectl } from "./kube.ts";

const example = parse(readFileSync(new URL("../../examples/argocd/application.yaml", import.meta.url), "utf8"), { version: "1.1" });
const namespace = example.metadata.namespace as string;

/** `kubectl create --dry-run=server` of one object: the API server's answer, or its refusal's message. */
const dryRun = (object: unknown) => kubectl(["create", "--dry-run=server", "-o", "json", "-f", "-"], JSON.stringify(object)).then((out) => JSON.parse(out), (error: Error) => error.message);

describe("the Argo CD example", () => {
  beforeAll(() => kubectl(["create", "namespace", namespace]));
  afterAll(() => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));

  it("is an Application the API server accepts under Argo CD's schema, strictly", async () => {
    const accepted = await dryRun(example);
    expect(accepted).toMatchObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { source: { chart: "blog-platform" } } });
    expect(accepted.spec.source.helm.valuesObject).toEqual(example.spec.source.helm.valuesObject);
  });

  it("with a misspelt field is refused, naming the field", async () => {
    const misspelt = structuredClone(example);
    misspelt.spec.source.helm.valueObject = misspelt.spec.source.helm.valuesObject;
    delete misspelt.spec.source.helm.valuesObject;
    expect(await dryRun(misspelt)).toContain('unknown field "spec.source.helm.valueObject"');
  });
});
