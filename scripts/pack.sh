#!/usr/bin/env bash
# Packs the DNA and the hApp (workdir/nondominium.happ), and the test hApp
# (tests/workdir/nondominium-test.happ) that adds the test-only direct_write
# coordinator. Needs the wasm from scripts/build-zomes.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
hc dna pack dnas/nondominium/workdir -o dnas/nondominium/workdir/nondominium.dna >/dev/null
hc app pack workdir -o workdir/nondominium.happ >/dev/null
hc dna pack tests/workdir/dna -o tests/workdir/dna/nondominium.dna >/dev/null
hc app pack tests/workdir -o tests/workdir/nondominium-test.happ >/dev/null
echo "[pack] workdir/nondominium.happ, tests/workdir/nondominium-test.happ"
