#!/usr/bin/env bash
# Tamper tests: record consents, stop the server cleanly, then on copies of the
# database change one byte of an event, delete an event, swap two, and cut the
# tail. `tact ledger verify` must pass on the original and fail on each copy,
# naming the place.
set -euo pipefail
BUILD="${1:-build}"
TACT="$(cd "$BUILD" && pwd)/tact"
WORK="$(mktemp -d /tmp/tact-tamper-XXXXXX)"
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$TACT" serve --data "$WORK/data" --listen 127.0.0.1:0 > "$WORK/out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/out" && break; sleep 0.1; done
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/out" | tail -1)
SK=$(python3 -c "import json;print(json.load(open('$WORK/data/demo.key'))['secret_key'])")
for i in $(seq 1 40); do
  state=granted; (( i % 3 == 0 )) && state=denied
  curl -sf -o /dev/null -X POST "$BASE/v1/consents" -H "Authorization: Bearer $SK" \
    -d "{\"subject\":\"sub_t$i\",\"property\":\"shop\",\"choices\":[{\"purpose\":\"marketing\",\"state\":\"$state\"}]}"
done
# A receipt read makes a checkpoint in the middle of the ledger.
RID=$(curl -sf "$BASE/v1/subjects/sub_t20/consents/history" -H "Authorization: Bearer $SK" |
      python3 -c "import json,sys;print(json.load(sys.stdin)['events'][0]['receipt_id'])")
curl -sf -o /dev/null "$BASE/v1/receipts/$RID" -H "Authorization: Bearer $SK"
kill -TERM "$PID"; wait "$PID" || true; PID=""

"$TACT" ledger verify --data "$WORK/data" | tee "$WORK/verify.out"
grep -q "ledger: ok, 40 events" "$WORK/verify.out"

fails=0
check() {  # name, expected text, SQL
  local name="$1" want="$2" sql="$3" dir="$WORK/$1"
  mkdir -p "$dir"
  sqlite3 "$WORK/data/tact.db" ".backup '$dir/tact.db'"
  cp "$WORK/data/ledger.key" "$dir/"
  sqlite3 "$dir/tact.db" "$sql"
  set +e
  out=$("$TACT" ledger verify --data "$dir" 2>&1); rc=$?
  set -e
  if [[ $rc -ne 1 || "$out" != *"$want"* ]]; then
    echo "FAIL $name: rc=$rc, wanted '$want' in: $out"; fails=$((fails+1))
  else
    echo "ok   $name: $out"
  fi
}
check byte "ledger entry 7" "UPDATE ledger SET payload = CAST(replace(CAST(payload AS TEXT), 'sub_t7', 'sub_x7') AS BLOB) WHERE seq = 7"
check delete "ledger entry 13" "DELETE FROM ledger WHERE seq = 12"
check swap "ledger entry 5" "CREATE TEMP TABLE t AS SELECT * FROM ledger WHERE seq IN (5, 6);
  UPDATE ledger SET (tenant, subject, time, payload, prev_hash, hash) =
    (SELECT tenant, subject, time, payload, prev_hash, hash FROM t WHERE t.seq = 11 - ledger.seq) WHERE seq IN (5, 6)"
check tail "checkpoint at tree size 40" "DELETE FROM ledger WHERE seq > 35"
check forged-checkpoint "not signed" "UPDATE records SET body = replace(body, '\"kid\":\"', '\"kid\":\"x') WHERE kind = 'checkpoint'"
echo "tamper tests: $((5 - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
