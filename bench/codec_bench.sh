#!/usr/bin/env bash
# Single-thread decode throughput: `tact tcf decode` vs @iabtcf/core
# TCString.decode, and `tact gpp decode` vs @iabgpp/cmpapi new GppModel(s)
# (+ toObject(), since GppModel decodes lazily), on the same strings in the
# same run, in CPU time of the process (the machine is shared). tact's figure
# includes reading stdin and writing the full JSON; the reference's does not
# build TCData or any JSON.
#   bash bench/codec_bench.sh [build-dir] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
COUNT="${2:-20000}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
for kind in tcf gpp; do
  node bench/codec_bench.js gen "$kind" "$COUNT" "$TMP/$kind.txt"
  # Repeat the file so tact runs long enough to time (>= ~1 s).
  for i in $(seq 1 20); do cat "$TMP/$kind.txt"; done > "$TMP/$kind.big"
  lines=$(wc -l < "$TMP/$kind.big")
  # CPU seconds (user + sys), not wall time: the machine is shared.
  cpu=$( { /usr/bin/time -f "%U %S" taskset -c 0 "$BUILD/tact" "$kind" decode < "$TMP/$kind.big" > /dev/null; } 2>&1 | tail -1)
  tact_rate=$(echo "$lines / ($(echo "$cpu" | awk '{print $1 + $2}'))" | bc)
  js_rate=$(taskset -c 0 node bench/codec_bench.js js "$kind" "$TMP/$kind.txt" 2)
  ratio=$(echo "scale=1; $tact_rate / $js_rate" | bc)
  echo "$kind: $COUNT distinct valid strings; tact ${tact_rate} strings/s, reference ${js_rate} strings/s, ratio ${ratio}x"
  if [[ "$kind" == tcf ]]; then
    full=$(taskset -c 0 node bench/codec_bench.js js-full tcf "$TMP/tcf.txt" 1)
    echo "tcf (equal work: TCString.decode + TCData + JSON.stringify): reference ${full} strings/s, ratio $(echo "scale=1; $tact_rate / $full" | bc)x"
  fi
done
