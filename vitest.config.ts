import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "sdk/test/**/*.test.ts", "services/*/test/**/*.test.ts"],
    // helm runs as a child process in most tests; two workers match the two cores
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
