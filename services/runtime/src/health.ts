// Liveness and readiness (DESIGN.md): /health is 200 while the process can serve and never checks a
// dependency; /ready runs every registered check and is 503 when one fails or once draining began.
import type { FastifyInstance } from "fastify";
import { neverShed } from "./load-shedding.ts";

export type ReadinessCheck = () => Promise<void>;

export interface Health {
  addCheck(name: string, check: ReadinessCheck): void;
  /** From now on /ready answers 503 (SIGTERM received). */
  startDraining(): void;
  readonly draining: boolean;
}

// under the probes' 2 s timeout, so that /ready answers before the kubelet gives up
export const READINESS_CHECK_TIMEOUT_MS = 1500;

export function registerHealth(app: FastifyInstance): Health {
  const checks = new Map<string, ReadinessCheck>();
  let draining = false;

  app.get("/health", { logLevel: "warn", config: neverShed }, async () => ({ status: "ok" }));
  // while draining, every answer closes its connection, so keep-alive clients move to other pods
  // and no idle socket holds the shutdown open
  app.addHook("onSend", async (_request, reply) => {
    if (draining) reply.header("connection", "close");
  });
  app.get("/ready", { logLevel: "warn", config: neverShed }, async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: "draining" });
    const results = await Promise.all(
      [...checks].map(async ([name, check]) => {
        try {
          await withTimeout(check(), READINESS_CHECK_TIMEOUT_MS);
          return [name, "ok"] as const;
        } catch (error) {
          return [name, (error as Error).message || "failed"] as const;
        }
      }),
    );
    const failed = results.filter(([, result]) => result !== "ok");
    return reply.code(failed.length ? 503 : 200).send({ status: failed.length ? "unavailable" : "ready", checks: Object.fromEntries(results) });
  });

  return {
    addCheck: (name, check) => void checks.set(name, check),
    startDraining: () => void (draining = true),
    get draining() {
      return draining;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
