import { defineConfig } from "vitest/config";

// `npm run bench:ui`: the web app's benchmark only (tests/bench/ui.bench.ts), never part of `npm test`.
export default defineConfig({
  test: {
    include: ["bench/ui.bench.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    teardownTimeout: 120_000,
    globalSetup: ["src/global-setup.ts"],
    reporters: ["default"],
  },
});
