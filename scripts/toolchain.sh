#!/usr/bin/env bash
# Installs the pinned Holochain toolchain (holochain 0.6.0, hc 0.6.0,
# kitsune2-bootstrap-srv 0.3.2) into ~/.cargo/bin, plus the Debian packages
# needed to build it, to compile zomes to wasm32, and Chromium for the browser
# tests. Idempotent: every step is
# skipped when its result is already there. The cargo target dir lives in a
# persistent cache so an interrupted build resumes where it stopped.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
CACHE="${NONDOMINIUM_CACHE:-$HOME/.cache/nondominium}"
mkdir -p "$CACHE"

need_pkgs=()
for p in cmake clang libclang-dev perl pkg-config libssl-dev build-essential rustc-web cargo-web rust-web-src lld chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "[toolchain] apt-get install ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq "${need_pkgs[@]}" </dev/null
fi

version_ok() { # bin expected-substring
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

install_crate() { # crate version bin
  if version_ok "$3" "$2"; then return 0; fi
  echo "[toolchain] cargo install $1 $2 (slow on a cold machine; resumable)"
  CARGO_TARGET_DIR="$CACHE/cargo-target" cargo install --locked "$1" --version "$2" </dev/null
}

install_crate kitsune2_bootstrap_srv 0.3.2 kitsune2-bootstrap-srv
install_crate holochain_cli 0.6.0 hc
install_crate holochain 0.6.0 holochain
echo "[toolchain] ok: $(holochain --version) / $(hc --version) / $(kitsune2-bootstrap-srv --version 2>/dev/null || true)"
