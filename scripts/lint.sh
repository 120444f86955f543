#!/usr/bin/env bash
# Quality gates that `npm test` runs before any test: Rust formatting
# (rustfmt.toml), clippy with warnings as errors on every crate of the
# workspace (zomes, shared crates, the test-only zome), and the type checks
# of the client, the UI (svelte-check), the tests and the bridge (tsc). Each step prints
# its wall time; the first failure stops the run with its output.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() {
  local name="$1"; shift
  local t0=$SECONDS
  "$@"
  echo "lint: $name ok ($((SECONDS - t0)) s)"
}
step "cargo fmt --check" cargo fmt --all --check
step "cargo clippy -D warnings" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "typecheck (client, ui, tests, bridge)" npm run --silent typecheck
