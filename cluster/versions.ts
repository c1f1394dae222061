// Every upstream component of the test cluster, pinned, in one table. The Go tools are built from
// their modules through the Go module proxy (cluster/go-build.ts); the Debian packages come from apt
// (scripts/setup-system.ts). Only versions that the module proxy and its checksum database serve here can
// be named: a pin that it refuses fails the build with the proxy's own message.

/** A Go program built from its module: `go build` of `packages` inside a generated wrapper module. */
export interface GoTool {
  module: string;
  version: string;
  /** import paths of the main packages, built into binaries named after their last element */
  packages: string[];
  /** names to give the binaries instead (same order as packages) */
  binaries?: string[];
  /** -X settings, as upstream's release builds stamp them */
  ldflagsX?: Record<string, string>;
  /** k8s.io/kubernetes publishes its staging modules at v0.0.0: replace each with this version */
  stagingVersion?: string;
}

const KUBERNETES = "1.34.4";
const kubernetesVersionStamp = {
  "k8s.io/component-base/version.gitVersion": `v${KUBERNETES}`,
  "k8s.io/component-base/version.gitMajor": "1",
  "k8s.io/component-base/version.gitMinor": "34",
  "k8s.io/component-base/version.gitTreeState": "clean",
  "k8s.io/client-go/pkg/version.gitVersion": `v${KUBERNETES}`,
  "k8s.io/client-go/pkg/version.gitMajor": "1",
  "k8s.io/client-go/pkg/version.gitMinor": "34",
};

export const goTools = {
  kubernetes: {
    module: "k8s.io/kubernetes",
    version: `v${KUBERNETES}`,
    packages: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"].map((c) => `k8s.io/kubernetes/cmd/${c}`),
    ldflagsX: kubernetesVersionStamp,
    stagingVersion: `v0.${KUBERNETES.slice(2)}`,
  },
  // the etcd release that Kubernetes 1.34 is tested with (build/dependencies.yaml)
  etcd: {
    module: "go.etcd.io/etcd/server/v3",
    version: "v3.6.5",
    packages: ["go.etcd.io/etcd/server/v3"],
    binaries: ["etcd"],
  },
  // kubeadm's CoreDNS for 1.34
  coredns: {
    module: "github.com/coredns/coredns",
    version: "v1.12.1",
    packages: ["github.com/coredns/coredns"],
  },
  "metrics-server": {
    module: "sigs.k8s.io/metrics-server",
    version: "v0.8.0",
    packages: ["sigs.k8s.io/metrics-server/cmd/metrics-server"],
  },
  // the newest release the module proxy serves here
  "local-path-provisioner": {
    module: "github.com/rancher/local-path-provisioner",
    version: "v0.0.30",
    packages: ["github.com/rancher/local-path-provisioner"],
  },
  // NetworkPolicy, enforced with iptables and ipset: its firewall controller only (no routing, no
  // service proxy). The one implementation here that this kernel can run: kube-network-policies
  // needs nftables' queue statement (CONFIG_NFT_QUEUE), which the kernel lacks. v2.1.0 is the only
  // version the module proxy serves, and its listing reports security flaws in it; it runs only in
  // the test cluster's own network namespace and ships nowhere.
  "kube-router": {
    module: "github.com/cloudnativelabs/kube-router/v2",
    version: "v2.1.0",
    packages: ["github.com/cloudnativelabs/kube-router/v2/cmd/kube-router"],
    ldflagsX: { "github.com/cloudnativelabs/kube-router/v2/pkg/version.Version": "v2.1.0" },
  },
  "chart-testing": {
    module: "github.com/helm/chart-testing/v3",
    version: "v3.14.0",
    packages: ["github.com/helm/chart-testing/v3/ct"],
    ldflagsX: { "github.com/helm/chart-testing/v3/ct/cmd.Version": "v3.14.0" },
  },
  kubeconform: {
    module: "github.com/yannh/kubeconform",
    version: "v0.7.0",
    packages: ["github.com/yannh/kubeconform/cmd/kubeconform"],
  },
} satisfies Record<string, GoTool>;

export type GoToolName = keyof typeof goTools;

/** Modules the cluster takes manifests from (no Go build): the CRDs that the chart's objects use. */
export const manifestModules = {
  // ServiceMonitor and PrometheusRule (and the operator's other kinds), for later the operator itself
  "prometheus-operator": { module: "github.com/prometheus-operator/prometheus-operator", version: "v0.85.0", files: ["example/prometheus-operator-crd"] },
  // VerticalPodAutoscaler
  "vertical-pod-autoscaler": { module: "k8s.io/autoscaler/vertical-pod-autoscaler", version: "v1.5.1", files: ["deploy/vpa-v1-crd-gen.yaml"] },
  // Application, ApplicationSet and AppProject, so the Argo CD example is checked by the real schema
  "argo-cd": { module: "github.com/argoproj/argo-cd/v3", version: "v3.1.8", files: ["manifests/crds"] },
};

/**
 * Python tools from PyPI, in a virtual environment of their own (cluster/python-tools.ts): ct runs
 * yamale to check Chart.yaml; openapi2jsonschema2 (the maintained fork of the converter that made
 * kubeconform's published schemas) turns the cluster's OpenAPI document into kubeconform's schemas.
 */
export const pythonTools = { yamale: "6.1.0", openapi2jsonschema2: "1.1.37" };


/** registry.k8s.io/pause, built from kubernetes' build/pause/linux/pause.c at the Kubernetes pin */
export const pauseImage = "registry.k8s.io/pause:3.10.1";
/** the Debian release our base images are made from (debootstrap) */
export const debianSuite = "bookworm";
