// kube-scheduler: the default profile, one instance (no leader election).
import { bin } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";

export async function startScheduler(kubeconfig: string): Promise<void> {
  const daemon = startDaemon("kube-scheduler", bin("kube-scheduler"), [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    "--leader-elect=false",
    "--profiling=false",
  ]);
  await waitUntilReady(daemon, () => httpOk("https://127.0.0.1:10259/healthz"));
}
