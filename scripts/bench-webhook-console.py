#!/usr/bin/env python3
"""The SMS webhook while a moderator works in the console, side by side with the bare limit.

For each round and each load (closed loop at 32 volunteers, open loop at 500 SMS/s), three
servers in turn, each on a fresh copy of the same database (the demo, validation automatic,
plus 600 volunteers waiting in the Pas-de-Calais):

- `baseline`: the webhook's bare job (../shared/bench), SQLite;
- `renfort`: `renfort serve`, nobody in the console;
- `renfort+moderator`: the same, while a moderator works in the console: pages at 5 a second
  (queue, a volunteer, figures, journal, structures) and, 3 s in, the 600 validated in one
  POST (600 SMS queued).

Prints the medians over rounds, and Renfort's ratios to the baseline taken round by round.

    cargo build --release
    CARGO_TARGET_DIR=target/bench cargo build --release --locked \
        --manifest-path ../shared/bench/Cargo.toml
    python3 scripts/bench-webhook-console.py [ROUNDS]

Standard library only; writes under target/bench-webhook-console/.
"""

import hashlib
import http.client
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RENFORT = os.path.join(ROOT, "target/release/renfort")
BENCH = os.path.join(ROOT, "target/bench/release")
WORK = os.path.join(ROOT, "target/bench-webhook-console")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
TESTS = [("c32", ["closed", "--concurrency", "32", "--duration", "10", "--warmup", "1"]),
         ("o500", ["open", "--rate", "500", "--duration", "15"])]
