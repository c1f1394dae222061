// Login attempts per account and per client address, counted in Redis over a fixed window. Without
// Redis the limit is not enforced (the runtime logs and counts the fallback): logins keep working.
import type { Redis } from "ioredis";

export function createLoginLimiter(redis: Redis, fallback: <T>(operation: string, run: () => Promise<T>, otherwise: () => T) => Promise<T>, attempts: number, windowSeconds: number) {
  const hit = async (key: string) => {
    const [[, count]] = (await redis.multi().incr(key).expire(key, windowSeconds, "NX").exec()) as [[Error | null, number]];
    return count;
  };
  return {
    /** True while both the account and the address are under the limit; counts this attempt. */
    async allow(email: string, ip: string): Promise<boolean> {
      return fallback(
        "login-rate-limit",
        async () => {
          const [account, address] = await Promise.all([hit(`login:account:${email.toLowerCase()}`), hit(`login:ip:${ip}`)]);
          return account <= attempts && address <= attempts * 4;
        },
        () => true,
      );
    },
    async reset(email: string): Promise<void> {
      await fallback("login-rate-limit-reset", async () => void (await redis.del(`login:account:${email.toLowerCase()}`)), () => undefined);
    },
  };
}
