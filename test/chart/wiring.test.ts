// What each ci values file must change in the rendered install: connections, autoscaling,
// monitoring, components switched off, ingress and images.
import { beforeAll, describe, expect, it } from "vitest";
import { ciValuesDir, helms, renderObjects, type K8sObject } from "../helpers/helm.ts";
import { podSpecOf } from "../../sdk/src/policies.ts";

const helm = helms[1]!;
const render = (file: string, extra: string[] = []) => renderObjects(helm, [`${ciValuesDir}/${file}`], extra);
const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} not rendered; have: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found;
};
const container = (o: K8sObject, name?: string) => podSpecOf(o).containers.find((c: any) => !name || c.name === name);
const envOf = (o: K8sObject) => Object.fromEntries((container(o).env ?? []).map((e: any) => [e.name, e.valueFrom ?? e.value]));

describe("default install", () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await render("default-values.yaml");
  });

  it("wires each service to the bundled Postgres and Redis through its ConfigMap and Secrets", () => {
    const config = find(objects, "ConfigMap", "blog-comments").data!;
    expect(config).toMatchObject({
      DATABASE_HOST: "blog-postgres",
      DATABASE_PORT: "5432",
      DATABASE_SCHEMA: "comments",
      REDIS_HOST: "blog-redis",
      POSTS_URL: "http://blog-posts:80",
      AUTH_URL: "http://blog-auth:80",
      PORT: "8080",
    });
    // images asks auth whether an uploader's token still holds
    expect(find(objects, "ConfigMap", "blog-images").data).toMatchObject({ AUTH_URL: "http://blog-auth:80", DATABASE_SCHEMA: "images" });
    expect(find(objects, "ConfigMap", "blog-images").data!.REDIS_HOST).toBeUndefined();
    // posts and auth follow images' feed of deleted images
    for (const name of ["blog-posts", "blog-auth"]) expect(find(objects, "ConfigMap", name).data!.IMAGES_URL, name).toBe("http://blog-images:80");
    const env = envOf(find(objects, "Deployment", "blog-comments"));
    // its own role's password (global.database.serviceRoles), not the superuser's
    expect(env.DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: "blog-database-comments", key: "password" } });
    expect(find(objects, "ConfigMap", "blog-comments").data!.DATABASE_USER).toBe("comments");
    // and its own Redis user's (global.redis.serviceUsers), not the default user's
    expect(env.REDIS_PASSWORD).toEqual({ secretKeyRef: { name: "blog-redis-comments", key: "password" } });
    expect(find(objects, "ConfigMap", "blog-comments").data!.REDIS_USER).toBe("comments");
    const secret = find(objects, "Secret", "blog-database-credentials");
    expect(Buffer.from(secret.data!.password!, "base64").toString()).toBe("ci-database-password");
  });

  it("gives auth the private key and every other service only the public key", () => {
    const items = (name: string) => podSpecOf(find(objects, "Deployment", name)).volumes.find((v: any) => v.name === "jwt").secret.items.map((i: any) => i.key);
    expect(items("blog-auth")).toEqual(["public.pem", "private.pem"]);
    for (const name of ["blog-posts", "blog-comments", "blog-images"]) expect(items(name)).toEqual(["public.pem"]);
    expect(find(objects, "ConfigMap", "blog-auth").data!.JWT_PRIVATE_KEY_FILE).toBe("/var/run/secrets/blog/jwt/private.pem");
    expect(find(objects, "ConfigMap", "blog-posts").data!.JWT_PRIVATE_KEY_FILE).toBeUndefined();
  });

  it("runs Postgres as a StatefulSet with a volumeClaimTemplate and the password from the Secret", () => {
    const sts = find(objects, "StatefulSet", "blog-postgres");
    expect(sts.spec.serviceName).toBe("blog-postgres-headless");
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("8Gi");
    expect(envOf(sts).POSTGRES_PASSWORD).toEqual({ secretKeyRef: { name: "blog-database-credentials", key: "password" } });
    expect(container(sts, "metrics").ports[0].containerPort).toBe(9187);
  });

  it("routes the RealWorld paths in the gateway's nginx.conf", () => {
    const conf = find(objects, "ConfigMap", "blog-gateway-files").data!["nginx.conf"]!;
    expect(find(objects, "ConfigMap", "blog-gateway").data!["nginx.conf"], "not loaded as an env var").toBeUndefined();
    expect(conf).toMatch(/location \/api\/profiles \{[^}]*proxy_pass http:\/\/auth;/);
    expect(conf).toMatch(/worker_processes 2;/);
    expect(conf).toMatch(/location \/api\/users \{[^}]*proxy_pass http:\/\/auth;/);
    expect(conf).toMatch(/location = \/api\/user \{[^}]*proxy_pass http:\/\/auth;/);
    expect(conf).toMatch(/location ~ \^\/api\/articles\/\[\^\/\]\+\/comments\(\/\|\$\) \{[^}]*proxy_pass http:\/\/comments;/);
    expect(conf).toMatch(/location \/api\/articles \{[^}]*proxy_pass http:\/\/posts;/);
    expect(conf).toMatch(/location \/api\/images \{[^}]*proxy_pass http:\/\/images;/);
    expect(conf).toMatch(/location \/ \{[^}]*\{\s*return 418;\s*\}[^}]*proxy_pass http:\/\/frontend;/);
    // each upstream counts its requests in flight, to shed past gateway.nginx.maxRequestsInFlight
    expect(conf).toMatch(/location \/api\/articles \{[^}]*set \$upstream_name posts;\s*limit_conn in_flight 256;/);
    expect(conf).toMatch(/upstream posts \{\s*server blog-posts:80;\s*keepalive 32;/);
    const gateway = find(objects, "Deployment", "blog-gateway");
    expect(container(gateway).volumeMounts).toContainEqual({ name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true });
    expect(container(gateway).lifecycle.preStop.exec.command).toEqual(["sleep", "5"]);
  });

  it("adds a helm test pod per component and lets it through the NetworkPolicies", () => {
    const tests = objects.filter((o) => o.kind === "Pod");
    expect(tests.map((o) => o.metadata.name).sort()).toEqual(["auth", "comments", "frontend", "gateway", "images", "posts"].map((c) => `blog-test-${c}`));
    for (const pod of tests) expect(pod.metadata.annotations!["helm.sh/hook"]).toBe("test");
    const posts = find(objects, "NetworkPolicy", "blog-posts");
    const from = posts.spec.ingress.flatMap((r: any) => r.from.map((p: any) => p.podSelector?.matchLabels?.["app.kubernetes.io/component"]));
    expect(from).toEqual(expect.arrayContaining(["gateway", "comments", "tests"]));
    expect(from).not.toContain("frontend");
  });

  it("rolls the pods when a setting changes, and only then", async () => {
    const changed = await render("default-values.yaml", ["--set-string", "posts.env.PROFILE_CACHE_TTL_SECONDS=30"]);
    const checksum = (list: K8sObject[], name: string) => find(list, "Deployment", name).spec.template.metadata.annotations["checksum/config"];
    expect(checksum(changed, "blog-posts")).not.toBe(checksum(objects, "blog-posts"));
    expect(checksum(changed, "blog-auth")).toBe(checksum(objects, "blog-auth"));
  });
});

