#!/usr/bin/env bash
# No personal data in logs: runs a scenario through the HTTP API of a real
# `tact serve` with recognisable subject ids and attributes (pii_canary_...),
# valid and invalid requests alike, stops the server, then searches every log
# it wrote — stdout, stderr and any log or text file in the data directory —
# for the canaries. Fails if one is found, or if the scenario did not really
# carry them (the API must have seen them).
#
#   bash tests/script/pii_logs.sh BUILD_DIR
set -euo pipefail
BUILD="${1:-build}"
TACT="$(cd "$BUILD" && pwd)/tact"
[[ -x "$TACT" ]] || { echo "pii_logs: $TACT not built" >&2; exit 1; }
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d /tmp/tact-pii-XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$TACT" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" --threads 2 >"$WORK/stdout.log" 2>"$WORK/stderr.log" &
PID=$!
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
  sleep 0.1
done

TOKEN="$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PYTHONPATH="$HERE/lib" python3 - "$PORT" "$WORK/data" "$TOKEN" <<'PY'
import json, sys, urllib.parse
from tactlib import request

port, data, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
admin = open(data + "/admin.key").read().strip()
email = f"pii_canary_{token}@example.com"
phone = f"+33600{token}"
name = f"PiiCanaryName{token}"
subject_b = f"pii_canary_{token}_b"
browser = f"sub_piicanary{token}browser"
seen = []

def must(status, body, want, what):
    if status != want:
        sys.exit(f"pii_logs: {what}: HTTP {status}, wanted {want}: {body}")
    seen.append(json.dumps(body) if not isinstance(body, str) else body)
    return body

must(*request(port, "POST", "/v1/tenants", {"id": "piico", "name": f"Company of {name}"}, admin), 201, "tenant")
key = must(*request(port, "POST", "/v1/tenants/piico/keys",
                    {"name": "backend", "scopes": ["config:write", "consent:write", "consent:read", "decide",
                                                   "events:read", "messages:decide", "data:write", "audit:read",
                                                   "rights:manage", "feedback:write"]}, admin), 201, "key")["key"]
must(*request(port, "PUT", "/v1/properties/shop", {"name": "Shop", "origins": ["https://shop.example"]}, key),
     200, "property")
pk = must(*request(port, "POST", "/v1/tenants/piico/keys",
                   {"name": "banner", "kind": "publishable", "property": "shop"}, admin), 201, "pk")["key"]
must(*request(port, "PUT", "/v1/purposes/marketing.email",
              {"title": {"en": "Newsletter"}, "legal_basis": "consent", "channels": ["email"]}, key), 200, "purpose")
must(*request(port, "POST", "/v1/notices", {"property": "shop", "purposes": ["marketing.email"]}, key), 201, "notice")

for subject in (email, subject_b):
    rec = must(*request(port, "POST", "/v1/consents",
                        {"subject": subject, "property": "shop",
                         "choices": [{"purpose": "marketing.email", "channel": "email", "state": "granted"}]},
                        key, headers={"Sec-GPC": "1"}), 201, "consent")
    q = urllib.parse.quote(subject, safe="")
    must(*request(port, "GET", f"/v1/subjects/{q}/consents", key=key), 200, "consents")
    must(*request(port, "GET", f"/v1/subjects/{q}/consents/history", key=key), 200, "history")
    must(*request(port, "GET", f"/v1/receipts/{rec['receipt_id']}", key=key), 200, "receipt")
    must(*request(port, "POST", "/v1/decide", {"subject": subject, "purpose": "marketing.email", "channel": "email"},
                  key), 200, "decide")
    must(*request(port, "PUT", f"/v1/subjects/{q}", {"time_zone": "Europe/Paris", "locale": "fr"}, key),
         200, "profile")
    must(*request(port, "POST", "/v1/messages/decide",
                  {"subject": subject, "channel": "email", "purpose": "marketing.email", "priority": "marketing",
                   "idempotency_key": f"pii_canary_{token}_idem"}, key), 200, "messages/decide")
    must(*request(port, "GET", f"/v1/subjects/{q}/messaging", key=key), 200, "messaging")
    link = must(*request(port, "POST", f"/v1/subjects/{q}/portal-links", {"language": "fr"}, key), 201, "portal")
    must(*request(port, "GET", link["path"]), 200, "my-data page")
    must(*request(port, "GET", "/me/export?token=" + urllib.parse.quote(link["token"])), 200, "export")
    must(*request(port, "GET", f"/v1/audit?subject={q}", key=key), 200, "audit")

