// etcd: the API server's store, one member on the first node, reachable only inside that node's
// network namespace (plain HTTP on loopback, as "Kubernetes the hard way" runs it).
import { join } from "node:path";
import { bin, clusterDir } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";

export const etcdUrl = "http://127.0.0.1:2379";

export async function startEtcd(): Promise<void> {
  const daemon = startDaemon("etcd", bin("etcd"), [
    "--name=node-1",
    `--data-dir=${join(clusterDir, "etcd")}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    "--listen-peer-urls=http://127.0.0.1:2380",
    "--initial-advertise-peer-urls=http://127.0.0.1:2380",
    "--initial-cluster=node-1=http://127.0.0.1:2380",
    "--listen-metrics-urls=http://127.0.0.1:2381",
    // a throwaway test cluster: kind offers the same switch, and fsync on this VM's disk costs seconds under load
    "--unsafe-no-fsync",
    "--log-level=warn",
  ]);
  await waitUntilReady(daemon, () => httpOk("http://127.0.0.1:2381/health"));
}
