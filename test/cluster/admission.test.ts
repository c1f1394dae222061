// The API server's own admission answers for the chart: Pod Security "restricted" is enforced on
// the release's namespace, and helm's install fails with the API server's message.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ciValuesDir, chartDir, helms } from "../helpers/helm.ts";
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
