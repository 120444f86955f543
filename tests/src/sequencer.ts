/**
 * The order in which the suite starts its files: longest first.
 *
 * The conductor files run two at a time (`vitest.config.ts`), so the group
 * ends when its last file ends; started longest first, the short files fill
 * the gaps at the end instead of a long one running alone (the "longest
 * processing time first" rule). Vitest's own sequencer orders by the
 * durations it caches in `node_modules/.vite`, which a fresh clone (and so
 * CI) does not have: there it falls back to file size, and files whose size
 * says little of their time (a short file that waits for a challenge period)
 * ended the group one at a time.
 *
 * The durations, in seconds per file path relative to `tests/`, come from
 * `tests/suite-durations.json`, which `node scripts/suite-durations.mjs`
 * rewrites from the last run's `.vitest-durations.json`
 * (`src/durations-reporter.ts`). A file the table does
 * not know runs first (it may be long; its duration is learnt at the next
 * refresh); files it knows follow by duration, longest first, ties by path.
 * Only the order changes: every file still runs, in its own worker.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A test file's path relative to `tests/`, with forward slashes: the key of the durations table. */
export function testPath(moduleId: string): string {
  return relative(TESTS_DIR, moduleId).split("\\").join("/");
}

/** Seconds per test file (path relative to `tests/`, forward slashes); empty when the table is missing or unreadable. */
export function readDurations(path = join(TESTS_DIR, "suite-durations.json")): Record<string, number> {
  try {
    const table = JSON.parse(readFileSync(path, "utf8")) as { files?: Record<string, unknown> };
    return Object.fromEntries(
      Object.entries(table.files ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
    );
  } catch {
    return {};
  }
}

/**
 * Orders `paths` (relative to `tests/`) for a pool of workers: unknown files
 * first (by path), then known ones by `durations`, longest first, ties by path.
 */
export function longestFirst(paths: string[], durations: Record<string, number>): string[] {
  const known = (p: string) => Object.prototype.hasOwnProperty.call(durations, p);
  return [...paths].sort((a, b) => {
    if (known(a) !== known(b)) return known(a) ? 1 : -1;
    const byDuration = known(a) ? durations[b] - durations[a] : 0;
    return byDuration !== 0 ? byDuration : a.localeCompare(b);
  });
}

/** Vitest sequencer (`sequence.sequencer`): each group's files longest first, from `suite-durations.json`. */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = readDurations();
    const byPath = new Map(files.map((spec) => [testPath(spec.moduleId), spec]));
    return longestFirst([...byPath.keys()], durations).map((p) => byPath.get(p)!);
  }
}
