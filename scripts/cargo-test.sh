#!/usr/bin/env bash
# Unit tests of the pure rules (shared types crate and integrity zomes), run
# natively with no conductor.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
exec cargo test --quiet --lib -p nondominium_types -p revisions -p person_integrity -p resource_integrity -p governance_integrity
