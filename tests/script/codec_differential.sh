#!/usr/bin/env bash
# Differential test of tact's TCF and GPP codecs against the IAB reference
# JavaScript libraries (small size, for `make test`). $1 = build dir.
# The large run: node tests/differential/run.js --tact build/tact --count 100000
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build}"
if [[ ! -d node_modules/@iabtcf/core || ! -d node_modules/@iabgpp/cmpapi || ! -d node_modules/@iabtcf/cmpapi ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null
fi
node tests/differential/run.js --tact "$BUILD/tact" --kind tcf --count 1500 --seed 11
node tests/differential/run.js --tact "$BUILD/tact" --kind gpp --count 4000 --seed 12

# One line in, one line out while the input stays open (an interactive
# caller): each answer must arrive before the next line is sent.
coproc TACT { "$BUILD/tact" gpp decode; }
tact_pid=$TACT_PID  # bash unsets TACT_PID once the coprocess has exited
for input in 'DBABTA~1YN-' 'not a gpp string'; do
  echo "$input" >&"${TACT[1]}"
  if ! read -t 10 -r answer <&"${TACT[0]}"; then
    echo "tact gpp decode did not answer the interactive line '$input'" >&2
    exit 1
  fi
  case "$input" in
    DB*) [[ "$answer" == *'"uspv1":{"Version":1,"Notice":"Y"'* ]] ;;
    *) [[ "$answer" == '{"error":'* ]] ;;
  esac || { echo "unexpected answer to '$input': $answer" >&2; exit 1; }
done
exec {TACT[1]}>&-
wait "$tact_pid"
echo "interactive: one line out per line in before the input closed"
