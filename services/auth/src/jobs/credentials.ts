// The credentials Job (the chart's pre-install and pre-upgrade hook): creates the Secrets the chart
// was given no values for, from inside the cluster, so renders stay free of random values. It runs
// from auth's image (auth already owns the JWT key pair), with the pod's ServiceAccount.
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { createLogger } from "@blog-platform/runtime";
import { ensureCredentials } from "../credentials/ensure.ts";
import { planFromEnv } from "../credentials/plan.ts";

const log = createLogger("credentials");

try {
  const plan = planFromEnv();
  const config = new KubeConfig();
  config.loadFromDefault();
  await ensureCredentials(config.makeApiClient(CoreV1Api), plan, (secret, outcome) => log.info({ secret, outcome }, `Secret ${plan.namespace}/${secret}: ${outcome}`));
  log.info({ secrets: plan.credentials.map((c) => c.secret) }, "credentials in place");
} catch (error) {
  // the message is what `kubectl logs` and helm's hook failure show: the cause, without a stack
  log.fatal((error as Error).message ?? String(error));
  process.exit(1);
}
