// Login attempts, counted in Redis over a fixed window, each counted before its password is checked
// (INCR, then compare), so that parallel attempts cannot all slip under the limit:
// - per client address, a hard limit: past it, 429 without checking;
// - per account, a growing delay and never a block: past the free attempts, each attempt waits
//   longer before its password is checked (doubling, up to a ceiling), so guessing is slowed while
//   the owner, with the right password, still gets in. A block per account would let anyone who
//   knows an email keep its owner out.
// A success gives its address count back and clears the account's. Without Redis nothing is
// enforced (the runtime logs and counts the fallback): logins keep working.
import type { Redis } from "ioredis";
import { Counter, type Registry } from "prom-client";

type Fallback = <T>(operation: string, run: () => Promise<T>, otherwise: () => T) => Promise<T>;

export interface LoginLimits {
  /** failed attempts per account before the delay starts; an address may fail four times as often */
  attempts: number;
  windowSeconds: number;
  /** the longest an attempt on one account waits */
  maxDelayMs: number;
}

export type Admission = { allowed: false } | { allowed: true; delayMs: number };

/** The wait before the `count`th attempt on an account within the window: none for the free ones, then 250 ms doubling. */
export const accountDelayMs = (count: number, limits: LoginLimits) => (count <= limits.attempts ? 0 : Math.min(limits.maxDelayMs, 250 * 2 ** (count - limits.attempts - 1)));

// one round trip: the address counts every attempt; the account only those its address let through
const COUNT = `local address = redis.call('INCR', KEYS[1])
if address == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if address > tonumber(ARGV[2]) then return {address, 0} end
local account = redis.call('INCR', KEYS[2])
if account == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return {address, account}`;

export function createLoginLimiter(redis: Redis, fallback: Fallback, limits: LoginLimits, metrics: Registry) {
  const accountKey = (email: string) => `login:account:${email.toLowerCase()}`;
  const addressKey = (ip: string) => `login:ip:${ip}`;
  const addressLimit = limits.attempts * 4;
  const refused = new Counter({ name: "login_refused_total", help: "Login attempts refused for their client address's failures", registers: [metrics] });
  const delayed = new Counter({ name: "login_delayed_total", help: "Login attempts slowed for their account's failures", registers: [metrics] });
  return {
    /** Counts the attempt, then says whether its address may try, and how long the account's attempt must wait first. */
    async admit(email: string, ip: string): Promise<Admission> {
      const [address, account] = await fallback(
        "login-rate-limit",
        async () => (await redis.eval(COUNT, 2, addressKey(ip), accountKey(email), limits.windowSeconds, addressLimit)) as [number, number],
        () => [0, 0],
      );
      if (address > addressLimit) {
        refused.inc();
        return { allowed: false };
      }
      const delayMs = accountDelayMs(account, limits);
      if (delayMs > 0) delayed.inc();
      return { allowed: true, delayMs };
    },
    async succeeded(email: string, ip: string): Promise<void> {
      await fallback("login-rate-limit-reset", async () => void (await redis.multi().decr(addressKey(ip)).del(accountKey(email)).exec()), () => undefined);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
