import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // the SDK's sources, as tsconfig.json's paths say; the package's exports point at its build
  resolve: { alias: { "@blog-platform/sdk": fileURLToPath(new URL("./sdk/src/index.ts", import.meta.url)) } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // what a poll waits for (a page after a login's scrypt, on two busy cores) may take seconds
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts", "sdk/test/**/*.test.ts", "services/*/test/**/*.test.ts"],
          exclude: ["test/cluster/**"],
          // helm runs as a child process in most tests; two workers match the two cores
          pool: "forks",
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "cluster",
          include: ["test/cluster/**/*.test.ts"],
          // one cluster (cluster/up.ts), brought up once for the whole suite; its files take turns
          globalSetup: ["test/cluster/global-setup.ts"],
          fileParallelism: false,
          hookTimeout: 3_600_000,
        },
      },
    ],
  },
});