must(*request(port, "GET", "/v1/events?after=0", key=key), 200, "events")
must(*request(port, "POST", "/v1/p/shop/consents",
              {"subject": browser, "choices": [{"purpose": "marketing.email", "state": "denied"}]}, pk,
              headers={"Origin": "https://shop.example"}), 201, "banner consent")
must(*request(port, "GET", f"/v1/p/shop/config?subject={browser}", key=pk,
              headers={"Origin": "https://shop.example"}), 200, "banner config")
must(*request(port, "POST", "/v1/feedback/ces", {"touchpoint": "consent.withdraw", "score": 6}, key), 201, "ces")

# Refused requests carry the canaries too: errors must not log them either.
must(*request(port, "POST", "/v1/consents", {"subject": f"pii canary {email}", "choices": []}, key), 400, "bad id")
must(*request(port, "POST", "/v1/consents", f'{{"subject": "{email}", "phone": "{phone}"', key), 400, "bad json")
must(*request(port, "POST", "/v1/consents",
              {"subject": email, "phone": phone, "choices": [{"purpose": "marketing.email", "state": "granted"}]},
              key), 400, "unknown field")
must(*request(port, "GET", f"/v1/subjects/{urllib.parse.quote(email)}/consents", key="sk_" + name), 401, "bad key")
must(*request(port, "PUT", f"/v1/subjects/{urllib.parse.quote(email)}", {"time_zone": f"Mars/{name}"}, key),
     400, "bad time zone")
must(*request(port, "GET", f"/v1/subjects/{urllib.parse.quote(email)}/nope?name={name}", key=key), 404, "no route")
must(*request(port, "POST", "/v1/p/shop/consents", {"subject": email, "choices": []}, pk,
              headers={"Origin": "https://shop.example"}), 403, "banner bad subject")

# The API did carry the canaries (else this test would prove nothing).
carried = "\n".join(seen)
for canary in (email, subject_b, browser):
    if canary not in carried:
        sys.exit(f"pii_logs: the scenario never saw {canary}")
print(f"pii_logs: scenario done ({len(seen)} requests)")
PY

kill -TERM "$PID"; wait "$PID" || true; PID=""

# Every log the server wrote: its stdout and stderr, and any log or text file
# in the data directory (the database and key files are not logs).
LOGS=("$WORK/stdout.log" "$WORK/stderr.log")
while IFS= read -r -d '' f; do LOGS+=("$f"); done < <(find "$WORK/data" -type f \( -name '*.log' -o -name '*.txt' -o -name '*.out' -o -name '*log*' \) -print0)
[[ -s "$WORK/stdout.log" ]] || { echo "pii_logs: the server wrote no stdout at all"; exit 1; }

# The search itself must work: a planted canary is found.
printf 'control pii_canary_%s@example.com\n' "$TOKEN" > "$WORK/control.log"
grep -q "pii_canary_$TOKEN" "$WORK/control.log" || { echo "pii_logs: grep cannot find a planted canary"; exit 1; }

found=0
for f in "${LOGS[@]}"; do
  for needle in "pii_canary_$TOKEN" "piicanary$TOKEN" "PiiCanaryName$TOKEN" "+33600$TOKEN" "pii_canary_${TOKEN}%40" "pii%20canary"; do
    if grep -aF -n -- "$needle" "$f"; then
      echo "pii_logs: FOUND '$needle' in $f"
      found=1
    fi
  done
done
echo "pii_logs: searched ${#LOGS[@]} logs ($(cat "${LOGS[@]}" | wc -l) lines) for the canaries: $([[ $found -eq 0 ]] && echo none found || echo FOUND)"
[[ $found -eq 0 ]]
