#!/usr/bin/env bash
# Renfort's webhook against the bare limit of the same job, side by side in one run, with the
# shared performance tools (../shared/bench, see its README): builds them into target/bench,
# builds Renfort in release, runs run_ab.sh and prints medians and Renfort/baseline ratios.
#
#   bash scripts/bench-ab.sh                      # SQLite only, c32 o500 o1000, 1 round
#   PG=1 ROUNDS=3 TESTS="c8 c32 c128 o500 o1000" bash scripts/bench-ab.sh
#   PG_URL=postgres://postgres@127.0.0.1:54341 PG_PID=1234 bash scripts/bench-ab.sh
#   SCALE=1 OPEN_RATE=1000 bash scripts/bench-ab.sh   # also scale.sh: 1,000,000 volunteers
#
# SCALE=1 adds ../shared/bench/scale.sh (SQLite; SCALE_ROUNDS rounds, default 1): serve's memory
# at rest and under OPEN_RATE req/s, the new-mission fan-out among N_LARGE (1,000,000)
# volunteers alone and under 200 req/s, beside a database of N_SMALL (1,000).
#
# PG=1 starts a private PostgreSQL server (trust auth, 127.0.0.1:$PG_PORT, temporary folder)
# for the run and stops it at the end; PG_URL/PG_PID use one already running (never the
# shared test server: its other users would skew the figures). Results in $OUT (default
# target/bench/ab-<time>). Ratios are taken round by round on the same machine state, so
# compare ratios, not raw req/s, on a busy machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BENCH=${BENCH:-$ROOT/../shared/bench}
[ -f "$BENCH/run_ab.sh" ] || BENCH=/work/shared/bench
[ -f "$BENCH/run_ab.sh" ] || { echo "no bench tools at ../shared/bench (set BENCH=)" >&2; exit 1; }
export ROUNDS=${ROUNDS:-1}
export TESTS=${TESTS:-"c32 o500 o1000"}
OUT=${OUT:-$ROOT/target/bench/ab-$(date -u +%Y%m%dT%H%M%S)}
PG_PORT=${PG_PORT:-54341}

if [ -z "${NO_BUILD:-}" ]; then
  CARGO_TARGET_DIR=target/bench cargo build --release --locked --manifest-path "$BENCH/Cargo.toml"
  cargo build --release --locked --bin renfort
fi

PGDIR=
stop_pg() {
  [ -n "$PGDIR" ] || return 0
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDIR/data -m fast -w stop" >/dev/null || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
if [ -n "${PG:-}" ] && [ -z "${PG_URL:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDIR=$(mktemp -d -t renfort-bench-pg.XXXXXX)
  chown postgres "$PGDIR"
  su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDIR/data --auth=trust -U postgres" >/dev/null
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w \
    -o \"-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1\" start" >/dev/null
  PG_URL=postgres://postgres@127.0.0.1:$PG_PORT
  PG_PID=$(head -1 "$PGDIR/data/postmaster.pid")
fi
if [ -n "${PG_URL:-}" ]; then export PG_URL PG_PID; fi

mkdir -p "$OUT"
echo "results in $OUT (tests: $TESTS; rounds: $ROUNDS; load: $(cut -d' ' -f1-3 /proc/loadavg))"
RENFORT=$ROOT/target/release/renfort BIN=$ROOT/target/bench/release OUT=$OUT \
  bash "$BENCH/run_ab.sh" >"$OUT/run.log"
python3 "$BENCH/summarize.py" "$OUT/results.jsonl" | tee "$OUT/summary.txt"
if [ -n "${SCALE:-}" ]; then
  echo "scale run (SQLite, $(cut -d' ' -f1-3 /proc/loadavg)): seeding takes a few minutes"
  RENFORT=$ROOT/target/release/renfort BIN=$ROOT/target/bench/release OUT=$OUT/scale \
    COMMUNES=$ROOT/core/data/communes.tsv ROUNDS=${SCALE_ROUNDS:-1} \
    bash "$BENCH/scale.sh" >"$OUT/scale.log" 2>&1
  python3 "$BENCH/summarize_scale.py" "$OUT/scale/scale.jsonl" | tee "$OUT/scale-summary.txt"
fi
for f in "$OUT"/*.errors; do
  [ -s "$f" ] && [ "$(cat "$f")" != 0 ] && echo "error lines in the server log: $f: $(cat "$f")"
done
exit 0
