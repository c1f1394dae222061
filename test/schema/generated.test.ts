// Generated files are never edited by hand: regenerating them from the sources changes nothing.
import { describe, expect, it } from "vitest";
import { execa } from "execa";

const run = (script: string) => execa("npx", ["tsx", script, "--check"], { reject: false, cwd: new URL("../..", import.meta.url) });

describe("generated files are up to date", () => {
  it("charts' values.schema.json and values.yaml, and the SDK's types and defaults", async () => {
    const result = await run("schemas/generate.ts");
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it("the Kubernetes definitions generated from kubernetes-models", async () => {
    const result = await run("schemas/kubernetes/generate.ts");
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });
});
