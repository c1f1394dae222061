// The chart's NetworkPolicies, enforced (kube-router's firewall: cluster/components/kube-router.ts).
// The ingress controller's pod (ingress-nginx's namespace and labels, the chart's default
// global.networkPolicy.ingressController) reaches the gateway and nothing behind it. A pod of no
// component, in the release's namespace, reaches nothing; neither does an unlabelled pod of the
// controller's namespace. The release's own paths work meanwhile: helm test's pods (the policy
// `blog-tests`) reach every component.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { chartImages } from "../../cluster/images/catalog.ts";
import { apply } from "../../cluster/kubectl.ts";
import { ciValuesDir, chartDir, helms } from "../helpers/helm.ts";
import { helm, kubectl, prepareNamespace } from "./kube.ts";

const namespace = "network-policy";
// where the chart's default global.networkPolicy.ingressController says the controller runs
const controllerNamespace = "ingress-nginx";
const binary = helms.at(-1)!;

interface Prober {
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * From one-off pods (Pod Security "restricted"): for each host:port, "reached" when a TCP connection
 * opens, or else the last failure after ten seconds of trying (the firewall rejects, so that is
 * ECONNREFUSED from a port that has a listener). They keep trying because the firewall learns of a
 * new pod's address a moment after the pod starts. Node.js from the posts image: a connection is
 * the question, whatever the protocol. Returns each prober's lines, by name.
 */
async function reachableFrom(probers: Prober[], targets: string[]): Promise<Record<string, string[]>> {
  const script = `const net = require("node:net");
const attempt = (host, port) => new Promise((done) => { const s = net.connect({ host, port, timeout: 2000 }, () => (s.destroy(), done("reached"))); s.on("timeout", () => (s.destroy(), done("timed out"))); s.on("error", (e) => done(e.code)); });
(async () => { for (const target of process.argv.slice(1)) {
  const [host, port] = target.split(":");
  let outcome;
  for (const until = Date.now() + 10000; outcome !== "reached" && Date.now() < until; ) { outcome = await attempt(host, Number(port)); if (outcome !== "reached") await new Promise((r) => setTimeout(r, 500)); }
  console.log(\`\${target} \${outcome}\`);
} })();`;
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } };
  await apply(
    probers.map(({ namespace: ns, name, labels }) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns, labels },
      spec: { restartPolicy: "Never", containers: [{ name, image: chartImages().posts, command: ["node", "-e", script, ...targets], securityContext, resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } } }] },
    })),
  );
  const lines: Record<string, string[]> = {};
  for (const { namespace: ns, name } of probers) {
    await kubectl(["-n", ns, "wait", `pod/${name}`, "--for=jsonpath={.status.phase}=Succeeded", "--timeout=120s"]);
    lines[name] = (await kubectl(["-n", ns, "logs", name])).trim().split("\n");
  }
  return lines;
}

describe("NetworkPolicy", () => {
  beforeAll(async () => {
    await prepareNamespace(namespace);
    await kubectl(["delete", "namespace", controllerNamespace, "--ignore-not-found", "--wait"]);
    await kubectl(["create", "namespace", controllerNamespace]);
    const install = await helm(binary, ["install", "blog", chartDir, "-n", namespace, "-f", join(ciValuesDir, "default-values.yaml"), "--wait", "--timeout", "5m"]);
    expect(install.exitCode, install.all).toBe(0);
  }, 600_000);
  afterAll(() => kubectl(["delete", "namespace", namespace, controllerNamespace, "--ignore-not-found", "--wait"]), 300_000);

  it("lets the ingress controller reach the gateway and nothing behind it, and other pods nothing at all", async () => {
    const [gateway, ...behind] = ["blog-gateway:80", "blog-posts:80", "blog-postgres:5432", "blog-redis:6379"].map((target) => target.replace(":", `.${namespace}.svc.cluster.local:`));
    const reached = await reachableFrom(
      [
        { namespace: controllerNamespace, name: "controller", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
        { namespace: controllerNamespace, name: "neighbour", labels: { "app.kubernetes.io/name": "neighbour" } },
        { namespace, name: "outsider", labels: { "app.kubernetes.io/name": "outsider" } },
      ],
      [gateway!, ...behind],
    );
    const refused = behind.map((target) => `${target} ECONNREFUSED`);
    expect(reached).toEqual({ controller: [`${gateway} reached`, ...refused], neighbour: [`${gateway} ECONNREFUSED`, ...refused], outsider: [`${gateway} ECONNREFUSED`, ...refused] });
  }, 180_000);

  it("lets helm test's pods reach every component they check", async () => {
    const test = await helm(binary, ["test", "blog", "-n", namespace, "--timeout", "3m"]);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all!.match(/Phase:\s+Succeeded/g)?.length).toBe(6);
  }, 300_000);
});
