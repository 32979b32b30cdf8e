#!/usr/bin/env bash
# Browser tests of the banner, preference center, My-data page and public
# routes (web/test/*.test.mjs): node --test driving the system chromium via
# playwright-core against a real `tact serve` per file (127.0.0.1:0, temp dir).
#
#   bash tests/script/web.sh BUILD_DIR
#
# Fails on any failing test; a missing tool (node, chromium, node_modules) is
# a failure too, never a skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build}"
export TACT_BIN="$(cd "$BUILD" && pwd)/tact"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -x "$TACT_BIN" ]]; then
  echo "web.sh: $TACT_BIN is not built" >&2
  exit 1
fi
command -v node >/dev/null || { echo "web.sh: node is missing (scripts/install-deps)" >&2; exit 1; }
if ! command -v chromium >/dev/null && [[ -z "${CHROMIUM:-}" ]]; then
  echo "web.sh: chromium is missing (scripts/install-deps)" >&2
  exit 1
fi
for m in playwright-core axe-core @iabtcf/core @iabtcf/cmpapi @iabgpp/cmpapi; do
  [[ -d "node_modules/$m" ]] || { echo "web.sh: node_modules/$m is missing (run npm ci)" >&2; exit 1; }
done
# Files run in parallel, each with its own server and browser.
exec timeout 170 node --test --test-concurrency=3 --test-reporter=spec web/test/*.test.mjs </dev/null