describe("external databases", () => {
  it("points the services at the external servers and their Secrets, and drops the bundled ones", async () => {
    const objects = await render("external-databases-values.yaml", ["--set", "global.redis.tls=true,global.database.sslMode=require"]);
    expect(objects.filter((o) => o.metadata.name.startsWith("blog-postgres") || o.metadata.name.startsWith("blog-redis"))).toEqual([]);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(find(objects, "ConfigMap", "blog-posts").data).toMatchObject({
      DATABASE_HOST: "postgres.databases.svc.cluster.local",
      DATABASE_PORT: "6432",
      DATABASE_NAME: "blog_ci",
      DATABASE_USER: "blog_ci",
      DATABASE_SSLMODE: "require",
      REDIS_HOST: "redis.databases.svc.cluster.local",
      REDIS_PORT: "6380",
      REDIS_TLS: "true",
    });
    // an external server's users are its owner's to make: every service takes the one password
    expect(find(objects, "ConfigMap", "blog-posts").data!.REDIS_USER).toBeUndefined();
    const env = envOf(find(objects, "Deployment", "blog-posts"));
    expect(env.DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: "blog-db", key: "db-password" } });
    expect(env.REDIS_PASSWORD).toEqual({ secretKeyRef: { name: "blog-redis", key: "password" } });
    const egress = find(objects, "NetworkPolicy", "blog-posts").spec.egress;
    expect(egress).toContainEqual({ ports: [{ port: 6432, protocol: "TCP" }] });
    expect(egress).toContainEqual({ ports: [{ port: 6380, protocol: "TCP" }] });
  });
});

