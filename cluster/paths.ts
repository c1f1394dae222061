// Where the cluster keeps its files: everything under out/cluster, so `cluster:down` can remove it
// all, with the Go builds under out/cluster/bin (kept across a down: rebuilding takes minutes).
import { join } from "node:path";

export const repo = new URL("../", import.meta.url).pathname;
export const clusterDir = join(repo, "out/cluster");
export const binDir = join(clusterDir, "bin");
export const buildDir = join(clusterDir, "build");
export const pkiDir = join(clusterDir, "pki");
export const logDir = join(clusterDir, "logs");
export const runDir = join(clusterDir, "run");
export const imagesDir = join(clusterDir, "images");
export const kubeconfig = join(clusterDir, "kubeconfig");

export const bin = (name: string) => join(binDir, name);
export const logFile = (component: string) => join(logDir, `${component}.log`);
export const nodeDir = (node: string) => join(clusterDir, "nodes", node);
