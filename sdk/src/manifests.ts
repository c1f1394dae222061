// Rendered Kubernetes objects with typed accessors by kind and by component.
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { ConfigMap, Secret, Service, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { Ingress, NetworkPolicy } from "kubernetes-types/networking/v1.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface RenderedObject {
  object: KubernetesObject;
  /** The template it came from, from helm's `# Source:` comment, e.g. `blog-platform/charts/posts/templates/deployment.yaml`. */
  source: string;
}

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

export class Manifests {
  readonly all: readonly RenderedObject[];
  /** What helm printed on stderr while succeeding (e.g. coalescing warnings). */
  readonly warnings: readonly string[];
  /** The manifests exactly as helm printed them, for `kubectl apply -f` or a diff. */
  readonly text: string;

  constructor(all: readonly RenderedObject[], warnings: readonly string[] = [], text = "") {
    this.all = all;
    this.warnings = warnings;
    this.text = text;
  }

  /** Objects of `kind`, optionally only those labelled `app.kubernetes.io/component: <component>`. */
  byKind<K extends string>(kind: K, component?: string): ObjectOf<K>[] {
    return this.all
      .map((r) => r.object)
      .filter((o) => o.kind === kind && (component === undefined || o.metadata?.labels?.["app.kubernetes.io/component"] === component))
      .map((o) => o as unknown as ObjectOf<K>); // the kind was checked; helm rendered what the chart says
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
