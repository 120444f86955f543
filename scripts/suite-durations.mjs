#!/usr/bin/env node
/**
 * Rewrites `tests/suite-durations.json` — seconds per test file, which
 * `tests/src/sequencer.ts` reads to start the longest files first — from the
 * last run's `tests/.vitest-durations.json` (written by
 * `tests/src/durations-reporter.ts` at the end of every run of the suite).
 * Usage: node scripts/suite-durations.mjs
 * A file that failed, or did not run, keeps its last duration; a file that
 * no longer exists is dropped. Exits 1 (and writes nothing) when the last
 * run left no durations.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const testsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "tests");
const runPath = join(testsDir, ".vitest-durations.json");
const tablePath = join(testsDir, "suite-durations.json");

const run = existsSync(runPath) ? JSON.parse(readFileSync(runPath, "utf8")) : null;
if (!run || Object.keys(run.files ?? {}).length === 0) {
  console.error("suite-durations: no passed file in tests/.vitest-durations.json: run the suite first");
  process.exit(1);
}
const old = existsSync(tablePath) ? (JSON.parse(readFileSync(tablePath, "utf8")).files ?? {}) : {};
const files = Object.entries({ ...old, ...run.files })
  .filter(([path]) => existsSync(join(testsDir, path)))
  .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
const table = {
  about: "Wall seconds per test file (import, hooks, tests), read by tests/src/sequencer.ts to start the longest first. Refresh after a run: node scripts/suite-durations.mjs",
  measured: run.date,
  files: Object.fromEntries(files),
};
writeFileSync(tablePath, `${JSON.stringify(table, null, 2)}\n`);
console.log(`suite-durations: ${files.length} files in tests/suite-durations.json (${Object.keys(run.files).length} from the run of ${run.date})`);
