// The cluster's addresses, all inside network namespaces this run creates (cluster/network.ts):
// nothing here is routed from the machine's own network, which reaches the cluster only through
// the API server forward on 127.0.0.1 and `cluster:exec`.
export const network = {
  /** the node network namespace (one per node: blog-node-1, ...) */
  namespace: (node: string) => `blog-${node}`,
  /** the bridge that joins the nodes, in the first node's namespace */
  nodeBridge: "blog-nodes",
  nodeSubnet: "10.250.0.0/24",
  nodeIp: (index: number) => `10.250.0.${index + 1}`,
  controlPlaneIp: "10.250.0.1",
  podSubnet: "10.244.0.0/16",
  /** node i's slice of the pod subnet (cluster/components/cni.ts), routed to it by the others */
  podCidr: (index: number) => `10.244.${index}.0/24`,
  serviceSubnet: "10.96.0.0/16",
  kubernetesServiceIp: "10.96.0.1",
  dnsServiceIp: "10.96.0.10",
  clusterDomain: "cluster.local",
  apiserverPort: 6443,
  /** where the machine reaches the API server (cluster/forward.ts) */
  hostApiserver: "127.0.0.1:6443",
} as const;