describe("autoscaling", () => {
  it("creates HPAs and leaves replicas to them", async () => {
    const objects = await render("autoscaling-values.yaml");
    const hpa = find(objects, "HorizontalPodAutoscaler", "blog-auth");
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12, scaleTargetRef: { kind: "Deployment", name: "blog-auth" } });
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(["cpu", "memory"]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(find(objects, "HorizontalPodAutoscaler", "blog-frontend").spec.metrics.map((m: any) => m.resource.name)).toEqual(["cpu"]);
    for (const name of ["gateway", "frontend", "auth", "posts", "comments", "images"]) {
      expect(find(objects, "Deployment", `blog-${name}`).spec.replicas, name).toBeUndefined();
    }
    expect(find(objects, "VerticalPodAutoscaler", "blog-auth").spec.updatePolicy.updateMode).toBe("Off");
    expect(find(objects, "VerticalPodAutoscaler", "blog-postgres").spec.targetRef.kind).toBe("StatefulSet");
    expect(find(objects, "PodDisruptionBudget", "blog-posts").spec.maxUnavailable).toBe(1);
  });
});

describe("monitoring", () => {
  it("renders ServiceMonitors, the PrometheusRule with escaped $labels, and the dashboard", async () => {
    const objects = await render("monitoring-values.yaml");
    const monitors = objects.filter((o) => o.kind === "ServiceMonitor").map((o) => o.metadata.name).sort();
    expect(monitors).toEqual(["blog-auth", "blog-comments", "blog-images", "blog-postgres", "blog-posts", "blog-redis"]);
    expect(find(objects, "ServiceMonitor", "blog-postgres").spec.endpoints[0].port).toBe("metrics");
    expect(find(objects, "Service", "blog-postgres").spec.ports.map((p: any) => p.name)).toEqual(["postgres", "metrics"]);
    const rule = find(objects, "PrometheusRule", "blog-monitoring");
    expect(rule.metadata.labels!.release).toBe("kube-prometheus-stack");
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(alerts).toEqual(expect.arrayContaining(["HighErrorRate", "HighLatency", "PodCrashLooping", "PostgresDown", "RedisDown", "PersistentVolumeFilling"]));
    const highErrors = rule.spec.groups[0].rules.find((r: any) => r.alert === "HighErrorRate");
    expect(highErrors.expr).toContain("> 0.05");
    expect(highErrors.for).toBe("5m");
    expect(highErrors.annotations.description).toContain("{{ $labels.job }}");
    const dashboard = JSON.parse(find(objects, "ConfigMap", "blog-monitoring-dashboard").data!["blog-platform.json"]!);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(dashboard)).toContain('namespace=\\"blog\\"');
  });

  it("serves the services' metrics on a port of their own, the one Prometheus is admitted to, never the API's", async () => {
    const objects = await render("monitoring-values.yaml");
    for (const name of ["auth", "posts", "comments", "images"]) {
      expect(find(objects, "ServiceMonitor", `blog-${name}`).spec.endpoints[0].port, name).toBe("metrics");
      expect(find(objects, "Service", `blog-${name}`).spec.ports, name).toContainEqual({ name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" });
      expect(container(find(objects, "Deployment", `blog-${name}`)).ports, name).toContainEqual({ name: "metrics", containerPort: 9090, protocol: "TCP" });
      expect(find(objects, "ConfigMap", `blog-${name}`).data!.METRICS_PORT, name).toBe("9090");
      const prometheus = find(objects, "NetworkPolicy", `blog-${name}`).spec.ingress.filter((rule: any) => JSON.stringify(rule.from).includes("monitoring"));
      expect(prometheus, name).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: {} }], ports: [{ port: 9090, protocol: "TCP" }] }]);
    }
  });
});

