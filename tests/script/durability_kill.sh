#!/usr/bin/env bash
# Acknowledged = durable (REFERENCES.md D-06): 32+ clients write consents over
# keep-alive HTTP, the server is killed with SIGKILL after a random 0.5-3 s,
# restarted on the same data dir (every third restart is itself killed 0-300 ms
# in), and every acknowledged consent must be
# there with an intact hash chain. Then a negative control on --store memory
# must report lost > 0 (proof that this harness can see loss).
#
#   bash tests/script/durability_kill.sh BUILD_DIR
#   KILL_CYCLES=20 KILL_CLIENTS=64 bash tests/script/durability_kill.sh build
#
# Everything listens on 127.0.0.1 only. Exits non-zero on any loss.
set -euo pipefail
BUILD="${1:-build}"
TACT="$BUILD/tact"
HERE="$(cd "$(dirname "$0")" && pwd)"
CYCLES="${KILL_CYCLES:-5}"
CLIENTS="${KILL_CLIENTS:-32}"
# 3 minutes for the default 5 cycles; more cycles get 30 s each.
LIMIT="${KILL_TIME_LIMIT:-$(( CYCLES * 30 > 170 ? CYCLES * 30 : 170 ))}"

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

run_driver --cycles "$CYCLES" --clients "$CLIENTS" --time-limit "$LIMIT"
run_driver --negative-control --clients "$CLIENTS" --time-limit 60
