#!/usr/bin/env bash
# HTTP fuzz test: thousands of malformed requests (broken JSON, invalid UTF-8,
# huge numbers, deep nesting, wrong types, missing and unknown fields,
# duplicate keys, bad methods, paths, headers and framing, oversize bodies,
# truncated requests, slowloris connections) to every route of
# docs/openapi.yaml, with valid keys, against a real `tact serve` on
# 127.0.0.1. Never a 5xx, the server never dies, the store is unchanged.
#
#   bash tests/script/http_fuzz.sh BUILD_DIR
#   HTTP_FUZZ_REQUESTS=200000 HTTP_FUZZ_SEED=7 bash tests/script/http_fuzz.sh build   # the long run
#
# The default (5,000 requests, seed 6) takes about a minute.
set -euo pipefail
BUILD="${1:-build}"
TACT="$BUILD/tact"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
[[ -x "$TACT" ]] || { echo "http_fuzz: $TACT not built" >&2; exit 1; }
PYTHON="$(command -v python3 || echo /usr/bin/python3)"

PIDFILE="$(mktemp /tmp/tact-fuzz-pids.XXXXXX)"
DRIVER_PID=""
cleanup() {
  if [[ -n "$DRIVER_PID" ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill "$DRIVER_PID" 2>/dev/null
    wait "$DRIVER_PID" 2>/dev/null
  fi
  while read -r pid; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
  done < "$PIDFILE"
  rm -f "$PIDFILE"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PYTHON" "$HERE/lib/http_fuzz.py" --tact "$TACT" --openapi "$ROOT/docs/openapi.yaml" --pidfile "$PIDFILE" \
  --requests "${HTTP_FUZZ_REQUESTS:-5000}" --seed "${HTTP_FUZZ_SEED:-6}" &
DRIVER_PID=$!
rc=0
wait "$DRIVER_PID" || rc=$?
DRIVER_PID=""
exit "$rc"
