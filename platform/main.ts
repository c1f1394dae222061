// npm run platform [-- [--faults] [--bench] <values file> [<report file>]]: the rendered chart installed on
// this machine as processes.
// Renders the chart with a values file (default charts/blog-platform/ci/default-values.yaml) through
// the SDK, installs it (platform/install.ts), waits until every pod is Ready, runs `helm test`'s pods
// and the smoke flow through the gateway (with --faults, then kills Postgres, Redis and a service
// under steady load: platform/faults.ts), uninstalls, and prints a JSON report; exit 0 only when
// everything passed. It runs itself inside new network, mount and PID namespaces (as root), so the
// pods' network, mounts and processes all end with it and nothing touches the machine's network.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { render } from "../sdk/src/render.ts";
import { fromYaml } from "../sdk/src/yaml.ts";
import type { Artifacts } from "./images.ts";
import { install, prerequisites, privateRunDirectories } from "./install.ts";
import { benchPlatform, benchTable } from "./bench.ts";
import { faultDrill } from "./faults.ts";
import { smokeFlow } from "./smoke.ts";

const repo = new URL("../", import.meta.url).pathname;
const NAMESPACE = "blog";

if (process.env.BLOG_PLATFORM_SANDBOX !== "1") {
  if (process.getuid?.() !== 0) {
    console.error("npm run platform needs root: it makes network namespaces, mounts and other users' processes (run it with sudo)");
    process.exit(1);
  }
  const result = spawnSync("unshare", ["--net", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--", process.execPath, "--import", "tsx", new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, BLOG_PLATFORM_SANDBOX: "1" },
  });
  process.exit(result.status ?? 1);
}

const log = (line: string) => console.error(`[platform ${new Date().toISOString().slice(11, 23)}] ${line}`);
const args = process.argv.slice(2);
const withFaults = args.includes("--faults");
const withBench = args.includes("--bench");
const [valuesArg, reportFile] = args.filter((a) => !a.startsWith("--"));
const valuesFile = resolve(valuesArg ?? join(repo, "charts/blog-platform/ci/default-values.yaml"));

privateRunDirectories();
const stateDir = mkdtempSync("/var/tmp/blog-platform-");
chmodSync(stateDir, 0o755);

/** The images' files, built from this checkout: the services' bundles, the frontend, busybox's applets, Postgres' entrypoint. */
function buildArtifacts(): Artifacts {
  const bundles: Record<string, string> = {};
  for (const service of ["auth", "posts", "comments", "images"]) {
    const dir = join(stateDir, "images", service);
    mkdirSync(dir, { recursive: true });
    execFileSync("npx", ["tsx", "services/build.ts", service, join(dir, "main.mjs")], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
    bundles[service] = dir;
  }
  const frontend = join(stateDir, "images", "frontend");
  execFileSync("npx", ["vite", "build", "--outDir", frontend, "--emptyOutDir", "--logLevel", "error"], { cwd: join(repo, "services/frontend"), stdio: ["ignore", "ignore", "inherit"] });
  const busybox = join(stateDir, "images", "busybox");
  mkdirSync(busybox, { recursive: true });
  execFileSync("busybox", ["--install", "-s", busybox]);
  // Debian's busybox 1.35 crashes on `wget -T` (the helm test pods use it); GNU wget takes the same flags
  rmSync(join(busybox, "wget"));
  symlinkSync("/usr/bin/wget", join(busybox, "wget"));
  // copied out of the checkout, which may lie under /tmp, where pods mount an emptyDir of their own
  const postgres = join(stateDir, "images", "postgres");
  mkdirSync(postgres, { recursive: true });
  copyFileSync(join(repo, "cluster/images/standins/postgres/docker-entrypoint.sh"), join(postgres, "docker-entrypoint.sh"));
  chmodSync(join(postgres, "docker-entrypoint.sh"), 0o755);
  return { bundles, frontend, busybox, postgresEntrypoint: join(postgres, "docker-entrypoint.sh") };
}

const report: Record<string, unknown> = { values: valuesFile };
let ok = false;
try {
  log("building the images' artifacts");
  const artifacts = buildArtifacts();
  log(`rendering ${valuesFile}`);
  const manifests = await render(fromYaml(readFileSync(valuesFile, "utf8"), valuesFile), { release: "blog", namespace: NAMESPACE });
  const installation = await install([...manifests.all.map((r) => r.object), ...prerequisites(NAMESPACE)], { namespace: NAMESPACE, stateDir, artifacts, log });
  report.readyAfterSeconds = installation.readyAfter;
  // this process resolves Service names as the pods do
  writeFileSync(join(stateDir, "hosts"), installation.network.hosts);
  execFileSync("mount", ["--bind", join(stateDir, "hosts"), "/etc/hosts"]);
  try {
    log("helm test");
    const tests = await installation.helmTest();
    report.helmTest = tests.map(({ name, passed, logs }) => ({ name, passed, ...(passed ? {} : { logs }) }));
    log("smoke flow through the gateway");
    const smoke = await smokeFlow("http://blog-gateway:80");
    report.smoke = smoke;
    ok = tests.every((t) => t.passed) && smoke.every((c) => c.ok);
    if (ok && withFaults) {
      log("faults under steady load");
      const drill = await faultDrill(installation, "http://blog-gateway:80", log);
      report.faults = drill;
      ok = drill.faults.length === 3 && drill.faults.every((f) => f.recoveredAfterSeconds !== null) && drill.writes.lost.length === 0 && drill.writes.acknowledged > 0;
    }
    if (ok && withBench) {
      const bench = await benchPlatform("http://blog-gateway:80", "http://blog-posts:80", log);
      report.bench = bench;
      console.error(`\n${benchTable(bench.rows)}\n\ngateway overhead on ${bench.overhead.route} at 10 connections: +${bench.overhead.addedP50Ms} ms at p50, ${bench.overhead.throughputRatio}× the throughput of calling the service directly\n`);
    }
    if (!ok) report.logs = installation.pods.map((pod) => pod.logs()).join("\n");
  } finally {
    log("uninstalling");
    await installation.uninstall();
  }
} catch (error) {
  report.error = (error as Error).message;
}
report.ok = ok;
// kept for a look when something failed; the path is in the report
if (ok) rmSync(stateDir, { recursive: true, force: true });
else report.stateDir = stateDir;
const text = JSON.stringify(report, null, 2);
if (reportFile) writeFileSync(reportFile, text);
console.log(text);
process.exit(ok ? 0 : 1);
