// npm run bench:cluster: the platform benchmark on the test cluster. Brings the cluster up (as
// npm run cluster:up does), installs scripts/bench-cluster-values.yaml with helm 4 in the namespace
// `bench`, runs scripts/bench-cluster-load.ts inside the cluster's network, and removes the
// namespace. Prints figures, not pass/fail. Leaves the cluster up for the next run.
import { join } from "node:path";
import { up } from "../cluster/up.ts";
import { step } from "../cluster/log.ts";
import { chartDir, helms } from "../test/helpers/helm.ts";
import { helm, inCluster, kubectl, nodeNetworkIngress, prepareNamespace } from "../test/cluster/kube.ts";

const namespace = "bench";
const values = new URL("./bench-cluster-values.yaml", import.meta.url).pathname;

await up();
try {
  await step("bench release", async () => {
    await prepareNamespace(namespace);
    const install = await helm(helms.at(-1)!, ["install", "blog", chartDir, "-n", namespace, "-f", values, ...nodeNetworkIngress("gateway", "posts"), "--wait", "--timeout", "5m"]);
    if (install.exitCode !== 0) throw new Error(`helm install failed:\n${install.all}`);
  });
  const bench = inCluster([process.execPath, "--import", "tsx", join(import.meta.dirname, "bench-cluster-load.ts"), `http://blog-gateway.${namespace}.svc.cluster.local`, `http://blog-posts.${namespace}.svc.cluster.local`]);
  bench.all?.pipe(process.stderr);
  const result = await bench;
  if (result.exitCode !== 0) process.exitCode = 1;
} finally {
  await step("removing the bench release", () => kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait"]));
}
