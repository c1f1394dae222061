// The API server's own admission answers for the chart: Pod Security "restricted" is enforced on
// the release's namespace, and helm's install fails with the API server's message. And strict field
// validation: an object of the chart with a field its API does not have is refused, naming it.
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, chartDir, helms, renderObjects } from "../helpers/helm.ts";
import { helm, kubectl, pods, prepareNamespace } from "./kube.ts";

describe("Pod Security admission", () => {
  // the node has two CPUs: one release at a time, its namespace removed whatever the outcome
  afterEach(() => kubectl(["delete", "namespace", "admission", "--ignore-not-found", "--wait"]));

  it("refuses a release whose pods may run as root, with the API server's message", async () => {
    const namespace = "admission";
    await prepareNamespace(namespace);
    const result = await helm(helms[1]!, ["install", "blog", chartDir, "-n", namespace, "-f", join(ciValuesDir, "default-values.yaml"), "--set", "posts.containerSecurityContext.runAsNonRoot=false", "--wait", "--timeout", "60s"]);
    const violation = 'violate PodSecurity "restricted:latest": runAsNonRoot != true (container "posts" must not set securityContext.runAsNonRoot=false)';
    // the API server warns when the Deployment is created, and refuses its pods
    expect(result.exitCode).not.toBe(0);
    // (helm 4 logs the warning through klog, which escapes the quotes)
    expect(result.all!.replaceAll('\\"', '"')).toContain(`would ${violation}`);
    const events = await kubectl(["-n", namespace, "get", "events", "--field-selector", "reason=FailedCreate", "-o", "jsonpath={.items[*].message}"]);
    expect(events).toContain(`forbidden: ${violation.replace("violate", "violates")}`);
    expect((await pods(namespace, "app.kubernetes.io/component=posts")).length).toBe(0);
  }, 300_000);
});

describe("strict field validation", () => {
  const namespace = "strict-fields";
  afterEach(() => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));

  it("refuses the chart's Deployment with a misspelt field, naming it, from kubectl and from helm 4", async () => {
    await prepareNamespace(namespace);
    const deployment = (await renderObjects(helms[1]!, [join(ciValuesDir, "default-values.yaml")])).find((o) => o.kind === "Deployment" && o.metadata.name === "blog-posts")!;
    delete deployment.metadata.namespace;
    deployment.spec.template.spec.containers[0].imagePullPolicie = "Always";
    // kubectl asks for fieldValidation=Strict by default
    const applied = await kubectl(["-n", namespace, "create", "-f", "-"], JSON.stringify(deployment)).then(() => "created", (error: Error) => error.message);
    expect(applied).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicie"');
    // helm 4 applies server-side, where a field outside the schema is an error too
    const chart = mkdtempSync(join(tmpdir(), "strict-chart-"));
    try {
      mkdirSync(join(chart, "templates"));
      writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: strict\nversion: 0.1.0\n");
      writeFileSync(join(chart, "templates", "deployment.yaml"), JSON.stringify(deployment));
      const installed = await helm(helms[1]!, ["install", "blog", chart, "-n", namespace]);
      expect(installed.exitCode).not.toBe(0);
      expect(installed.all).toContain(".spec.template.spec.containers[name=\"posts\"].imagePullPolicie: field not declared in schema");
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
    expect(await kubectl(["-n", namespace, "get", "deployments", "-o", "name"])).toBe("");
  }, 120_000);
});
