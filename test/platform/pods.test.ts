// The pod plans platform/pods.ts works out from rendered manifests: what each container gets, taken
// only from the manifests, and the kubelet's errors when the manifests name something missing.
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KubernetesObject } from "../../sdk/src/manifests.ts";
import { expand, planCluster, PlanError, type ClusterPlan } from "../../platform/pods.ts";
import { ciValuesDir, helmTemplate, helms } from "../helpers/helm.ts";

// made before the install, as ci/kind-prerequisites.sh does for the existingSecret the ci file names
const jwtSecret: KubernetesObject = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "blog-jwt" },
  stringData: { "private.pem": "PRIVATE KEY PEM", "public.pem": "PUBLIC KEY PEM" },
};

let rendered: KubernetesObject[];
let plan: ClusterPlan;
const container = (pod: string, name: string) => {
  const found = plan.pods.find((p) => p.name === pod)?.containers.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name} in pod ${pod}`);
  return found;
};

beforeAll(async () => {
  const result = await helmTemplate(helms.at(-1)!, [`${ciValuesDir}/default-values.yaml`]);
  if (!result.ok) throw new Error(result.stderr);
  rendered = parseAllDocuments(result.stdout).map((d) => d.toJS() as KubernetesObject).filter(Boolean);
  plan = planCluster([...rendered, jwtSecret]);
});

describe("pod plans from the rendered chart", () => {
  it("has one pod per Deployment and StatefulSet, and the helm test pods apart", () => {
    const workloads = rendered.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet").map((o) => `${o.metadata!.name}-0`);
    expect(plan.pods.filter((p) => !p.test).map((p) => p.name).sort()).toEqual(workloads.sort());
    expect(plan.pods.filter((p) => p.test).map((p) => p.name)).toContain("blog-test-gateway");
  });

  it("gives a service its env from the ConfigMap and its password from the Secret the chart made", () => {
    const auth = container("blog-auth-0", "auth");
    expect(auth.image).toBe("ghcr.io/blog-platform/auth:0.1.0");
    expect(auth.env).toMatchObject({ SERVICE_NAME: "auth", PORT: "8080", DATABASE_HOST: "blog-postgres", DATABASE_SCHEMA: "auth", REDIS_HOST: "blog-redis", DATABASE_PASSWORD: "ci-database-password", REDIS_PASSWORD: "ci-redis-password" });
    expect(container("blog-posts-0", "posts").env.AUTH_URL).toBe("http://blog-auth:80");
    expect(auth.ports).toEqual({ http: 8080 });
    expect(auth.probes.readiness?.httpGet).toMatchObject({ path: "/ready", port: "http" });
  });

  it("mounts Secret and ConfigMap files where the manifests say, and only what they list", () => {
    const auth = container("blog-auth-0", "auth");
    const files = Object.fromEntries(auth.files.map((f) => [f.path, f.content.toString()]));
    expect(files).toEqual({ "/var/run/secrets/blog/jwt/public.pem": "PUBLIC KEY PEM", "/var/run/secrets/blog/jwt/private.pem": "PRIVATE KEY PEM" });
    expect(Object.keys(Object.fromEntries(container("blog-posts-0", "posts").files.map((f) => [f.path, 1])))).toEqual(["/var/run/secrets/blog/jwt/public.pem"]);
    const gateway = container("blog-gateway-0", "gateway");
    expect(gateway.files.map((f) => f.path)).toEqual(["/etc/nginx/nginx.conf"]);
    expect(gateway.files[0]!.content.toString()).toContain("server blog-auth:80;");
    expect(auth.dirs).toEqual([{ path: "/tmp", volume: "emptyDir/tmp" }]);
  });

  it("expands $(VAR) in args, and gives a StatefulSet's claim a volume that outlives the pod", () => {
    const redis = container("blog-redis-0", "redis");
    expect(redis.command).toEqual(["redis-server"]);
    expect(redis.args?.slice(0, 4)).toEqual(["--port", "6379", "--requirepass", "ci-redis-password"]);
    const postgres = container("blog-postgres-0", "postgres");
    expect(postgres.dirs).toContainEqual({ path: "/var/lib/postgresql/data", volume: "pvc/data-blog-postgres-0" });
    expect(postgres.env.POSTGRES_PASSWORD).toBe("ci-database-password");
  });

  it("maps each Service to the pods its selector picks", () => {
    expect(plan.services.find((s) => s.name === "blog-auth")).toEqual({ name: "blog-auth", ports: [{ port: 80, targetPort: "http", name: "http" }], pods: ["blog-auth-0"] });
    expect(plan.services.find((s) => s.name === "blog-postgres")?.pods).toEqual(["blog-postgres-0"]);
  });
});

describe("what the kubelet would refuse", () => {
  const withEdit = (edit: (objects: KubernetesObject[]) => void) => {
    const copy = structuredClone([...rendered, jwtSecret]);
    edit(copy);
    return () => planCluster(copy);
  };
  const deployment = (objects: KubernetesObject[], name: string) => objects.find((o) => o.kind === "Deployment" && o.metadata?.name === name) as any;

  it("names a Secret that does not exist", () => {
    expect(() => planCluster(rendered)).toThrow(new PlanError('pod blog-auth-0, container auth, volume mount jwt at /var/run/secrets/blog/jwt: secret "blog-jwt" not found'));
  });

  it("names a key the Secret or ConfigMap lacks", () => {
    const wrongKey = withEdit((objects) => {
      deployment(objects, "blog-posts").spec.template.spec.containers[0].env.find((e: any) => e.name === "DATABASE_PASSWORD").valueFrom.secretKeyRef.key = "passwd";
    });
    expect(wrongKey).toThrow("pod blog-posts-0, container posts, env DATABASE_PASSWORD: couldn't find key passwd in Secret blog-database-credentials");
    const wrongFile = withEdit((objects) => {
      deployment(objects, "blog-gateway").spec.template.spec.containers[0].volumeMounts.find((m: any) => m.subPath === "nginx.conf").subPath = "nginx.cnf";
    });
    expect(wrongFile).toThrow("subPath nginx.cnf is not in ConfigMap blog-gateway-files");
    const wrongConfigMap = withEdit((objects) => {
      deployment(objects, "blog-comments").spec.template.spec.containers[0].envFrom[0].configMapRef.name = "blog-comment";
    });
    expect(wrongConfigMap).toThrow('pod blog-comments-0, container comments: configmap "blog-comment" not found');
  });
});

describe("$(VAR) expansion", () => {
  it("replaces defined variables, keeps undefined ones as written, and reads $$ as $", () => {
    expect(expand("a $(X) b $(MISSING) c $$(X) d", { X: "1" })).toBe("a 1 b $(MISSING) c $(X) d");
  });
});
