// The SDK's validate() and the real helm (3.17 and 4.1) reach the same verdict on every document of
// the corpus: `helm lint --strict` and `helm template` pass exactly the documents the SDK accepts.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { toYaml, validate } from "../../sdk/src/index.ts";
import { chartDir, helms, helmTemplate } from "../helpers/helm.ts";
import { invalidDocuments, validDocuments } from "./corpus.ts";

const dir = mkdtempSync(join(tmpdir(), "agreement-"));
const fileFor = (kind: string, name: string, values: object) => {
  const file = join(dir, `${kind}-${name.replace(/\W+/g, "-")}.yaml`);
  writeFileSync(file, toYaml(values));
  return file;
};

async function helmVerdicts(file: string) {
  return Promise.all(
    helms.map(async (helm) => {
      const lint = await execa(helm.path, ["lint", "--strict", chartDir, "-f", file], { reject: false });
      const template = await helmTemplate(helm, [file]);
      return { helm: helm.version, lint: lint.exitCode === 0, template: template.ok, stderr: template.stderr };
    }),
  );
}

describe("corpus size", () => {
  it("holds at least 40 valid and 40 invalid documents", () => {
    expect(validDocuments.length).toBeGreaterThanOrEqual(40);
    expect(invalidDocuments.length).toBeGreaterThanOrEqual(40);
  });
});

describe.concurrent("valid documents: the SDK and both helms accept them", () => {
  it.each(validDocuments)("$name", async ({ name, values }) => {
    expect(validate(values)).toEqual({ ok: true });
    const verdicts = await helmVerdicts(fileFor("valid", name, values));
    for (const v of verdicts) expect({ helm: v.helm, lint: v.lint, template: v.template }, v.stderr).toEqual({ helm: v.helm, lint: true, template: true });
  });
});

describe.concurrent("invalid documents: the SDK points at the problem and both helms reject them", () => {
  it.each(invalidDocuments)("$name", async ({ name, values, path }) => {
    const result = validate(values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
    const verdicts = await helmVerdicts(fileFor("invalid", name, values));
    // helm lint does not run the chart's `fail` rules, so only `helm template` is held to those
    const schemaError = result.ok || result.errors.some((e) => e.keyword !== "rule");
    for (const v of verdicts) {
      expect(v.template, `helm ${v.helm} template accepted it`).toBe(false);
      if (schemaError) expect(v.lint, `helm ${v.helm} lint --strict accepted it`).toBe(false);
    }
  });
});
