// What the kubelet would run, worked out from rendered manifests alone: each Deployment,
// StatefulSet and (helm test) Pod becomes a pod plan whose containers carry their resolved
// environment (envFrom, env with configMapKeyRef/secretKeyRef, `$(VAR)` references), the files of
// their ConfigMap and Secret volume mounts, their directories (emptyDir, volumeClaimTemplates),
// command, args, ports and probes. Nothing is filled in from elsewhere: a name or key the manifests
// do not have fails the plan with the message the kubelet would give (CreateContainerConfigError).
// Hand-written because no library resolves a pod spec outside a cluster; kubernetes-types types it.
import type { Container, PodSpec, Probe, Service } from "kubernetes-types/core/v1.js";
import type { KubernetesObject } from "../sdk/src/manifests.ts";

export class PlanError extends Error {
  override name = "PlanError";
}

export interface FileMount {
  /** Absolute path in the container. */
  path: string;
  content: Buffer;
  mode: number;
}

export interface DirMount {
  path: string;
  /** What backs it: `emptyDir/<volume>` (gone with the pod) or `pvc/<claim>` (kept across restarts). */
  volume: string;
}

export interface ContainerPlan {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  files: FileMount[];
  dirs: DirMount[];
  ports: Record<string, number>;
  probes: { startup?: Probe; readiness?: Probe; liveness?: Probe };
  workingDir?: string;
  runAsUser?: number;
  runAsGroup?: number;
}

export interface PodPlan {
  /** e.g. `blog-auth-0`: the workload's name and the replica's ordinal. */
  name: string;
  owner: { kind: string; name: string };
  labels: Record<string, string>;
  /** helm test hooks run once, after the install is ready. */
  test: boolean;
  initContainers: ContainerPlan[];
  containers: ContainerPlan[];
  terminationGracePeriodSeconds: number;
  /** The group that owns the pod's volumes and can read its Secret files. */
  fsGroup?: number;
}

export interface ServicePlan {
  name: string;
  /** Service port → the pod port it targets (a number, or the name of a container port). */
  ports: Array<{ port: number; targetPort: number | string; name?: string }>;
  /** The pods it selects. */
  pods: string[];
}

export interface ClusterPlan {
  pods: PodPlan[];
  services: ServicePlan[];
}

type Store = Map<string, Record<string, Buffer>>;

/** ConfigMaps and Secrets by name, values as bytes (Secret `data` is base64, `stringData` plain). */
function stores(objects: readonly KubernetesObject[]): { configMaps: Store; secrets: Store } {
  const configMaps: Store = new Map();
  const secrets: Store = new Map();
  for (const object of objects) {
    const name = object.metadata?.name ?? "";
    if (object.kind === "ConfigMap") {
      const data = (object.data ?? {}) as Record<string, string>;
      const binary = (object.binaryData ?? {}) as Record<string, string>;
      configMaps.set(name, { ...mapValues(data, (v) => Buffer.from(v)), ...mapValues(binary, (v) => Buffer.from(v, "base64")) });
    }
    if (object.kind === "Secret") {
      const data = (object.data ?? {}) as Record<string, string>;
      const plain = (object.stringData ?? {}) as Record<string, string>;
      secrets.set(name, { ...mapValues(data, (v) => Buffer.from(v, "base64")), ...mapValues(plain, (v) => Buffer.from(v)) });
    }
  }
  return { configMaps, secrets };
}

const mapValues = <T, U>(record: Record<string, T>, f: (v: T) => U): Record<string, U> => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** Kubernetes' `$(VAR)` expansion: defined variables are replaced, `$$` escapes, anything else stays as written. */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => (name === undefined ? "$" : (env[name] ?? match)));
}

function lookup(store: Store, kind: string, name: string, key: string | undefined, where: string, optional = false): Record<string, Buffer> | Buffer | undefined {
  const entries = store.get(name);
  if (!entries) {
    if (optional) return undefined;
    throw new PlanError(`${where}: ${kind.toLowerCase()} "${name}" not found`);
  }
  if (key === undefined) return entries;
  const value = entries[key];
  if (value === undefined && !optional) throw new PlanError(`${where}: couldn't find key ${key} in ${kind} ${name}`);
  return value;
}

