// Each install policy fails on a render that breaks it: the checks in render-matrix can fail.
import { describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, helms, renderObjects } from "../helpers/helm.ts";
import { describeFinding, policyFindings, type PolicyName } from "../../sdk/src/policies.ts";
import type { K8sObject } from "../helpers/helm.ts";

const dir = mkdtempSync(join(tmpdir(), "policy-"));
const base = `${ciValuesDir}/default-values.yaml`;
const lines = (objects: K8sObject[], ...policies: PolicyName[]) => policyFindings(objects, policies).map(describeFinding);

async function renderWith(name: string, yaml: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return renderObjects(helms[1]!, [base, file]);
}

describe("install policies catch a broken render", () => {
  it("a writable root filesystem and privilege escalation", async () => {
    const objects = await renderWith("escalation", "posts:\n  containerSecurityContext:\n    readOnlyRootFilesystem: false\n    allowPrivilegeEscalation: true\n");
    expect(lines(objects, "pod-security")).toEqual([
      "Deployment blog-posts container posts: allowPrivilegeEscalation is not false",
      "Deployment blog-posts container posts: root filesystem is writable",
    ]);
  });

  it("a root user", async () => {
    const objects = await renderWith("root", "auth:\n  podSecurityContext:\n    runAsNonRoot: false\n    runAsUser: 0\n  containerSecurityContext:\n    runAsNonRoot: null\n");
    expect(lines(objects, "pod-security")).toEqual([
      "Deployment blog-auth container auth: runAsNonRoot is not true",
      "Deployment blog-auth container auth: runs as UID 0",
    ]);
  });

  it("a missing probe and missing limits", async () => {
    const objects = await renderWith("probes", "comments:\n  probes:\n    readiness: null\n  resources:\n    limits: null\n");
    expect(lines(objects, "probes", "resources")).toEqual([
      "Deployment blog-comments container comments: no readinessProbe",
      "Deployment blog-comments container comments: no resources.limits.cpu",
      "Deployment blog-comments container comments: no resources.limits.memory",
    ]);
  });

  it("a workload without its NetworkPolicy", async () => {
    const objects = await renderWith("netpol", "images:\n  networkPolicy:\n    enabled: false\n");
    expect(lines(objects, "network-policy")).toEqual(["Deployment blog-images: no NetworkPolicy selects its pods"]);
  });

  it("a version label in a selector", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x" },
      spec: { selector: { matchLabels: { "app.kubernetes.io/name": "x", "app.kubernetes.io/version": "1" } } },
    };
    expect(lines([deployment], "stable-selectors")).toEqual(["Deployment x: spec.selector.matchLabels holds unstable label app.kubernetes.io/version"]);
  });

  it("an unpinned image", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx:latest", resources: { requests: { cpu: 1, memory: 1 }, limits: { cpu: 1, memory: 1 } } }] } };
    expect(lines([pod], "pinned-images")).toEqual(["Pod p container c: image nginx:latest is not pinned to a tag or digest"]);
    pod.spec.containers[0]!.image = "registry:5000/nginx";
    expect(lines([pod], "pinned-images")).toEqual(["Pod p container c: image registry:5000/nginx is not pinned to a tag or digest"]);
  });

  it("a password copied into a setting and an env literal", async () => {
    const objects = await renderWith("leak", "posts:\n  env:\n    DB_URL: postgres://blog:ci-database-password@db/blog\n  extraEnv:\n    - name: REDIS_PASSWORD_COPY\n      value: ci-redis-password\n");
    expect(lines(objects, "secret-data")).toEqual([
      "ConfigMap blog-posts: key DB_URL holds the value of Secret blog-database-credentials key password",
      "Deployment blog-posts container posts: env REDIS_PASSWORD_COPY holds the value of Secret blog-redis-credentials key password",
    ]);
  });

  it("a PDB that leaves no pod evictable", async () => {
    const objects = await renderWith("pdb", "auth:\n  replicaCount: 1\n");
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "blog-auth")!;
    expect(lines(objects, "disruption-budget")).toEqual([]);
    pdb.spec = { ...pdb.spec, maxUnavailable: undefined, minAvailable: 1 };
    expect(lines(objects, "disruption-budget")).toEqual(["PodDisruptionBudget blog-auth: blocks every eviction of Deployment blog-auth (1 replica)"]);
    pdb.spec = { ...pdb.spec, minAvailable: "50%" };
    expect(lines(objects, "disruption-budget")).toEqual(["PodDisruptionBudget blog-auth: blocks every eviction of Deployment blog-auth (1 replica)"]);
  });
});
