import { defineConfig } from "vitest/config";

// `npm run bench:bridge`: p50/p95 through the bridge against a direct client call.
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    globalSetup: ["../tests/src/global-setup.ts"],
    // Zome refusals the tests provoke are asserted, not logged (as scripts/start.mjs).
    env: { RUST_LOG: process.env.RUST_LOG ?? "error,holochain::core::ribosome::real_ribosome=off" },
  },
});
