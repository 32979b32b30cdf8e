#!/usr/bin/env bash
# Native TLS: `tact serve --tls-cert --tls-key` answers HTTPS with that
# certificate (curl checks it against the certificate as its own CA), plain
# HTTP on the same port gets no answer, and half a TLS configuration is
# refused at start with a clear message.
#
#   bash tests/script/tls_serve.sh BUILD_DIR
set -euo pipefail
BUILD="${1:-build}"
TACT="$BUILD/tact"
PYTHON="$(command -v python3 || echo /usr/bin/python3)"
[[ -x "$TACT" ]] || { echo "tls_serve: $TACT not built" >&2; exit 1; }
command -v openssl >/dev/null || { echo "tls_serve: openssl is not installed (scripts/install-deps)" >&2; exit 1; }

DIR="$(mktemp -d /tmp/tact-tls.XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$DIR/key.pem" -out "$DIR/cert.pem" 2>/dev/null

# Half a configuration: refused, exit 1, the reason printed.
if "$TACT" serve --data "$DIR/half" --listen 127.0.0.1:0 --no-demo --tls-cert "$DIR/cert.pem" >"$DIR/half.log" 2>&1; then
  echo "tls_serve: a certificate without a key was accepted" >&2; exit 1
fi
grep -q "TLS needs both" "$DIR/half.log" || { echo "tls_serve: no clear message:" >&2; cat "$DIR/half.log" >&2; exit 1; }

PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$TACT" serve --data "$DIR/data" --listen "127.0.0.1:$PORT" --tls-cert "$DIR/cert.pem" --tls-key "$DIR/key.pem" \
  >"$DIR/server.log" 2>&1 &
PID=$!
ok=0
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || break
  if [[ "$(curl -s --cacert "$DIR/cert.pem" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/readyz")" == 200 ]]; then ok=1; break; fi
  sleep 0.1
done
[[ $ok == 1 ]] || { echo "tls_serve: no HTTPS answer" >&2; cat "$DIR/server.log" >&2; exit 1; }
grep -q "listening on https://" "$DIR/server.log" || { echo "tls_serve: the banner does not say https" >&2; exit 1; }

SK="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret_key"])' "$DIR/data/demo.key")"
body="$(curl -s --cacert "$DIR/cert.pem" -X POST "https://127.0.0.1:$PORT/v1/decide" -H "Authorization: Bearer $SK" \
  -d '{"subject":"sub_tls","purpose":"marketing.newsletter","channel":"email"}')"
[[ "$body" == *'"allowed":false'* ]] || { echo "tls_serve: decide over HTTPS answered: $body" >&2; exit 1; }
# A consent over HTTPS: its answer (and signed receipt) is written after the
# commit, on the connection's thread, through the TLS stream.
code="$(curl -s --cacert "$DIR/cert.pem" -o "$DIR/consent.json" -w '%{http_code}' -X POST "https://127.0.0.1:$PORT/v1/consents" \
  -H "Authorization: Bearer $SK" -d '{"subject":"sub_tls","choices":[{"purpose":"marketing.newsletter","state":"granted"}]}')"
"$PYTHON" - "$code" "$DIR/consent.json" <<'PY' || { echo "tls_serve: consent over HTTPS answered $code: $(cat "$DIR/consent.json")" >&2; exit 1; }
import json, sys
assert sys.argv[1] == "201"
answer = json.load(open(sys.argv[2]))
assert answer["subject"] == "sub_tls" and answer["choices"][0]["state"] == "granted"
assert len(answer["receipt"].split(".")) == 3 and answer["receipt_id"].startswith("rcpt_")
PY
body="$(curl -s --cacert "$DIR/cert.pem" -X POST "https://127.0.0.1:$PORT/v1/decide" -H "Authorization: Bearer $SK" \
  -d '{"subject":"sub_tls","purpose":"marketing.newsletter","channel":"email"}')"
[[ "$body" == *'"allowed":true'* ]] || { echo "tls_serve: decide after the consent answered: $body" >&2; exit 1; }

# Plain HTTP on the TLS port: no HTTP answer.
if curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/readyz"; then
  echo "tls_serve: plain HTTP got an HTTP answer" >&2; exit 1
fi
# And the server is still fine.
[[ "$(curl -s --cacert "$DIR/cert.pem" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/healthz")" == 200 ]]
echo "tls_serve: HTTPS served with the given certificate (a consent recorded and decided on); plain HTTP refused; half a configuration refused"
