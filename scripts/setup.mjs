#!/usr/bin/env node
/**
 * The one idempotent setup that `npm start` and `npm test` both run first:
 *   1. npm packages (skipped when node_modules matches package-lock.json),
 *   2. the Holochain toolchain and Debian packages (scripts/toolchain.sh;
 *      skipped per binary when its --version matches),
 *   3. the zomes to wasm (scripts/build-zomes.sh; cargo is incremental),
 *   4. the DNA and hApp bundles (scripts/pack.sh).
 * Fast when everything is already there. Needs no stdin and no login shell.
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { homedir } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, PATH: `${join(homedir(), ".cargo", "bin")}:${process.env.PATH}` };

function step(name, cmd, args) {
  const started = Date.now();
  process.stdout.write(`[setup] ${name}...\n`);
  execFileSync(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  process.stdout.write(`[setup] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function npmPackagesCurrent() {
  const marker = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return false;
  const installed = statSync(marker).mtimeMs;
  return ["package-lock.json", "package.json", "client/package.json", "ui/package.json", "tests/package.json"].every(
    (f) => !existsSync(join(root, f)) || statSync(join(root, f)).mtimeMs <= installed,
  );
}

if (!npmPackagesCurrent()) {
  step("npm packages", "npm", ["install", "--no-audit", "--no-fund"]);
}
step("toolchain", "bash", ["scripts/toolchain.sh"]);
step("zomes (wasm)", "bash", ["scripts/build-zomes.sh"]);
step("bundles", "bash", ["scripts/pack.sh"]);
