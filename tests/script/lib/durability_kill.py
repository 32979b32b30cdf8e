#!/usr/bin/env python3
"""Acknowledged = durable (REFERENCES.md D-06): a kill -9 loop.

Each cycle: C client threads POST /v1/consents with unique subject ids over
keep-alive connections; a client records an id as acknowledged only once the
201 has arrived (with its seq and receipt_id). After a random 0.5-3 s the
server gets SIGKILL (by pid), is restarted on the same data dir (every
third cycle the restart itself is killed 0-300 ms in, then restarted), and then:
  - every acknowledged consent of every cycle so far is in the change feed
    with the same seq and receipt_id (and, for a sample, in the subject's
    history);
  - PRAGMA integrity_check is ok, seqs run 1..N with no duplicate or gap, and
    the hash chain recomputes from genesis;
  - the feed and the database hold the same seqs, and /readyz's ledger_head
    is the last one.
  - `tact ledger verify` passes on the data dir.
Ids present but never acknowledged are "indeterminate" (allowed; their
entries are verified with the rest of the chain).

Torn tails: every fourth cycle, while the server is down after the kill, the
end of the store is damaged the way a crash in the middle of a write leaves
it, in turn: a half-written WAL frame (a commit frame with the WAL's own salts,
a wrong checksum and half a page), random bytes appended to the WAL, and half
a page of random bytes appended to the database file. The restart must
recover (SQLite's WAL checksums find where the valid log ends) without losing
any acknowledged consent, and the chain, the checks above and `tact ledger
verify` must pass.

--negative-control runs one cycle on --store memory, where a kill loses
everything: the harness must then report lost > 0, or it cannot see loss.
"""
import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import http.client
import struct
import subprocess
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tactlib  # noqa: E402

PURPOSES = ["marketing.newsletter", "marketing.offers", "analytics.measurement",
            "orders.updates", "partners.sharing", "ads.personalised", "marketing"]
STATES = ["granted", "denied", "withdrawn"]


class Client(threading.Thread):
    def __init__(self, port, key, prefix, stop, acked_log):
        super().__init__(daemon=True)
        self.port, self.key, self.prefix, self.stop = port, key, prefix, stop
        self.acked_log = acked_log
        self.attempted = []   # subject ids sent (acked or not)
        self.acked = []       # (subject, seq, receipt_id), only after a 201
        self.unexpected = []  # any answer other than 201
        self.rng = random.Random()

    def run(self):
        conn = http.client.HTTPConnection(tactlib.HOST, self.port, timeout=10)
        i = 0
        try:
            while not self.stop.is_set() and i < 1_000_000:
                subject = f"{self.prefix}_{i}"
                i += 1
                purpose = self.rng.choice(PURPOSES)
                body = {"subject": subject, "source": "api",
                        "choices": [{"purpose": purpose, "state": self.rng.choice(STATES)}]}
                if self.rng.random() < 0.3:
                    body["choices"].append({"purpose": "orders.updates", "channel": "email", "state": "granted"})
                self.attempted.append(subject)
                try:
                    status, resp = tactlib.call(conn, "POST", "/v1/consents", body, key=self.key)
                except (OSError, http.client.HTTPException):
                    return  # the server is gone: this one is indeterminate
                if status != 201:
                    self.unexpected.append((subject, status, resp))
                    return
                rec = (subject, resp["seq"], resp["receipt_id"])
                self.acked.append(rec)
                self.acked_log.write(f"{subject} {rec[1]} {rec[2]}\n")
        finally:
            conn.close()


