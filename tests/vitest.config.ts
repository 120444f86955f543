import { defineConfig } from "vitest/config";

// One file at a time: the machine has 2 cores and each file runs its own
// conductors. Generous timeouts: a conductor takes ~6 s to start here.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    globalSetup: ["src/global-setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
