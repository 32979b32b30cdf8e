"""Shared helpers for the script tests and benchmarks: start and stop a
`tact serve` on 127.0.0.1 (only ever loopback), wait for /readyz, talk JSON
over keep-alive HTTP, and verify the ledger hash chain offline.

Standard library only.
"""
import hashlib
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time

HOST = "127.0.0.1"
LEDGER_DOMAIN = b"tact.ledger.v1\x00"
GENESIS = bytes(32)


def free_port():
    """A loopback port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """One `tact serve` process. Always 127.0.0.1."""

    def __init__(self, tact, data, extra_args=(), pidfile=None, log_path=None):
        self.tact = tact
        self.data = data
        self.extra_args = list(extra_args)
        self.pidfile = pidfile
        self.log_path = log_path or os.path.join(data, "server.log")
        self.proc = None
        self.port = None

    def start(self, timeout=30.0):
        """Starts the server on a fresh port; returns seconds from spawn to /readyz 200."""
        assert self.proc is None
        os.makedirs(self.data, exist_ok=True)
        last_error = None
        for _attempt in range(3):  # a port taken between free_port() and bind
            self.port = free_port()
            log = open(self.log_path, "ab")
            t0 = time.monotonic()
            self.proc = subprocess.Popen(
                [self.tact, "serve", "--data", self.data, "--listen", f"{HOST}:{self.port}"] + self.extra_args,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            if self.pidfile:
                with open(self.pidfile, "a") as f:
                    f.write(f"{self.proc.pid}\n")
            deadline = t0 + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last_error = f"tact serve exited with {self.proc.returncode}"
                    break
                try:
                    status, _ = request(self.port, "GET", "/readyz", timeout=1.0)
                    if status == 200:
                        return time.monotonic() - t0
                except OSError:
                    pass
                time.sleep(0.01)
            else:
                last_error = f"not ready after {timeout} s"
            self.kill()
        raise RuntimeError(f"tact serve did not start: {last_error}; log: {self.log_tail()}")

    def spawn_and_kill(self, delay):
        """Starts the server and SIGKILLs it after `delay` seconds, ready or not
        (a crash during start-up: replay, recovery, demo seeding)."""
        assert self.proc is None
        self.port = free_port()
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.tact, "serve", "--data", self.data, "--listen", f"{HOST}:{self.port}"] + self.extra_args,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        if self.pidfile:
            with open(self.pidfile, "a") as f:
                f.write(f"{self.proc.pid}\n")
        time.sleep(delay)
        self.kill(signal.SIGKILL)

    def kill(self, sig=signal.SIGKILL):
        """Sends `sig` to this server's pid (never by name) and reaps it."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self.proc = None

    def stop(self):
        self.kill(signal.SIGTERM)

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"


def request(port, method, path, body=None, key=None, timeout=10.0, headers=None):
    """One request on a fresh connection: (status, parsed JSON or raw text)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        return call(conn, method, path, body, key, headers)
    finally:
        conn.close()


def call(conn, method, path, body=None, key=None, headers=None):
    """One request on an open (keep-alive) connection: (status, JSON or text)."""
    h = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        h["Authorization"] = "Bearer " + key
    if headers:
        h.update(headers)
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=h)
    resp = conn.getresponse()
    raw = resp.read()
    try:
        return resp.status, json.loads(raw) if raw else None
    except ValueError:
        return resp.status, raw.decode("utf-8", "replace")


def demo_secret_key(data):
    with open(os.path.join(data, "demo.key")) as f:
        return json.load(f)["secret_key"]


def admin_key(data):
    with open(os.path.join(data, "admin.key")) as f:
        return f.read().strip()


def read_feed(port, key, page=1000, max_pages=100000):
    """Every event of the key's tenant, from the change feed, in feed order."""
    events = []
    after = 0
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for _ in range(max_pages):
            status, body = call(conn, "GET", f"/v1/events?after={after}&limit={page}", key=key)
            if status != 200:
                raise RuntimeError(f"GET /v1/events?after={after}: {status} {body}")
            if not body["events"]:
                return events
            events.extend(body["events"])
            if body["next_after"] <= after:
                raise RuntimeError(f"feed did not advance past {after}")
            after = body["next_after"]
    finally:
        conn.close()
    raise RuntimeError("feed longer than max_pages")


def chain_hash(prev, payload):
    return hashlib.blake2b(LEDGER_DOMAIN + prev + payload, digest_size=32).digest()


def verify_db(db_path):
    """Checks the SQLite file: PRAGMA integrity_check is ok, seqs run 1..N
    without duplicates or gaps, and every hash recomputes from genesis.
    Returns (entries, head_seq, seqs by tenant). Raises AssertionError."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        ic = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        assert ic == ["ok"], f"PRAGMA integrity_check: {ic[:5]}"
        prev = GENESIS
        expect = 1
        by_tenant = {}
        for seq, tenant, payload, prev_hash, h in conn.execute(
                "SELECT seq, tenant, payload, prev_hash, hash FROM ledger ORDER BY seq"):
            assert seq == expect, f"ledger seq {seq} where {expect} was expected (duplicate or gap)"
            if isinstance(payload, str):
                payload = payload.encode()
            assert bytes(prev_hash) == prev, f"seq {seq}: prev_hash does not match the hash of seq {seq - 1}"
            assert chain_hash(prev, bytes(payload)) == bytes(h), f"seq {seq}: hash does not recompute"
            by_tenant.setdefault(tenant, set()).add(seq)
            prev = bytes(h)
            expect += 1
        return expect - 1, expect - 1, by_tenant
    finally:
        conn.close()
