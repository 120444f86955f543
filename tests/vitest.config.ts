import { defineConfig } from "vitest/config";
import DurationsReporter from "./src/durations-reporter";
import LongestFirstSequencer from "./src/sequencer";

// Two groups, run one after the other (`sequence.groupOrder`):
// 1. "conductors": the conductor-only files, three at a time. Each file
//    starts its own conductors, which spend most of their time waiting
//    (gossip, publish, validation), so three files share this 2-core machine:
//    the group took 250 s three at a time against 317 s two at a time
//    (2026-12-08, same tests, all passing; docs/performance.md).
// 2. "browser": the Playwright test alone afterwards; Chromium plus its
//    conductors beside another file's conductors made its page waits miss.
// Within each group the files start longest first (`src/sequencer.ts`, from
// `suite-durations.json`), so the short ones fill the end of the group.
// `VITEST_MAX_WORKERS=1` (or `--no-file-parallelism`) runs everything one
// file at a time, as the suite did before.
// Each file gets its own working directory (`src/own-working-dir.ts`):
// Tryorama's clean-up deletes every sandbox listed in the directory's `.hc`.
// Generous timeouts: a conductor takes ~6 s to start here, more under load.
const shared = {
  setupFiles: ["src/own-working-dir.ts", "src/hc-stdin-epipe.ts"],
  testTimeout: 120_000,
  hookTimeout: 180_000,
  teardownTimeout: 60_000,
};

export default defineConfig({
  test: {
    globalSetup: ["src/global-setup.ts"],
    pool: "forks",
    reporters: ["default", "json", new DurationsReporter()],
    outputFile: { json: ".vitest-report.json" },
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    minWorkers: 1,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        test: {
          name: "conductors",
          include: ["src/**/*.test.ts"],
          exclude: ["src/ui.test.ts"],
          sequence: { groupOrder: 0 },
          ...shared,
        },
      },
      {
        test: {
          name: "browser",
          include: ["src/ui.test.ts"],
          sequence: { groupOrder: 1 },
          ...shared,
        },
      },
    ],
  },
});
