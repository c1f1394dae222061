// The cluster network, made from the plan inside the private network namespace the run starts in
// (so nothing here touches the machine's own network):
// - each pod gets a network namespace of its own (`ip netns add`), joined to a bridge by a veth pair,
//   with a pod IP;
// - each Service gets a cluster IP, and its names (`blog-auth`, `blog-auth.<ns>.svc.cluster.local`)
//   go into the pod's /etc/netns/<pod>/hosts, which `ip netns exec` puts over /etc/hosts;
// - the kube-proxy part is an nftables NAT table in every pod's namespace (and the run's own):
//   cluster IP and Service port → pod IP and target port. Translating at the caller's end keeps the
//   replies on the same connection track without hairpin tricks on the bridge.
// One namespace per pod rather than one loopback address per pod: every container can listen on the
// port the manifest gives it (8080 in each pod), as in a cluster.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { ClusterPlan, PodPlan } from "./pods.ts";

const BRIDGE = "blog0";
const GATEWAY_IP = "10.244.0.1";

export interface Network {
  podIp: Record<string, string>;
  /** Service name → cluster IP ("None" for a headless Service). */
  serviceIp: Record<string, string>;
  /** The hosts file every pod (and the run itself) resolves names with. */
  hosts: string;
  teardown(): void;
}

const run = (command: string, args: string[], input?: string) => execFileSync(command, args, { stdio: ["pipe", "ignore", "pipe"], ...(input ? { input } : {}) });

/** The pod port a Service's targetPort names. */
function targetPort(pod: PodPlan | undefined, target: number | string): number | undefined {
  if (typeof target === "number") return target;
  for (const container of pod?.containers ?? []) if (container.ports[target] !== undefined) return container.ports[target];
  return undefined;
}

export function createNetwork(plan: ClusterPlan, namespace: string): Network {
  const pods = plan.pods;
  if (pods.length > 250) throw new Error("one /24 of pod addresses: at most 250 pods");
  const podIp = Object.fromEntries(pods.map((pod, i) => [pod.name, `10.244.1.${i + 1}`]));
  const serviceIp: Record<string, string> = {};
  const names: string[] = [`127.0.0.1 localhost`];
  const rules: string[] = [];
  plan.services.forEach((service, j) => {
    const fqdn = (name: string) => [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`].join(" ");
    const first = pods.find((p) => p.name === service.pods[0]);
    // headless (or selecting nothing useful): the name is the pod's own address, ports as the pod has them
    const headless = service.ports.length === 0 || /-headless$/.test(service.name);
    if (headless || !first) {
      serviceIp[service.name] = "None";
      if (first) names.push(`${podIp[first.name]} ${fqdn(service.name)}`);
      for (const podName of service.pods) names.push(`${podIp[podName]} ${fqdn(`${podName}.${service.name}`)}`);
      return;
    }
    const ip = `10.96.0.${j + 1}`;
    serviceIp[service.name] = ip;
    names.push(`${ip} ${fqdn(service.name)}`);
    for (const port of service.ports) {
      const target = targetPort(first, port.targetPort);
      if (target === undefined) throw new Error(`Service ${service.name} port ${port.port}: pod ${first.name} has no port named ${port.targetPort}`);
      rules.push(`ip daddr ${ip} tcp dport ${port.port} dnat to ${podIp[first.name]}:${target}`);
    }
  });
  for (const pod of pods) names.push(`${podIp[pod.name]} ${pod.name}`);
  const hosts = `${names.join("\n")}\n`;
  const ruleset = `table ip kube-proxy {\n  chain output {\n    type nat hook output priority -100; policy accept;\n${rules.map((r) => `    ${r}\n`).join("")}  }\n}\n`;

  run("ip", ["link", "set", "lo", "up"]);
  run("ip", ["link", "add", BRIDGE, "type", "bridge"]);
  run("ip", ["addr", "add", `${GATEWAY_IP}/16`, "dev", BRIDGE]);
  run("ip", ["link", "set", BRIDGE, "up"]);
  // cluster IPs need a route to be chosen before the NAT rewrites them (pods have their default route)
  run("ip", ["route", "add", "10.96.0.0/16", "dev", BRIDGE]);
  run("nft", ["-f", "-"], ruleset);
  pods.forEach((pod, i) => {
    const ns = pod.name;
    run("ip", ["netns", "add", ns]);
    run("ip", ["link", "add", `veth${i}`, "type", "veth", "peer", "name", "eth0", "netns", ns]);
    run("ip", ["link", "set", `veth${i}`, "master", BRIDGE, "up"]);
    const inPod = (...args: string[]) => run("ip", ["netns", "exec", ns, ...args]);
    inPod("ip", "link", "set", "lo", "up");
    inPod("ip", "addr", "add", `${podIp[pod.name]}/16`, "dev", "eth0");
    inPod("ip", "link", "set", "eth0", "up");
    inPod("ip", "route", "add", "default", "via", GATEWAY_IP);
    run("ip", ["netns", "exec", ns, "nft", "-f", "-"], ruleset);
    mkdirSync(`/etc/netns/${ns}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns}/hosts`, hosts);
  });
  return {
    podIp,
    serviceIp,
    hosts,
    teardown() {
      for (const pod of pods) {
        execFileSync("ip", ["netns", "delete", pod.name], { stdio: "ignore" });
        rmSync(`/etc/netns/${pod.name}`, { recursive: true, force: true });
      }
    },
  };
}
