// Argo CD renders with `helm template --kube-version --api-versions` for the cluster it deploys to,
// and applies by sync wave: the render must depend on nothing of that cluster but the APIs it serves
// (capabilities.test.ts: the CRD-backed objects need theirs), and Postgres and Redis (with
// everything their pods mount) must come up before the services that connect to them.
import { describe, expect, it } from "vitest";
import { ciValuesDir, helms, helmTemplate, optionalApis, parseManifests, type K8sObject } from "../helpers/helm.ts";
import { podSpecOf } from "../../sdk/src/policies.ts";

// Argo CD's --kube-version for a 1.31 cluster; its --api-versions, for one with the Prometheus
// Operator's and the VPA's CRDs, are helmTemplate's default (optionalApis)
const argoArgs = ["--kube-version", "1.31.0"];
const wave = (o: K8sObject) => Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);

describe.each(helms)("helm $version", (helm) => {
  it("renders for Argo CD (a cluster's version and APIs) the same bytes as helm template told the same APIs", async () => {
    const files = [`${ciValuesDir}/monitoring-values.yaml`];
    const [plain, argo] = await Promise.all([helmTemplate(helm, files, [], optionalApis), helmTemplate(helm, files, argoArgs, optionalApis)]);
    expect(argo.stderr).toBe("");
    expect(argo.stdout).toMatch(/^kind: ServiceMonitor$/m);
    expect(argo.stdout).toBe(plain.stdout);
  });
});

describe("sync waves", () => {
  it("bring up Postgres, Redis and what their pods need before the services", async () => {
    const result = await helmTemplate(helms[1]!, [`${ciValuesDir}/default-values.yaml`], argoArgs);
    const objects = parseManifests(result.stdout);
    const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
    // the Secrets the credentials Job makes exist before every wave: it is a PreSync hook
    const job = objects.find((o) => o.kind === "Job" && o.metadata.name === "blog-credentials")!;
    expect(job.metadata.annotations?.["argocd.argoproj.io/hook"]).toBe("PreSync");
    const madeByJob = new Set<string>(JSON.parse(podSpecOf(job).containers[0].env.find((e: { name: string }) => e.name === "CREDENTIALS").value).map((c: { secret: string }) => c.secret));
    for (const component of ["postgres", "redis"]) {
      const own = objects.filter((o) => o.metadata.labels?.["app.kubernetes.io/component"] === component);
      expect(own.length, component).toBeGreaterThanOrEqual(5);
      for (const o of own) expect(wave(o), `${o.kind} ${o.metadata.name}`).toBe(-1);
      // everything a data pod references exists in an earlier or the same wave
      const workload = own.find((o) => o.kind === "StatefulSet" || o.kind === "Deployment")!;
      const pod = podSpecOf(workload);
      const refs = pod.containers.flatMap((c: any) => [
        ...(c.envFrom ?? []).map((e: any) => (e.configMapRef ? ["ConfigMap", e.configMapRef.name] : ["Secret", e.secretRef.name])),
        ...(c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => ["Secret", e.valueFrom.secretKeyRef.name]),
      ]);
      refs.push(["ServiceAccount", pod.serviceAccountName]);
      for (const [kind, name] of refs) {
        if (kind === "Secret" && madeByJob.has(name)) continue;
        const target = byName(kind, name);
        expect(target, `${kind} ${name}`).toBeDefined();
        expect(wave(target!), `${kind} ${name}`).toBeLessThanOrEqual(wave(workload));
      }
    }
    for (const o of objects.filter((o) => o.kind === "Secret")) expect(wave(o), o.metadata.name).toBe(-2);
    for (const name of ["blog-auth", "blog-posts", "blog-gateway"]) expect(wave(byName("Deployment", name)!)).toBe(0);
  });

  it("put every object of Postgres and Redis in their wave, ServiceMonitors included", async () => {
    const result = await helmTemplate(helms[1]!, [`${ciValuesDir}/monitoring-values.yaml`], argoArgs);
    const objects = parseManifests(result.stdout).filter((o) => ["postgres", "redis"].includes(o.metadata.labels?.["app.kubernetes.io/component"] ?? ""));
    expect(objects.filter((o) => o.kind === "ServiceMonitor").length).toBe(2);
    for (const o of objects) expect(wave(o), `${o.kind} ${o.metadata.name}`).toBe(-1);
  });
});
