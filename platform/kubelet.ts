// The kubelet's part, for one pod: its containers become processes in the pod's network namespace,
// each in a mount namespace of its own where its volumes (ConfigMap and Secret files, emptyDirs,
// claims) and its image's files are mounted at the manifest's paths, running as the manifest's user
// with exactly the manifest's environment. Probes are run as the manifest gives them (httpGet,
// tcpSocket, exec; initial delay, period, timeout, thresholds); a container that exits or fails its
// liveness probe is restarted with the kubelet's back-off (10 s doubling to 5 min).
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, chmodSync, chownSync, closeSync, constants, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, dirname, join } from "node:path";
import type { Probe } from "kubernetes-types/core/v1.js";
import { argvFor, runtimeFor, type Artifacts, type ImageRuntime } from "./images.ts";
import type { ContainerPlan, PodPlan } from "./pods.ts";

// the machine's tools, found on this process's PATH: a container's PATH (busybox's applets) must not choose them
const SYSTEM_PATH = process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin";
const IP = resolveProgram("ip", SYSTEM_PATH);
const NSENTER = resolveProgram("nsenter", SYSTEM_PATH);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The program's path on the image's PATH (Kubernetes runs argv[0] through the image's PATH too). */
function resolveProgram(program: string, path: string): string {
  if (program.includes("/")) return program;
  for (const dir of path.split(delimiter)) {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return join(dir, program);
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${program} is not on the image's PATH (${path})`);
}

export interface PodContext {
  /** Where this run keeps volumes and files, on the machine. */
  stateDir: string;
  artifacts: Artifacts;
  podIp: string;
  log(line: string): void;
}

class ContainerProcess {
  readonly runtime: ImageRuntime;
  child?: ChildProcess;
  restarts = 0;
  started = false;
  ready = false;
  exitCode: number | null = null;
  /** The container's log file, as the kubelet keeps one (and nginx can open /dev/stderr on a file, not on a socket). */
  private readonly logFile: string;
  private stopping = false;
  private generation = 0;

  constructor(readonly pod: PodPlan, readonly spec: ContainerPlan, readonly context: PodContext) {
    this.runtime = runtimeFor(spec.image, context.artifacts);
    const dir = join(context.stateDir, "logs", pod.name);
    mkdirSync(dir, { recursive: true });
    this.logFile = join(dir, `${spec.name}.log`);
  }

  get env(): Record<string, string> {
    return { PATH: this.runtime.path, HOSTNAME: this.pod.name, HOME: "/", ...this.spec.env };
  }

  /** The last lines the container wrote. */
  logs(lines = 15): string {
    try {
      return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).map((line) => line.slice(0, 400)).join("\n");
    } catch {
      return "";
    }
  }

  private volumeDir(volume: string): string {
    // emptyDirs belong to the pod, claims outlive it
    const dir = volume.startsWith("pvc/") ? join(this.context.stateDir, "volumes", volume) : join(this.context.stateDir, "pods", this.pod.name, "volumes", volume);
    mkdirSync(dir, { recursive: true });
    if (this.spec.runAsUser !== undefined) chownSync(dir, this.spec.runAsUser, this.pod.fsGroup ?? this.spec.runAsGroup ?? this.spec.runAsUser);
    return dir;
  }

  /** The shell that sets up the container's mounts as root and then becomes its process. */
  private script(): string {
    // the set-up runs with the machine's PATH; the container's own PATH comes back for its process
    const lines = ["set -e", 'CONTAINER_PATH="$PATH"', `PATH=${quote(SYSTEM_PATH)}`, "mount -t tmpfs -o mode=755 tmpfs /run"];
    for (const dir of this.spec.dirs) lines.push(`mkdir -p ${quote(dir.path)}`, `mount --bind ${quote(this.volumeDir(dir.volume))} ${quote(dir.path)}`);
    this.spec.files.forEach((file, i) => {
      const source = join(this.context.stateDir, "pods", this.pod.name, this.spec.name, "files", String(i));
      mkdirSync(dirname(source), { recursive: true });
      writeFileSync(source, file.content);
      chmodSync(source, file.mode);
      // Secret and ConfigMap files belong to root and the pod's fsGroup, as the kubelet sets them
      if (this.pod.fsGroup !== undefined) chownSync(source, 0, this.pod.fsGroup);
      lines.push(`[ -e ${quote(file.path)} ] || { mkdir -p ${quote(dirname(file.path))}; touch ${quote(file.path)}; }`, `mount --bind ${quote(source)} ${quote(file.path)}`);
    });
    for (const [target, source] of Object.entries(this.runtime.mounts)) lines.push(`mount --bind ${quote(source)} ${quote(target)}`);
    // an image knows its own users (postgres' initdb looks its UID up): the machine's, plus the container's
    if (this.spec.runAsUser !== undefined) {
      for (const [file, entry] of [
        ["passwd", `u${this.spec.runAsUser}:x:${this.spec.runAsUser}:${this.spec.runAsGroup ?? this.spec.runAsUser}::/:/usr/sbin/nologin`],
        ["group", `g${this.spec.runAsGroup ?? this.spec.runAsUser}:x:${this.spec.runAsGroup ?? this.spec.runAsUser}:`],
      ] as const) {
        const source = join(this.context.stateDir, "pods", this.pod.name, this.spec.name, file);
        mkdirSync(dirname(source), { recursive: true });
        writeFileSync(source, `${readFileSync(`/etc/${file}`, "utf8").trimEnd()}\n${entry}\n`);
        lines.push(`mount --bind ${quote(source)} /etc/${file}`);
      }
    }
    const workingDir = this.spec.workingDir ?? this.runtime.workingDir;
    if (workingDir) lines.push(`cd ${quote(workingDir)}`);
    const argv = argvFor(this.spec, this.runtime);
    argv[0] = resolveProgram(argv[0]!, this.runtime.path);
    const user = this.spec.runAsUser;
    const become = user === undefined ? [] : ["setpriv", `--reuid=${user}`, `--regid=${this.spec.runAsGroup ?? user}`, this.pod.fsGroup !== undefined ? `--groups=${this.pod.fsGroup}` : "--clear-groups", "--"];
    lines.push('export PATH="$CONTAINER_PATH"', `exec ${[...become.map((part, i) => (i === 0 ? resolveProgram(part, SYSTEM_PATH) : part)), ...argv].map(quote).join(" ")}`);
    return lines.join("\n");
  }

  start(): void {
    this.exitCode = null;
    this.started = false;
    this.ready = false;
    const generation = ++this.generation;
    const fd = openSync(this.logFile, "a");
    // the container writes its own log: nginx reopens /dev/stderr by name, as its user
    if (this.spec.runAsUser !== undefined) chownSync(this.logFile, this.spec.runAsUser, this.spec.runAsGroup ?? this.spec.runAsUser);
    const child = spawn(IP, ["netns", "exec", this.pod.name, "/bin/sh", "-c", this.script()], { env: this.env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    this.child = child;
    child.once("exit", (code, signal) => {
      if (generation !== this.generation) return;
      this.exitCode = code ?? 128;
      this.ready = false;
      this.context.log(`${this.pod.name}/${this.spec.name} exited (${code ?? signal})`);
      if (!this.stopping && !this.pod.test) void this.restart();
    });
  }

  async restart(): Promise<void> {
    // the kubelet's CrashLoopBackOff: 10 s, doubling, at most 5 min
    const delay = Math.min(10_000 * 2 ** this.restarts, 300_000);
    this.restarts++;
    await sleep(delay);
    if (!this.stopping) this.start();
  }

  /** SIGTERM, then SIGKILL when the grace period is over (what a pod's deletion or a failed liveness probe does). */
  async kill(graceSeconds: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceSeconds * 1000);
    await exited;
    clearTimeout(timer);
  }

  async stop(graceSeconds: number): Promise<void> {
    this.stopping = true;
    await this.kill(graceSeconds);
  }

  /** Runs one probe; true on success. */
  async probe(probe: Probe): Promise<boolean> {
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    const port = (value: number | string | undefined) => (typeof value === "number" ? value : this.spec.ports[value ?? ""]);
    try {
      if (probe.httpGet) {
        const { path = "/", scheme = "HTTP" } = probe.httpGet;
        const response = await fetch(`${scheme.toLowerCase()}://${this.context.podIp}:${port(probe.httpGet.port)}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer();
        return response.status >= 200 && response.status < 400;
      }
      if (probe.tcpSocket) {
        return await new Promise<boolean>((resolve) => {
          const socket = connect({ host: this.context.podIp, port: port(probe.tcpSocket!.port)! });
          socket.setTimeout(timeoutMs, () => (socket.destroy(), resolve(false)));
          socket.once("connect", () => (socket.end(), resolve(true)));
          socket.once("error", () => resolve(false));
        });
      }
      if (probe.exec?.command && this.child?.pid) {
        // inside the container: its mounts, its network, its user and its environment
        const user = this.spec.runAsUser;
        const argv = [...probe.exec.command];
        argv[0] = resolveProgram(argv[0]!, this.runtime.path);
        // the child is `ip netns exec`, which execs sh, which execs the container's process: one pid
        const nsenter = ["--target", String(this.child.pid), "--mount", "--net", ...(user === undefined ? [] : ["--setuid", String(user), "--setgid", String(this.spec.runAsGroup ?? user)]), "--", ...argv];
        return await new Promise<boolean>((resolve) => {
          const check = spawn(NSENTER, nsenter, { env: this.env, stdio: "ignore" });
          const timer = setTimeout(() => (check.kill("SIGKILL"), resolve(false)), timeoutMs);
          check.once("exit", (code) => (clearTimeout(timer), resolve(code === 0)));
        });
      }
    } catch {
      return false;
    }
    return false;
  }

  /** The kubelet's probe loops for this container, one set per run of its process, until it is stopped. */
  async watch(): Promise<void> {
    const { startup, readiness, liveness } = this.spec.probes;
    while (!this.stopping) {
      const generation = this.generation;
      const current = () => !this.stopping && this.generation === generation;
      // probes every period while this run of the process lasts; `onResult` returning true ends the loop
      const loop = async (probe: Probe, onResult: (ok: boolean, failures: number, successes: number) => boolean | void | Promise<boolean | void>) => {
        await sleep((probe.initialDelaySeconds ?? 0) * 1000);
        for (let failures = 0, successes = 0; current(); await sleep((probe.periodSeconds ?? 10) * 1000)) {
          const ok = this.exitCode === null && (await this.probe(probe));
          if (!current()) return;
          failures = ok ? 0 : failures + 1;
          successes = ok ? successes + 1 : 0;
          if (await onResult(ok, failures, successes)) return;
        }
      };
      const restartOnFailure = async (what: string) => {
        this.context.log(`${this.pod.name}/${this.spec.name} failed its ${what} probe: restarting`);
        await this.kill(this.pod.terminationGracePeriodSeconds);
      };

      let startupFailed = false;
      if (startup) {
        await loop(startup, (ok, failures) => {
          if (!ok && failures >= (startup.failureThreshold ?? 3)) startupFailed = true;
          return ok || startupFailed;
        });
      }
      if (startupFailed && current()) await restartOnFailure("startup");
      else if (current()) {
        this.started = true;
        if (!readiness) this.ready = this.exitCode === null;
        await Promise.all([
          readiness &&
            loop(readiness, (ok, failures, successes) => {
              if (ok && successes >= (readiness.successThreshold ?? 1)) this.ready = true;
              if (!ok && failures >= (readiness.failureThreshold ?? 3)) this.ready = false;
            }),
          liveness &&
            loop(liveness, async (ok, failures) => {
              if (ok || failures < (liveness.failureThreshold ?? 3)) return false;
              await restartOnFailure("liveness");
              return true;
            }),
        ]);
      }
      // the process exited or was killed: the next run (after the back-off) gets probes of its own
      while (current()) await sleep(100);
    }
  }
}

export class RunningPod {
  readonly containers: ContainerProcess[];

  constructor(readonly plan: PodPlan, readonly context: PodContext) {
    this.containers = plan.containers.map((container) => new ContainerProcess(plan, container, context));
  }

  get ready(): boolean {
    return this.containers.every((c) => c.ready);
  }

  /** Starts every container (init containers first, one by one, to completion) and watches them. */
  async start(): Promise<void> {
    for (const spec of this.plan.initContainers) {
      const init = new ContainerProcess(this.plan, spec, this.context);
      init.start();
      await new Promise((resolve) => init.child!.once("exit", resolve));
      if (init.exitCode !== 0) throw new Error(`${this.plan.name}: init container ${spec.name} failed:\n${init.logs()}`);
    }
    for (const container of this.containers) {
      container.start();
      if (!this.plan.test) void container.watch();
    }
  }

  /** For a helm test pod: waits until its containers exit; true when all exited 0. */
  async completed(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.containers.some((c) => c.exitCode === null)) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return this.containers.every((c) => c.exitCode === 0);
  }

  /** Kills a container's process outright (a crash, an OOM kill): the kubelet restarts it with its back-off. */
  crash(container: string): void {
    const target = this.containers.find((c) => c.spec.name === container);
    if (!target?.child) throw new Error(`${this.plan.name} has no running container ${container}`);
    target.child.kill("SIGKILL");
  }

  logs(): string {
    return this.containers.map((c) => `--- ${this.plan.name}/${c.spec.name} (restarts ${c.restarts}, started ${c.started}, ready ${c.ready})\n${c.logs()}`).join("\n");
  }

  async stop(): Promise<void> {
    await Promise.all(this.containers.map((c) => c.stop(this.plan.terminationGracePeriodSeconds)));
  }
}