def run_load(server, key, cycle, clients, seconds, acked_log):
    stop = threading.Event()
    run = f"k{os.getpid()}c{cycle}"
    threads = [Client(server.port, key, f"{run}_{n}", stop, acked_log) for n in range(clients)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    server.kill(signal.SIGKILL)  # by pid; waits until it is reaped
    stop.set()
    for t in threads:
        t.join(timeout=30)
        if t.is_alive():
            raise RuntimeError("a client did not finish within 30 s of the kill")
    return threads


def tear_tail(data, variant, rng):
    """Damages the end of the stopped server's store; returns what was done."""
    db = os.path.join(data, "tact.db")
    wal = db + "-wal"
    wal_size = os.path.getsize(wal) if os.path.exists(wal) else 0
    if variant == 0 and wal_size >= 32:
        with open(wal, "rb") as f:
            header = f.read(32)
        page_size = struct.unpack(">I", header[8:12])[0]
        salts = header[16:24]
        # Frame header: page number, database size after commit (non-zero: a
        # commit frame), the WAL's salts, then a checksum that cannot match.
        frame = struct.pack(">II", 1, 1_000_000) + salts + rng.randbytes(8)
        frame += rng.randbytes(page_size // 2)  # half of the page made it to disk
        with open(wal, "ab") as f:
            f.write(frame)
        return f"half-written WAL commit frame ({len(frame)} bytes after {wal_size})"
    if variant <= 1:
        n = rng.randrange(1, 5000)
        with open(wal, "ab") as f:
            f.write(rng.randbytes(n))
        return f"{n} random bytes after the WAL's {wal_size}"
    n = rng.randrange(1, 2048)
    size = os.path.getsize(db)
    with open(db, "ab") as f:
        f.write(rng.randbytes(n))
    return f"{n} random bytes after the database file's {size}"


def ledger_verify(tact, data):
    r = subprocess.run([tact, "ledger", "verify", "--data", data], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"tact ledger verify exited {r.returncode}: {(r.stdout + r.stderr).strip()[-600:]}")
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    return last.split(", head")[0]  # "ledger: ok, N events (M choices)"


def verify(server, key, acked, attempted_unacked, check_db, sample_history, rng):
    """Returns (found, lost list, indeterminate, entries)."""
    events = tactlib.read_feed(server.port, key)
    by_seq = {}
    for e in events:
        assert e["seq"] not in by_seq, f"seq {e['seq']} twice in the change feed"
        by_seq[e["seq"]] = e
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(seqs), "change feed out of order"

    found, lost = 0, []
    for subject, seq, receipt in acked:
        e = by_seq.get(seq)
        if e is not None and e["subject"] == subject and e["receipt_id"] == receipt:
            found += 1
        else:
            lost.append((subject, seq, receipt, e))
    indeterminate = sum(1 for e in events if e["subject"] in attempted_unacked)

    # The subject's own history agrees, for a sample.
    conn = http.client.HTTPConnection(tactlib.HOST, server.port, timeout=30)
    try:
        for subject, seq, receipt in rng.sample(acked, min(sample_history, len(acked))):
            status, body = tactlib.call(conn, "GET", f"/v1/subjects/{quote(subject)}/consents/history", key=key)
            ok = status == 200 and any(h["seq"] == seq and h["receipt_id"] == receipt for h in body["events"])
            if not ok and (subject, seq, receipt) not in [(l[0], l[1], l[2]) for l in lost]:
                lost.append((subject, seq, receipt, f"history: {status}"))
    finally:
        conn.close()

    status, ready = tactlib.request(server.port, "GET", "/readyz")
    assert status == 200, f"/readyz {status}"
    head = ready["ledger_head"]
    entries = len(events)
    if check_db:
        n, last, by_tenant = tactlib.verify_db(os.path.join(server.data, "tact.db"))
        assert last == head, f"database ends at seq {last}, /readyz ledger_head is {head}"
        assert by_tenant.get("demo", set()) == set(seqs), \
            "the change feed and the ledger table disagree on the demo tenant's seqs"
        entries = n
    return found, lost, indeterminate, entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tact", required=True)
    ap.add_argument("--cycles", type=int, default=5)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--min-seconds", type=float, default=0.5)
    ap.add_argument("--max-seconds", type=float, default=3.0)
    ap.add_argument("--time-limit", type=float, default=170.0)
    ap.add_argument("--threads", type=int, default=2, help="tact serve --threads")
    ap.add_argument("--torn-every", type=int, default=4, help="damage the tail every Nth cycle (0: never)")
    ap.add_argument("--pidfile", help="pids of started servers, for the caller's trap")
    ap.add_argument("--negative-control", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the data dir")
    args = ap.parse_args()
    assert 1 <= args.cycles <= 1000 and 1 <= args.clients <= 512

    t_start = time.monotonic()
    data = tempfile.mkdtemp(prefix="tact-kill.", dir="/tmp")
    store = ["--store", "memory"] if args.negative_control else []
    server = tactlib.Server(args.tact, data, store + ["--threads", str(args.threads)], pidfile=args.pidfile)
    rng = random.Random()
    acked, attempted_unacked = [], set()
    ready_times = []
    failures = []
    unexpected = []
    cycles_done = 0
    found = lost_n = indeterminate = entries = 0
    torn = 0
    verified = 0
    acked_log = open(os.path.join(data, "acked.log"), "w", buffering=1)
    ok = False
    try:
        server.start()
        key = tactlib.demo_secret_key(data)
        for cycle in range(1, args.cycles + 1):
            if time.monotonic() - t_start > args.time_limit:
                failures.append(f"time limit {args.time_limit:.0f} s reached after {cycles_done} cycles")
                break
            seconds = rng.uniform(args.min_seconds, args.max_seconds)
            threads = run_load(server, key, cycle, args.clients, seconds, acked_log)
            cycle_acked = 0
            for t in threads:
                acked.extend(t.acked)
                cycle_acked += len(t.acked)
                acked_ids = {a[0] for a in t.acked}
                attempted_unacked.update(s for s in t.attempted if s not in acked_ids)
                unexpected.extend(t.unexpected)
            if cycle_acked == 0:
                failures.append(f"cycle {cycle}: no consent was acknowledged before the kill")
            early = ""
            if args.torn_every and cycle % args.torn_every == 0 and not args.negative_control:
                what = tear_tail(data, torn % 3, rng)
                torn += 1
                early += f", torn tail: {what}"
            if cycle % 3 == 0 and not args.negative_control:
                # Every third cycle also crashes the restart itself, before or
                # while it replays the ledger.
                delay = rng.uniform(0.0, 0.3)
                server.spawn_and_kill(delay)
                early += f", killed again {delay * 1000:.0f} ms into the restart"
            ready_times.append(server.start())
            if args.negative_control:
                key = tactlib.demo_secret_key(data)  # a memory store forgets the demo tenant and its keys
            found, lost, indeterminate, entries = verify(
                server, key, acked, attempted_unacked, not args.negative_control, 50, rng)
            lost_n = len(lost)
            if not args.negative_control and not lost:
                summary = ledger_verify(args.tact, data)
                verified += 1
                early += f", ledger verify: {summary}"
            cycles_done = cycle
            print(f"  cycle {cycle}: load {seconds:.2f} s, acknowledged {cycle_acked} "
                  f"(total {len(acked)}), found {found}, lost {lost_n}, indeterminate {indeterminate}, "
                  f"ledger entries {entries}, restart-to-ready {ready_times[-1] * 1000:.0f} ms{early}", flush=True)
            if lost and not args.negative_control:
                for l in lost[:10]:
                    print(f"    LOST: subject {l[0]} seq {l[1]} receipt {l[2]}: found {l[3]}", flush=True)
                failures.append(f"cycle {cycle}: {lost_n} acknowledged consents lost")
                break
            if args.negative_control:
                break
        if unexpected:
            failures.append(f"{len(unexpected)} answers other than 201 during load, e.g. {unexpected[:3]}")
        ready_sorted = sorted(ready_times)
        p99 = ready_sorted[min(len(ready_sorted) - 1, int(0.99 * len(ready_sorted)))] if ready_sorted else 0
        label = "durability_kill negative control (--store memory)" if args.negative_control else "durability_kill"
        print(f"{label}: cycles={cycles_done} clients={args.clients} acknowledged={len(acked)} found={found} "
              f"lost={lost_n} indeterminate={indeterminate} ledger_entries={entries} torn_tails={torn} "
              f"ledger_verify_passed={verified} "
              f"restart_to_ready_p99_ms={p99 * 1000:.0f} elapsed_s={time.monotonic() - t_start:.1f}", flush=True)
        if args.negative_control:
            if not (len(acked) > 0 and lost_n > 0):
                failures.append("negative control: a kill of the memory store must show lost > 0 "
                                "(otherwise this harness cannot detect loss)")
        elif cycles_done < args.cycles:
            failures.append(f"only {cycles_done} of {args.cycles} cycles ran")
        elif verified != cycles_done:
            failures.append(f"tact ledger verify ran after {verified} of {cycles_done} restarts")
        ok = not failures
    except (AssertionError, RuntimeError, OSError, ValueError, KeyError) as e:
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        server.kill()
        acked_log.close()
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
