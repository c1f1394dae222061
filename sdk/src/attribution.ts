// Which values path a policy finding comes from. The chart copies each component's sections into
// its objects whole (`toYaml .Values.resources`), so the section behind a rendered field is the one
// under the object's component (its app.kubernetes.io/component label) that holds the same content;
// among sections of one name (postgres.resources and postgres.serviceRoles.resources) the content,
// then the container's name, decides. Written here because no library maps rendered manifests back
// to Helm values.
import type { KubernetesObject } from "./manifests.ts";
import { isTable } from "./merge.ts";
import { formatPath, parsePath, valueAtPath, type PathSegment } from "./path.ts";
import type { PolicyFinding } from "./policies.ts";

type Json = any; // rendered objects and values are walked by the paths the findings give
type Table = Record<string, unknown>;

const PROBE_KEYS: Record<string, string> = { livenessProbe: "liveness", readinessProbe: "readiness", startupProbe: "startup" };

/**
 * The values path a finding comes from, in the `values` Helm rendered with (the chart defaults
 * included), or undefined when no value sets that field (the chart fixes it, or another component).
 */
export function valuesPathOf(finding: PolicyFinding, objects: readonly KubernetesObject[], values: Table): string | undefined {
  const object = objects.find((o) => o.kind === finding.kind && o.metadata?.name === finding.name);
  const component = object?.metadata?.labels?.["app.kubernetes.io/component"];
  const root = component === undefined ? undefined : values[component];
  if (!object || !component || !isTable(root)) return undefined;
  const at = (segments: readonly PathSegment[]) => formatPath([component, ...segments]);
  const field = parsePath(finding.field);
  const containerAt = field.findIndex((s) => s === "containers" || s === "initContainers");
  const container = containerAt < 0 ? undefined : valueAt(object, field.slice(0, containerAt + 2));
  const pod = valueAt(object, containerAt < 0 ? podPathOf(field) : field.slice(0, containerAt));
  const rest = field.slice(containerAt + 3); // after containers[i].<field>

  const within = (sectionPath: PathSegment[] | undefined, below: readonly PathSegment[]) => sectionPath && at([...sectionPath, ...below]);
  const find = (key: string, owner: string | undefined, rendered: unknown, matches?: (candidate: unknown) => boolean) => section(root, component, key, owner, rendered, matches);

  switch (finding.policy) {
    case "pod-security": {
      if (container && field[containerAt + 2] === "securityContext") return within(find("containerSecurityContext", container.name, container.securityContext), rest) ?? leaf(root, field, object, at);
      const podField = field.indexOf("securityContext");
      if (podField >= 0) return within(find("podSecurityContext", component, pod?.securityContext), field.slice(podField + 1)) ?? leaf(root, field, object, at);
      const volumes = field.indexOf("volumes");
      if (volumes >= 0) {
        const volume = valueAt(object, field.slice(0, volumes + 2));
        const index = Array.isArray(root.extraVolumes) ? root.extraVolumes.findIndex((v: Json) => v?.name === volume?.name) : -1;
        return index < 0 ? undefined : at(["extraVolumes", index, ...field.slice(volumes + 2)]);
      }
      return undefined; // host namespaces: no value sets them
    }
    case "probes": {
      const rendered = Object.fromEntries(Object.entries(PROBE_KEYS).map(([probe, name]) => [name, container?.[probe]]));
      return within(find("probes", container?.name, rendered), [PROBE_KEYS[String(field[containerAt + 2])]!]);
    }
    case "resources":
      return within(find("resources", container?.name, container?.resources), rest);
    case "pinned-images": {
      const image = find("image", container?.name, undefined, (candidate) => imageMatches(candidate, String(container?.image ?? "")));
      // a `latest` tag is the fault even beside a digest; otherwise the digest, when set, pins the image
      const tag = image && valueAt(root, [...image, "tag"]);
      return within(image, [image && tag !== "latest" && valueAt(root, [...image, "digest"]) ? "digest" : "tag"]);
    }
    case "network-policy":
      return valueAt(root, ["networkPolicy", "enabled"]) === false ? at(["networkPolicy", "enabled"]) : undefined;
    case "secret-data": {
      const text = valueAt(object, field);
      const found = stringLeaf(root, (value) => value === text);
      return found && at(found);
    }
    case "disruption-budget":
      return isTable(root.pdb) ? at(["pdb", field.at(-1)!]) : undefined;
    case "stable-selectors":
      return undefined; // selectors hold the chart's own labels only
  }
}

