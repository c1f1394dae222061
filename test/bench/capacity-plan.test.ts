// The capacity plan's arithmetic (examples/scale10k/capacity-plan.ts), on a measurement made up for
// the test so that each rule shows: replicas at half a core each and two at least, the request that
// puts the HPA's 70 % at the planned load, Postgres connections at every HPA's highest, and Redis'
// memory from what it used.
import { describe, expect, it } from "vitest";
import { capacityPlan, poolSizePerPod, type Measurement } from "../../examples/scale10k/capacity-plan.ts";

// 60 s at 1,000 readers: posts used 0.3 cores, auth 0.01, Postgres 0.05
const measured: Measurement = {
  users: 1000,
  seconds: 60,
  cpuSeconds: { gateway: 6, frontend: 0, auth: 0.6, posts: 18, comments: 3, images: 0.3, postgres: 3, redis: 1.2 },
  redisUsedBytes: 100 * 2 ** 20,
};

describe("capacityPlan", () => {
  const plan = capacityPlan(measured, 10_000);

  it("gives a service the replicas that keep each pod at half a core, and a request the HPA holds at 70 %", () => {
    // posts: 3 cores at 10,000 readers → 6 pods of 0.5 core; 0.5 / 0.7 = 714m, up to the next 50m
    expect(plan.services.posts).toEqual({ cores: 3, replicas: 6, maxReplicas: 12, cpuRequestMillis: 750, cpuLimit: "1" });
    // gateway: 1 core → 2 pods; 0.5 / 0.7 → 750m
    expect(plan.services.gateway).toMatchObject({ replicas: 2, cpuRequestMillis: 750 });
  });

  it("keeps two replicas and a 100m request for a service that is nearly idle", () => {
    expect(plan.services.frontend).toEqual({ cores: 0, replicas: 2, maxReplicas: 4, cpuRequestMillis: 100, cpuLimit: "1" });
    expect(plan.services.auth).toMatchObject({ cores: 0.1, replicas: 2, cpuRequestMillis: 100 });
  });

  it("counts Postgres connections at every database user's highest replica count", () => {
    const pods = plan.services.auth.maxReplicas + plan.services.posts.maxReplicas + plan.services.comments.maxReplicas + plan.services.images.maxReplicas;
    expect(plan.postgres.maxConnections).toBe(pods * poolSizePerPod + 10);
    expect(plan.postgres).toMatchObject({ cores: 0.5, cpuRequestMillis: 750, cpuLimit: "2" });
  });

  it("gives Redis four times what it used, 256 MB at least", () => {
    expect(plan.redis).toEqual({ maxMemoryMb: 448, memoryLimitMi: 576 });
    expect(capacityPlan({ ...measured, redisUsedBytes: 2 ** 20 }, 10_000).redis.maxMemoryMb).toBe(256);
  });

  it("scales with the readers", () => {
    expect(capacityPlan(measured, 20_000).services.posts.replicas).toBe(12);
  });
});
