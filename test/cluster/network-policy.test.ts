// The chart's NetworkPolicies, enforced (kube-router's firewall: cluster/components/kube-router.ts).
// A pod of no component of the release, in its namespace, reaches the gateway (open to every pod)
// and nothing behind it: not posts, not Postgres. The release's own paths work meanwhile: its pods
// are Ready, and helm test's pods (the policy `blog-tests`) reach every component.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { chartImages } from "../../cluster/images/catalog.ts";
import { apply } from "../../cluster/kubectl.ts";
import { ciValuesDir, chartDir, helms } from "../helpers/helm.ts";
import { helm, kubectl, prepareNamespace } from "./kube.ts";

const namespace = "network-policy";
const binary = helms.at(-1)!;

/**
 * From a one-off pod of the namespace (Pod Security "restricted"), labelled as no component of the
 * release: for each host:port, "reached" when a TCP connection opens, or else the last failure
 * after ten seconds of trying (the firewall rejects, so that is ECONNREFUSED from a port that has a
 * listener). It keeps trying because the firewall learns of a new pod's address a moment after the
 * pod starts. Node.js from the posts image: a connection is the question, whatever the protocol.
 */
async function reachableFromOutsider(targets: string[]): Promise<string[]> {
  const script = `const net = require("node:net");
const attempt = (host, port) => new Promise((done) => { const s = net.connect({ host, port, timeout: 2000 }, () => (s.destroy(), done("reached"))); s.on("timeout", () => (s.destroy(), done("timed out"))); s.on("error", (e) => done(e.code)); });
(async () => { for (const target of process.argv.slice(1)) {
  const [host, port] = target.split(":");
  let outcome;
  for (const until = Date.now() + 10000; outcome !== "reached" && Date.now() < until; ) { outcome = await attempt(host, Number(port)); if (outcome !== "reached") await new Promise((r) => setTimeout(r, 500)); }
  console.log(\`\${target} \${outcome}\`);
} })();`;
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } };
  const name = "outsider";
  await apply([
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace, labels: { "app.kubernetes.io/name": name } },
      spec: { restartPolicy: "Never", containers: [{ name, image: chartImages().posts, command: ["node", "-e", script, ...targets], securityContext, resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } } }] },
    },
  ]);
  await kubectl(["-n", namespace, "wait", `pod/${name}`, "--for=jsonpath={.status.phase}=Succeeded", "--timeout=120s"]);
  return (await kubectl(["-n", namespace, "logs", name])).trim().split("\n");
}

describe("NetworkPolicy", () => {
  beforeAll(async () => {
    await prepareNamespace(namespace);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "-f", join(ciValuesDir, "default-values.yaml"), "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
  }, 600_000);
  afterAll(() => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]), 300_000);

  it("lets a pod outside the release reach the gateway and nothing behind it", async () => {
    expect(await reachableFromOutsider(["blog-gateway:80", "blog-posts:80", "blog-postgres:5432", "blog-redis:6379"])).toEqual([
      "blog-gateway:80 reached",
      "blog-posts:80 ECONNREFUSED",
      "blog-postgres:5432 ECONNREFUSED",
      "blog-redis:6379 ECONNREFUSED",
    ]);
  }, 180_000);

  it("lets helm test's pods reach every component they check", async () => {
    const test = await helm(binary, ["test", "blog", "-n", namespace, "--timeout", "3m"]);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all!.match(/Phase:\s+Succeeded/g)?.length).toBe(6);
  }, 300_000);
});
