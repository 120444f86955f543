import { defineConfig } from "vitest/config";

// `npm run test:security`: the security suite (tests/security), apart from
// `npm test` so the main suite keeps its time budget. One file at a time, as
// the main suite: each file runs its own conductors on a 2-core machine.
export default defineConfig({
  test: {
    include: ["security/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    globalSetup: ["src/global-setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-security-report.json" },
  },
});