describe("components switched off", () => {
  it("renders nothing for them and answers 503 at the gateway", async () => {
    const objects = await render("components-off-values.yaml");
    const components = new Set(objects.map((o) => o.metadata.labels?.["app.kubernetes.io/component"]));
    for (const off of ["frontend", "comments", "images", "monitoring"]) expect(components.has(off), off).toBe(false);
    const conf = find(objects, "ConfigMap", "blog-gateway-files").data!["nginx.conf"]!;
    expect(conf).not.toContain("upstream comments");
    expect(conf).toMatch(/comments\(\/\|\$\) \{[^}]*return 503/);
    expect(find(objects, "StatefulSet", "blog-postgres").spec.volumeClaimTemplates).toBeUndefined();
    expect(podSpecOf(find(objects, "StatefulSet", "blog-postgres")).containers.map((c: any) => c.name)).toEqual(["postgres", "service-roles"]);
    const gatewayEgress = find(objects, "NetworkPolicy", "blog-gateway").spec.egress;
    // every egress peer, cluster DNS included: the gateway reaches no switched-off component
    const peers = gatewayEgress.flatMap((r: any) => r.to.map((p: any) => p.podSelector.matchLabels["app.kubernetes.io/component"] ?? p.podSelector.matchLabels["k8s-app"]));
    expect(peers).toEqual(["kube-dns", "auth", "posts"]);
  });
});

describe("ingress, registry and images", () => {
  it("serves the hosts over TLS and pulls every image from the global registry", async () => {
    const objects = await render("ingress-tls-values.yaml");
    const ingress = find(objects, "Ingress", "blog-gateway");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.tls).toEqual([{ secretName: "blog-gateway-tls", hosts: ["blog.example.com", "www.blog.example.com"] }]);
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(["blog.example.com", "www.blog.example.com"]);
    const images = objects.flatMap((o) => (podSpecOf(o)?.containers ?? []).map((c: any) => c.image as string));
    expect(images.length).toBeGreaterThan(10);
    for (const image of images) expect(image).toMatch(/^registry\.example\.com\//);
    expect(container(find(objects, "Deployment", "blog-posts")).image).toBe(
      "registry.example.com/blog-platform/posts:0.1.0@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
    );
    for (const o of objects.filter((o) => podSpecOf(o))) expect(podSpecOf(o).imagePullSecrets, o.metadata.name).toEqual([{ name: "registry-credentials" }]);
    const spread = podSpecOf(find(objects, "Deployment", "blog-gateway")).topologySpreadConstraints[0];
    expect(spread.labelSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "blog", "app.kubernetes.io/component": "gateway" });
    expect(find(objects, "StatefulSet", "blog-postgres").spec.volumeClaimTemplates[0].spec.storageClassName).toBe("fast-ssd");
    expect(find(objects, "Service", "blog-gateway").spec.type).toBe("LoadBalancer");
    // clients of a LoadBalancer arrive from outside the cluster: the gateway's policy admits them
    expect(find(objects, "NetworkPolicy", "blog-gateway").spec.ingress).toContainEqual({
      from: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "::/0" } }],
      ports: [{ port: 8080, protocol: "TCP" }],
    });
  });
});

describe("a gateway open only to some addresses", () => {
  it("keeps client addresses at the Service and admits only those ranges in the NetworkPolicy", async () => {
    const objects = await render("default-values.yaml", ["--set", "gateway.service.type=LoadBalancer", "--set-json", 'gateway.service.loadBalancerSourceRanges=["203.0.113.0/24"]']);
    const service = find(objects, "Service", "blog-gateway");
    expect(service.spec).toMatchObject({ type: "LoadBalancer", externalTrafficPolicy: "Local", loadBalancerSourceRanges: ["203.0.113.0/24"] });
    const ingress = find(objects, "NetworkPolicy", "blog-gateway").spec.ingress;
    expect(ingress).toContainEqual({ from: [{ ipBlock: { cidr: "203.0.113.0/24" } }], ports: [{ port: 8080, protocol: "TCP" }] });
    expect(JSON.stringify(ingress)).not.toContain("0.0.0.0/0");
  });
});

