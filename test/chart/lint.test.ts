// What `ct lint` runs, here with the real tools: `helm lint --strict` per ci values file on both helm
// versions, and yamllint with chart-testing's rules on Chart.yaml and the values files.
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartDir, ciValuesDir, ciValuesFiles, helms } from "../helpers/helm.ts";

const lintConfig = new URL("../../ci/lintconf.yaml", import.meta.url).pathname;
const yamlFiles = [
  `${chartDir}/Chart.yaml`,
  `${chartDir}/values.yaml`,
  ...ciValuesFiles.map((f) => `${ciValuesDir}/${f}`),
  ...readdirSync(`${chartDir}/charts`).flatMap((c) => [`${chartDir}/charts/${c}/Chart.yaml`, `${chartDir}/charts/${c}/values.yaml`].filter((f) => !f.includes("blog-lib/values"))),
];
const yamllint = (files: string[]) => execa("yamllint", ["-f", "parsable", "-c", lintConfig, ...files], { reject: false });

describe.each(helms)("helm $version lint --strict", (helm) => {
  it.each(ciValuesFiles)("with ci/%s", async (file) => {
    const result = await execa(helm.path, ["lint", "--strict", chartDir, "-f", `${ciValuesDir}/${file}`], { reject: false });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});

describe("yamllint (chart-testing rules)", () => {
  it("passes on Chart.yaml and every values file", async () => {
    const result = await yamllint(yamlFiles);
    expect(result.exitCode, `${result.stdout}${result.stderr || ""}`).toBe(0);
  });

  it("fails on a broken file and names the line", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "yamllint-")), "broken-values.yaml");
    writeFileSync(file, "posts:\n  replicaCount: 2 \n  replicaCount: 3\n");
    const result = await yamllint([file]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain(`${file}:2:18: [error] trailing spaces (trailing-spaces)`);
    expect(result.stdout).toContain(`${file}:3:3: [error] duplication of key "replicaCount" in mapping (key-duplicates)`);
  });
});
