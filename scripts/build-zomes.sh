#!/usr/bin/env bash
# Builds every zome crate to wasm32.
# - Where the active rustc has the wasm32 target (e.g. the holonix shell of
#   flake.nix), a plain cargo build.
# - Otherwise (Debian, whose rustup here has no wasm32 target and cannot
#   download one), Debian's rustc-web toolchain with build-std. These flags
#   live here and only here: a changed RUSTFLAGS rebuilds everything.
#   `--allow-undefined` keeps the host imports undefined so the conductor can
#   provide them. `--compress-relocations` has the linker write each code
#   reference in its shortest LEB128 form instead of padded to 5 bytes: the
#   same module, 8 % smaller (13.2 → 12.1 MB for the six zomes), so the
#   conductor compiles less at install. It needs stripped output (the release
#   profile's `strip = "symbols"`).
#
# Afterwards it drops from .wasm-cache/ (scripts/wasm-cache.mjs) the compiled
# zomes of earlier builds: the files are named by the BLAKE2b-256 of their
# wasm, and every new conductor is seeded with the whole directory, so a
# cache left to grow over a day of builds (1.6 GB) made each conductor start
# seconds slower.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

prune_wasm_cache() {
  [ -d .wasm-cache ] || return 0
  local keep
  keep=$(b2sum -l 256 target/wasm32-unknown-unknown/release/*.wasm | cut -d' ' -f1)
  for file in .wasm-cache/*; do
    [ -e "$file" ] || continue
    grep -qxF "$(basename "$file")" <<<"$keep" || rm -f "$file"
  done
}

# Two cargo runs, because cargo unifies a crate's features across one run:
# the integrity zomes with their callbacks (`validate`, ...), then the
# coordinators, which link the integrity crates for their types only
# (`default-features = false` in the workspace Cargo.toml). In one run the
# integrity crates' `callbacks` feature would be on for the coordinators too,
# and each coordinator's wasm would carry an unused copy of its integrity
# zome's validation code (1.2 MB of the three, 2026-12-06).
INTEGRITY=(-p person_integrity -p resource_integrity -p governance_integrity -p bench_floor_integrity)
COORDINATORS=(-p person -p resource -p governance -p direct_write -p bench_floor)
if command -v rustc >/dev/null && [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  build() { cargo build --release --target wasm32-unknown-unknown --quiet "$@"; }
else
  export RUSTC=/usr/bin/rustc
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
  export RUSTFLAGS='--cfg getrandom_backend="custom" -C link-arg=--allow-undefined -C link-arg=--compress-relocations'
  build() { /usr/bin/cargo build --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort --quiet "$@"; }
fi
build "${INTEGRITY[@]}"
build "${COORDINATORS[@]}"
prune_wasm_cache
