// Failed login attempts per account and per client address, counted in Redis over a fixed window;
// a success clears the account's count. Without Redis the limit is not enforced (the runtime logs
// and counts the fallback): logins keep working.
import type { Redis } from "ioredis";

type Fallback = <T>(operation: string, run: () => Promise<T>, otherwise: () => T) => Promise<T>;

export function createLoginLimiter(redis: Redis, fallback: Fallback, attempts: number, windowSeconds: number) {
  const accountKey = (email: string) => `login:account:${email.toLowerCase()}`;
  const addressKey = (ip: string) => `login:ip:${ip}`;
  return {
    /** False once the account or the address has used up its failed attempts. */
    async allow(email: string, ip: string): Promise<boolean> {
      return fallback(
        "login-rate-limit",
        async () => {
          const [account, address] = await redis.mget(accountKey(email), addressKey(ip));
          return Number(account ?? 0) < attempts && Number(address ?? 0) < attempts * 4;
        },
        () => true,
      );
    },
    async failed(email: string, ip: string): Promise<void> {
      await fallback(
        "login-rate-limit-count",
        async () => {
          await redis.multi().incr(accountKey(email)).expire(accountKey(email), windowSeconds, "NX").incr(addressKey(ip)).expire(addressKey(ip), windowSeconds, "NX").exec();
        },
        () => undefined,
      );
    },
    async succeeded(email: string): Promise<void> {
      await fallback("login-rate-limit-reset", async () => void (await redis.del(accountKey(email))), () => undefined);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