/** `spec.template.spec` of a pod-level field. */
function podPathOf(field: readonly PathSegment[]): PathSegment[] {
  return field[0] === "spec" && field[1] === "template" ? ["spec", "template", "spec"] : ["spec"];
}

/**
 * The path, below the component, of the section named `key` that the chart copied into the field:
 * the one whose content equals what was rendered (or passes `matches`), then the one under a key
 * named like the container (`serviceRoles` for `service-roles`; the component's own sections for
 * the container named after it), then the shallowest.
 */
function section(root: Table, component: string, key: string, container: string | undefined, rendered: unknown, matches?: (candidate: unknown) => boolean): PathSegment[] | undefined {
  const candidates: { path: PathSegment[]; score: number }[] = [];
  const visit = (node: Table, path: PathSegment[]) => {
    if (key in node) {
      const same = matches ? matches(node[key]) : sameContent(node[key], rendered);
      const owner = path.length === 0 ? component : kebab(String(path.at(-1)));
      candidates.push({ path: [...path, key], score: (same ? 2 : 0) + (owner === container ? 1 : 0) });
    }
    for (const [child, value] of Object.entries(node)) if (isTable(value) && child !== key) visit(value, [...path, child]);
  };
  visit(root, []);
  const best = candidates.sort((a, b) => b.score - a.score || a.path.length - b.path.length)[0];
  if (best && best.score > 0) return best.path;
  // none holds what was rendered, and none is the container's: a section named after the container
  // without the key (`redis.metrics` whose `resources` was deleted with null) is where it belongs
  const own = container === undefined ? undefined : tableNamed(root, container);
  return own ? [...own, key] : undefined;
}

/** The path of the table under `root` whose key, kebab-cased, is `name` (`serviceRoles` for `service-roles`). */
function tableNamed(root: Table, name: string, path: PathSegment[] = []): PathSegment[] | undefined {
  for (const [key, value] of Object.entries(root)) {
    if (!isTable(value)) continue;
    if (kebab(key) === name) return [...path, key];
    const found = tableNamed(value, name, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** The first string value under `node` that passes `test`, as a path. */
function stringLeaf(node: unknown, test: (value: string) => boolean, path: PathSegment[] = []): PathSegment[] | undefined {
  if (typeof node === "string") return test(node) ? path : undefined;
  const entries: [PathSegment, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : isTable(node) ? Object.entries(node) : [];
  for (const [key, value] of entries) {
    const found = stringLeaf(value, test, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** A field the chart fills from a plain value of the same name (`tests.runAsUser`): that value, when it holds what was rendered. */
function leaf(root: Table, field: readonly PathSegment[], object: KubernetesObject, at: (segments: readonly PathSegment[]) => string): string | undefined {
  const name = field.at(-1);
  const rendered = valueAt(object, field);
  return typeof name === "string" && name in root && sameContent(root[name], rendered) ? at([name]) : undefined;
}

function imageMatches(candidate: unknown, image: string): boolean {
  if (!isTable(candidate) || typeof candidate.repository !== "string") return false;
  const tag = typeof candidate.tag === "string" && candidate.tag ? `:${candidate.tag}` : "";
  return image.includes(`${candidate.repository}${tag}`);
}

const valueAt = (node: unknown, segments: readonly PathSegment[]): Json => valueAtPath(node, segments);

/** Equal as YAML content: key order aside, and a null or missing key alike. */
function sameContent(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? undefined) === (b ?? undefined);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameContent(x, b[i]));
  if (isTable(a) && isTable(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameContent(a[k], b[k]));
  }
  return a === b;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
