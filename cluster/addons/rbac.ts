// What kubeadm grants at init and a hand-made cluster must grant itself: the API server's kubelet
// client identity may use the kubelet API (logs, exec, port-forward, metrics).
export function clusterRbacObjects(): object[] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "blog-platform:apiserver-kubelet-client" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kubelet-api-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "kube-apiserver-kubelet-client" }],
    },
  ];
}
