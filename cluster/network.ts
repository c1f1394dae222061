// The nodes' network namespaces. Each node is a namespace (blog-node-1, ...) holding its components
// and its pods' bridge; the nodes meet on a bridge in the first node's namespace. The machine's own
// namespace gets nothing but the API server forward on 127.0.0.1 (cluster/forward.ts).
import { execa } from "execa";
import { existsSync, readdirSync } from "node:fs";
import { network } from "./network-plan.ts";

const ip = (...args: string[]) => execa("ip", args);
/** runs a command inside a node's network namespace only (no new mount namespace, unlike `ip netns exec`, which would hide the cgroup mounts) */
export const inNode = (node: string, command: string, args: string[]) => execa(...nodeCommand(node, command, args));

/** A command line that runs `command` in a node's network namespace (nsenter execs it: its pid is the program's). */
export const nodeCommand = (node: string, command: string, args: string[]): [string, string[]] => ["nsenter", [`--net=/run/netns/${network.namespace(node)}`, "--", command, ...args]];

export async function createNodeNamespace(node: string, index: number): Promise<void> {
  const ns = network.namespace(node);
  await ip("netns", "add", ns);
  await ip("-n", ns, "link", "set", "lo", "up");
  if (index === 0) {
    await ip("-n", ns, "link", "add", network.nodeBridge, "type", "bridge");
    await ip("-n", ns, "addr", "add", `${network.nodeIp(0)}/24`, "dev", network.nodeBridge);
    await ip("-n", ns, "link", "set", network.nodeBridge, "up");
  } else {
    // a veth from this node to the first node's bridge
    const first = network.namespace("node-1");
    await ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", `veth-${node}`, "netns", first);
    await ip("-n", first, "link", "set", `veth-${node}`, "master", network.nodeBridge, "up");
    await ip("-n", ns, "addr", "add", `${network.nodeIp(index)}/24`, "dev", "eth0");
    await ip("-n", ns, "link", "set", "eth0", "up");
  }
  // a route for Service addresses, as a node's default route gives one: the node's own programs
  // (cluster:exec, the API server's webhooks) reach Services through kube-proxy's rules
  await ip("-n", ns, "route", "add", network.serviceSubnet, "dev", index === 0 ? network.nodeBridge : "eth0", "src", network.nodeIp(index));
  // pods route through the node, and bridged pod traffic passes kube-proxy's rules (br_netfilter)
  await inNode(node, "sysctl", ["-q", "-w", "net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1", "net.ipv4.conf.all.route_localnet=1"]);
}

/** Routes each node's pods' traffic for another node's pod slice through that node's address (what a CNI's routing would do; the bridge plugin only serves its own node). */
export async function routePodCidrs(nodes: string[]): Promise<void> {
  for (const [index, node] of nodes.entries()) {
    for (const [other] of nodes.entries()) {
      if (other !== index) await ip("-n", network.namespace(node), "route", "add", network.podCidr(other), "via", network.nodeIp(other));
    }
  }
}

/** The blog-* network namespaces that exist now. */
export function nodeNamespaces(): string[] {
  return existsSync("/run/netns") ? readdirSync("/run/netns").filter((n) => n.startsWith("blog-node-")) : [];
}

export async function deleteNodeNamespaces(): Promise<void> {
  for (const ns of nodeNamespaces().reverse()) await ip("netns", "delete", ns);
}
