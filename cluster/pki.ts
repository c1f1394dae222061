// The cluster's certificates and keys, made with openssl as "Kubernetes the hard way" makes them:
// one CA for the cluster, one for the aggregation layer's front proxy, a client certificate per
// component (its CN and O are the user and group RBAC sees), the API server's serving certificate,
// and the service-account signing key. Made once per cluster; `cluster:down` removes them.
import { execa } from "execa";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pkiDir } from "./paths.ts";
import { network } from "./network-plan.ts";

export interface Certificate {
  cert: string;
  key: string;
}

const openssl = (...args: string[]) => execa("openssl", args, { cwd: pkiDir });
const days = "365";

async function newKey(name: string): Promise<string> {
  const key = join(pkiDir, `${name}.key`);
  await openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
  return key;
}

async function authority(name: string, commonName: string): Promise<Certificate> {
  const key = await newKey(name);
  const cert = join(pkiDir, `${name}.crt`);
  await openssl("req", "-x509", "-new", "-key", key, "-subj", `/CN=${commonName}`, "-days", days, "-out", cert, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature");
  return { cert, key };
}

async function signed(ca: Certificate, name: string, subject: { cn: string; o?: string }, usage: "client" | "server" | "both", sans: string[] = []): Promise<Certificate> {
  const key = await newKey(name);
  const csr = join(pkiDir, `${name}.csr`);
  const cert = join(pkiDir, `${name}.crt`);
  const ext = join(pkiDir, `${name}.ext`);
  const extendedUsage = { client: "clientAuth", server: "serverAuth", both: "serverAuth,clientAuth" }[usage];
  writeFileSync(ext, [`basicConstraints=critical,CA:FALSE`, `keyUsage=critical,digitalSignature,keyEncipherment`, `extendedKeyUsage=${extendedUsage}`, ...(sans.length ? [`subjectAltName=${sans.join(",")}`] : [])].join("\n") + "\n");
  await openssl("req", "-new", "-key", key, "-subj", `/CN=${subject.cn}${subject.o ? `/O=${subject.o}` : ""}`, "-out", csr);
  await openssl("x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-days", days, "-extfile", ext, "-out", cert);
  return { cert, key };
}

export interface Pki {
  ca: Certificate;
  frontProxyCa: Certificate;
  apiserver: Certificate;
  apiserverKubeletClient: Certificate;
  frontProxyClient: Certificate;
  admin: Certificate;
  controllerManager: Certificate;
  scheduler: Certificate;
  kubeProxy: Certificate;
  kubeRouter: Certificate;
  serviceAccount: { key: string; pub: string };
  kubelet: (node: string) => Promise<Certificate>;
  /** the kubelet's serving certificate, for its node name and address */
  kubeletServing: (node: string, address: string) => Promise<Certificate>;
}

export async function createPki(): Promise<Pki> {
  mkdirSync(pkiDir, { recursive: true });
  const ca = await authority("ca", "blog-platform-cluster-ca");
  const frontProxyCa = await authority("front-proxy-ca", "blog-platform-front-proxy-ca");
  const serviceAccountKey = await newKey("service-account");
  const serviceAccountPub = join(pkiDir, "service-account.pub");
  await openssl("pkey", "-in", serviceAccountKey, "-pubout", "-out", serviceAccountPub);
  const apiserverSans = ["DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc", `DNS:kubernetes.default.svc.${network.clusterDomain}`, "DNS:localhost", "IP:127.0.0.1", `IP:${network.kubernetesServiceIp}`, `IP:${network.controlPlaneIp}`];
  return {
    ca,
    frontProxyCa,
    apiserver: await signed(ca, "apiserver", { cn: "kube-apiserver" }, "server", apiserverSans),
    // the API server's identity towards kubelets (logs, exec, port-forward); RBAC binds it in addons
    apiserverKubeletClient: await signed(ca, "apiserver-kubelet-client", { cn: "kube-apiserver-kubelet-client" }, "client"),
    frontProxyClient: await signed(frontProxyCa, "front-proxy-client", { cn: "front-proxy-client" }, "client"),
    admin: await signed(ca, "admin", { cn: "blog-platform-admin", o: "system:masters" }, "client"),
    controllerManager: await signed(ca, "kube-controller-manager", { cn: "system:kube-controller-manager" }, "client"),
    scheduler: await signed(ca, "kube-scheduler", { cn: "system:kube-scheduler" }, "client"),
    kubeProxy: await signed(ca, "kube-proxy", { cn: "system:kube-proxy" }, "client"),
    // kube-router's firewall; addons/kube-router.ts grants it its module's ClusterRole
    kubeRouter: await signed(ca, "kube-router", { cn: "system:kube-router" }, "client"),
    serviceAccount: { key: serviceAccountKey, pub: serviceAccountPub },
    kubelet: (node) => signed(ca, `kubelet-${node}`, { cn: `system:node:${node}`, o: "system:nodes" }, "client"),
    kubeletServing: (node, address) => signed(ca, `kubelet-serving-${node}`, { cn: `system:node:${node}`, o: "system:nodes" }, "server", [`DNS:${node}`, `IP:${address}`]),
  };
}
