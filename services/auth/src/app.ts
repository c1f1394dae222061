// Builds the auth service from its configuration: connections, migrations, readiness checks, routes.
import { connectRedis, createServiceWithDatabase, createSigner, createVerifier, forgetProfile, refusingRevoked, type Service } from "@blog-platform/runtime";
import type { AuthConfig } from "./config.ts";
import { migrations } from "./migrations.ts";
import { createLoginLimiter } from "./rate-limit.ts";
import { registerRoutes } from "./routes.ts";
import { registerInternalRoutes } from "./internal-routes.ts";
import { createStore } from "./store.ts";
import { createUserCache } from "./user-cache.ts";

export async function createAuthService(config: AuthConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const { service, pool } = await createServiceWithDatabase(config, migrations, options);
  const { redis, fallback } = connectRedis(service, config);
  const store = createStore(pool);
  // without Redis there is nothing cached to forget
  const users = createUserCache(store, redis, fallback);
  const authenticate = refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), async (id) => (await users.get(id))?.token_version);
  registerInternalRoutes(service.app, { store, authenticate });
  registerRoutes(service.app, {
    store,
    sign: await createSigner(config.JWT_PRIVATE_KEY_FILE, config.JWT_TTL_SECONDS),
    authenticate,
    limiter: createLoginLimiter(redis, fallback, { attempts: config.LOGIN_RATE_LIMIT_ATTEMPTS, windowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS, maxDelayMs: config.LOGIN_DELAY_MAX_MS }, service.metrics),
    users,
    forgetProfile: (id, usernames) => fallback("forget profile", () => forgetProfile(redis, id, usernames), () => undefined),
  });
  return {
    service,
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
