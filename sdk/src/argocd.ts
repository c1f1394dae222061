// An Argo CD Application that installs the chart with values built in code. Argo CD renders it with
// `helm template` (argoHelmTemplateArgs says how), which this chart keeps deterministic.
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { Values } from "./define.ts";
import { currentVersion } from "./migrations.ts";
import { toYaml } from "./yaml.ts";

// The fields of Argo CD's Application (argoproj.io/v1alpha1) this SDK sets, written out here: Argo
// CD publishes no types-only package, and @kubernetes-models/argo-cd is a 2 MB runtime library.
// The cluster tests check what argoApplication() makes against Argo CD's own CRD, strictly.

export interface ArgoHelmSource {
  releaseName: string;
  /** The helm Argo CD runs; `v3`, the only one it offers. */
  version: "v3";
  /** The values as an object: a `null` in them deletes a chart default, as in a values file. */
  valuesObject?: Record<string, unknown>;
  /** The values as a YAML string (`valuesAs: "yaml"`). */
  values?: string;
}

export interface ArgoApplication {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Application";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: {
    project: string;
    source: { repoURL: string; chart: string; targetRevision: string; helm: ArgoHelmSource };
    destination: { server?: string; name?: string; namespace: string };
    syncPolicy?: {
      automated?: { prune?: boolean; selfHeal?: boolean };
      syncOptions?: string[];
    };
  };
}

export interface ArgoApplicationOptions {
  /** The Application's name; default `blog-platform`. */
  name?: string;
  /** Where Argo CD watches Applications; default `argocd`. */
  namespace?: string;
  /** Default `default`. */
  project?: string;
  /** The chart repository; default the project's, https://blog-platform.github.io/blog-platform. */
  repoURL?: string;
  /** Default the version of the chart this SDK ships (`currentVersion`). */
  targetRevision?: string;
  /** The helm release; default `blog`. */
  releaseName?: string;
  /** The cluster and namespace to install into; default the cluster Argo CD runs in, namespace `blog`. */
  destination?: { server?: string; name?: string; namespace: string };
  /** Default: automated, with prune and self-heal, creating the namespace, server-side apply. */
  syncPolicy?: ArgoApplication["spec"]["syncPolicy"];
  /**
   * `object` (default) puts the values in `helm.valuesObject`; `yaml` puts them in `helm.values` as
   * a YAML string, for an Argo CD that drops the `null`s of a valuesObject (argo-cd#16312).
   */
  valuesAs?: "object" | "yaml";
}

/** A typed Argo CD Application installing the chart with `values`, their `null`s kept. */
export function argoApplication(values: Values, options: ArgoApplicationOptions = {}): ArgoApplication {
  const valuesObject = structuredClone(values) as Record<string, unknown>;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: options.name ?? "blog-platform", namespace: options.namespace ?? "argocd", finalizers: ["resources-finalizer.argocd.argoproj.io"] },
    spec: {
      project: options.project ?? "default",
      source: {
        repoURL: options.repoURL ?? "https://blog-platform.github.io/blog-platform",
        chart: "blog-platform",
        targetRevision: options.targetRevision ?? currentVersion,
        helm: {
          releaseName: options.releaseName ?? "blog",
          version: "v3",
          ...(options.valuesAs === "yaml" ? { values: toYaml(valuesObject) } : { valuesObject }),
        },
      },
      destination: options.destination ?? { server: "https://kubernetes.default.svc", namespace: "blog" },
      syncPolicy: options.syncPolicy ?? { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true", "ServerSideApply=true"] },
    },
  };
}

/**
 * The arguments after `helm template <chart>` that Argo CD's repo server runs for `application`, in
 * the order argo-cd v3.1.8's util/helm/cmd.go builds them, with its values written to `valuesFile`
 * and the target cluster's version and APIs.
 */
export function argoHelmTemplateArgs(application: ArgoApplication, valuesFile: string, cluster: { kubeVersion: string; apiVersions?: readonly string[] }): string[] {
  return [
    "--name-template", application.spec.source.helm.releaseName,
    "--namespace", application.spec.destination.namespace,
    "--kube-version", cluster.kubeVersion,
    "--values", valuesFile,
    ...(cluster.apiVersions ?? []).flatMap((api) => ["--api-versions", api]),
    "--include-crds",
  ];
}
