// The cross-field rules of _validate.tpl: each contradiction fails the render with a message that
// names the values to change, on both helm versions.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciValuesDir, helms, helmTemplate } from "../helpers/helm.ts";

const dir = mkdtempSync(join(tmpdir(), "rules-"));
const credentials = `${ciValuesDir}/default-values.yaml`;

const cases: Array<{ name: string; values: string; base?: string[]; message: string }> = [
  // with the credentials Job off; with it on (the default) no values at all render (credentials.test.ts)
  { name: "no credentials and no Job", values: "credentials: {enabled: false}", base: [], message: "the database password is not set: set global.database.existingSecret" },
  { name: "no Redis password and no Job", values: "credentials: {enabled: false}\nglobal: {redis: {password: ''}}", message: "the bundled Redis has no password" },
  { name: "no JWT keys and no Job", values: "credentials: {enabled: false}\nglobal: {jwt: {existingSecret: ''}}", message: "the JWT key pair is not set" },
  // the Job makes passwords for the bundled servers only
  { name: "an external Postgres without a password", values: "postgres: {enabled: false}\nglobal: {database: {host: db.example.com, password: ''}}", message: "the database password is not set" },
  { name: "half a JWT key pair", values: "global: {jwt: {existingSecret: '', privateKey: x}}", message: "the JWT key pair is not set" },
  { name: "Postgres off without an external host", values: "postgres: {enabled: false}", message: "postgres.enabled is false but global.database.host is empty: auth, posts, comments, images need a database" },
  { name: "external host beside the bundled Postgres", values: "global: {database: {host: db.example.com}}", message: 'global.database.host is "db.example.com" while postgres.enabled is true' },
  { name: "Redis off without an external host", values: "redis: {enabled: false}", message: "redis.enabled is false but global.redis.host is empty: auth, posts, comments need Redis" },
  { name: "external host beside the bundled Redis", values: "global: {redis: {host: cache.example.com}}", message: 'global.redis.host is "cache.example.com" while redis.enabled is true' },
  { name: "posts without auth", values: "auth: {enabled: false}\ngateway: {upstreams: {auth: {enabled: false}}}", message: "posts is enabled but auth is not: posts calls auth" },
  { name: "a route to a disabled component", values: "images: {enabled: false}", message: "gateway.upstreams.images routes to the bundled images, but images.enabled is false" },
  { name: "minReplicas above maxReplicas", values: "posts: {autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}}", message: "posts.autoscaling.minReplicas (5) is greater than posts.autoscaling.maxReplicas (3)" },
  { name: "an HPA without metrics", values: "auth: {autoscaling: {enabled: true, targetCPUUtilizationPercentage: 0, targetMemoryUtilizationPercentage: 0}}", message: "auth.autoscaling is enabled but both targetCPUUtilizationPercentage and targetMemoryUtilizationPercentage are 0" },
  { name: "VPA Auto with a CPU HPA", values: "comments: {autoscaling: {enabled: true}, vpa: {enabled: true, updateMode: Auto}}", message: "comments.vpa.updateMode is Auto and comments.autoscaling scales on cpu" },
  { name: "a drain longer than the grace period", values: "gateway: {drainDelaySeconds: 30, terminationGracePeriodSeconds: 30}", message: "gateway.drainDelaySeconds (30) must be shorter than gateway.terminationGracePeriodSeconds (30)" },
  { name: "alerts without their ServiceMonitors", values: "monitoring: {prometheusRule: {enabled: true}}\nauth: {serviceMonitor: {enabled: true}}", message: "monitoring.prometheusRule.enabled is true, but its alerts read the series the ServiceMonitors produce: set serviceMonitor.enabled=true on posts, comments, images, postgres, redis." },
  { name: "a PDB that blocks drains", values: "frontend: {pdb: {maxUnavailable: 0}}", message: "frontend.pdb.maxUnavailable is 0: that blocks every node drain" },
];

describe.each(helms)("helm $version", (helm) => {
  it.each(cases)("rejects $name", async ({ name, values, base, message }) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, values + "\n");
    const result = await helmTemplate(helm, [...(base ?? [credentials]), file]);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("blog-platform: invalid values:");
    expect(result.stderr).toContain(message);
  });

  it("accepts VPA Auto beside an HPA that only scales on memory it does not control", async () => {
    const file = join(dir, "vpa-ok.yaml");
    writeFileSync(file, "comments: {autoscaling: {enabled: true, targetMemoryUtilizationPercentage: 0}, vpa: {enabled: true, updateMode: Auto, controlledResources: [memory]}}\n");
    const result = await helmTemplate(helm, [credentials, file]);
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
  });
});
