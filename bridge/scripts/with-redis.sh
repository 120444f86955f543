#!/usr/bin/env bash
# Runs "$@" with a private redis-server on a free port (REDIS_URL exported),
# stopped afterwards whatever happens. Installs Debian's redis-server first
# when it is missing (idempotent). Used by `npm run test:bridge` and
# `npm run bench:bridge`; a REDIS_URL already set is used as is.
set -euo pipefail
if [[ -n "${REDIS_URL:-}" ]]; then exec "$@"; fi
if ! command -v redis-server >/dev/null; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server >/dev/null || {
    $SUDO apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server >/dev/null; }
fi
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
DIR=$(mktemp -d)
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no --daemonize no --loglevel warning >"$DIR/redis.log" 2>&1 &
REDIS_PID=$!
cleanup() { kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 100); do
  if redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.05
done
redis-cli -p "$PORT" ping | grep -q PONG || { echo "redis-server did not start:"; cat "$DIR/redis.log"; exit 1; }
export REDIS_URL="redis://127.0.0.1:$PORT"
"$@"
