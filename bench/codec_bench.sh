#!/usr/bin/env bash
# Single-thread decode throughput: `tact tcf decode` vs @iabtcf/core
# TCString.decode, and `tact gpp decode` vs @iabgpp/cmpapi new GppModel(s)
# (+ toObject(), since GppModel decodes lazily), on the same strings in the
# same run, in CPU time (user + sys) of each process, pinned to one core (the
# machine is shared).
#
# tact reads stdin and writes the full codec-json.md JSON to /dev/null. The
# reference is measured twice: decoding only (the bar's baseline), and doing
# the same work as tact (decode, build the JSON object of codec-json.md,
# JSON.stringify it). Per string mix (bench/codec_bench.js gen):
#   tcf: all (the differential generator: vendor ids to 3,000, some to 65,535),
#        gvl (max vendor id <= 1,500, the range of today's Global Vendor List),
#        small (max vendor id <= 300)
#   gpp: all (every section but tcfcav1), us (US sections and uspv1 only),
#        tcfeu (strings with a tcfeuv2 section)
#   bash bench/codec_bench.sh [build-dir] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
COUNT="${2:-5000}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# tact strings/s over `reps` copies of the file, in CPU time.
tact_rate() {
  local kind=$1 file=$2 reps=$3
  for _ in $(seq 1 "$reps"); do cat "$file"; done > "$TMP/big"
  local lines cpu
  lines=$(wc -l < "$TMP/big")
  cpu=$( { /usr/bin/time -f "%U %S" taskset -c 0 "$BUILD/tact" "$kind" decode < "$TMP/big" > /dev/null; } 2>&1 | tail -1)
  echo "$lines / ($(echo "$cpu" | awk '{print $1 + $2}'))" | bc
}

printf '| kind | mix | strings | tact strings/s | reference decode only | ratio | reference equal work | ratio |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for spec in tcf:all:20 tcf:gvl:20 tcf:small:100 gpp:all:100 gpp:us:100 gpp:tcfeu:20; do
  IFS=: read -r kind mix reps <<< "$spec"
  node bench/codec_bench.js gen "$kind" "$COUNT" "$TMP/in.txt" "$mix"
  t=$(tact_rate "$kind" "$TMP/in.txt" "$reps")
  d=$(taskset -c 0 node bench/codec_bench.js js "$kind" "$TMP/in.txt" 2)
  e=$(taskset -c 0 node bench/codec_bench.js js-full "$kind" "$TMP/in.txt" 1)
  printf '| %s | %s | %s | %s | %s | %sx | %s | %sx |\n' "$kind" "$mix" "$COUNT" "$t" "$d" \
    "$(echo "scale=1; $t / $d" | bc)" "$e" "$(echo "scale=1; $t / $e" | bc)"
done
