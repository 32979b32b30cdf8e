#!/usr/bin/env bash
# Acknowledged = durable (REFERENCES.md D-06): 32+ clients write consents over
# keep-alive HTTP, the server is killed with SIGKILL after a random 0.3-1 s,
# restarted on the same data dir (every third restart is itself killed 0-300 ms
# in; every fourth cycle the store's tail is torn while the server is down: a
# half-written WAL frame, garbage after the WAL, garbage after the database),
# and after each restart every acknowledged consent must be there with an
# intact hash chain and `tact ledger verify` must pass. 20 cycles by default.
# Then a negative control on --store memory must report lost > 0 (proof that
# this harness can see loss).
#
#   bash tests/script/durability_kill.sh BUILD_DIR
#   KILL_CYCLES=100 KILL_CLIENTS=64 KILL_MAX_SECONDS=3 bash tests/script/durability_kill.sh build
#
# Everything listens on 127.0.0.1 only. Exits non-zero on any loss.
set -euo pipefail
BUILD="${1:-build}"
TACT="$BUILD/tact"
HERE="$(cd "$(dirname "$0")" && pwd)"
CYCLES="${KILL_CYCLES:-20}"
CLIENTS="${KILL_CLIENTS:-32}"
MIN_SECONDS="${KILL_MIN_SECONDS:-0.3}"
MAX_SECONDS="${KILL_MAX_SECONDS:-1.0}"
# 15 s a cycle (5 minutes for the default 20), at least 170 s.
LIMIT="${KILL_TIME_LIMIT:-$(( CYCLES * 15 > 170 ? CYCLES * 15 : 170 ))}"

if [[ ! -x "$TACT" ]]; then
  echo "durability_kill: $TACT not built" >&2
  exit 1
fi
PYTHON="$(command -v python3 || echo /usr/bin/python3)"

PIDFILE="$(mktemp /tmp/tact-kill-pids.XXXXXX)"
DRIVER_PID=""
cleanup() {
  if [[ -n "$DRIVER_PID" ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill "$DRIVER_PID" 2>/dev/null
    wait "$DRIVER_PID" 2>/dev/null
  fi
  # Any server the driver started and did not reap (by pid, never by name).
  while read -r pid; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
  done < "$PIDFILE"
  rm -f "$PIDFILE"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run_driver() {
  "$PYTHON" "$HERE/lib/durability_kill.py" --tact "$TACT" --pidfile "$PIDFILE" "$@" &
  DRIVER_PID=$!
  local rc=0
  wait "$DRIVER_PID" || rc=$?
  DRIVER_PID=""
  return "$rc"
}

run_driver --cycles "$CYCLES" --clients "$CLIENTS" --time-limit "$LIMIT" \
  --min-seconds "$MIN_SECONDS" --max-seconds "$MAX_SECONDS"
run_driver --negative-control --clients "$CLIENTS" --time-limit 60
