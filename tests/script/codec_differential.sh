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
