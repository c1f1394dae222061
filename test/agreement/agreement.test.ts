// The SDK's validate() and the real helm (3.17 and 4.1) reach the same verdict on every document of
// the corpus: `helm lint --strict` and `helm template` pass exactly the documents the SDK accepts, and
// where the schema refuses one, helm's error names the path of the SDK's first error.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { toYaml, validate, type Values } from "../../sdk/src/index.ts";
import { parsePath } from "../../sdk/src/path.ts";
import { chartDir, helms, helmTemplate } from "../helpers/helm.ts";
import { ruleInvalidDocuments, schemaInvalidDocuments, validDocuments } from "./corpus.ts";

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
      return { helm: helm.version, lint: lint.exitCode === 0, lintOutput: `${lint.stdout}\n${lint.stderr}`, template: template.ok, stderr: template.stderr };
    }),
  );
}

const firstErrorPath = (values: Values) => {
  const result = validate(values);
  return result.ok ? undefined : result.errors[0]!.path;
};

/** The paths the umbrella chart's schema errors name (under `blog-platform:` from template, after
 * `[ERROR] values.yaml: ` from lint), keys joined by dots. helm 3.17 writes
 * `- posts.tolerations.0: Additional property operatr is not allowed`, helm 4.1 a JSON pointer,
 * `- at '/posts/tolerations/0': additional properties 'operatr' not allowed`. */
function schemaErrorPaths(output: string): string[] {
  const umbrella = /^(?:blog-platform:\n|\[ERROR\] values\.yaml: )((?:[ \t]*- .*\n?)+)/m.exec(output)?.[1] ?? "";
  return [...umbrella.matchAll(/^\s*- (?:at '([^']*)'|(.+?)): (.*)$/gm)].flatMap(([, pointer, dotted, message]) => {
    const at = pointer === undefined ? dotted!.replace(/^\(root\)$/, "") : pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~")).join(".");
    const keys = namedKeys(message!);
    return keys.length ? keys.map((key) => (at ? `${at}.${key}` : key)) : [at];
  });
}

/** The keys an unknown-key or a missing-key error names (it points at their parent); none for other errors. */
function namedKeys(message: string): string[] {
  const helm4 = /^(?:additional properties|missing propert(?:y|ies)) (.*?)(?: not allowed)?$/.exec(message);
  const helm3 = /^(?:Additional property (\S+) is not allowed|(\S+) is required)$/.exec(message);
  return helm4 ? [...helm4[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : helm3 ? [helm3[1] ?? helm3[2]!] : [];
}

describe("corpus size", () => {
  it("holds at least 40 valid and 40 invalid documents", () => {
    expect(validDocuments.length).toBeGreaterThanOrEqual(40);
    expect(schemaInvalidDocuments.length + ruleInvalidDocuments.length).toBeGreaterThanOrEqual(40);
  });
});

describe.concurrent("valid documents: the SDK and both helms accept them", () => {
  it.each(validDocuments)("$name", async ({ name, values }) => {
    expect(validate(values)).toEqual({ ok: true });
    const verdicts = await helmVerdicts(fileFor("valid", name, values));
    for (const v of verdicts) expect({ helm: v.helm, lint: v.lint, template: v.template }, v.stderr).toEqual({ helm: v.helm, lint: true, template: true });
  });
});

describe.concurrent("documents against the schema: the SDK's first error is at the problem, and both helms' schema errors name it", () => {
  it.each(schemaInvalidDocuments)("$name", async ({ name, values, path }) => {
    expect(firstErrorPath(values)).toBe(path);
    const named = parsePath(path).join(".");
    for (const v of await helmVerdicts(fileFor("invalid", name, values))) {
      expect(v.template, `helm ${v.helm} template accepted it`).toBe(false);
      expect(schemaErrorPaths(v.stderr), `helm ${v.helm} template:\n${v.stderr}`).toContain(named);
      expect(v.lint, `helm ${v.helm} lint --strict accepted it`).toBe(false);
      expect(schemaErrorPaths(v.lintOutput), `helm ${v.helm} lint --strict:\n${v.lintOutput}`).toContain(named);
    }
  });
});

describe.concurrent("documents against a cross-field rule: the SDK's first error is at the problem, and both helms fail the chart's rules", () => {
  it.each(ruleInvalidDocuments)("$name", async ({ name, values, path }) => {
    expect(firstErrorPath(values)).toBe(path);
    // helm lint does not run the chart's `fail` rules, so only `helm template` is held to them
    for (const v of await helmVerdicts(fileFor("invalid", name, values))) {
      expect(v.template, `helm ${v.helm} template accepted it`).toBe(false);
      expect(v.stderr, `helm ${v.helm} template`).toMatch(/^blog-platform: invalid values:$/m);
    }
  });
});
