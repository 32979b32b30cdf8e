#!/usr/bin/env python3
"""HTTP fuzz test: thousands of malformed requests against a real `tact serve`
on 127.0.0.1, to every route of docs/openapi.yaml, with valid keys so that the
handlers' parsers are reached.

Malformations: broken and truncated JSON, invalid UTF-8, control bytes, huge
and out-of-range numbers, deep nesting, wrong types, missing required fields,
unknown fields (the API refuses them), duplicate keys, bad enum values and ids,
bad methods, bad paths and queries, bad and huge headers, Content-Length and
chunked framing errors, oversize bodies, truncated requests, and slowloris
connections that trickle a request a few bytes at a time. The seed is fixed,
so a run is repeatable.

Asserts:
  - no answer is a 5xx;
  - the server never dies (checked every 100 requests and at the end) and a
    well-formed request always gets an answer;
  - the store is unchanged: every request that could write is invalid by
    construction, and the ledger, the change feed and every record (but the
    kinds written by reads themselves, such as checkpoints and the audit log)
    are the same before and after, compared while serving and again after a
    clean stop.

Standard library only.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import urllib.parse
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tactlib  # noqa: E402

# Record kinds that reads and the passage of time may write: signed
# checkpoints (a receipt read makes one when none covers the event yet) and
# the append-only audit log of reads. Everything else must stay as it was.
VOLATILE_KINDS = {"checkpoint", "audit"}

# ---------------------------------------------------------------------------
# Routes


def openapi_routes(path):
    """(method, path template) for every operation in docs/openapi.yaml."""
    routes = []
    current = None
    with open(path) as f:
        for line in f:
            m = re.match(r"^  (/\S*):\s*$", line)
            if m:
                current = m.group(1)
                continue
            if re.match(r"^\S", line):
                current = None
                continue
            m = re.match(r"^    (get|put|post|delete|patch|options|head):", line)
            if m and current:
                routes.append((m.group(1).upper(), current))
    return routes


# Field specs of the request bodies: name -> (type, required, extra)
#   type: s string, id identifier string, e enum string, i integer, n number,
#         b boolean, a array, o object, t localized text (a string or an
#         object of strings); extra: enum values or (min, max).
S, ID, E, I, N, B, A, O, T = "s", "id", "e", "i", "n", "b", "a", "o", "t"
CHANNELS = ["email", "sms", "push", "phone", "post", "in_app", "web"]

# Write routes: every request sent to them is invalid by construction.
# (method, template) -> (auth, base body, field specs)
WRITE_BODIES = {
    ("POST", "/v1/tenants"): ("admin", {"id": "fuzz-tenant", "name": "Fuzz"},
                              {"id": (ID, True, None), "name": (S, False, None)}),
    ("POST", "/v1/tenants/{id}/keys"): ("admin", {"name": "k", "kind": "secret", "scopes": ["decide"]},
                                        {"name": (S, False, None), "kind": (E, False, ["secret", "publishable"]),
                                         "scopes": (A, False, None)}),
    ("PUT", "/v1/properties/{id}"): ("secret", {"name": "Shop", "origins": ["https://x.example"], "languages": ["en"]},
                                     {"name": (S, False, None), "origins": (A, False, None),
                                      "languages": (A, False, None)}),
    ("PUT", "/v1/purposes/{key}"): ("secret", {"title": {"en": "T"}, "legal_basis": "consent", "party": "first",
                                               "channels": ["email"], "retention_days": 30,
                                               "sale_or_sharing": False},
                                    {"title": (T, True, None), "legal_basis": (E, False, ["consent", "contract"]),
                                     "party": (E, False, ["first", "third"]), "channels": (A, False, None),
                                     "retention_days": (I, False, None), "sale_or_sharing": (B, False, None)}),
    ("PUT", "/v1/vendors/{id}"): ("secret", {"name": "V", "gvl_id": 3, "party": "third",
                                             "purposes": ["marketing.newsletter"]},
                                  {"name": (S, True, None), "party": (E, False, ["first", "third"]),
                                   "purposes": (A, False, None)}),
    ("POST", "/v1/notices"): ("secret", {"property": "shop", "purposes": ["marketing.newsletter"]},
                              {"property": (ID, True, None), "purposes": (A, True, None)}),
    ("POST", "/v1/consents"): ("secret", {"subject": "fz_subject", "property": "shop", "notice_version": 1,
                                          "source": "api", "gpc": False,
                                          "choices": [{"purpose": "marketing.newsletter", "channel": "email",
                                                       "state": "granted"}]},
                               {"subject": (ID, True, None), "property": (ID, False, None),
                                "notice_version": (I, False, None), "source": (E, False, ["api", "banner"]),
                                "gpc": (B, False, None), "choices": (A, True, None)}),
    ("POST", "/v1/p/{property}/consents"): ("publishable",
                                            {"subject": "sub_fuzzfuzzfuzzfuzz01", "property": "shop",
                                             "choices": [{"purpose": "analytics.measurement", "state": "denied"}]},
                                            {"subject": (ID, True, None), "property": (ID, False, None),
                                             "choices": (A, True, None)}),
    ("POST", "/v1/subjects/{id}/portal-links"): ("secret", {"ttl_seconds": 600, "language": "en"},
                                                 {"ttl_seconds": (I, False, (60, 86400)),
                                                  "language": (E, False, ["en", "fr"])}),
    ("PUT", "/v1/properties/{id}/gvl"): ("secret", {"vendorListVersion": 3, "tcfPolicyVersion": 5, "vendors": {}},
                                         {"vendorListVersion": (I, True, None), "vendors": (O, True, None)}),
    ("PUT", "/v1/policies/messaging"): ("secret", {"caps": [{"channel": "email", "max": 3, "window_days": 7}],
                                                   "default_time_zone": "UTC", "reservation_ttl_minutes": 60,
                                                   "fatigue": {"enabled": True, "after_ignored": 10}},
                                        {"caps": (A, False, None), "default_time_zone": (S, False, None),
                                         "reservation_ttl_minutes": (I, False, (1, 10080)),
                                         "fatigue": (O, False, None)}),
    ("POST", "/v1/messages/decide"): ("secret", {"subject": "fz_subject", "channel": "email",
                                                 "purpose": "marketing.newsletter", "priority": "marketing",
                                                 "idempotency_key": "fz1"},
                                      {"subject": (ID, True, None), "channel": (E, True, CHANNELS[:6]),
                                       "purpose": (ID, True, None),
                                       "priority": (E, False, ["transactional", "service", "marketing"]),
                                       "idempotency_key": (S, False, None)}),
    ("POST", "/v1/messages/{id}/outcome"): ("secret", {"outcome": "delivered"},
                                            {"outcome": (E, True, ["delivered", "opened", "ignored"])}),
    ("PUT", "/v1/subjects/{id}"): ("secret", {"time_zone": "Europe/Paris", "locale": "fr"},
                                   {"time_zone": (S, False, None), "locale": (S, False, None)}),
    ("POST", "/v1/feedback/ces"): ("secret", {"touchpoint": "consent.withdraw", "score": 5, "comment": "ok"},
                                   {"touchpoint": (S, True, None), "score": (I, True, (1, 7)),
                                    "comment": (S, False, None)}),
    ("POST", "/v1/feedback/effort"): ("secret", {"touchpoint": "banner", "choice": "custom", "interactions": 3,
                                                 "seconds": 4.5},
                                      {"touchpoint": (S, True, None),
                                       "choice": (E, True, ["accept_all", "reject_all", "custom", "withdraw"]),
                                       "interactions": (I, True, (0, 1000)), "seconds": (N, True, (0, 3600))}),
}

# Routes that take a body but only read.
READ_BODIES = {
    ("POST", "/v1/decide"): ("secret", {"subject": "fz_subject", "purpose": "marketing.newsletter",
                                        "channel": "email", "party": "first", "vendor": "adnet"}),
    ("POST", "/v1/tcf/decode"): ("secret", {"string": "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
                                            "strings": ["COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA"]}),
    ("POST", "/v1/gpp/decode"): ("secret", {"string": "DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
                                            "strings": ["DBABzw~1YNN"]}),
}

# Known good values for the path parameters (so that handlers go past lookup).
PARAM_VALUES = {
    "id": ["shop", "demo", "fz_subject", "rcpt_1_x", "msg_1", "marketing.newsletter"],
    "key": ["marketing.newsletter", "analytics.measurement"],
    "property": ["shop"],
}

BAD_IDS = ["", " ", "a b", "../../etc/passwd", "%", "%zz", "%00", "%FF%FE", "%C0%AF", "%ED%A0%80",
           "A" * 129, "x" * 5000, "\u00e9", "sub_\u2028", "emoji\U0001F600", "\"quoted\"", "back\\slash",
           "semi;colon", "new\nline", "tab\t", "null", "-1", "0x7fffffffffffffff", "rcpt_", "rcpt_0_a",
           "rcpt_99999999999999999999999_x", "rcpt_18446744073709551615_x", "rcpt_-1_x", "rcpt_1",
           "UPPER.CASE", "a..b", ".", "..", "*", "{id}", "%2F", "a%2Fb"]

# Invalid under every id syntax of the API (bad characters or too long), so
# that a write with such a path parameter and an otherwise valid body is refused.
BAD_IDS_STRICT = ["", " ", "a b", "%", "%zz", "%00", "%FF%FE", "%C0%AF", "%ED%A0%80", "A" * 129, "x" * 5000,
                  "\u00e9", "sub_\u2028", "emoji\U0001F600", "\"quoted\"", "back\\slash", "semi;colon",
                  "new\nline", "tab\t", "*", "{id}", "a%2Fb", "<b>", "a,b", "a=b"]

HUGE_NUMBERS = ["1e999", "-1e999", "99999999999999999999999999999999", "-99999999999999999999999999",
                "18446744073709551616", "-9223372036854775809", "1e-999", "0.1e310", "123456789e123456789"]
WRONG_VALUES = ['"5"', "1.5", "-1", "0", "true", "false", "[]", "{}", "[1,2,3]", '{"a":1}', '""',
                "1e300", "-1e300", "18446744073709551615", "9223372036854775808", "-0", '"x"', "[[[]]]",
                '"' + "y" * 70000 + '"']

BAD_METHODS = ["FOO", "get", "GETT", "PROPFIND", "TRACE", "CONNECT", "PATCH", "M" * 300, "G\x01T", "GE T",
               "", "POST\x00", "\xff\xfe", "BREW", "LOCK", "SEARCH"]

GOOD_UTF8_STRINGS = ["caf\u00e9", "\u65e5\u672c", "\U0001F600", "\\u0000", "\\ud800", "\\udc00x",
                     "\\ud800\\u0041", "\\uZZZZ", "\\x41", "\\", "\t", "line\\nbreak"]
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                b"\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xf8\x88\x80\x80\x80"]
CONTROL_BYTES = [bytes([c]) for c in range(0, 32) if c not in (9, 10, 13)] + [b"\x7f"]


# ---------------------------------------------------------------------------
# Raw HTTP


class Answer:
    def __init__(self, status=None, closed=False, timed_out=False, error=None):
        self.status, self.closed, self.timed_out, self.error = status, closed, timed_out, error


def send_raw(port, data, timeout=5.0, half_close=False):
    """Sends `data` on a new connection and reads one answer.
    Returns Answer(status) or, with no answer, closed/timed_out."""
    s = socket.create_connection((tactlib.HOST, port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if half_close:
                s.shutdown(socket.SHUT_WR)
        except OSError as e:  # the server may close early (e.g. 413 before the whole body)
            pass_error = e
        else:
            pass_error = None
        buf = b""
        deadline = time.monotonic() + timeout
        while True:
            while b"\r\n\r\n" not in buf:
                if time.monotonic() > deadline:
                    return Answer(timed_out=True)
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    return Answer(timed_out=True)
                except OSError as e:
                    return Answer(closed=True, error=str(e))
                if not chunk:
                    break
                buf += chunk
            # An interim answer (100 Continue) is followed by the real one.
            m = re.match(rb"HTTP/1\.[01] 1(\d\d)", buf)
            if m and m.group(1) != b"01" and b"\r\n\r\n" in buf:
                buf = buf[buf.index(b"\r\n\r\n") + 4:]
                continue
            break
        m = re.match(rb"HTTP/1\.[01] (\d{3})", buf)
        if not m:
            if buf:
                return Answer(error=f"not an HTTP answer: {buf[:80]!r}", closed=True)
            return Answer(closed=True, error=str(pass_error) if pass_error else None)
        return Answer(status=int(m.group(1)))
    finally:
        s.close()


def build_request(method, target, headers, body, version="HTTP/1.1"):
    if isinstance(method, str):
        method = method.encode("latin-1")
    if isinstance(target, str):
        target = target.encode("utf-8", "surrogatepass")
    lines = [method + b" " + target + b" " + version.encode()]
    for k, v in headers:
        if isinstance(k, str):
            k = k.encode("latin-1")
        if isinstance(v, str):
            v = v.encode("utf-8", "surrogatepass")
        lines.append(k + b": " + v)
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


# ---------------------------------------------------------------------------
# Generation


def dumps_fields(fields):
    """A JSON object from (key, raw JSON text) pairs, keeping duplicates."""
    return "{" + ",".join(json.dumps(k) + ":" + v for k, v in fields) + "}"


def wrong_for(rng, typ, rng_limits):
    """A raw JSON value that is certainly wrong for a field of this type."""
    if typ in (S, ID, E):
        return rng.choice(["5", "1.5", "true", "[]", "{}", "[\"a\"]", "-0"] + HUGE_NUMBERS)
    if typ == I:
        choices = ['"5"', "1.5", "true", "[]", "{}", '"x"', "1e300", "-1e300", "18446744073709551616",
                   "-9223372036854775809", "0.5"] + HUGE_NUMBERS
        if rng_limits:
            lo, hi = rng_limits
            choices += [str(lo - 1), str(hi + 1), str(hi * 1000 + 7), str(lo - 1000)]
        return rng.choice(choices)
    if typ == N:  # (1e-999 is a valid 0)
        choices = ['"5"', "true", "[]", "{}", "null"] + [h for h in HUGE_NUMBERS if h != "1e-999"]
        if rng_limits:
            lo, hi = rng_limits
            choices += [str(lo - 1), str(hi + 1), "1e300"]
        return rng.choice(choices)
    if typ == B:
        return rng.choice(['"true"', "1", "0", "[]", "{}", '"yes"'] + HUGE_NUMBERS[:2])
    if typ == A:
        return rng.choice(['"a"', "1", "true", "{}", '{"0":"a"}'] + HUGE_NUMBERS[:2])
    if typ == O:
        return rng.choice(['"a"', "1", "true", "[]", '["en"]'] + HUGE_NUMBERS[:2])
    if typ == T:  # localized text: a string or {"lang": "text"}
        return rng.choice(["1", "true", "[]", '["en"]', '{"en":1}', '{"en":["a"]}'] + HUGE_NUMBERS[:2])
    raise ValueError(typ)


def bad_string_for(rng, typ, allowed, required):
    """A string value that is certainly invalid for an id or enum field. (An
    empty string is only wrong where the field is required: the API reads ""
    in an optional field as the field left out.)"""
    empty = [""] if required else []
    if typ == E:
        return json.dumps(rng.choice(empty + ["GRANTED", "nope", (allowed or ["x"])[0].upper() + "_", "x" * 300,
                                              (allowed or ["x"])[0] + " ", "\u0000"]))
    return json.dumps(rng.choice(empty + ["a b", "x" * 129, "y" * 70000, "caf\u00e9", "\u0000", "a\"b", "a/b",
                                          "<script>", "\U0001F600", "new\nline"]))


def deep(rng, depth):
    kind = rng.randrange(3)
    if kind == 0:
        return "[" * depth + "]" * depth
    if kind == 1:
        return '{"a":' * depth + "1" + "}" * depth
    return "[" * depth  # unterminated


def invalid_write_body(rng, base, specs, allow_inner=True):
    """A body for a write route that is invalid by construction. Returns (bytes, label)."""
    text = json.dumps(base, separators=(",", ":"))
    op = rng.randrange(14)
    if op == 0:  # truncated: no prefix of an object is a JSON text
        cut = rng.randrange(0, len(text))
        return text[:cut].encode(), "truncated JSON"
    if op == 1:  # invalid UTF-8 somewhere (inside or outside a string)
        b = text.encode()
        i = rng.randrange(0, len(b) + 1)
        return b[:i] + rng.choice(INVALID_UTF8) + b[i:], "invalid UTF-8"
    if op == 2:  # a raw control byte (never valid in JSON text but as whitespace)
        b = text.encode()
        i = rng.randrange(1, len(b))
        return b[:i] + rng.choice(CONTROL_BYTES) + b[i:], "control byte"
    if op == 3:  # not an object
        return rng.choice([b"[]", b"null", b"true", b"1", b'"s"', b"[" + text.encode() + b"]", b"1e999",
                           b"", b" ", text.encode() + b"x",
                           text.encode() + b"," + text.encode(), text.encode() + b"}"]), "not one object"
    if op == 4:  # nesting deeper than any limit, as the body or as a field value
        depth = rng.choice([33, 64, 100, 1000, 10000, 100000])
        if rng.random() < 0.5:
            return deep(rng, depth).encode(), f"nesting {depth}"
        name = rng.choice(list(specs) or ["x"])
        fields = [(k, json.dumps(v)) for k, v in base.items() if k != name]
        fields.insert(rng.randrange(len(fields) + 1), (name, deep(rng, depth)))
        return dumps_fields(fields).encode(), f"field nesting {depth}"
    if op == 5:  # unknown field (the API refuses them)
        fields = [(k, json.dumps(v)) for k, v in base.items()]
        fields.insert(rng.randrange(len(fields) + 1),
                      (rng.choice(["unknown", "Subject", "__proto__", "constructor", "", "\u00e9", "subject "]),
                       rng.choice(['"x"', "1", "null", "{}", "[]"])))
        return dumps_fields(fields).encode(), "unknown field"
    # Field-level mutations need a field.
    if not specs:
        return deep(rng, 40).encode(), "nesting 40"
    name = rng.choice(list(specs))
    typ, required, extra = specs[name]
    fields = [(k, json.dumps(v)) for k, v in base.items()]
    if op == 6 and any(r for _, r, _ in specs.values()):  # a required field missing
        req = [k for k, (t, r, x) in specs.items() if r]
        drop = set(rng.sample(req, rng.randint(1, len(req))))
        return dumps_fields([f for f in fields if f[0] not in drop]).encode(), "missing required field"
    if op in (7, 8, 9):  # wrong type or out of range
        value = wrong_for(rng, typ, extra if isinstance(extra, tuple) else None)
        fields = [(k, value if k == name else v) for k, v in fields]
        if name not in base:
            fields.append((name, value))
        return dumps_fields(fields).encode(), f"wrong value for {name}"
    if op == 10 and typ in (ID, E):  # a bad id or enum value
        value = bad_string_for(rng, typ, extra if isinstance(extra, list) else None, required)
        fields = [(k, value if k == name else v) for k, v in fields]
        if name not in base:
            fields.append((name, value))
        return dumps_fields(fields).encode(), f"bad {name}"
    if op == 11:  # duplicate key, both copies wrong (parsers differ on which one wins)
        limits = extra if isinstance(extra, tuple) else None
        fields = [(k, v) for k, v in fields if k != name]
        fields.insert(rng.randrange(len(fields) + 1), (name, wrong_for(rng, typ, limits)))
        fields.append((name, wrong_for(rng, typ, limits)))
        return dumps_fields(fields).encode(), f"duplicate {name}"
    if op == 12 and allow_inner and "choices" in base:  # a broken choice
        choice = dict(base["choices"][0])
        mut = rng.randrange(5)
        if mut == 0:
            choice.pop("state")
        elif mut == 1:
            choice.pop("purpose")
        elif mut == 2:
            choice["state"] = rng.choice(["GRANTED", "maybe", "", "expired", "paused", 1, None, [], {}])
        elif mut == 3:
            choice["channel"] = rng.choice(["fax", "EMAIL", " ", 7, [], {}])
        else:
            choice[rng.choice(["extra", "explicitly", "State"])] = True
        body = dict(base)
        body["choices"] = [choice] * rng.choice([1, 2, 50])
        return json.dumps(body).encode(), "broken choice"
    if op == 12 and allow_inner and "choices" in base:
        pass
    if op == 13 and allow_inner and "choices" in base:  # too many choices
        body = dict(base)
        body["choices"] = base["choices"] * rng.choice([501, 5000])
        return json.dumps(body).encode(), "too many choices"
    # Fallback: an invalid UTF-8 byte inside the field's string value.
    b = json.dumps(base).encode()
    i = rng.randrange(1, len(b))
    return b[:i] + rng.choice(INVALID_UTF8) + b[i:], "invalid UTF-8"


def any_body(rng, base):
    """Anything at all, for routes that only read."""
    text = json.dumps(base)
    op = rng.randrange(10)
    if op == 0:
        return text.encode()
    if op == 1:
        return text[:rng.randrange(len(text))].encode()
    if op == 2:
        b = text.encode()
        i = rng.randrange(len(b))
        return b[:i] + rng.choice(INVALID_UTF8 + CONTROL_BYTES) + b[i:]
    if op == 3:
        return deep(rng, rng.choice([31, 32, 33, 5000, 200000])).encode()
    if op == 4:
        k = rng.choice(list(base))
        return dumps_fields([(kk, rng.choice(WRONG_VALUES + HUGE_NUMBERS) if kk == k else json.dumps(v))
                             for kk, v in base.items()]).encode()
    if op == 5:
        k = rng.choice(list(base))
        return dumps_fields([(kk, json.dumps(v)) for kk, v in base.items()] +
                            [(k, rng.choice(WRONG_VALUES))]).encode()
    if op == 6:
        body = dict(base)
        body.pop(rng.choice(list(base)))
        return json.dumps(body).encode()
    if op == 7:
        k = rng.choice(list(base))
        body = dict(base)
        body[k] = rng.choice(GOOD_UTF8_STRINGS + ["x" * 100000, "", "a b"])
        return json.dumps(body).replace("\\\\u", "\\u").encode()
    if op == 8:
        if "strings" in base:
            return json.dumps({"strings": [rng.choice(["", "~", "DBA", "C" * 5000, "\u00e9"]) for _ in
                                           range(rng.choice([1, 10, 1001]))]}).encode()
        return rng.randbytes(rng.randrange(1, 300))
    return rng.choice([b"", b"null", b"[]", b"{}", b"1e999", b'{"a":1,"a":2}', b"\xef\xbb\xbf{}"])


def fill(template, rng, bad=False, strict=False):
    def repl(m):
        name = m.group(1)
        if bad:
            return quote_path(rng.choice(BAD_IDS_STRICT if strict else BAD_IDS))
        return rng.choice(PARAM_VALUES.get(name, ["x"]))
    return re.sub(r"\{(\w+)\}", repl, template)


def quote_path(s):
    """Percent-encodes what a request target cannot carry raw; leaves existing
    %-escapes (good or broken) as they are, on purpose."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "/?# " or o < 33 or o > 126:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
    return "".join(out)


