/**
 * Leaves no conductor behind. Records the holochain / hc / bootstrap-server
 * processes that exist before the run; after the run (even one that failed
 * or timed out) kills every such process that appeared since. A timed-out
 * test can abandon its scenario, and its conductors would otherwise live on.
 */
import { execFileSync } from "node:child_process";

const NAMES = ["holochain", "hc", "kitsune2-bootstrap-srv", "lair-keystore"];

function ourProcesses(): Set<number> {
  let out = "";
  try {
    out = execFileSync("ps", ["-eo", "pid=,comm="], { encoding: "utf8" });
  } catch {
    return new Set();
  }
  const pids = new Set<number>();
  for (const line of out.split("\n")) {
    const [pid, comm] = line.trim().split(/\s+/, 2);
    if (pid && comm && NAMES.some((n) => comm.startsWith(n.slice(0, 15)))) pids.add(Number(pid));
  }
  return pids;
}

export default function setup() {
  const before = ourProcesses();
  return () => {
    for (const pid of ourProcesses()) {
      if (before.has(pid)) continue;
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
}
