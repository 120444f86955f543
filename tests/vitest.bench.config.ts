import { defineConfig } from "vitest/config";

// `npm run bench`: the benchmark only (tests/bench), never part of `npm test`.
// No JSON reporter: the bench reads the last suite's report, not its own.
export default defineConfig({
  test: {
    include: ["bench/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    globalSetup: ["src/global-setup.ts"],
    reporters: ["default"],
  },
});
