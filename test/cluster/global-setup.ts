// The cluster suite's setup: brings the test cluster up once per run (npm run cluster:up does the
// same), and takes it down at the end only if this run brought it up, so a cluster kept for
// development survives a test run.
import { clusterAnswers, up } from "../../cluster/up.ts";
import { teardown as removeCluster } from "../../cluster/teardown.ts";

let broughtUp = false;

export async function setup(): Promise<void> {
  broughtUp = !(await clusterAnswers());
  await up();
}

export async function teardown(): Promise<void> {
  if (broughtUp) await removeCluster();
}
