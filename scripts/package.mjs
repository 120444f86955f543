#!/usr/bin/env node
/**
 * `npm run package`: `workdir/nondominium.webhapp`, the file a Holochain
 * launcher installs — the hApp (`workdir/nondominium.happ`) plus the
 * production build of the UI (`ui/dist`, zipped as `workdir/ui.zip`), packed
 * by `hc web-app pack` from `workdir/web-happ.yaml`.
 *
 * Reproducible: the same sources give the same bytes. Vite names its output
 * by content; the zip lists the files in sorted order with one fixed
 * modification time and no extra attributes; `hc` packs deterministically.
 *
 * Steps: builds the zomes and packs the hApp (`scripts/build-zomes.sh`,
 * `scripts/pack.sh`; skipped with `--skip-happ`, as `npm run package` does
 * after `scripts/setup.mjs` built and packed them), builds
 * the UI (`vite build`), zips it, packs the web hApp, and prints its size and
 * SHA-256. With `--check` it then packs a second time from the same build and
 * fails (exit 1) unless both files are identical and the bundle unpacks to
 * the same hApp and a UI with an `index.html` (what `npm test` runs).
 *
 * Exports `buildUi()` for `scripts/start.mjs`, which serves the same build.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORKDIR = path.join(ROOT, "workdir");
const UI_DIR = path.join(ROOT, "ui");
const DIST = path.join(UI_DIR, "dist");
const HC = path.join(os.homedir(), ".cargo", "bin", "hc");
/** The modification time every zipped file gets (2000-01-01T00:00:00Z): the zip records it. */
const FIXED_TIME = new Date("2000-01-01T00:00:00Z");

/** Runs `cmd args` in `cwd`, inheriting stdio unless `input` is given; throws with its output when it fails. */
function run(cmd, args, { cwd = ROOT, input } = {}) {
  const result = spawnSync(cmd, args, { cwd, input, stdio: input === undefined ? "inherit" : ["pipe", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${result.status ?? result.signal}): ${result.stderr ?? ""}`);
  }
  return result;
}

/** SHA-256 of a file, hex. */
const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir, prefix = "") {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(dir, path.join(prefix, d.name)) : [path.join(prefix, d.name)]))
    .sort();
}

/** Builds the UI for production into `ui/dist` (`vite build`, minified). */
export function buildUi() {
  const vite = path.join(path.dirname(createRequire(path.join(UI_DIR, "package.json")).resolve("vite/package.json")), "bin", "vite.js");
  run(process.execPath, [vite, "build", "--logLevel", "error"], { cwd: UI_DIR });
}

/** Zips `ui/dist` into `zipPath` reproducibly (sorted entries, fixed times, no extra attributes). */
function zipUi(zipPath) {
  const files = filesUnder(DIST);
  if (!files.includes("index.html")) throw new Error("ui/dist has no index.html: build the UI first");
  for (const f of files) fs.utimesSync(path.join(DIST, f), FIXED_TIME, FIXED_TIME);
  fs.rmSync(zipPath, { force: true });
  run("zip", ["-q", "-X", "-D", zipPath, "-@"], { cwd: DIST, input: files.join("\n") + "\n" });
}

/** Packs `workdir/web-happ.yaml` into `out` from a fresh `workdir/ui.zip`. */
function packWebhapp(out) {
  zipUi(path.join(WORKDIR, "ui.zip"));
  run(HC, ["web-app", "pack", WORKDIR, "-o", out], { input: "" });
}

/** Unpacks `webhapp` into a temp dir and checks its hApp and UI; throws what differs. */
function checkContents(webhapp) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nondominium-webhapp-"));
  try {
    run(HC, ["web-app", "unpack", webhapp, "-o", path.join(dir, "unpacked")], { input: "" });
    const unpacked = path.join(dir, "unpacked");
    const entries = fs.readdirSync(unpacked);
    const happ = entries.find((e) => e.endsWith(".happ"));
    const ui = entries.find((e) => e.endsWith(".zip"));
    if (!happ || !ui) throw new Error(`the web hApp holds ${entries.join(", ")}: expected a .happ and a UI .zip`);
    if (sha256(path.join(unpacked, happ)) !== sha256(path.join(WORKDIR, "nondominium.happ"))) {
      throw new Error("the web hApp's hApp differs from workdir/nondominium.happ");
    }
    const listing = run("unzip", ["-Z1", path.join(unpacked, ui)], { input: "" }).stdout.split("\n");
    if (!listing.includes("index.html")) throw new Error("the web hApp's UI has no index.html");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const args = new Set(process.argv.slice(2));
  if (!args.has("--skip-happ")) {
    run("bash", ["scripts/build-zomes.sh"]);
    run("bash", ["scripts/pack.sh"]);
  }
  buildUi();
  const out = path.join(WORKDIR, "nondominium.webhapp");
  packWebhapp(out);
  const kb = (fs.statSync(out).size / 1024).toFixed(0);
  console.log(`[package] ${path.relative(ROOT, out)}: ${kb} KB, sha256 ${sha256(out)}`);
  if (args.has("--check")) {
    const again = path.join(os.tmpdir(), `nondominium-${process.pid}.webhapp`);
    try {
      packWebhapp(again);
      if (sha256(again) !== sha256(out)) throw new Error("packing twice gave different bytes: the web hApp is not reproducible");
    } finally {
      fs.rmSync(again, { force: true });
    }
    checkContents(out);
    console.log("[package] check: reproducible; holds workdir/nondominium.happ and the UI");
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`[package] ${e.message}`);
    process.exit(1);
  });
}
