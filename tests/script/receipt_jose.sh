#!/usr/bin/env bash
# A receipt verified by a JOSE library that is not ours: node --test with npm
# `jose` (tests/script/lib/receipt_jose.test.mjs) against a real `tact serve`
# on 127.0.0.1: the JWS (EdDSA) with the published JWK Set, the checkpoint's
# Ed25519 signature with node's crypto, and the RFC 6962 root recomputed from
# the inclusion proof.
#
#   bash tests/script/receipt_jose.sh BUILD_DIR
#
# A missing tool (node, node_modules/jose) is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build}"
export TACT_BIN="$(cd "$BUILD" && pwd)/tact"
[[ -x "$TACT_BIN" ]] || { echo "receipt_jose: $TACT_BIN is not built" >&2; exit 1; }
command -v node >/dev/null || { echo "receipt_jose: node is missing (scripts/install-deps)" >&2; exit 1; }
[[ -f node_modules/jose/package.json ]] || { echo "receipt_jose: node_modules/jose is missing (npm ci)" >&2; exit 1; }
exec timeout 120 node --test --test-reporter=spec tests/script/lib/receipt_jose.test.mjs </dev/null
