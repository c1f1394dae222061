// An Argo CD Application that installs the chart from its chart repository with the production
// values inline (`valuesObject`), so the values live in Git as typed code and reach the cluster
// without a values file. Argo CD renders it with `helm template`, which this chart keeps stable.
import { argoApplication } from "@blog-platform/sdk";
import production from "../production/values.ts";

export default argoApplication(production, { releaseName: "blog", destination: { server: "https://kubernetes.default.svc", namespace: "blog" } });
