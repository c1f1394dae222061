// Rendered Kubernetes objects with typed accessors by kind and by component.
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { ConfigMap, Secret, Service, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { Ingress, NetworkPolicy } from "kubernetes-types/networking/v1.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import { parseDocument, splitManifests, type KubernetesObject, type ManifestDocument, type RenderedObject } from "./manifest-text.ts";

export type { KubernetesObject, RenderedObject } from "./manifest-text.ts";

/** The kinds with a typed accessor; `byKind` returns these types for them. */
export interface KindMap {
  Deployment: Deployment;
  StatefulSet: StatefulSet;
  Service: Service;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Ingress: Ingress;
  NetworkPolicy: NetworkPolicy;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  PodDisruptionBudget: PodDisruptionBudget;
  ServiceAccount: ServiceAccount;
}

type ObjectOf<K extends string> = K extends keyof KindMap ? KindMap[K] : KubernetesObject;

/**
 * The objects of one render, parsed when first read: `all` parses every document, the typed accessors
 * only those of their kind (a document whose kind no plain line names is parsed to find out). Each
 * object is parsed once, so `all` and the accessors hand out the same objects. A document helm printed
 * that is not YAML throws `YamlError` where it is read.
 */
export class Manifests {
  /** What helm printed on stderr while succeeding (e.g. coalescing warnings). */
  readonly warnings: readonly string[];
  /** The manifests exactly as helm printed them, for `kubectl apply -f` or a diff. */
  readonly text: string;
  readonly #documents: readonly ManifestDocument[];
  readonly #parsed = new Map<ManifestDocument, readonly RenderedObject[]>();

  constructor(text: string, warnings: readonly string[] = []) {
    this.text = text;
    this.warnings = warnings;
    this.#documents = splitManifests(text);
  }

  /** Every object, in helm's order, with the template it came from. */
  get all(): readonly RenderedObject[] {
    return this.#documents.flatMap((document) => this.#objectsOf(document));
  }

  /** Objects of `kind`, optionally only those labelled `app.kubernetes.io/component: <component>`. */
  byKind<K extends string>(kind: K, component?: string): ObjectOf<K>[] {
    return this.#documents
      .filter((document) => document.kind === undefined || document.kind === kind)
      .flatMap((document) => this.#objectsOf(document))
      .map((r) => r.object)
      .filter((o) => o.kind === kind && (component === undefined || o.metadata?.labels?.["app.kubernetes.io/component"] === component))
      .map((o) => o as unknown as ObjectOf<K>); // the kind was checked; helm rendered what the chart says
  }

  #objectsOf(document: ManifestDocument): readonly RenderedObject[] {
    let objects = this.#parsed.get(document);
    if (!objects) this.#parsed.set(document, (objects = parseDocument(document)));
    return objects;
  }

  deployments(component?: string): Deployment[] {
    return this.byKind("Deployment", component);
  }
  statefulSets(component?: string): StatefulSet[] {
    return this.byKind("StatefulSet", component);
  }
  services(component?: string): Service[] {
    return this.byKind("Service", component);
  }
  configMaps(component?: string): ConfigMap[] {
    return this.byKind("ConfigMap", component);
  }
  secrets(component?: string): Secret[] {
    return this.byKind("Secret", component);
  }
  ingresses(component?: string): Ingress[] {
    return this.byKind("Ingress", component);
  }
  networkPolicies(component?: string): NetworkPolicy[] {
    return this.byKind("NetworkPolicy", component);
  }
  hpas(component?: string): HorizontalPodAutoscaler[] {
    return this.byKind("HorizontalPodAutoscaler", component);
  }
  pdbs(component?: string): PodDisruptionBudget[] {
    return this.byKind("PodDisruptionBudget", component);
  }
  serviceAccounts(component?: string): ServiceAccount[] {
    return this.byKind("ServiceAccount", component);
  }
}
