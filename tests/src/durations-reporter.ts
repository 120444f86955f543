/**
 * Vitest reporter that writes `tests/.vitest-durations.json` (gitignored)
 * after every run: the wall seconds of each test file that passed — its
 * import, setup, hooks (the conductors a `beforeAll` starts) and tests, as
 * the default reporter prints them; vitest's JSON report counts only the
 * tests. `node scripts/suite-durations.mjs` turns the file into
 * `tests/suite-durations.json`, the order `src/sequencer.ts` starts files in.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule } from "vitest/node";
import { testPath } from "./sequencer";

const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes the passed files' wall seconds (path relative to `tests/` → seconds, one decimal) at the end of a run. */
export default class DurationsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const files: Record<string, number> = {};
    for (const module of testModules) {
      if (module.state() !== "passed") continue;
      const d = module.diagnostic();
      const ms = d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
      files[testPath(module.moduleId)] = Math.round(ms / 100) / 10;
    }
    writeFileSync(join(TESTS_DIR, ".vitest-durations.json"), `${JSON.stringify({ date: new Date().toISOString(), files }, null, 2)}\n`);
  }
}
