#!/usr/bin/env bash
# Builds every zome crate to wasm32 with Debian's rustc-web toolchain (rustup
# here has no wasm32 target). These flags live here and only here: a changed
# RUSTFLAGS rebuilds everything. `--allow-undefined` keeps the host imports
# undefined so the conductor can provide them.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC=/usr/bin/rustc
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
export RUSTFLAGS='--cfg getrandom_backend="custom" -C link-arg=--allow-undefined'
exec /usr/bin/cargo build --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort --workspace --quiet
