#!/usr/bin/env bash
# Single-thread decode throughput: `tact tcf decode` vs @iabtcf/core
# TCString.decode, and `tact gpp decode` vs @iabgpp/cmpapi new GppModel(s)
# (+ toObject(), since GppModel decodes lazily), on the same strings in the
# same run. tact's figure includes reading stdin and writing the full JSON.
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
  start=$(date +%s.%N)
  taskset -c 0 "$BUILD/tact" "$kind" decode < "$TMP/$kind.big" > /dev/null
  end=$(date +%s.%N)
  tact_rate=$(echo "$lines / ($end - $start)" | bc)
  js_rate=$(taskset -c 0 node bench/codec_bench.js js "$kind" "$TMP/$kind.txt" 2)
  ratio=$(echo "scale=1; $tact_rate / $js_rate" | bc)
  echo "$kind: $COUNT distinct valid strings; tact ${tact_rate} strings/s, reference ${js_rate} strings/s, ratio ${ratio}x"
done