class Fuzzer:
    def __init__(self, port, keys, routes, rng):
        self.port, self.keys, self.routes, self.rng = port, keys, routes, rng
        self.sent = 0
        self.by_class = {}
        self.five_xx = []
        self.no_answer_framed = []  # well-framed requests that got no answer
        self.no_answer_other = 0
        self.accepted_writes = []  # a 2xx to a write route: the store may have changed
        self.labels = {}
        self.origin = f"http://127.0.0.1:{port}"
        self.weights = [4 if r in WRITE_BODIES or r in READ_BODIES else 1 for r in routes]

    def auth(self, kind):
        if kind == "admin":
            return [("Authorization", "Bearer " + self.keys["admin"])]
        if kind == "publishable":
            return [("Authorization", "Bearer " + self.keys["publishable"]), ("Origin", self.origin)]
        if kind == "none":
            return []
        return [("Authorization", "Bearer " + self.keys["secret"])]

    def record(self, label, method, target, ans, framed, data):
        self.sent += 1
        self.labels[label] = self.labels.get(label, 0) + 1
        if ans.status is not None:
            cls = f"{ans.status // 100}xx"
            self.by_class[cls] = self.by_class.get(cls, 0) + 1
            if ans.status >= 500:
                self.five_xx.append((label, ans.status, data[:300]))
        else:
            if framed:
                self.no_answer_framed.append((label, "timed out" if ans.timed_out else f"closed ({ans.error})",
                                              data[:300]))
            else:
                self.no_answer_other += 1

    def send(self, label, method, target, headers, body, framed=True, timeout=5.0, raw=None):
        data = raw if raw is not None else build_request(method, target, headers, body)
        ans = send_raw(self.port, data, timeout=timeout)
        self.record(label, method, target, ans, framed, data)
        if ans.status is not None and 200 <= ans.status < 300 and not data.startswith(
                (b"GET ", b"HEAD ", b"OPTIONS ", b"POST /v1/decide", b"POST /v1/tcf/decode", b"POST /v1/gpp/decode")):
            self.accepted_writes.append((label, ans.status, data[:400]))
        return ans

    def std_headers(self, body, content_type="application/json"):
        h = [("Host", "127.0.0.1")]
        if body is not None:
            h += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        return h

    def one(self):
        rng = self.rng
        # Routes that parse a body are chosen four times as often.
        method, template = rng.choices(self.routes, weights=self.weights)[0]
        key = (method, template)
        write = key in WRITE_BODIES
        kind = rng.randrange(100)
        auth_kind = (WRITE_BODIES.get(key) or READ_BODIES.get(key) or ("secret",))[0]
        if template.startswith("/v1/tenants"):
            auth_kind = "admin"
        if template.startswith("/v1/p/"):
            auth_kind = "publishable"
        if template.startswith("/me/"):
            return self.me_route(method, template)

        # 0-44: body mutations on the route itself (the main event).
        if kind < 45:
            path = fill(template, rng)
            if write:
                _, base, specs = WRITE_BODIES[key]
                body, label = invalid_write_body(rng, base, specs)
            elif key in READ_BODIES:
                body, label = any_body(rng, READ_BODIES[key][1]), "read body"
            else:
                body, label = (rng.choice([b"", b"{}", b"\xff", deep(rng, 100).encode(), rng.randbytes(64)]),
                               "body on a bodiless route")
            headers = self.std_headers(body) + self.auth(auth_kind)
            if rng.random() < 0.1:
                headers.append(("Sec-GPC", rng.choice(["1", "0", "yes", "\u00e9", ""])))
            return self.send(f"body: {label}", method, path + self.query(template), headers, body)
        # 45-59: path parameters and queries.
        if kind < 60:
            if "{" not in template and rng.random() < 0.5 and not write:
                path = template + rng.choice(["/", "//", "/x", "/..", "/%00", "%20", "/%ff"])
            else:
                path = fill(template, rng, bad=True, strict=write)
            body = None
            if write:
                _, base, specs = WRITE_BODIES[key]
                body = invalid_write_body(rng, base, specs)[0] if rng.random() < 0.5 else json.dumps(base).encode()
                if "{" not in template:  # the path is the real one: the body must be invalid
                    body = invalid_write_body(rng, base, specs)[0]
            elif key in READ_BODIES:
                body = any_body(rng, READ_BODIES[key][1])
            headers = self.std_headers(body) + self.auth(auth_kind)
            return self.send("path params", method, path + self.query(template, bad=True), headers, body)
        # 60-67: unknown routes and broken request targets.
        if kind < 68:
            target = rng.choice([
                "/v1/" + "a/" * rng.randrange(1, 300), "/" + "x" * rng.choice([100, 5000, 70000]),
                "/v1/consents/../consents", "/v1/./consents", "//v1//consents", "/v1/consents%2F..",
                "/%", "/%zz", "/%c0%ae%c0%ae/", "*", "http://127.0.0.1/v1/consents", "v1/consents",
                "/v1/consents#frag", "/v1/consents?" + "&" * 3000, "/v1/events?after=1&after=2&after=x",
                "/v1/events?" + "a=" + "b" * 20000, "/\xe9", "/v1/\x00", "/v1/subjects//consents",
                "/v1/SUBJECTS/x/consents", "/V1/consents", "/v1/consents;jsessionid=1", "/v1/consents/",
                "/v1/p//consents", "/v1/p/%2e%2e/config", "/me", "/me/..", "/sdk/../../etc/passwd",
                "/sdk/tact.js/", "/v1/receipts/", "/v1/ledger/consistency?first=&second=",
            ])
            m = rng.choice(["GET", "POST", "PUT", "OPTIONS", "HEAD"])
            body = rng.choice([None, b"{}", b"\xff"]) if m in ("POST", "PUT") else None
            if body is not None and body == b"{}" and rng.random() < 1.0:
                body = b'{"subject":'  # never a valid write
            headers = self.std_headers(body) + self.auth(auth_kind)
            return self.send("bad target", m, target, headers, body)
        # 68-75: bad methods.
        if kind < 76:
            m = rng.choice(BAD_METHODS)
            path = fill(template, rng)
            body = rng.choice([None, b"{}", b'{"subject":"x"', b"\xff\xfe"])
            headers = self.std_headers(body) + self.auth(auth_kind)
            framed = re.fullmatch(r"[A-Za-z]+", m) is not None and len(m) < 100
            return self.send("bad method", m, path, headers, body, framed=framed)
        # 76-87: bad headers (the body is invalid for writes).
        if kind < 88:
            return self.bad_headers(method, template, key, write, auth_kind)
        # 88-97: framing: Content-Length, chunked, truncated, versions.
        if kind < 98:
            return self.bad_framing(method, template, key, write, auth_kind)
        # 98-99: oversize bodies.
        return self.oversize(method, template, auth_kind)

    def query(self, template, bad=False):
        rng = self.rng
        q = {
            "/v1/events": ["after", "limit"],
            "/v1/notices": ["property"],
            "/v1/subjects/{id}/tcf": ["property"],
            "/v1/subjects/{id}/gpp": ["property"],
            "/v1/ledger/consistency": ["first", "second"],
            "/v1/feedback/ces/summary": ["touchpoint", "from", "to"],
            "/v1/feedback/effort/summary": ["touchpoint", "from", "to"],
            "/v1/p/{property}/config": ["key", "subject", "lang", "gpc"],
        }.get(template)
        if not q:
            return "" if rng.random() < 0.8 else "?" + rng.choice(["a=1", "%zz", "&&&", "=", "a", "x=%ff"])
        parts = []
        for name in q:
            if rng.random() < 0.3:
                continue
            if bad or rng.random() < 0.6:
                v = rng.choice(["-1", "0", "1e9", "99999999999999999999999", "18446744073709551615", "abc",
                                "%ff", "%", "", "1.5", " 1", "0x10", "2026-13-45", "2026-02-30",
                                "9999-12-31T23:59:59Z", "0000-01-01", "1970-01-01T00:00:00+99:99", "x" * 3000,
                                "shop%00", "%e9", "fr,en,,,", "sub_" + "a" * 100])
            else:
                v = {"after": "0", "limit": "5", "property": "shop", "first": "1", "second": "2",
                     "touchpoint": "banner", "from": "2026-01-01", "to": "2026-12-31", "key": self.keys["publishable"],
                     "subject": "sub_fuzzfuzzfuzzfuzz01", "lang": "fr", "gpc": "1"}[name]
            parts.append(f"{name}={v}")
        if rng.random() < 0.1:
            parts.append("wait=" + rng.choice(["-1", "abc", "99999999999999999999999", "1e3", "%ff"]))
        return "?" + "&".join(parts) if parts else ""

    def bad_headers(self, method, template, key, write, auth_kind):
        rng = self.rng
        path = fill(template, rng)
        if write:
            _, base, specs = WRITE_BODIES[key]
            body = invalid_write_body(rng, base, specs)[0]
        elif key in READ_BODIES:
            body = any_body(rng, READ_BODIES[key][1])
        else:
            body = None
        headers = self.std_headers(body)
        framed = True
        op = rng.randrange(12)
        if op == 0:
            headers += [("Authorization", rng.choice(["Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "bearer x",
                                                      "Bearer sk_" + "a" * 5000, "Bearer \xe9\xe9",
                                                      "Bearer sk_bad", "Bearer pk_bad", "Bearer ak_x",
                                                      "Bearer " + self.keys["secret"] + "x",
                                                      "Bearer " + self.keys["secret"][:-1]])),
                        ]
            label = "bad authorization"
        elif op == 1:
            headers += self.auth(auth_kind) + self.auth(auth_kind)  # twice
            label = "duplicate authorization"
        elif op == 2:
            headers += self.auth(auth_kind) + [("X-Big", "v" * rng.choice([8000, 20000, 70000]))]
            label = "huge header"
        elif op == 3:
            headers += self.auth(auth_kind) + [(f"X-H{i}", "v") for i in range(rng.choice([100, 500, 3000]))]
            label = "many headers"
        elif op == 4:
            headers += self.auth(auth_kind) + [(rng.choice(["Bad Header", "X:Y", "\xe9", "X\x00", ""]), "v")]
            framed = False
            label = "malformed header name"
        elif op == 5:
            headers += self.auth(auth_kind) + [("X-Ctl", rng.choice(["a\x01b", "\x7f", "\xff\xfe"]))]
            framed = False
            label = "control bytes in a header value"
        elif op == 6:
            headers = [h for h in headers if h[0] != "Content-Type"] + self.auth(auth_kind)
            headers.append(("Content-Type", rng.choice(["text/plain", "application/x-www-form-urlencoded",
                                                        "multipart/form-data; boundary=x", "", "\xe9",
                                                        "application/json; charset=latin1"])))
            label = "content type"
        elif op == 7:
            headers = [h for h in headers if h[0] != "Host"] + self.auth(auth_kind)
            if rng.random() < 0.5:
                headers += [("Host", "a"), ("Host", "b")]
            label = "host header"
        elif op == 8:
            headers += self.auth(auth_kind) + [("Origin", rng.choice(["null", "http://evil.example", "", "*",
                                                                      self.origin + ".evil", "\xe9"]))]
            label = "origin"
        elif op == 9:
            headers += self.auth(auth_kind) + [("Sec-GPC", rng.choice(["1", "0", "", "11", "true", "\xe9"])),
                                               ("Accept-Language", "fr;q=" + "9" * 400),
                                               ("X-Forwarded-For", rng.choice(["1.2.3.4", "x", "::1, " * 300]))]
            label = "odd values"
        elif op == 10:
            headers += self.auth(auth_kind) + [("Connection", rng.choice(["close", "upgrade", "keep-alive, x"])),
                                               ("Upgrade", rng.choice(["websocket", "h2c", "x"])),
                                               ("Expect", rng.choice(["100-continue", "x"]))]
            label = "connection headers"
        else:
            headers += self.auth(auth_kind) + [("If-None-Match", "\"" + "x" * 1000 + "\""),
                                               ("Accept-Encoding", "gzip;q=x, " * 100),
                                               ("Range", "bytes=-1-2")]
            label = "conditional headers"
        return self.send(f"headers: {label}", method, path + self.query(template), headers, body, framed=framed)

    def bad_framing(self, method, template, key, write, auth_kind):
        rng = self.rng
        path = fill(template, rng)
        if write:
            # Framing errors may deliver a part of the body, or the body with
            # bytes of the framing: only a truncated object is invalid however
            # it is cut (no prefix of a JSON object is a JSON text).
            text = json.dumps(WRITE_BODIES[key][1], separators=(",", ":")).encode()
            body = text[:rng.randrange(0, len(text))]
        elif key in READ_BODIES:
            body = any_body(rng, READ_BODIES[key][1])
        else:
            body = b'{"a":1}'
        auth = self.auth(auth_kind)
        base_h = [("Host", "127.0.0.1"), ("Content-Type", "application/json")] + auth
        op = rng.randrange(10)
        if op == 0:  # Content-Length longer than what is sent: the server waits; we give up
            raw = build_request(method, path, base_h + [("Content-Length", str(len(body) + rng.randrange(1, 1000)))],
                                body)
            return self.send("framing: short body", method, path, None, None, framed=False, timeout=0.3, raw=raw)
        if op == 1:  # shorter: the rest is read as a next request
            n = rng.randrange(0, max(1, len(body)))
            raw = build_request(method, path, base_h + [("Content-Length", str(n))], body)
            return self.send("framing: long body", method, path, None, None, framed=False, raw=raw)
        if op == 2:
            cl = rng.choice(["-1", "abc", "1e3", "18446744073709551616", "99999999999999999999", " 5", "5,5",
                             "0x10", "+5", ""])
            raw = build_request(method, path, base_h + [("Content-Length", cl)], body)
            return self.send("framing: bad content-length", method, path, None, None, framed=False, raw=raw)
        if op == 3:
            raw = build_request(method, path, base_h + [("Content-Length", str(len(body))),
                                                        ("Content-Length", str(len(body) + 1))], body)
            return self.send("framing: two content-lengths", method, path, None, None, framed=False, raw=raw)
        if op == 4:  # chunked, well-formed or not
            chunks = b""
            rest = body
            while rest:
                n = rng.randrange(1, 50)
                chunks += f"{n if rng.random() < 0.9 else n + 3:x}".encode() + b"\r\n" + rest[:n] + b"\r\n"
                rest = rest[n:]
            chunks += rng.choice([b"0\r\n\r\n", b"0\r\n", b"zz\r\n\r\n", b"-1\r\n\r\n", b"ffffffffffffffff\r\n"])
            h = base_h + [("Transfer-Encoding", rng.choice(["chunked", "gzip, chunked", "chunked, identity",
                                                            "xchunked"]))]
            if rng.random() < 0.3:
                h.append(("Content-Length", "3"))
            raw = build_request(method, path, h, chunks)
            return self.send("framing: chunked", method, path, None, None, framed=False, timeout=0.5, raw=raw)
        if op == 5:  # truncated request: the connection closes mid-way
            full = build_request(method, path, base_h + [("Content-Length", str(len(body)))], body)
            raw = full[:rng.randrange(1, len(full))]
            ans = send_raw(self.port, raw, timeout=0.3, half_close=True)
            self.record("framing: truncated then closed", method, path, ans, False, raw)
            return ans
        if op == 6:
            version = rng.choice(["HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1", "http/1.1",
                                  "HTTP/1.1 extra", ""])
            raw = build_request(method, path, base_h + [("Content-Length", str(len(body)))], body, version=version)
            return self.send("framing: version", method, path, None, None, framed=False, raw=raw)
        if op == 7:
            raw = rng.choice([b"\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00",
                              b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", rng.randbytes(rng.randrange(1, 2000)),
                              b"GET / HTTP/1.1\nHost: x\n\n", b"GET / HTTP/1.1\r\n" + b" folded\r\n\r\n",
                              b"GET / HTTP/1.1\r\nHost: x\r\n folded: y\r\n\r\n"])
            return self.send("framing: garbage", "?", "?", None, None, framed=False, timeout=0.5, raw=raw)
        if op == 8:  # pipelined: a good read, then a malformed request, on one connection
            good = build_request("GET", "/v1/ledger/public-key", [("Host", "127.0.0.1")], b"")
            bad = build_request(method, path, base_h + [("Content-Length", str(len(body)))], body)
            return self.send("framing: pipelined", method, path, None, None, framed=True, raw=good + bad)
        # Expect: 100-continue then nothing
        raw = build_request(method, path, base_h + [("Content-Length", str(len(body))), ("Expect", "100-continue")],
                            b"")
        return self.send("framing: expect without body", method, path, None, None, framed=False, timeout=0.3,
                         raw=raw)

    def oversize(self, method, template, auth_kind):
        rng = self.rng
        path = fill(template, rng)
        size = rng.choice([1 << 20, (1 << 20) + 1, 4 << 20, 16 << 20])
        if rng.random() < 0.5:  # the body really sent (a JSON array of strings, never a valid write)
            body = b"[" + b'"aaaaaaaaaaaaaaaaaaaaaa",' * (size // 25) + b"1"
            raw = build_request(method, path, [("Host", "127.0.0.1"), ("Content-Type", "application/json"),
                                               ("Content-Length", str(len(body)))] + self.auth(auth_kind), body)
            return self.send(f"oversize body {size >> 20} MiB", method, path, None, None, framed=True, timeout=20,
                             raw=raw)
        # Only announced: the server must refuse from the header alone.
        raw = build_request(method, path, [("Host", "127.0.0.1"), ("Content-Type", "application/json"),
                                           ("Content-Length", str(rng.choice([size, 1 << 40])))] +
                            self.auth(auth_kind), b"[")
        return self.send("oversize announced", method, path, None, None, framed=False, timeout=1.0, raw=raw)

    def me_route(self, method, template):
        rng = self.rng
        token = self.keys["portal_token"]
        if rng.random() < 0.4:
            token = rng.choice(["", "x", token[:-1], token + "x", token[:10], "%ff", "a" * 5000, token.upper()])
        if template == "/me/withdraw" and method == "POST":
            # A valid token with a purpose that is never the person's: never a withdrawal.
            fields = {"token": token, "purpose": rng.choice(["", "nope", "marketing.nope", "%ff", "a" * 3000,
                                                             "\u00e9", "marketing.newsletter\x00"]),
                      "lang": rng.choice(["en", "fr", "", "xx", "%"])}
            if rng.random() < 0.2:
                fields.pop(rng.choice(list(fields)))
            body = "&".join(f"{k}={v}" for k, v in fields.items()).encode("utf-8", "surrogatepass")
            if rng.random() < 0.2:
                body = rng.choice([b"", b"&&&", b"token", b"=", b"token=%zz&purpose=%", b"\xff\xfe",
                                   b"token=" + token.encode() + b"&purpose=" + b"%" * 100])
            headers = self.std_headers(body, rng.choice(["application/x-www-form-urlencoded", "application/json",
                                                         "text/plain"]))
            return self.send("me: withdraw form", method, template, headers, body)
        if template == "/me/ces" and method == "POST":
            # Receipts that are never a withdrawal made on the page (the setup's are
            # API grants): never an answer, whatever the score.
            fields = {"token": token,
                      "receipt": rng.choice(PARAM_VALUES["id"] + ["", "rcpt_nope", "%ff", "a" * 3000, "rcpt_\x00"]),
                      "score": rng.choice(["", "0", "1", "7", "8", "-1", "6.5", "%36", "a", "1" * 40]),
                      "comment": rng.choice(["", "fine", "x" * 5000, "%ff%fe", "<script>"]),
                      "lang": rng.choice(["en", "fr", "", "xx"])}
            if rng.random() < 0.2:
                fields.pop(rng.choice(list(fields)))
            if rng.random() < 0.3:
                # The real withdrawal, always with a comment that is not text or too long: never an answer.
                fields["receipt"] = self.keys["withdrawal_receipt"]
                fields["comment"] = rng.choice(["%ff%fe", "%c3", "a%80b", "%ed%a0%80", "x" * 8001])
            body = "&".join(f"{k}={v}" for k, v in fields.items()).encode("utf-8", "surrogatepass")
            if rng.random() < 0.2:
                body = rng.choice([b"", b"&&&", b"score", b"=", b"score=%zz&receipt=%", b"\xff\xfe"])
            headers = self.std_headers(body, rng.choice(["application/x-www-form-urlencoded", "text/plain"]))
            return self.send("me: ces form", method, template, headers, body)
        q = rng.choice([f"?token={token}", f"?token={token}&lang=" + rng.choice(["fr", "xx", "", "%ff"]),
                        "", "?token", "?token=&token=" + token, f"?token={token}&token=x",
                        f"?token={token}&t0=" + rng.choice(["", "-1", "99999999999999999999", "1", "x"]) +
                        "&n=" + rng.choice(["", "-5", "51", "7", "%ff"]),
                        f"?token={token}&receipt=" + rng.choice(PARAM_VALUES["id"] + ["", "a" * 100])])
        return self.send("me: page", method, template + q, self.std_headers(None), None)


class Slowloris(threading.Thread):
    """Opens connections that trickle one request a few bytes at a time, with
    short timeouts, while the fuzz runs; the server must keep answering."""

    def __init__(self, port, n, stop, rng):
        super().__init__(daemon=True)
        self.port, self.n, self.stop, self.rng = port, n, stop, rng
        self.opened = 0
        self.bytes_sent = 0

    def run(self):
        socks = []
        request = (b"POST /v1/consents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   b"Content-Length: 100\r\nX-Slow: " + b"s" * 200 + b"\r\n\r\n{\"subject\":")
        progress = {}
        while not self.stop.is_set():
            while len(socks) < self.n:
                try:
                    s = socket.create_connection((tactlib.HOST, self.port), timeout=2)
                    s.setblocking(False)
                    socks.append(s)
                    progress[s] = 0
                    self.opened += 1
                except OSError:
                    break
            for s in list(socks):
                i = progress[s]
                try:
                    n = self.rng.randrange(1, 4)
                    sent = s.send(request[i:i + n]) if i < len(request) else 0
                    self.bytes_sent += sent
                    progress[s] = i + sent
                    if i >= len(request) or self.rng.random() < 0.02:
                        raise OSError("done")  # give up and reconnect, as a slow client does
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    s.close()
                    socks.remove(s)
                    progress.pop(s, None)
            self.stop.wait(0.05)
        for s in socks:
            s.close()


# ---------------------------------------------------------------------------
# The store


def snapshot_db(path):
    """A digest of the ledger and every record but the volatile kinds, and what
    it covers."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        h = hashlib.sha256()
        n_ledger = 0
        for row in conn.execute("SELECT seq, tenant, subject, time, payload, prev_hash, hash FROM ledger ORDER BY seq"):
            h.update(repr(row).encode())
            n_ledger += 1
        kinds = {}
        rows = {}
        for kind, tenant, rid, body in conn.execute("SELECT kind, tenant, id, body FROM records ORDER BY kind, tenant, id"):
            if kind in VOLATILE_KINDS or kind.startswith("audit"):
                continue
            h.update(repr((kind, tenant, rid, body)).encode())
            kinds[kind] = kinds.get(kind, 0) + 1
            rows[(kind, tenant, rid)] = body
        return h.hexdigest(), n_ledger, kinds, rows
    finally:
        conn.close()


def snapshot(server, keys):
    digest, n_ledger, kinds, rows = snapshot_db(os.path.join(server.data, "tact.db"))
    status, ready = tactlib.request(server.port, "GET", "/readyz")
    assert status == 200, f"/readyz {status}"
    feed = tactlib.read_feed(server.port, keys["secret"])
    return {"digest": digest, "ledger": n_ledger, "kinds": kinds, "rows": rows, "head": ready["ledger_head"],
            "feed": [(e["seq"], e["receipt_id"]) for e in feed]}


def diff(before, after):
    out = []
    for k in ("head", "ledger", "feed"):
        if before[k] != after[k]:
            out.append(f"{k}: {str(before[k])[:200]} -> {str(after[k])[:200]}")
    for k in sorted(set(before["rows"]) | set(after["rows"])):
        a, b = before["rows"].get(k), after["rows"].get(k)
        if a != b:
            out.append(f"record {k}: {str(a)[:150]} -> {str(b)[:150]}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tact", required=True)
    ap.add_argument("--openapi", required=True)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--slow-connections", type=int, default=32)
    ap.add_argument("--pidfile")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    routes = openapi_routes(args.openapi)
    assert len(routes) >= 40, f"only {len(routes)} operations found in {args.openapi}"
    rng = random.Random(args.seed)
    data = tempfile.mkdtemp(prefix="tact-fuzz.", dir="/tmp")
    server = tactlib.Server(args.tact, data, ["--threads", "2"], pidfile=args.pidfile)
    failures = []
    t0 = time.monotonic()
    ok = False
    try:
        server.start()
        keys = {"secret": tactlib.demo_secret_key(data), "admin": tactlib.admin_key(data)}
        with open(os.path.join(data, "demo.key")) as f:
            keys["publishable"] = json.load(f)["publishable_key"]
        # Something to read: a few consents (so receipts, feeds and proofs have
        # data), a portal link for the /me/ pages. All before the snapshot.
        for i in range(5):
            status, body = tactlib.request(server.port, "POST", "/v1/consents", {
                "subject": "fz_subject", "property": "shop",
                "choices": [{"purpose": "marketing.newsletter", "channel": "email", "state": "granted"}]},
                key=keys["secret"])
            assert status == 201, f"setup consent: {status} {body}"
            PARAM_VALUES["id"].append(body["receipt_id"])
        status, body = tactlib.request(server.port, "POST", "/v1/subjects/fz_subject/portal-links", {},
                                       key=keys["secret"])
        assert status == 201, f"setup portal link: {status} {body}"
        keys["portal_token"] = body["token"]
        # A withdrawal made on the My-data page: the one receipt its CES question takes.
        conn = tactlib.http.client.HTTPConnection(tactlib.HOST, server.port, timeout=10)
        form = "token=" + urllib.parse.quote(keys["portal_token"], safe="") + "&purpose=marketing.newsletter&lang=en"
        conn.request("POST", "/me/withdraw", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
        res = conn.getresponse()
        res.read()
        location = res.getheader("Location") or ""
        conn.close()
        assert res.status == 303 and "&receipt=" in location, f"setup withdrawal: {res.status} {location}"
        keys["withdrawal_receipt"] = location.split("&receipt=")[1]
        status, _ = tactlib.request(server.port, "GET", "/v1/receipts/" + PARAM_VALUES["id"][-1], key=keys["secret"])
        assert status == 200, f"setup receipt read: {status}"
        time.sleep(0.2)
        before = snapshot(server, keys)

        stop = threading.Event()
        slow = Slowloris(server.port, args.slow_connections, stop, random.Random(args.seed + 1))
        slow.start()
        fz = Fuzzer(server.port, keys, routes, rng)
        try:
            for i in range(args.requests):
                fz.one()
                if i % 100 == 99:
                    if server.proc.poll() is not None:
                        raise RuntimeError(f"the server died after {fz.sent} requests "
                                           f"(exit {server.proc.returncode})")
                    status, _ = tactlib.request(server.port, "GET", "/healthz", timeout=5)
                    if status != 200:
                        raise RuntimeError(f"/healthz {status} after {fz.sent} requests")
                if i % 1000 == 999:
                    print(f"  {fz.sent} requests, {len(fz.five_xx)} 5xx, {time.monotonic() - t0:.0f} s", flush=True)
        finally:
            stop.set()
            slow.join(timeout=10)
        if server.proc.poll() is not None:
            raise RuntimeError(f"the server died (exit {server.proc.returncode})")
        status, _ = tactlib.request(server.port, "GET", "/healthz", timeout=5)
        assert status == 200, f"/healthz {status} at the end"

        after = snapshot(server, keys)
        changes = diff(before, after)
        server.stop()
        if server.proc is None and os.path.exists(os.path.join(data, "tact.db")):
            stopped = snapshot_db(os.path.join(data, "tact.db"))
            if stopped[0] != before["digest"]:
                changes.append("after the clean stop: " + "; ".join(
                    diff(before, {"head": before["head"], "ledger": stopped[1], "feed": before["feed"],
                                  "rows": stopped[3]})[:5]))

        classes = " ".join(f"{k}={v}" for k, v in sorted(fz.by_class.items()))
        print(f"http_fuzz: seed={args.seed} routes={len(routes)} requests={fz.sent} answered: {classes} "
              f"no-answer(broken framing)={fz.no_answer_other} no-answer(well-formed)={len(fz.no_answer_framed)} "
              f"5xx={len(fz.five_xx)} slow_connections_opened={slow.opened} "
              f"ledger_entries={after['ledger']} store_unchanged={'yes' if not changes else 'NO'} "
              f"elapsed_s={time.monotonic() - t0:.1f}", flush=True)
        top = sorted(fz.labels.items(), key=lambda kv: -kv[1])
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in top), flush=True)
        for label, status, data_ in fz.five_xx[:10]:
            print(f"  5xx: {status} ({label}): {data_!r}", flush=True)
        for label, what, data_ in fz.no_answer_framed[:10]:
            print(f"  no answer: {what} ({label}): {data_!r}", flush=True)
        for c in changes[:20]:
            print(f"  store changed: {c}", flush=True)
        if changes:
            for label, status, data_ in fz.accepted_writes[:40]:
                print(f"  accepted: {status} ({label}): {data_!r}", flush=True)
        if fz.five_xx:
            failures.append(f"{len(fz.five_xx)} answers were 5xx")
        if fz.no_answer_framed:
            failures.append(f"{len(fz.no_answer_framed)} well-formed requests got no answer")
        if changes:
            failures.append("the store changed")
        if fz.sent < args.requests:
            failures.append(f"only {fz.sent} of {args.requests} requests sent")
        ok = not failures
    except (AssertionError, RuntimeError, OSError, ValueError, KeyError) as e:
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        server.kill()
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        if not ok:
            print(f"server log tail:\n{server.log_tail()}", file=sys.stderr)
        if ok and not args.keep:
            shutil.rmtree(data, ignore_errors=True)
        else:
            print(f"data dir kept: {data}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
