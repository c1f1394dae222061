// An Argo CD Application that installs the chart from its chart repository with the production
// values inline (`valuesObject`), so the values live in Git as typed code and reach the cluster
// without a values file. Argo CD renders it with `helm template`, which this chart keeps stable.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1";
import production from "../production/values.ts";

export default new Application({
  metadata: {
    name: "blog-platform",
    namespace: "argocd",
    finalizers: ["resources-finalizer.argocd.argoproj.io"],
  },
  spec: {
    project: "default",
    source: {
      repoURL: "https://blog-platform.github.io/blog-platform",
      chart: "blog-platform",
      targetRevision: "0.1.0",
      helm: {
        releaseName: "blog",
        valuesObject: production as Record<string, unknown>,
      },
    },
    destination: { server: "https://kubernetes.default.svc", namespace: "blog" },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
    },
  },
});
