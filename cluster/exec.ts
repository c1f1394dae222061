// npm run cluster:exec -- CMD [ARGS...]: runs a command inside the cluster's network (the first
// node's namespace), resolving names through the cluster's DNS, so that
// http://blog-gateway.<namespace>.svc.cluster.local answers as it does for a pod. Only this command's
// view of /etc/resolv.conf changes (a mount namespace of its own).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { network } from "./network-plan.ts";
import { nodeNamespaces } from "./network.ts";
import { clusterDir } from "./paths.ts";

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error("usage: npm run cluster:exec -- COMMAND [ARGS...]");
  process.exit(2);
}
const ns = network.namespace("node-1");
if (!nodeNamespaces().includes(ns)) {
  console.error(`no cluster network (${ns}): run npm run cluster:up`);
  process.exit(1);
}
const resolvConf = join(clusterDir, "exec-resolv.conf");
writeFileSync(resolvConf, `nameserver ${network.dnsServiceIp}\nsearch default.svc.${network.clusterDomain} svc.${network.clusterDomain} ${network.clusterDomain}\noptions ndots:5\n`);
const result = spawnSync("nsenter", [`--net=/run/netns/${ns}`, "--", "unshare", "--mount", "--", "sh", "-c", 'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolvConf, ...command], { stdio: "inherit" });
process.exit(result.status ?? 1);
