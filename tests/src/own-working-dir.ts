/**
 * Gives each test file its own working directory (a `setupFiles` entry of
 * `vitest.config.ts`). Tryorama records every sandbox conductor it creates
 * in `./.hc` (`hc sandbox create`), and `scenario.cleanUp()` runs
 * `hc sandbox clean`, which deletes every sandbox listed there: with two
 * files running at once in one directory, the first to finish deleted the
 * other's conductors ("unable to open database file"). Each file runs in its
 * own forked worker process (pool "forks"), so the change of directory is
 * the file's alone. The directory (its `.hc` list) is removed after the file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "nondominium-test-"));
process.chdir(dir);
afterAll(() => {
  process.chdir(tmpdir());
  rmSync(dir, { recursive: true, force: true });
});
