// The credentials Job (the chart's pre-install and pre-upgrade hook): creates the Secrets the chart
// was given no values for, from inside the cluster, so renders stay free of random values. It runs
// from auth's image (auth already owns the JWT key pair), with the pod's ServiceAccount.
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { ensureCredentials } from "../credentials/ensure.ts";
import { planFromEnv } from "../credentials/plan.ts";

const line = (level: string, message: string, fields: object = {}) =>
  console.log(JSON.stringify({ level, timestamp: new Date().toISOString(), service: "credentials", message, ...fields }));

try {
  const plan = planFromEnv();
  const config = new KubeConfig();
  config.loadFromDefault();
  await ensureCredentials(config.makeApiClient(CoreV1Api), plan, (secret, outcome) => line("info", `Secret ${plan.namespace}/${secret}: ${outcome}`, { secret, outcome }));
  line("info", "credentials in place", { secrets: plan.credentials.map((c) => c.secret) });
} catch (error) {
  // the message is what `kubectl logs` and helm's hook failure show: the cause, without a stack
  line("fatal", (error as Error).message ?? String(error));
  process.exit(1);
}
