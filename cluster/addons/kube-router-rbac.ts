// What kube-router's firewall may read: the ClusterRole of its own module's manifest
// (daemonset/generic-kuberouter.yaml), bound to the client identity cluster/pki.ts gives it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { moduleDir } from "../go-modules.ts";
import { goTools } from "../versions.ts";

export async function kubeRouterRbacObjects(): Promise<object[]> {
  const tool = goTools["kube-router"];
  const manifest = join(await moduleDir(tool.module, tool.version), "daemonset/generic-kuberouter.yaml");
  const role = parseAllDocuments(readFileSync(manifest, "utf8"))
    .map((d) => d.toJS() as { kind?: string; metadata: { name: string; namespace?: string } } | null)
    .find((o) => o?.kind === "ClusterRole");
  if (!role) throw new Error(`no ClusterRole in ${manifest}`);
  // a ClusterRole has no namespace; the manifest's is ignored by the API server, and dropped here
  const { namespace: _ignored, ...metadata } = role.metadata;
  return [
    { ...role, metadata },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "blog-platform:kube-router" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: metadata.name },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:kube-router" }],
    },
  ];
}
