// The Kubernetes API types our values embed: the name used in the schemas → `kubernetes-types`
// module and export. Both the schema generator and the SDK type generator read this list.
/** Name in our schemas → `kubernetes-types` module and export. */
export const kubernetesTypes = {
  Affinity: ["core/v1", "Affinity"],
  Container: ["core/v1", "Container"],
  EnvVar: ["core/v1", "EnvVar"],
  HorizontalPodAutoscalerBehavior: ["autoscaling/v2", "HorizontalPodAutoscalerBehavior"],
  LabelSelector: ["meta/v1", "LabelSelector"],
  NetworkPolicyEgressRule: ["networking/v1", "NetworkPolicyEgressRule"],
  NetworkPolicyIngressRule: ["networking/v1", "NetworkPolicyIngressRule"],
  NetworkPolicyPeer: ["networking/v1", "NetworkPolicyPeer"],
  PodSecurityContext: ["core/v1", "PodSecurityContext"],
  Probe: ["core/v1", "Probe"],
  ResourceRequirements: ["core/v1", "ResourceRequirements"],
  SecurityContext: ["core/v1", "SecurityContext"],
  Toleration: ["core/v1", "Toleration"],
  TopologySpreadConstraint: ["core/v1", "TopologySpreadConstraint"],
  Volume: ["core/v1", "Volume"],
  VolumeMount: ["core/v1", "VolumeMount"],
} as const;
