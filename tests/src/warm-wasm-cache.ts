/**
 * Compiles the test hApp's zomes once, before the first test file starts
 * (called by `src/global-setup.ts`), when `.wasm-cache/` does not hold them
 * yet: on a fresh clone, as in CI. Without it the first two files, started
 * together, each compiled every zome on the same two cores (agents and
 * authority took 82 s each in a cold run, 47-48 s warm, 2026-12-06): the
 * same wall time as compiling once first (37 s here), but twice the work,
 * and a file's time then depended on whether it ran first, which the
 * longest-first order (`src/sequencer.ts`) reads as its length. One conductor with one agent installs the hApp (the integrity zomes
 * compile) and makes one zome call (the coordinators compile); `addAgents`
 * then adds what it compiled to the shared cache (`scripts/wasm-cache.mjs`),
 * from which every later conductor starts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Scenario } from "@holochain/tryorama";
import { WASM_CACHE_DIR } from "../../scripts/wasm-cache.mjs";
import { addAgents } from "./common";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The zomes of the test hApp (`scripts/pack.sh`): the production DNA plus `direct_write`. */
const TEST_ZOMES = ["person_integrity", "resource_integrity", "governance_integrity", "person", "resource", "governance", "direct_write"];

/** The zome wasm files whose compiled form `.wasm-cache/` lacks (Holochain names it by the BLAKE2b-256 of the wasm, in hex). */
export function uncompiledZomes(): string[] {
  const files = TEST_ZOMES.map((z) => join(ROOT, "target", "wasm32-unknown-unknown", "release", `${z}.wasm`));
  const lines = execFileSync("b2sum", ["-l", "256", ...files], { encoding: "utf8" }).trim().split("\n");
  return lines.filter((line) => !existsSync(join(WASM_CACHE_DIR, line.split(/\s+/)[0]))).map((line) => line.split(/\s+/)[1]);
}

/**
 * Fills `.wasm-cache/` for the test hApp if it lacks any zome; a no-op
 * otherwise. Runs in a directory of its own (Tryorama's clean-up deletes the
 * sandboxes its working directory lists). A failure is printed and left to
 * the test files, which compile what they miss themselves.
 */
export async function warmWasmCache(): Promise<void> {
  let missing: string[];
  try {
    missing = uncompiledZomes();
  } catch (e) {
    console.warn(`[global-setup] could not read the zomes' wasm (build them: scripts/build-zomes.sh): ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (missing.length === 0) return;
  const started = Date.now();
  const cwd = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), "nondominium-warm-"));
  process.chdir(dir);
  const scenario = new Scenario();
  try {
    await addAgents(scenario, [1], [0]);
    console.log(`[global-setup] compiled ${missing.length} zomes into .wasm-cache/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.warn(`[global-setup] could not fill .wasm-cache/ (each file will compile what it lacks): ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await scenario.cleanUp().catch(() => undefined);
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}
