#!/usr/bin/env bash
# HTTP smoke test with curl: the main routes answer with the exact status
# codes, every error has the {"error":{"code","message"}} shape, and none of
# the refused requests changes the ledger (/readyz ledger_head unchanged).
#
#   bash tests/script/http_smoke.sh BUILD_DIR
#
# The server listens on 127.0.0.1 only and is killed on exit.
set -euo pipefail
BUILD="${1:-build}"
TACT="$BUILD/tact"
PYTHON="$(command -v python3 || echo /usr/bin/python3)"
[[ -x "$TACT" ]] || { echo "http_smoke: $TACT not built" >&2; exit 1; }

DATA="$(mktemp -d /tmp/tact-smoke.XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"$TACT" serve --data "$DATA" --listen "127.0.0.1:$PORT" --threads 2 >"$DATA/server.log" 2>&1 &
PID=$!
ready=0
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || break
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" == 200 ]]; then ready=1; break; fi
  sleep 0.1
done
if [[ $ready != 1 ]]; then echo "http_smoke: server did not become ready" >&2; cat "$DATA/server.log" >&2; exit 1; fi

json_field() {  # json_field FILE EXPR (python expression over `j`)
  "$PYTHON" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
SK="$(json_field "$DATA/demo.key" 'j["secret_key"]')"
PK="$(json_field "$DATA/demo.key" 'j["publishable_key"]')"
ADMIN="$(tr -d '\n' < "$DATA/admin.key")"

pass=0; fail=0
BODY="$DATA/body.json"
# expect STATUS NAME curl-args...: runs curl, compares the status exactly; a
# 4xx must carry the error shape.
expect() {
  local want="$1" name="$2"; shift 2
  local got
  got="$(curl -s -o "$BODY" -w '%{http_code}' "$@")"
  if [[ "$got" != "$want" ]]; then
    echo "FAIL: $name: status $got, expected $want: $(head -c 300 "$BODY")"
    fail=$((fail + 1)); return 0
  fi
  if [[ "$want" == 4* ]]; then
    if ! "$PYTHON" -c 'import json, sys; e = json.load(open(sys.argv[1]))["error"]; assert e["code"] and e["message"]' "$BODY" 2>/dev/null; then
      echo "FAIL: $name: status $got without an {\"error\":{\"code\",\"message\"}} body: $(head -c 300 "$BODY")"
      fail=$((fail + 1)); return 0
    fi
  fi
  echo "ok   $name ($got)"
  pass=$((pass + 1))
}
auth() { echo "Authorization: Bearer $1"; }
JSON="Content-Type: application/json"

# --- what works
expect 200 "GET /healthz" "$BASE/healthz"
expect 200 "GET /readyz" "$BASE/readyz"
expect 200 "GET /metrics" "$BASE/metrics"
expect 201 "POST /v1/consents" -X POST "$BASE/v1/consents" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_1","property":"shop","choices":[{"purpose":"marketing.newsletter","channel":"email","state":"granted"},{"purpose":"marketing","state":"denied"}]}'
RECEIPT="$(json_field "$BODY" 'j["receipt_id"]')"
SEQ="$(json_field "$BODY" 'j["seq"]')"
expect 200 "POST /v1/decide" -X POST "$BASE/v1/decide" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_1","purpose":"marketing.newsletter","channel":"email"}'
if [[ "$(json_field "$BODY" 'j["allowed"]')" != True ]]; then echo "FAIL: decide: not allowed after a grant"; fail=$((fail + 1)); fi
expect 200 "POST /v1/decide (family denied)" -X POST "$BASE/v1/decide" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_1","purpose":"marketing.offers"}'
if [[ "$(json_field "$BODY" 'j["allowed"]')" != False || "$(json_field "$BODY" 'len(j["reasons"]) > 0')" != True ]]; then
  echo "FAIL: decide: marketing.offers must be refused (family denied), with reasons"; fail=$((fail + 1))
fi
expect 200 "GET /v1/subjects/{id}/consents" "$BASE/v1/subjects/smoke_1/consents" -H "$(auth "$SK")"
expect 200 "GET /v1/subjects/{id}/consents/history" "$BASE/v1/subjects/smoke_1/consents/history" -H "$(auth "$SK")"
if [[ "$(json_field "$BODY" "any(e['seq'] == $SEQ and e['receipt_id'] == '$RECEIPT' for e in j['events'])")" != True ]]; then
  echo "FAIL: history does not hold seq $SEQ / $RECEIPT"; fail=$((fail + 1))
fi
expect 200 "GET /v1/events" "$BASE/v1/events?after=0&limit=10" -H "$(auth "$SK")"
expect 201 "POST /v1/tenants/demo/keys (admin)" -X POST "$BASE/v1/tenants/demo/keys" -H "$(auth "$ADMIN")" -H "$JSON" \
  -d '{"name":"ro","scopes":["consent:read"]}'
RO="$(json_field "$BODY" 'j["key"]')"
expect 200 "read-only key reads" "$BASE/v1/subjects/smoke_1/consents" -H "$(auth "$RO")"

curl -s "$BASE/readyz" -o "$BODY"
HEAD="$(json_field "$BODY" 'j["ledger_head"]')"

# --- what must be refused, changing nothing
C="$BASE/v1/consents"
expect 400 "malformed JSON" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" -d '{"subject":"smoke_2","choices":['
expect 400 "not an object" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" -d '[1,2,3]'
expect 400 "empty body" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" -d ''
expect 400 "unknown purpose" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_2","choices":[{"purpose":"no.such.purpose","state":"granted"}]}'
expect 400 "subject is a number" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":123,"choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 400 "choices is a string" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" -d '{"subject":"smoke_2","choices":"granted"}'
expect 400 "unknown state" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_2","choices":[{"purpose":"marketing.newsletter","state":"maybe"}]}'
expect 400 "gpc is a string" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_2","gpc":"yes","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 400 "decide: unknown purpose" -X POST "$BASE/v1/decide" -H "$(auth "$SK")" -H "$JSON" \
  -d '{"subject":"smoke_1","purpose":"no.such.purpose"}'
expect 400 "events: bad after" "$BASE/v1/events?after=abc" -H "$(auth "$SK")"
expect 401 "no key" -X POST "$C" -H "$JSON" -d '{"subject":"smoke_2","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 401 "wrong key" -X POST "$C" -H "$(auth sk_nope_0000000000000000000000000000)" -H "$JSON" \
  -d '{"subject":"smoke_2","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 403 "publishable key on a server route" -X POST "$C" -H "$(auth "$PK")" -H "$JSON" \
  -d '{"subject":"smoke_2","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 403 "key without consent:write" -X POST "$C" -H "$(auth "$RO")" -H "$JSON" \
  -d '{"subject":"smoke_2","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}'
expect 403 "key without decide" -X POST "$BASE/v1/decide" -H "$(auth "$RO")" -H "$JSON" \
  -d '{"subject":"smoke_1","purpose":"marketing.newsletter"}'
expect 401 "tenant key on an admin route" -X POST "$BASE/v1/tenants" -H "$(auth "$SK")" -H "$JSON" -d '{"id":"x","name":"X"}'
expect 404 "unknown route" "$BASE/v1/nope" -H "$(auth "$SK")"
expect 405 "wrong method" -X DELETE "$C" -H "$(auth "$SK")"
BIG="$DATA/big.json"
"$PYTHON" -c 'import sys; n = 1024 * 1024 + 4096; sys.stdout.write("{\"subject\":\"smoke_3\",\"pad\":\"" + "x" * n + "\"}")' > "$BIG"
expect 413 "body over 1 MiB" -X POST "$C" -H "$(auth "$SK")" -H "$JSON" --data-binary "@$BIG"

curl -s "$BASE/readyz" -o "$BODY"
AFTER="$(json_field "$BODY" 'j["ledger_head"]')"
if [[ "$AFTER" != "$HEAD" ]]; then
  echo "FAIL: the refused requests changed the ledger: ledger_head $HEAD -> $AFTER"; fail=$((fail + 1))
else
  echo "ok   ledger_head unchanged ($HEAD) after the refused requests"; pass=$((pass + 1))
fi
expect 200 "smoke_2 has no consents" "$BASE/v1/subjects/smoke_2/consents" -H "$(auth "$SK")"
if [[ "$(json_field "$BODY" 'len(j["consents"])')" != 0 ]]; then echo "FAIL: smoke_2 has consents"; fail=$((fail + 1)); fi

# tact export beside the running server: smoke_1's consents, history, and the
# reads of their data above (audit rows are written within 200 ms).
EXPORT="$DATA/export.json"
for _ in $(seq 1 30); do
  "$TACT" export --subject smoke_1 --data "$DATA" > "$EXPORT" || break
  [[ "$(json_field "$EXPORT" 'len(j["records"][0]["access_log"]) if j["records"] else 0')" -ge 3 ]] && break
  sleep 0.1
done
got="$(json_field "$EXPORT" '(j["subject"], len(j["records"]), len(j["records"][0]["consents"]), len(j["records"][0]["history"]), len(j["records"][0]["access_log"]) >= 3, sorted(j["records"][0].keys()))')"
want="('smoke_1', 1, 2, 1, True, ['access_log', 'consents', 'controller', 'feedback', 'history', 'messaging', 'tenant'])"
if [[ "$got" == "$want" ]]; then
  echo "ok   tact export --subject smoke_1: consents, history and the reads of their data"; pass=$((pass + 1))
else
  echo "FAIL: tact export --subject smoke_1 gave $got, want $want"; fail=$((fail + 1))
fi
if "$TACT" export --subject 'not an id!' --data "$DATA" >/dev/null 2>&1; then
  echo "FAIL: tact export took a bad subject id"; fail=$((fail + 1))
else
  echo "ok   tact export refuses a bad subject id"; pass=$((pass + 1))
fi
kill -0 "$PID" 2>/dev/null || { echo "FAIL: the server died"; fail=$((fail + 1)); }

echo "http_smoke: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
