#!/usr/bin/env python3
"""The web console at scale: every page's server time with 1,000,000 volunteers and 10,000
missions on SQLite, and a wave of 600 validations.

Builds a database (the demo, then volunteers and missions added in SQL: 600 pending in
Pas-de-Calais with a phone each, the rest validated), opens a moderator's and a referent's
console session directly in the store (their cookie tokens are known here), starts
`renfort serve` on it and times each page from a client on loopback, sequentially, so that
the figures are the server's own. Then validates the 600 pending volunteers in one POST and
counts the SMS queued.

    cargo build --release && python3 scripts/bench-console.py [N_VOLUNTEERS]

Standard library only. The database is kept in target/ between runs (delete it to rebuild).
"""

import hashlib
import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/renfort")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
MISSIONS = 10_000
PENDING = 600
DB = os.path.join(ROOT, f"target/bench-console-{N}.db")
RUNS = 200
MODERATOR_TOKEN = "bench-moderator-session"
REFERENT_TOKEN = "bench-referent-session"


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def build():
    if os.path.exists(DB):
        return
    env = dict(os.environ, DATABASE_URL=f"sqlite://{DB}")
    subprocess.run([BIN, "seed", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(DB)
    now = int(time.time())
    t0 = time.time()
    # Validated volunteers across the mainland, spread on a grid; then the pending wave.
    db.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO volunteers (status, first_name, insee, commune, departement, lat, lon,
                                   on_site, domains, availability, consent_at, terms_version,
                                   created_at, registered_at, validated_at)
           SELECT 'validated', 'Bénévole ' || i, '62041', 'Arras',
                  printf('%02d', 1 + i % 95), 43.0 + (i % 700) / 100.0,
                  -1.0 + (i / 700 % 900) / 100.0, 1, 1 + i % 15, 'le soir', ?, '2020-03',
                  ?, ?, ? FROM n""",
        (N - PENDING, now - 86400, now - 86400, now - 86400, now - 86400),
    )
    first = db.execute("SELECT COALESCE(MAX(id), 0) FROM volunteers").fetchone()[0]
    db.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO volunteers (status, first_name, insee, commune, departement, lat, lon,
                                   on_site, domains, availability, consent_at, terms_version,
                                   created_at, registered_at)
           SELECT 'pending', 'Attente ' || i, '62041', 'Arras', '62', 50.29, 2.78, 1, 5,
                  'le matin', ?, '2020-03', ? - i * 60, ? FROM n""",
        (PENDING, now - 3600, now, now),
    )
    db.execute(
        """INSERT INTO contacts (channel, address, volunteer_id, created_at)
           SELECT 'sms', printf('+336399%05d', id - ?), id, ? FROM volunteers WHERE id > ?""",
        (first, now, first),
    )
    structures = [r[0] for r in db.execute("SELECT id FROM structures")]
    db.executemany(
        """INSERT INTO missions (structure_id, domain, title, insee, commune, departement, lat,
                                 lon, places, status, created_at)
           VALUES (?, ?, ?, '62041', 'Arras', '62', 50.29, 2.78, 5, 'validated', ?)""",
        [
            (structures[i % len(structures)], 1 + i % 4, f"Mission {i}", now - i)
            for i in range(MISSIONS)
        ],
    )
    db.commit()
    print(f"database: {N} volunteers, {MISSIONS} missions in {time.time() - t0:.0f} s")
    db.close()


def sessions():
    db = sqlite3.connect(DB)
    now = int(time.time())
    db.execute("DELETE FROM console_sessions")
    # The wave is validated at each run: put it back in the queue.
    db.execute("UPDATE volunteers SET status = 'pending', validated_at = NULL "
               "WHERE first_name LIKE 'Attente %'")
    moderator = db.execute("SELECT id FROM moderators ORDER BY id LIMIT 1").fetchone()[0]
    referent = db.execute("SELECT id FROM referents ORDER BY id LIMIT 1").fetchone()[0]
    for token, kind, staff in (
        (MODERATOR_TOKEN, "moderator", moderator),
        (REFERENT_TOKEN, "referent", referent),
    ):
        db.execute(
            """INSERT INTO console_sessions (token_hash, csrf, staff_kind, staff_id, lang,
                                             created_at, last_seen)
               VALUES (?, ?, ?, ?, 'fr', ?, ?)""",
            (sha(token), "bench-csrf", kind, staff, now, now),
        )
    db.commit()
    db.close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, token):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t = time.perf_counter()
    c.request("GET", path, headers={"Cookie": f"renfort={token}"})
    r = c.getresponse()
    body = r.read()
    return time.perf_counter() - t, r.status, body


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main():
    build()
    sessions()
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite://{DB}",
        RENFORT_LISTEN=f"127.0.0.1:{port}",
        RENFORT_PUBLIC_URL=f"http://127.0.0.1:{port}",
        RENFORT_LOG="warn",
        RENFORT_DIGEST_HOUR="off",
    )
    for k in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TELEGRAM_BOT_TOKEN"):
        env.pop(k, None)
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if get(port, "/healthz", "")[1] in (200, 503):
                    break
            except OSError:
                time.sleep(0.1)
        volunteer = sqlite3.connect(DB).execute(
            "SELECT id FROM volunteers WHERE status = 'pending' LIMIT 1").fetchone()[0]
        pages = [
            ("moderator", "/console"),
            ("moderator", "/console/queue"),
            ("moderator", "/console/queue?kind=volunteer&page=12"),
            ("moderator", "/console/queue?commune=arras&domain=1&days=0"),
            ("moderator", f"/console/volunteers/{volunteer}"),
            ("moderator", "/console/structures"),
            ("moderator", "/console/figures"),
            ("moderator", "/console/journal"),
            ("referent", "/console"),
            ("referent", "/console/missions"),
            ("referent", "/console/intents"),
        ]
        print(f"| page ({N} volunteers, {MISSIONS} missions, SQLite) | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|")
        for who, path in pages:
            token = MODERATOR_TOKEN if who == "moderator" else REFERENT_TOKEN
            times = []
            for _ in range(RUNS):
                t, status, _ = get(port, path, token)
                assert status == 200, (path, status)
                times.append(t * 1000)
            print(f"| {who} {path} | {pct(times, 0.5):.1f} | {pct(times, 0.99):.1f} | "
                  f"{max(times):.1f} |")
        # The wave: every pending volunteer ticked, validated in one POST.
        _, _, body = get(port, "/console/queue?kind=volunteer", MODERATOR_TOKEN)
        ids = sqlite3.connect(DB).execute(
            "SELECT id FROM volunteers WHERE status = 'pending' AND departement = '62'").fetchall()
        form = [("csrf", "bench-csrf"), ("action", "approve")] + [
            ("item", f"volunteer:{i}") for (i,) in ids]
        before = sqlite3.connect(DB).execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t = time.perf_counter()
        c.request("POST", "/console/queue/decide", body=urllib.parse.urlencode(form),
                  headers={"Cookie": f"renfort={MODERATOR_TOKEN}",
                           "Content-Type": "application/x-www-form-urlencoded",
                           "Sec-Fetch-Site": "same-origin"})
        r = c.getresponse()
        r.read()
        took = time.perf_counter() - t
        after = sqlite3.connect(DB).execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        print(f"\nbulk validation: {len(ids)} volunteers in {took:.2f} s (status {r.status}, "
              f"{after - before} messages queued)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
