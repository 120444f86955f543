#!/usr/bin/env bash
# Idempotent: the Python client's venv (clients/python/.venv, httpx + pytest
# from PyPI) and Debian's php-cli + php-curl, for the client tests that
# bridge/test/bridge.test.ts runs against the bridge.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="$ROOT/clients/python/.venv"
if [[ ! -x "$VENV/bin/pytest" ]] || ! "$VENV/bin/python" -c 'import httpx, nondominium_bridge' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -e "$ROOT/clients/python[test]"
fi
if ! command -v php >/dev/null || ! php -m | grep -qi '^curl$'; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y php-cli php-curl >/dev/null
fi
