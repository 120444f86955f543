/**
 * Fills `.wasm-cache/` first when it lacks the test hApp's zomes
 * (`warm-wasm-cache.ts`), so no test file pays the compilation.
 *
 * Leaves no conductor behind. After the run (even one that failed, timed
 * out or was interrupted by SIGINT or SIGTERM, whose abandoned scenario
 * would otherwise live on) it kills every
 * holochain / hc / bootstrap-server / lair process descended from this vitest
 * process, or orphaned (its parent died, e.g. a killed worker) since the run
 * began — and nothing else, so an `npm start` running beside the tests is
 * left alone.
 */
import { execFileSync } from "node:child_process";
import { warmWasmCache } from "./warm-wasm-cache";

const NAMES = ["holochain", "hc", "kitsune2-bootst", "lair-keystore"];

/**
 * The conductor-side processes (`NAMES`) descended from `root` or orphaned
 * within the last `runSeconds`, and with `everyDescendant` every other
 * process descended from `root` too (the workers that started them).
 */
function processesToKill(root: number, runSeconds: number, everyDescendant = false): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-eo", "pid=,ppid=,etimes=,comm="], { encoding: "utf8" });
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  const age = new Map<number, number>();
  for (const line of out.split("\n")) {
    const [pid, ppid, etimes, name] = line.trim().split(/\s+/, 4);
    if (!pid) continue;
    parent.set(Number(pid), Number(ppid));
    age.set(Number(pid), Number(etimes));
    comm.set(Number(pid), name ?? "");
  }
  const orphanOfThisRun = (pid: number) => parent.get(pid) === 1 && (age.get(pid) ?? Infinity) <= runSeconds;
  const descends = (pid: number) => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) {
      if (p === root) return true;
    }
    return false;
  };
  return [...comm.entries()]
    .filter(([pid, name]) =>
      NAMES.some((n) => name.startsWith(n)) ? descends(pid) || orphanOfThisRun(pid) : everyDescendant && descends(pid),
    )
    .map(([pid]) => pid);
}

export default async function setup() {
  const started = Date.now();
  const teardown = (everyDescendant = false) => {
    const runSeconds = Math.ceil((Date.now() - started) / 1000);
    for (const pid of processesToKill(process.pid, runSeconds, everyDescendant)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  // An interrupted run (Ctrl+C, a runner's SIGTERM) never reaches the
  // teardown returned below: vitest exits at once, its worker lives on as an
  // orphan still running the test, and so do the worker's conductors and
  // bootstrap server. On the signal, before vitest's own handler (prepended),
  // kill them and the workers, then let the signal do what it would have done
  // (vitest's handler, or the default exit when there is none).
  const onSignal = (signal: NodeJS.Signals) => {
    teardown(true);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.prependOnceListener("SIGINT", onSignal);
  process.prependOnceListener("SIGTERM", onSignal);
  await warmWasmCache();
  return () => teardown();
}
