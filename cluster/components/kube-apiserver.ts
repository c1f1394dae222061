// kube-apiserver: Node and RBAC authorization, NodeRestriction, Pod Security Admission enforcing
// "restricted" on every namespace but the cluster's own (kube-system, local-path-storage), the
// aggregation layer (metrics-server), and service-account tokens signed with the cluster's key.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bin, clusterDir } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { httpOk } from "../probe.ts";
import { network } from "../network-plan.ts";
import type { Pki } from "../pki.ts";
import { etcdUrl } from "./etcd.ts";

/** Namespaces that Pod Security Admission leaves alone: the cluster's add-ons run there. */
export const podSecurityExemptNamespaces = ["kube-system", "local-path-storage"];

function admissionConfig(): string {
  const file = join(clusterDir, "admission.yaml");
  const level = "restricted";
  writeFileSync(
    file,
    stringify({
      apiVersion: "apiserver.config.k8s.io/v1",
      kind: "AdmissionConfiguration",
      plugins: [
        {
          name: "PodSecurity",
          configuration: {
            apiVersion: "pod-security.admission.config.k8s.io/v1",
            kind: "PodSecurityConfiguration",
            defaults: { enforce: level, "enforce-version": "latest", audit: level, "audit-version": "latest", warn: level, "warn-version": "latest" },
            exemptions: { usernames: [], runtimeClasses: [], namespaces: podSecurityExemptNamespaces },
          },
        },
      ],
    }),
  );
  return file;
}

export async function startApiserver(pki: Pki): Promise<void> {
  const daemon = startDaemon("kube-apiserver", bin("kube-apiserver"), [
    `--advertise-address=${network.controlPlaneIp}`,
    "--bind-address=0.0.0.0",
    `--secure-port=${network.apiserverPort}`,
    `--etcd-servers=${etcdUrl}`,
    `--client-ca-file=${pki.ca.cert}`,
    `--tls-cert-file=${pki.apiserver.cert}`,
    `--tls-private-key-file=${pki.apiserver.key}`,
    `--kubelet-client-certificate=${pki.apiserverKubeletClient.cert}`,
    `--kubelet-client-key=${pki.apiserverKubeletClient.key}`,
    `--kubelet-certificate-authority=${pki.ca.cert}`,
    "--kubelet-preferred-address-types=InternalIP",
    `--service-account-issuer=https://kubernetes.default.svc.${network.clusterDomain}`,
    `--service-account-key-file=${pki.serviceAccount.pub}`,
    `--service-account-signing-key-file=${pki.serviceAccount.key}`,
    `--service-cluster-ip-range=${network.serviceSubnet}`,
    "--authorization-mode=Node,RBAC",
    "--enable-admission-plugins=NodeRestriction",
    `--admission-control-config-file=${admissionConfig()}`,
    // the aggregation layer, for metrics-server's metrics.k8s.io
    `--requestheader-client-ca-file=${pki.frontProxyCa.cert}`,
    "--requestheader-allowed-names=front-proxy-client",
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-username-headers=X-Remote-User",
    `--proxy-client-cert-file=${pki.frontProxyClient.cert}`,
    `--proxy-client-key-file=${pki.frontProxyClient.key}`,
    "--allow-privileged=true",
    "--profiling=false",
    "--v=1",
  ]);
  await waitUntilReady(daemon, () => httpOk(`https://127.0.0.1:${network.apiserverPort}/readyz`, { ca: pki.ca.cert, client: pki.admin }), 120);
}
