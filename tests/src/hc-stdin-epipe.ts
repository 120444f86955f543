/**
 * Keeps a lost race in Tryorama's conductor creation from failing the run (a
 * `setupFiles` entry of `vitest.config.ts`). Tryorama 0.19's
 * `Conductor.create` spawns `hc sandbox --piped create` and writes the lair
 * passphrase to its stdin without an `error` listener; when `hc` has closed
 * its stdin before the write is flushed, Node emits `EPIPE` on that stream,
 * which becomes an uncaught exception — vitest then fails the whole run
 * though every test passed (seen once, fresh-clone CI of d722220:
 * "Error: write EPIPE … Conductor.create", 223 of 223 tests passed).
 *
 * Every process spawned as `hc` gets a listener on its stdin that swallows
 * `EPIPE` only (any other error is thrown as before). Whether the conductor
 * was created is decided where it always was: Tryorama waits for `hc`'s
 * output naming the sandbox, and a creation that failed fails its test.
 * Tryorama imports `spawn` as a named import from `node:child_process`;
 * `syncBuiltinESMExports` makes that binding see the wrapper.
 */
import childProcess, { type ChildProcess } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

const spawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof spawn>) => {
  const child: ChildProcess = spawn(...args);
  if (args[0] === "hc") {
    child.stdin?.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
    });
  }
  return child;
}) as typeof spawn;
syncBuiltinESMExports();
