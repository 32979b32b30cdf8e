#!/usr/bin/env bash
# Key rotation end to end: record consents and make a checkpoint, stop,
# `tact ledger rotate-key`, start again, record more and make a checkpoint
# with the new key. Then:
#   - GET /v1/ledger/public-key publishes both keys (kid, validity);
#   - the receipt answered before the rotation (old kid) and one after (new
#     kid) both verify with npm `jose` against that JWK Set;
#   - the key files are mode 0600;
#   - `tact ledger verify` checks the checkpoints of both keys and passes;
#   - with the old public key removed from the ring, verify fails naming the
#     checkpoint it can no longer check.
#
#   bash tests/script/ledger_rotate.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build}"
TACT="$(cd "$BUILD" && pwd)/tact"
[[ -x "$TACT" ]] || { echo "ledger_rotate: $TACT not built" >&2; exit 1; }
[[ -f node_modules/jose/package.json ]] || { echo "ledger_rotate: node_modules/jose is missing (npm ci)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/tact-rotate-XXXXXX)"
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

start() {
  PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  BASE="http://127.0.0.1:$PORT"
  "$TACT" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" --threads 2 >>"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/readyz" && return 0; sleep 0.1; done
  echo "ledger_rotate: the server did not start"; cat "$WORK/server.log"; exit 1
}
stop() { kill -TERM "$PID"; wait "$PID" || true; PID=""; }
# Records a consent; prints the 201 answer.
consent() {
  curl -sf -X POST "$BASE/v1/consents" -H "Authorization: Bearer $SK" \
    -d "{\"subject\":\"$1\",\"property\":\"shop\",\"choices\":[{\"purpose\":\"marketing\",\"state\":\"granted\"}]}"
}
field() { python3 -c "import json,sys;print(json.load(sys.stdin)['$1'])"; }

start
SK=$(python3 -c "import json;print(json.load(open('$WORK/data/demo.key'))['secret_key'])")
consent sub_r1 > "$WORK/before.json"
for i in 2 3 4; do consent "sub_r$i" > /dev/null; done
# Reading a receipt makes a checkpoint signed by the first key.
curl -sf -o /dev/null "$BASE/v1/receipts/$(field receipt_id < "$WORK/before.json")" -H "Authorization: Bearer $SK"
OLD_KID=$(curl -sf "$BASE/v1/ledger/public-key" | python3 -c "import json,sys;print(json.load(sys.stdin)['keys'][0]['kid'])")
stop

"$TACT" ledger rotate-key --data "$WORK/data" | tee "$WORK/rotate.out"
grep -q "retired $OLD_KID" "$WORK/rotate.out"

start
consent sub_r5 > "$WORK/after.json"
curl -sf -o /dev/null "$BASE/v1/receipts/$(field receipt_id < "$WORK/after.json")" -H "Authorization: Bearer $SK"
curl -sf "$BASE/v1/ledger/public-key" > "$WORK/jwks.json"
stop

python3 - "$WORK/jwks.json" "$OLD_KID" <<'PY'
import json, sys
keys = json.load(open(sys.argv[1]))["keys"]
assert len(keys) == 2, keys
assert keys[0]["status"] == "current" and keys[0]["valid_until"] is None, keys[0]
assert keys[1]["kid"] == sys.argv[2] and keys[1]["status"] == "retired" and keys[1]["valid_until"], keys[1]
assert keys[0]["kid"] != keys[1]["kid"]
for k in keys:
    assert k["kty"] == "OKP" and k["crv"] == "Ed25519" and k["alg"] == "EdDSA" and len(k["x"]) == 43, k
print("ledger_rotate: JWK Set publishes", [k["kid"] + " (" + k["status"] + ")" for k in keys])
PY

# Both receipts verify with jose, each with the key its kid names.
node --input-type=module - "$WORK/jwks.json" "$WORK/before.json" "$WORK/after.json" "$OLD_KID" <<'JS'
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';
const [jwksPath, beforePath, afterPath, oldKid] = process.argv.slice(2);
const jwks = createLocalJWKSet(JSON.parse(readFileSync(jwksPath, 'utf8')));
const kids = [];
for (const path of [beforePath, afterPath]) {
  const rec = JSON.parse(readFileSync(path, 'utf8'));
  const { payload, protectedHeader } = await jwtVerify(rec.receipt, jwks, { algorithms: ['EdDSA'] });
  if (payload.consentReceiptID !== rec.receipt_id) throw new Error('claims do not match ' + rec.receipt_id);
  kids.push(protectedHeader.kid);
}
if (kids[0] !== oldKid) throw new Error(`the receipt from before the rotation has kid ${kids[0]}, not ${oldKid}`);
if (kids[1] === oldKid) throw new Error('the receipt after the rotation is still signed by the old key');
console.log('ledger_rotate: jose verified receipts signed by', kids.join(' and '));
JS

for f in ledger.key ledger-keys.json; do
  mode=$(stat -c %a "$WORK/data/$f")
  [[ "$mode" == 600 ]] || { echo "ledger_rotate: $f has mode $mode, want 600"; exit 1; }
done

"$TACT" ledger verify --data "$WORK/data" | tee "$WORK/verify.out"
grep -q "ledger: ok, 5 events" "$WORK/verify.out"
grep -q ", 2 signing keys" "$WORK/verify.out"
python3 - "$WORK/data/tact.db" "$OLD_KID" <<'PY'
import json, sqlite3, sys
kids = [json.loads(b)["kid"] for (b,) in sqlite3.connect(sys.argv[1]).execute(
    "SELECT body FROM records WHERE kind = 'checkpoint' AND id != 'latest'")]
assert sys.argv[2] in kids and any(k != sys.argv[2] for k in kids), kids
print("ledger_rotate: checkpoints signed by", sorted(set(kids)))
PY

# Without the old public key, the old checkpoints cannot be checked: verify fails.
python3 - "$WORK/data/ledger-keys.json" "$OLD_KID" <<'PY'
import json, sys
ring = json.load(open(sys.argv[1]))
ring["keys"] = [k for k in ring["keys"] if k["kid"] != sys.argv[2]]
json.dump(ring, open(sys.argv[1], "w"))
PY
set +e
out=$("$TACT" ledger verify --data "$WORK/data" 2>&1); rc=$?
set -e
echo "$out"
[[ $rc -eq 1 && "$out" == *"not signed by"*"$OLD_KID"* ]] || { echo "ledger_rotate: verify did not catch the missing key"; exit 1; }
echo "ledger_rotate: ok"