TOKEN = "bench-token"
SESSION = "bench-moderator-session"
PENDING = 600


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def template():
    path = os.path.join(WORK, "template.db")
    if os.path.exists(path):
        return path
    env = dict(os.environ, DATABASE_URL=f"sqlite://{path}")
    subprocess.run([RENFORT, "seed", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    now = int(time.time())
    # As run_ab.sh: new volunteers validated automatically. The moderator's wave is put in
    # the queue directly, in the 62 (which the demo's moderator covers).
    db.execute("UPDATE departement_settings SET validation = 'auto'")
    db.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO volunteers (status, first_name, insee, commune, departement, lat, lon,
                                   on_site, domains, availability, consent_at, terms_version,
                                   created_at, registered_at)
           SELECT 'pending', 'Attente ' || i, '62041', 'Arras', '62', 50.29, 2.78, 1, 3,
                  'le soir', ?, '2020-03', ?, ? FROM n""",
        (PENDING, now, now, now),
    )
    db.execute(
        """INSERT INTO contacts (channel, address, volunteer_id, created_at)
           SELECT 'sms', '+3363' || printf('%07d', id), id, ? FROM volunteers
           WHERE first_name LIKE 'Attente %'""",
        (now,),
    )
    moderator = db.execute("SELECT id FROM moderators ORDER BY id LIMIT 1").fetchone()[0]
    db.execute(
        """INSERT INTO console_sessions (token_hash, csrf, staff_kind, staff_id, lang,
                                         created_at, last_seen)
           VALUES (?, 'bench-csrf', 'moderator', ?, 'fr', ?, ?)""",
        (hashlib.sha256(SESSION.encode()).hexdigest(), moderator, now, now),
    )
    db.commit()
    db.close()
    return path


def wait_up(port):
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} did not come up")


def moderator(port, stop, done):
    """A moderator at work: pages at 5 a second, and the wave of 600 validated at 3 s."""
    headers = {"Cookie": f"renfort={SESSION}"}
    db = sqlite3.connect(done["db"])
    volunteer = db.execute("SELECT id FROM volunteers WHERE first_name = 'Attente 1'").fetchone()[0]
    ids = [i for (i,) in db.execute("SELECT id FROM volunteers WHERE first_name LIKE 'Attente %'")]
    db.close()
    pages = ["/console/queue", f"/console/volunteers/{volunteer}", "/console/figures",
             "/console/journal", "/console/structures", "/console"]
    start = time.time()
    wave_sent = False
    n = 0
    while not stop.is_set():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if not wave_sent and time.time() - start > 3:
            form = [("csrf", "bench-csrf"), ("action", "approve")] + [
                ("item", f"volunteer:{i}") for i in ids]
            t = time.perf_counter()
            c.request("POST", "/console/queue/decide", body=urllib.parse.urlencode(form),
                      headers=dict(headers, **{
                          "Content-Type": "application/x-www-form-urlencoded",
                          "Sec-Fetch-Site": "same-origin"}))
            r = c.getresponse()
            r.read()
            done["wave_s"] = time.perf_counter() - t
            done["wave_status"] = r.status
            wave_sent = True
        else:
            c.request("GET", pages[n % len(pages)], headers=headers)
            r = c.getresponse()
            r.read()
            if r.status != 200:
                done["errors"] = done.get("errors", 0) + 1
            done["pages"] = done.get("pages", 0) + 1
            n += 1
            stop.wait(0.2)


def run(kind, args, base):
    port = free_port()
    db = os.path.join(WORK, f"{kind}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    if kind == "baseline":
        server = subprocess.Popen(
            [os.path.join(BENCH, "baseline"), "--listen", f"127.0.0.1:{port}", "--db", db,
             "--token", TOKEN], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.copy(base, db)
        env = dict(os.environ, DATABASE_URL=f"sqlite://{db}", TWILIO_AUTH_TOKEN=TOKEN,
                   RENFORT_LISTEN=f"127.0.0.1:{port}",
                   RENFORT_PUBLIC_URL=f"http://127.0.0.1:{port}", RENFORT_LOG="info",
                   RENFORT_DIGEST_HOUR="off")
        for k in ("TWILIO_ACCOUNT_SID", "TWILIO_FROM", "TELEGRAM_BOT_TOKEN"):
            env.pop(k, None)
        server = subprocess.Popen([RENFORT, "serve"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
    try:
        wait_up(port)
        stop = threading.Event()
        done = {"db": db}
        worker = None
        if kind == "renfort+moderator":
            worker = threading.Thread(target=moderator, args=(port, stop, done))
            worker.start()
        out = subprocess.run(
            ["timeout", "180", os.path.join(BENCH, "loadgen"), *args,
             "--url", f"http://127.0.0.1:{port}/sms/twilio", "--token", TOKEN,
             # Twilio's shape, which the webhook requires (SM + 32 hex): the generator adds
             # 13 digits to the prefix.
             "--sid-prefix", "SM" + "0" * 19,
             "--pid", str(server.pid), "--label", kind],
            capture_output=True, text=True)
        stop.set()
        if worker:
            worker.join()
        result = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {}
        if result.get("errors"):
            print(kind, "errors:", result.get("error_kinds"), file=sys.stderr)
        result["moderator"] = {k: v for k, v in done.items() if k != "db"}
        return result
    finally:
        server.terminate()
        server.wait()


def main():
    os.makedirs(WORK, exist_ok=True)
    base = template()
    kinds = ["baseline", "renfort", "renfort+moderator"]
    results = {}
    with open(os.path.join(WORK, "results.jsonl"), "w") as log:
        for rnd in range(1, ROUNDS + 1):
            for test, args in TESTS:
                for kind in kinds:
                    r = run(kind, args, base)
                    results.setdefault((test, kind), []).append(r)
                    log.write(json.dumps({"round": rnd, "test": test, "server": kind,
                                          "result": r}) + "\n")
                    log.flush()
                    print(rnd, test, kind, {k: r.get(k) for k in
                          ("achieved_rps", "errors", "p50_ms", "p99_ms", "moderator")}, flush=True)
    print()
    print("| load | server | req/s | errors | p50 ms | p99 ms | ratio to baseline (req/s) "
          "| moderator |")
    print("|---|---|---|---|---|---|---|---|")
    for test, _ in TESTS:
        base_rps = [r.get("achieved_rps", 0) for r in results[(test, "baseline")]]
        for kind in kinds:
            rs = results[(test, kind)]
            med = lambda key: statistics.median(r.get(key, 0) or 0 for r in rs)
            ratios = [r.get("achieved_rps", 0) / b for r, b in zip(rs, base_rps) if b]
            mod = rs[-1].get("moderator", {})
            said = (f"{mod.get('pages', 0)} pages, wave of {PENDING} in "
                    f"{mod.get('wave_s', 0):.2f} s ({mod.get('wave_status')})"
                    if kind == "renfort+moderator" else "")
            print(f"| {test} | {kind} | {med('achieved_rps'):.0f} | {med('errors'):.0f} | "
                  f"{med('p50_ms'):.2f} | {med('p99_ms'):.2f} | "
                  f"{statistics.median(ratios):.3f} | {said} |")


if __name__ == "__main__":
    main()
