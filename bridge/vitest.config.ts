import { defineConfig } from "vitest/config";

// `npm run test:bridge`: a real conductor (Tryorama) and a real redis-server (scripts/with-redis.sh).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    globalSetup: ["../tests/src/global-setup.ts"],
    // Zome refusals the tests provoke are asserted, not logged (as scripts/start.mjs).
    env: { RUST_LOG: process.env.RUST_LOG ?? "error,holochain::core::ribosome::real_ribosome=off" },
  },
});
