// Builds the auth service from its configuration: connections, migrations, readiness checks, routes,
// and the follower of images' deleted images.
import {
  connectRedis, createServiceWithDatabase, createSigner, createVerifier, followImageDeletions, forgetProfile, refusingRevoked, type Service,
} from "@blog-platform/runtime";
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
  // pictures of deleted images go when images' feed says so, and so do the cached profiles showing them
  const deletedImages = followImageDeletions(config, pool, service.app.log, store.forgetImages, async (changed) => {
    await Promise.all(changed.map((row) => Promise.all([users.changed(row), fallback("forget profile", () => forgetProfile(redis, row.id, [row.username]), () => undefined)])));
  });
  return {
    service,
    async close() {
      await deletedImages?.stop();
      redis.disconnect();
      await pool.end();
    },
  };
}
