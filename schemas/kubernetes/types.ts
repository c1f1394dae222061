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

/** Every kind the chart renders, as the manifests are validated (kubeconform -strict's job): the API
 * of kubernetes-models 5.1 (Kubernetes 1.34+, resource.k8s.io/v1 included) and the CRDs we use. */
export const manifestKinds = {
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "apps/v1/StatefulSet": "kubernetes-models/apps/v1/StatefulSet",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Pod": "kubernetes-models/v1/Pod",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "networking.k8s.io/v1/Ingress": "kubernetes-models/networking.k8s.io/v1/Ingress",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "monitoring.coreos.com/v1/PrometheusRule": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
  "monitoring.coreos.com/v1/ServiceMonitor": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
  "autoscaling.k8s.io/v1/VerticalPodAutoscaler": "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler",
} as const;
