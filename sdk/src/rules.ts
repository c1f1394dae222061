// The chart's cross-field rules (charts/blog-platform/templates/_validate.tpl and the library's
// blog.validate.component), checked in TypeScript so that `validate()` gives the same verdict as
// `helm template` without running helm. The agreement tests hold the two to the same verdicts.
import type { ResolvedBlogPlatformValues as BlogPlatformValues } from "./generated/values.ts";
import type { ValuesError } from "./errors.ts";

type Workload = BlogPlatformValues["gateway" | "frontend" | "auth" | "posts" | "comments" | "images" | "postgres" | "redis"];

const SERVICES = ["auth", "posts", "comments", "images"] as const;
const WORKLOADS = ["gateway", "frontend", "auth", "posts", "comments", "images", "postgres", "redis"] as const;
const UPSTREAMS = ["frontend", "auth", "posts", "comments", "images"] as const;
const CALLS = { posts: ["auth"], comments: ["posts", "auth"] } as const;

const rule = (path: string, message: string): ValuesError => ({ path, message, keyword: "rule" });

/** Values that pass the schema, with the defaults merged in. */
export function crossFieldErrors(v: BlogPlatformValues): ValuesError[] {
  const { database: db, redis, jwt } = v.global;
  const errors: ValuesError[] = [];
  const dbUsers = SERVICES.filter((name) => v[name].enabled);
  const redisUsers = dbUsers.filter((name) => name !== "images");

  if (dbUsers.length && !v.postgres.enabled && !db.host) {
    errors.push(rule("global.database.host", `postgres.enabled is false but global.database.host is empty: ${dbUsers.join(", ")} need a database`));
  }
  if (v.postgres.enabled && db.host) errors.push(rule("global.database.host", "is set while postgres.enabled is true: set postgres.enabled=false to use the external server, or empty the host"));
  // the credentials Job makes what the bundled servers need (charts/blog-platform/templates/credentials)
  const jobMakes = v.credentials.enabled;
  if ((dbUsers.length || v.postgres.enabled) && !db.password && !db.existingSecret && !(jobMakes && v.postgres.enabled && !db.host)) {
    errors.push(rule("global.database.existingSecret", "the database password is not set: name a Secret with the key `password`, or set global.database.password (the credentials Job makes one for the bundled Postgres only)"));
  }
  if (dbUsers.length && v.postgres.enabled && !db.host && db.serviceRoles && !jobMakes) {
    errors.push(rule("global.database.serviceRoles", "is true but credentials.enabled is false: nothing would make the passwords of the services' own Postgres roles; enable the credentials Job, or set serviceRoles=false to have every service log in as global.database.user"));
  }
  if (redisUsers.length && !v.redis.enabled && !redis.host) {
    errors.push(rule("global.redis.host", `redis.enabled is false but global.redis.host is empty: ${redisUsers.join(", ")} need Redis`));
  }
  if (v.redis.enabled && redis.host) errors.push(rule("global.redis.host", "is set while redis.enabled is true: set redis.enabled=false to use the external server, or empty the host"));
  if (v.redis.enabled && !redis.host && redis.serviceUsers && !jobMakes) {
    errors.push(rule("global.redis.serviceUsers", "is true but credentials.enabled is false: nothing would make the passwords of the services' own Redis users; enable the credentials Job, or set serviceUsers=false to have every service log in with global.redis.password"));
  }
  if (v.redis.enabled && !redis.password && !redis.existingSecret && !jobMakes) {
    errors.push(rule("global.redis.existingSecret", "the bundled Redis has no password: name a Secret with the key `password`, or set global.redis.password"));
  }
  if (dbUsers.length && !jwt.existingSecret && (!jwt.privateKey || !jwt.publicKey) && (jwt.privateKey || jwt.publicKey || !jobMakes)) {
    errors.push(rule("global.jwt.existingSecret", "the JWT key pair is not set: name a Secret with private.pem and public.pem, set both privateKey and publicKey, or neither with credentials.enabled"));
  }
  for (const [caller, callees] of Object.entries(CALLS) as [keyof typeof CALLS, readonly (keyof BlogPlatformValues & string)[]][]) {
    if (!v[caller].enabled) continue;
    for (const callee of callees) {
      if (!(v[callee] as { enabled: boolean }).enabled) errors.push(rule(`${callee}.enabled`, `is false but ${caller} calls ${callee}: enable ${callee} or disable ${caller}`));
    }
  }
  if (v.gateway.enabled) {
    for (const name of UPSTREAMS) {
      const upstream = v.gateway.upstreams[name];
      if (upstream.enabled && !upstream.host && !v[name].enabled) {
        errors.push(rule(`gateway.upstreams.${name}.enabled`, `routes to the bundled ${name}, but ${name}.enabled is false: switch the route off or set gateway.upstreams.${name}.host`));
      }
    }
  }
  if (v.monitoring.enabled && v.monitoring.prometheusRule.enabled) {
    const scraped = [...SERVICES, "postgres", "redis"] as const;
    const unscraped = scraped.filter((name) => {
      const c = v[name];
      return c.enabled && !c.serviceMonitor.enabled && (!("metrics" in c) || !("enabled" in c.metrics) || c.metrics.enabled);
    });
    if (unscraped.length) {
      errors.push(rule("monitoring.prometheusRule.enabled", `its alerts read the series the ServiceMonitors produce: set serviceMonitor.enabled=true on ${unscraped.join(", ")}`));
    }
  }
  for (const name of WORKLOADS) if (v[name].enabled) errors.push(...workloadErrors(name, v[name]));
  return errors;
}

function workloadErrors(name: string, c: Workload): ValuesError[] {
  const errors: ValuesError[] = [];
  const hpa = "autoscaling" in c ? c.autoscaling : undefined;
  if (hpa?.enabled) {
    if (hpa.minReplicas > hpa.maxReplicas) {
      errors.push(rule(`${name}.autoscaling.minReplicas`, `(${hpa.minReplicas}) is greater than ${name}.autoscaling.maxReplicas (${hpa.maxReplicas})`));
    }
    if (!hpa.targetCPUUtilizationPercentage && !hpa.targetMemoryUtilizationPercentage) {
      errors.push(rule(`${name}.autoscaling`, "is enabled but both target utilisations are 0: give the HPA at least one metric"));
    }
    const vpa = c.vpa;
    if (vpa.enabled && ["Auto", "Recreate", "InPlaceOrRecreate"].includes(vpa.updateMode)) {
      const targets = { cpu: hpa.targetCPUUtilizationPercentage, memory: hpa.targetMemoryUtilizationPercentage };
      for (const [resource, target] of Object.entries(targets)) {
        if (target && (vpa.controlledResources as string[]).includes(resource)) {
          errors.push(rule(`${name}.vpa.updateMode`, `is ${vpa.updateMode} while ${name}.autoscaling scales on ${resource}: the VPA and the HPA would fight; use Off or Initial, or drop ${resource} from controlledResources`));
        }
      }
    }
  }
  if ("drainDelaySeconds" in c && c.drainDelaySeconds >= c.terminationGracePeriodSeconds) {
    errors.push(rule(`${name}.drainDelaySeconds`, `(${c.drainDelaySeconds}) must be shorter than ${name}.terminationGracePeriodSeconds (${c.terminationGracePeriodSeconds})`));
  }
  if (c.pdb.enabled && ["0", "0%"].includes(String(c.pdb.maxUnavailable))) {
    errors.push(rule(`${name}.pdb.maxUnavailable`, `is ${c.pdb.maxUnavailable}: that blocks every node drain; use 1 or more, or disable the PDB`));
  }
  return errors;
}
