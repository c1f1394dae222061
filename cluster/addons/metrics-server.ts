// metrics-server, so that HPAs act: the manifests of its own module (manifests/base, with the
// base's one kustomize transformation, commonLabels, applied here) with these changes:
// - our image (nothing can be pulled);
// - the kubelets' serving certificates are checked against the cluster CA (kube-root-ca.crt, which
//   signed them: cluster/pki.ts) instead of being taken on trust;
// - a smaller CPU request (20m for 100m): the node has two CPUs, and one release requests 1.65.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { moduleDir } from "../go-modules.ts";
import { goTools } from "../versions.ts";
import { addonImages } from "../images/catalog.ts";

const commonLabels = { "k8s-app": "metrics-server" };

export async function metricsServerObjects(): Promise<object[]> {
  const tool = goTools["metrics-server"];
  const base = join(await moduleDir(tool.module, tool.version), "manifests/base");
  const files = ["apiservice.yaml", "deployment.yaml", "rbac.yaml", "service.yaml"];
  const objects = files.flatMap((file) => parseAllDocuments(readFileSync(join(base, file), "utf8")).map((d) => d.toJS() as any)).filter((o) => o !== null);
  for (const o of objects) {
    o.metadata.labels = { ...o.metadata.labels, ...commonLabels };
    if (o.kind === "Service") o.spec.selector = { ...o.spec.selector, ...commonLabels };
    if (o.kind !== "Deployment") continue;
    o.spec.selector = { matchLabels: { ...o.spec.selector?.matchLabels, ...commonLabels } };
    o.spec.template.metadata = { ...o.spec.template.metadata, labels: { ...o.spec.template.metadata?.labels, ...commonLabels } };
    const pod = o.spec.template.spec;
    pod.volumes.push({ name: "cluster-ca", configMap: { name: "kube-root-ca.crt" } });
    const [container] = pod.containers;
    Object.assign(container, { image: addonImages["metrics-server"], imagePullPolicy: "Never" });
    container.args.push("--kubelet-certificate-authority=/etc/cluster-ca/ca.crt");
    container.volumeMounts.push({ name: "cluster-ca", mountPath: "/etc/cluster-ca", readOnly: true });
    container.resources.requests.cpu = "20m";
  }
  return objects;
}
