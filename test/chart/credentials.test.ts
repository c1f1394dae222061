// The zero-values install: with no values the chart renders, byte for byte the same each time, and
// the credentials Job (templates/credentials) is asked for exactly the Secrets nothing else provides,
// under the names the services read, with RBAC limited to those.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, helms, helmTemplate, parseManifests, renderObjects, type K8sObject } from "../helpers/helm.ts";
import { describeFinding, podSpecOf, policyFindings } from "../../sdk/src/policies.ts";

const dir = mkdtempSync(join(tmpdir(), "credentials-"));
const valuesFile = (name: string, text: string) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
};
const job = (objects: K8sObject[]) => objects.find((o) => o.kind === "Job" && o.metadata.name === "blog-credentials");
const planOf = (objects: K8sObject[]) => JSON.parse(podSpecOf(job(objects)!).containers[0].env.find((e: { name: string }) => e.name === "CREDENTIALS").value);
const credentialObjects = (objects: K8sObject[]) => objects.filter((o) => o.metadata.labels?.["app.kubernetes.io/component"] === "credentials").map((o) => o.kind).sort();

describe.each(helms)("helm $version", (helm) => {
  it("renders with no values, the same bytes twice, with no Secret of its own and no random value", async () => {
    const [first, second] = await Promise.all([helmTemplate(helm, []), helmTemplate(helm, [])]);
    expect(first.ok, first.stderr).toBe(true);
    expect(second.stdout).toBe(first.stdout);
    const objects = parseManifests(first.stdout);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(credentialObjects(objects)).toEqual(["Job", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount"]);
  });

  it("asks the Job for the Secrets the services read, as hooks before install and upgrade and in Argo CD's PreSync", async () => {
    const objects = await renderObjects(helm, []);
    expect(planOf(objects)).toEqual([
      { kind: "password", secret: "blog-database-credentials", valuesPath: "global.database.existingSecret", key: "password", claim: "data-blog-postgres-0" },
      ...["auth", "posts", "comments", "images"].map((service) => ({ kind: "password", secret: `blog-database-${service}`, key: "password" })),
      { kind: "password", secret: "blog-redis-credentials", valuesPath: "global.redis.existingSecret", key: "password" },
      ...["auth", "comments", "posts"].map((service) => ({ kind: "password", secret: `blog-redis-${service}`, key: "password" })),
      { kind: "es256-key-pair", secret: "blog-jwt", valuesPath: "global.jwt.existingSecret" },
    ]);
    const postgres = podSpecOf(objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "blog-postgres")!);
    expect(postgres.containers[0].env.find((e: { name: string }) => e.name === "POSTGRES_PASSWORD").valueFrom.secretKeyRef).toEqual({ name: "blog-database-credentials", key: "password" });
    const auth = podSpecOf(objects.find((o) => o.kind === "Deployment" && o.metadata.name === "blog-auth")!);
    expect(auth.volumes.find((v: { name: string }) => v.name === "jwt").secret.secretName).toBe("blog-jwt");
    for (const o of objects.filter((o) => o.metadata.labels?.["app.kubernetes.io/component"] === "credentials")) {
      expect(o.metadata.annotations, `${o.kind}`).toMatchObject({ "helm.sh/hook": "pre-install,pre-upgrade", "argocd.argoproj.io/hook": "PreSync" });
    }
    // the RBAC runs before the Job in both
    expect(Number(job(objects)!.metadata.annotations!["helm.sh/hook-weight"])).toBeGreaterThan(Number(objects.find((o) => o.kind === "Role")!.metadata.annotations!["helm.sh/hook-weight"]));
    expect(objects.find((o) => o.kind === "Role")!.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["blog-database-credentials", "blog-database-auth", "blog-database-posts", "blog-database-comments", "blog-database-images", "blog-redis-credentials", "blog-redis-auth", "blog-redis-comments", "blog-redis-posts", "blog-jwt"], verbs: ["get"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
      { apiGroups: [""], resources: ["persistentvolumeclaims"], resourceNames: ["data-blog-postgres-0"], verbs: ["get"] },
    ]);
    expect(policyFindings(objects, ["pod-security", "network-policy"]).map(describeFinding)).toEqual([]);
    expect(podSpecOf(job(objects)!).containers[0]).toMatchObject({ image: "ghcr.io/blog-platform/auth:0.1.0", command: ["node", "credentials-job.mjs"] });
  });

  it("leaves each Secret that values or an existingSecret provide to them, and renders nothing when all are", async () => {
    const serviceRoles = ["blog-database-auth", "blog-database-posts", "blog-database-comments", "blog-database-images"];
    const serviceUsers = ["blog-redis-auth", "blog-redis-comments", "blog-redis-posts"];
    const some = await renderObjects(helm, [valuesFile("some", "global:\n  database: {password: pw}\n  jwt: {existingSecret: mine}\n")]);
    expect(planOf(some).map((c: { secret: string }) => c.secret)).toEqual([...serviceRoles, "blog-redis-credentials", ...serviceUsers]);
    // the services' own database roles and Redis users take passwords nobody else gives
    const given = await renderObjects(helm, [`${ciValuesDir}/default-values.yaml`]);
    expect(planOf(given).map((c: { secret: string }) => c.secret)).toEqual([...serviceRoles, ...serviceUsers]);
    const all = await renderObjects(helm, [`${ciValuesDir}/default-values.yaml`, valuesFile("shared-role", "global:\n  database: {serviceRoles: false}\n  redis: {serviceUsers: false}\n")]);
    expect(credentialObjects(all)).toEqual([]);
    const off = await renderObjects(helm, [valuesFile("off", "credentials: {enabled: false}\nglobal:\n  database: {password: a, serviceRoles: false}\n  redis: {password: b, serviceUsers: false}\n  jwt: {existingSecret: c}\n")]);
    expect(credentialObjects(off)).toEqual([]);
    // an external Postgres's password is the user's to give: the Job makes none for it
    const external = await renderObjects(helm, [valuesFile("external", "postgres: {enabled: false}\nglobal:\n  database: {host: db.example.com, existingSecret: db}\n")]);
    expect(planOf(external).map((c: { secret: string }) => c.secret)).toEqual(["blog-redis-credentials", ...serviceUsers, "blog-jwt"]);
  });

  it("puts nothing derived from a password into a pod: another password changes the Secret alone", async () => {
    const passwords = (database: string, redis: string) =>
      valuesFile(`passwords-${database}`, `global:\n  database: {password: ${database}}\n  redis: {password: ${redis}}\n  jwt: {existingSecret: jwt}\n`);
    const [before, after] = await Promise.all([renderObjects(helm, [passwords("first-pw", "first-redis")]), renderObjects(helm, [passwords("second-pw", "second-redis")])]);
    const workloads = (objects: K8sObject[]) => objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
    expect(workloads(before).length).toBeGreaterThan(5);
    // a bare hash of the password in pod metadata (the old checksum/secrets) differed here
    expect(workloads(after)).toEqual(workloads(before));
    const secret = (objects: K8sObject[]) => objects.find((o) => o.kind === "Secret" && o.metadata.name === "blog-database-credentials") as K8sObject & { data?: Record<string, string>; stringData?: Record<string, string> };
    expect(JSON.stringify(secret(after))).not.toBe(JSON.stringify(secret(before)));
  });
});
