// The Kubernetes API types our values embed, by the name the schemas use.
// - `schema`: the declaration the JSON Schema is generated from. kubernetes-models' interfaces carry
//   the API's enums ("NoSchedule" | "PreferNoSchedule" | …), which kubernetes-types does not.
// - `typescript`: the kubernetes-types module and export the SDK's generated types use, so that values
//   and rendered manifests share one set of Kubernetes types.
const core = (name: string) => ({ schema: [`kubernetes-models/v1/${name}`, `I${name}`], typescript: ["core/v1", name] }) as const;

export const kubernetesTypes = {
  Affinity: core("Affinity"),
  EnvVar: core("EnvVar"),
  PodSecurityContext: core("PodSecurityContext"),
  Probe: core("Probe"),
  ResourceRequirements: core("ResourceRequirements"),
  SecurityContext: core("SecurityContext"),
  Toleration: core("Toleration"),
  TopologySpreadConstraint: core("TopologySpreadConstraint"),
  Volume: core("Volume"),
  VolumeMount: core("VolumeMount"),
  HorizontalPodAutoscalerBehavior: {
    schema: ["kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerBehavior", "IHorizontalPodAutoscalerBehavior"],
    typescript: ["autoscaling/v2", "HorizontalPodAutoscalerBehavior"],
  },
  LabelSelector: {
    schema: ["@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector", "ILabelSelector"],
    typescript: ["meta/v1", "LabelSelector"],
  },
  NetworkPolicyEgressRule: {
    schema: ["kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule", "INetworkPolicyEgressRule"],
    typescript: ["networking/v1", "NetworkPolicyEgressRule"],
  },
  NetworkPolicyIngressRule: {
    schema: ["kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule", "INetworkPolicyIngressRule"],
    typescript: ["networking/v1", "NetworkPolicyIngressRule"],
  },
} as const;
