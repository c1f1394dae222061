// 10,000 concurrent readers: the capacity plan (capacity-plan.ts, from the platform benchmark's
// measurement) as chart values, on top of the production preset. Each service starts at the
// replicas the plan needs and may double; its CPU request is set so that the HPA's 70 % target
// holds the planned load at those replicas. The README's "Capacity plan" explains each figure.
import { defineValues, mergeValues, presets } from "@blog-platform/sdk";
import { capacityPlan, readMeasurement, type ServicePlan } from "./capacity-plan.ts";

export const plan = capacityPlan(readMeasurement(), 10_000);

const scaled = (service: ServicePlan) => ({
  autoscaling: { enabled: true, minReplicas: service.replicas, maxReplicas: service.maxReplicas, targetCPUUtilizationPercentage: 70 },
  resources: { requests: { cpu: `${service.cpuRequestMillis}m` }, limits: { cpu: service.cpuLimit } },
});
const withPool = (service: ServicePlan) => ({ ...scaled(service), env: { DATABASE_POOL_SIZE: String(plan.postgres.poolSizePerPod) } });

export default defineValues(
  mergeValues(presets.production, {
    gateway: scaled(plan.services.gateway),
    frontend: scaled(plan.services.frontend),
    auth: withPool(plan.services.auth),
    posts: withPool(plan.services.posts),
    comments: withPool(plan.services.comments),
    images: withPool(plan.services.images),
    postgres: { resources: { requests: { cpu: `${plan.postgres.cpuRequestMillis}m` }, limits: { cpu: plan.postgres.cpuLimit } } },
    redis: { maxMemory: `${plan.redis.maxMemoryMb}mb`, resources: { limits: { memory: `${plan.redis.memoryLimitMi}Mi` } } },
  }),
);