function planContainer(container: Container, spec: PodSpec, pod: string, claims: ReadonlySet<string>, s: ReturnType<typeof stores>): ContainerPlan {
  const where = `pod ${pod}, container ${container.name}`;
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const [store, kind, ref] = source.configMapRef ? [s.configMaps, "ConfigMap", source.configMapRef] : [s.secrets, "Secret", source.secretRef!];
    const entries = lookup(store, kind, ref.name ?? "", undefined, where, ref.optional) as Record<string, Buffer> | undefined;
    for (const [key, value] of Object.entries(entries ?? {})) env[`${source.prefix ?? ""}${key}`] = value.toString();
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) env[variable.name] = expand(variable.value ?? "", env);
    else if (from.configMapKeyRef || from.secretKeyRef) {
      const [store, kind, ref] = from.configMapKeyRef ? [s.configMaps, "ConfigMap", from.configMapKeyRef] : [s.secrets, "Secret", from.secretKeyRef!];
      const value = lookup(store, kind, ref.name ?? "", ref.key, `${where}, env ${variable.name}`, ref.optional) as Buffer | undefined;
      if (value !== undefined) env[variable.name] = value.toString();
    } else throw new PlanError(`${where}, env ${variable.name}: only configMapKeyRef and secretKeyRef are supported here`);
  }

  const files: FileMount[] = [];
  const dirs: DirMount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = spec.volumes?.find((v) => v.name === mount.name);
    const mountWhere = `${where}, volume mount ${mount.name} at ${mount.mountPath}`;
    if (!volume) {
      if (claims.has(mount.name)) dirs.push({ path: mount.mountPath, volume: `pvc/${mount.name}-${pod}` });
      else throw new PlanError(`${mountWhere}: no volume named ${mount.name}`);
      continue;
    }
    if (volume.emptyDir) dirs.push({ path: mount.mountPath, volume: `emptyDir/${volume.name}` });
    else if (volume.persistentVolumeClaim) dirs.push({ path: mount.mountPath, volume: `pvc/${volume.persistentVolumeClaim.claimName}` });
    else if (volume.configMap || volume.secret) {
      const [store, kind, name, items, mode, optional] = volume.configMap
        ? [s.configMaps, "ConfigMap", volume.configMap.name ?? "", volume.configMap.items, volume.configMap.defaultMode, volume.configMap.optional]
        : [s.secrets, "Secret", volume.secret!.secretName ?? "", volume.secret!.items, volume.secret!.defaultMode, volume.secret!.optional];
      const entries = (lookup(store, kind, name, undefined, mountWhere, optional) as Record<string, Buffer> | undefined) ?? {};
      // the volume's files: the listed items (each key must exist), or every key
      const projected = items
        ? items.map((item) => {
            const content = entries[item.key];
            if (content === undefined) throw new PlanError(`${mountWhere}: couldn't find key ${item.key} in ${kind} ${name}`);
            return { relative: item.path, content, mode: item.mode ?? mode ?? 0o644 };
          })
        : Object.entries(entries).map(([key, content]) => ({ relative: key, content, mode: mode ?? 0o644 }));
      if (mount.subPath) {
        const file = projected.find((f) => f.relative === mount.subPath);
        if (!file) throw new PlanError(`${mountWhere}: subPath ${mount.subPath} is not in ${kind} ${name}`);
        files.push({ path: mount.mountPath, content: file.content, mode: file.mode });
      } else for (const file of projected) files.push({ path: `${mount.mountPath.replace(/\/$/, "")}/${file.relative}`, content: file.content, mode: file.mode });
    } else throw new PlanError(`${mountWhere}: volume type ${Object.keys(volume).filter((k) => k !== "name").join()} is not supported here`);
  }

  return {
    name: container.name,
    image: container.image ?? "",
    ...(container.command ? { command: container.command.map((c) => expand(c, env)) } : {}),
    ...(container.args ? { args: container.args.map((a) => expand(a, env)) } : {}),
    env,
    files,
    dirs,
    ports: Object.fromEntries((container.ports ?? []).map((p, i) => [p.name ?? `port-${i}`, p.containerPort])),
    probes: {
      ...(container.startupProbe ? { startup: container.startupProbe } : {}),
      ...(container.readinessProbe ? { readiness: container.readinessProbe } : {}),
      ...(container.livenessProbe ? { liveness: container.livenessProbe } : {}),
    },
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    ...((container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser) !== undefined ? { runAsUser: container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser } : {}),
    ...((container.securityContext?.runAsGroup ?? spec.securityContext?.runAsGroup) !== undefined ? { runAsGroup: container.securityContext?.runAsGroup ?? spec.securityContext?.runAsGroup } : {}),
  };
}

/**
 * The pods and Services of rendered manifests (plus objects that exist before the install, such as
 * the Secrets an `existingSecret` names). One pod per workload: enough replicas to prove the wiring.
 */
export function planCluster(objects: readonly KubernetesObject[]): ClusterPlan {
  const s = stores(objects);
  const pods: PodPlan[] = [];
  for (const object of objects) {
    const isTest = object.kind === "Pod" && Object.hasOwn(object.metadata?.annotations ?? {}, "helm.sh/hook");
    if (!["Deployment", "StatefulSet"].includes(object.kind) && !isTest) continue;
    const owner = { kind: object.kind, name: object.metadata?.name ?? "" };
    const template = isTest ? { metadata: object.metadata, spec: object.spec as PodSpec } : ((object.spec as { template: { metadata?: KubernetesObject["metadata"]; spec: PodSpec } }).template);
    const claims = new Set(((object.spec as { volumeClaimTemplates?: Array<{ metadata?: { name?: string } }> }).volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? ""));
    const name = isTest ? owner.name : `${owner.name}-0`;
    const spec = template.spec;
    pods.push({
      name,
      owner,
      labels: (template.metadata?.labels ?? {}) as Record<string, string>,
      test: isTest,
      initContainers: (spec.initContainers ?? []).map((c) => planContainer(c, spec, name, claims, s)),
      containers: spec.containers.map((c) => planContainer(c, spec, name, claims, s)),
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
      ...(spec.securityContext?.fsGroup !== undefined ? { fsGroup: spec.securityContext.fsGroup } : {}),
    });
  }
  const services = objects
    .filter((o) => o.kind === "Service")
    .map((o) => {
      const service = o as unknown as Service;
      const selector = service.spec?.selector ?? {};
      const selected = pods.filter((pod) => !pod.test && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => pod.labels[k] === v));
      return {
        name: service.metadata?.name ?? "",
        ports: (service.spec?.ports ?? []).map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port, ...(p.name ? { name: p.name } : {}) })),
        pods: selected.map((pod) => pod.name),
      };
    });
  return { pods, services };
}
