// A development install: one replica of everything, bundled Postgres and Redis, passwords in
// values (fine on a laptop cluster, never in production), no ingress (use kubectl port-forward).
// The JWT keys come from a Secret: see README, "Development install".
import { defineValues, mergeValues, presets } from "@blog-platform/sdk";

export default defineValues(
  mergeValues(presets.development, {
    global: {
      database: { password: "dev-only-database-password" },
      redis: { password: "dev-only-redis-password" },
      jwt: { existingSecret: "blog-dev-jwt" },
      networkPolicy: { defaultDeny: false },
    },
    postgres: { persistence: { size: "1Gi" } },
    monitoring: { enabled: false },
    auth: { logLevel: "debug" },
    posts: { logLevel: "debug" },
    comments: { logLevel: "debug" },
    images: { logLevel: "debug" },
  }),
);
