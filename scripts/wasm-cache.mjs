// Compiled zomes shared by the conductors this machine starts (the tests'
// and `npm start`'s), in .wasm-cache/ at the repository root (gitignored).
//
// A conductor compiles every zome's wasm before its first use — the
// integrity zomes when a hApp is installed, the coordinators at a cell's
// first zome call: about 5 s and 9 s on a 2-core machine, for every new
// conductor — and keeps the result in `<data root>/wasm-cache`, one file per
// zome named by the wasm's hash (Holochain's `ModuleCache`, which recompiles
// a file it cannot read). Seeding a new conductor with the files earlier
// ones compiled makes each wasm compile once per build, not once per
// conductor. Nothing about the hApp changes: the same wasm, compiled by the
// same Holochain on the same machine.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shared cache directory. */
export const WASM_CACHE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".wasm-cache");

/** Copies the shared compiled zomes into a conductor's data root; call it before the conductor starts. */
export function seedWasmCache(conductorDir) {
  if (!fs.existsSync(WASM_CACHE_DIR)) return;
  const target = path.join(conductorDir, "wasm-cache");
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(WASM_CACHE_DIR)) {
    if (!file.endsWith(".tmp")) fs.copyFileSync(path.join(WASM_CACHE_DIR, file), path.join(target, file));
  }
}

/** Adds the zomes a conductor compiled to the shared cache (each file written whole, then renamed into place). */
export function harvestWasmCache(conductorDir) {
  const source = path.join(conductorDir, "wasm-cache");
  if (!fs.existsSync(source)) return;
  fs.mkdirSync(WASM_CACHE_DIR, { recursive: true });
  for (const file of fs.readdirSync(source)) {
    if (fs.existsSync(path.join(WASM_CACHE_DIR, file))) continue;
    const partial = path.join(WASM_CACHE_DIR, `${file}.${process.pid}.tmp`);
    fs.copyFileSync(path.join(source, file), partial);
    fs.renameSync(partial, path.join(WASM_CACHE_DIR, file));
  }
}