describe("the gateway Service's client addresses", () => {
  const policy = async (...args: string[]) => find(await render("default-values.yaml", args), "Service", "blog-gateway").spec.externalTrafficPolicy;
  it("keeps them for LoadBalancer and NodePort (externalTrafficPolicy Local), unless told Cluster without source ranges", async () => {
    expect(await policy("--set", "gateway.service.type=LoadBalancer")).toBe("Local");
    expect(await policy("--set", "gateway.service.type=NodePort")).toBe("Local");
    expect(await policy("--set", "gateway.service.type=LoadBalancer,gateway.service.externalTrafficPolicy=Cluster")).toBe("Cluster");
    // the policy's ranges can only be checked against the clients' own addresses
    expect(await policy("--set", "gateway.service.type=LoadBalancer,gateway.service.externalTrafficPolicy=Cluster", "--set-json", 'gateway.service.loadBalancerSourceRanges=["203.0.113.0/24"]')).toBe("Local");
    expect(await policy()).toBeUndefined();
  });

  it("admits only the ingress controller's pods (ingress-nginx by default) to the gateway, not every pod", async () => {
    const ingress = find(await render("default-values.yaml"), "NetworkPolicy", "blog-gateway").spec.ingress;
    expect(ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx" } } }],
      ports: [{ port: 8080, protocol: "TCP" }],
    });
    expect(JSON.stringify(ingress)).not.toContain('"namespaceSelector":{}');
  });
});

describe("stateful components roll on a settings change", () => {
  it("takes image pull Secrets by name and as {name}, globally and per component, each once", async () => {
    const objects = await render("default-values.yaml", [
      "--set-json", 'global.imagePullSecrets=["regcred",{"name":"mirror"}]',
      "--set-json", 'posts.imagePullSecrets=[{"name":"posts-registry"},"regcred"]',
    ]);
    const pullSecrets = (kind: string, name: string) => podSpecOf(find(objects, kind, name)).imagePullSecrets;
    expect(pullSecrets("Deployment", "blog-posts")).toEqual([{ name: "regcred" }, { name: "mirror" }, { name: "posts-registry" }]);
    expect(pullSecrets("Deployment", "blog-auth")).toEqual([{ name: "regcred" }, { name: "mirror" }]);
    expect(pullSecrets("StatefulSet", "blog-postgres")).toEqual([{ name: "regcred" }, { name: "mirror" }]);
  });

  it("Postgres gets a config checksum over its ConfigMap", async () => {
    const before = await render("default-values.yaml");
    const after = await render("default-values.yaml", ["--set-string", "postgres.env.POSTGRES_INITDB_ARGS=--data-checksums"]);
    const checksum = (list: K8sObject[]) => find(list, "StatefulSet", "blog-postgres").spec.template.metadata.annotations["checksum/config"];
    expect(checksum(before)).toMatch(/^[a-f0-9]{64}$/);
    expect(checksum(after)).not.toBe(checksum(before));
    expect(find(after, "ConfigMap", "blog-postgres").data!.POSTGRES_INITDB_ARGS).toBe("--data-checksums");
  });
});

describe("cluster-wide NetworkPolicy additions", () => {
  it("adds global extra egress and ingress to every component's policy and keeps big numbers exact", async () => {
    const objects = await renderObjects(helm, [`${ciValuesDir}/default-values.yaml`], [
      "--set-json",
      'global.networkPolicy.extraEgress=[{"to":[{"ipBlock":{"cidr":"169.254.20.10/32"}}],"ports":[{"port":53,"protocol":"UDP"}]}]',
      "--set-json",
      'global.networkPolicy.extraIngress=[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"linkerd"}}}]}]',
      "--set",
      "tests.runAsUser=1000680000,posts.terminationGracePeriodSeconds=2000000,gateway.nginx.workerConnections=1000000",
    ]);
    const policies = objects.filter((o) => o.kind === "NetworkPolicy" && o.spec.egress);
    expect(policies.length).toBeGreaterThanOrEqual(9);
    for (const p of policies) {
      expect(p.spec.egress, p.metadata.name).toContainEqual({ to: [{ ipBlock: { cidr: "169.254.20.10/32" } }], ports: [{ port: 53, protocol: "UDP" }] });
      expect(p.spec.ingress, p.metadata.name).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "linkerd" } } }] });
    }
    expect(find(objects, "Pod", "blog-test-posts").spec.securityContext.runAsUser).toBe(1000680000);
    expect(podSpecOf(find(objects, "Deployment", "blog-posts")).terminationGracePeriodSeconds).toBe(2000000);
    expect(find(objects, "ConfigMap", "blog-gateway-files").data!["nginx.conf"]).toContain("worker_connections 1000000;");
  });
});
