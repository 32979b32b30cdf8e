#!/usr/bin/env python3
"""Seeds N subjects (bench_sub_1..N) with consents on a running tact, over
keep-alive connections from a few threads. Exits non-zero on any non-201.

  seed.py PORT SECRET_KEY N
"""
import os
import random
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "script", "lib"))
import tactlib  # noqa: E402
import http.client  # noqa: E402

PURPOSES = ["marketing.newsletter", "marketing.offers", "analytics.measurement",
            "orders.updates", "partners.sharing", "ads.personalised"]


def main():
    port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    errors = []

    def worker(k, threads):
        rng = random.Random(k)
        conn = http.client.HTTPConnection(tactlib.HOST, port, timeout=30)
        for i in range(k + 1, n + 1, threads):
            choices = [{"purpose": p, "state": rng.choice(["granted", "granted", "denied"])}
                       for p in rng.sample(PURPOSES, 5)]
            status, body = tactlib.call(conn, "POST", "/v1/consents",
                                        {"subject": f"bench_sub_{i}", "choices": choices}, key=key)
            if status != 201:
                errors.append((i, status, body))
                return
        conn.close()

    threads = [threading.Thread(target=worker, args=(k, 8)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"seed: {len(errors)} failures, e.g. {errors[:3]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
