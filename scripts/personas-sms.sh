#!/usr/bin/env bash
# Usage: scripts/personas-sms.sh BIN OUTDIR [docs/personas.md]
# Seeds fresh demo.db (and defects.db) in OUTDIR and replays docs/personas.md's
# "Replay scripts" in order, one `BIN chat --from NUMBER --json` process per line.
# Writes OUTDIR/<db>-<persona>.jsonl: one object per input line:
#   {"db","seq","block","from","persona","input","out":[...chat --json objects...],"rc","stderr"}
set -euo pipefail
BIN=$(readlink -f "$1"); OUT=$(readlink -f "$2")
DOC=${3:-$(dirname "$0")/../docs/personas.md}
[ -x "$BIN" ] || { echo "no binary $BIN" >&2; exit 1; }
mkdir -p "$OUT"
[ -z "$(ls -A "$OUT")" ] || { echo "$OUT not empty" >&2; exit 1; }

name_of() {
  case "$1" in
    +33639970001) echo monique;; +33639970002) echo ines;; +33639970013) echo gerard;;
    +33639970004) echo samia;;   +33639970005) echo bernard;; +33639970006) echo chloe;;
    +33639970007) echo tom;;     +33639970008) echo yannick;; +33639989901) echo claire;;
    +33639981000) echo sophie;;
    +3363996000[1-9]) echo "d${1: -2}";;
    *) echo "n${1#+}";;
  esac
}

# Extract the script section into a TSV: db \t block \t from \t line
python3 - "$DOC" > "$OUT/script.tsv" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
sec = doc[doc.index("## Replay scripts"):]
# code blocks in order: first = demo.db, second = defects.db
blocks = re.findall(r"```sh\n(.*?)```", sec, re.S)
dbs = ["demo", "defects"]
for bi, code in enumerate(blocks):
    db = dbs[bi] if bi < len(dbs) else f"db{bi}"
    for k, m in enumerate(re.finditer(r"renfort chat --from (\S+) <<'EOF'\n(.*?)\nEOF\n", code, re.S)):
        for line in m.group(2).split("\n"):
            print(f"{db}\t{k}\t{m.group(1)}\t{line}")
PY

for db in $(cut -f1 "$OUT/script.tsv" | uniq); do
  export DATABASE_URL="sqlite://$OUT/$db.db"
  "$BIN" seed demo > "$OUT/$db.seed.log" 2>&1
done

seq=0
while IFS=$'\t' read -r db block from line; do
  seq=$((seq+1))
  export DATABASE_URL="sqlite://$OUT/$db.db"
  who=$(name_of "$from")
  rc=0
  stdout=$(printf '%s\n' "$line" | "$BIN" chat --from "$from" --json 2> "$OUT/.err") || rc=$?
  printf '%s\n' "$stdout" | jq -c -s \
    --arg db "$db" --argjson seq "$seq" --argjson block "$block" --arg from "$from" \
    --arg persona "$who" --arg input "$line" --argjson rc "$rc" --rawfile err "$OUT/.err" \
    '{db:$db, seq:$seq, block:$block, from:$from, persona:$persona, input:$input, out:., rc:$rc, stderr:$err}' \
    >> "$OUT/$db-$who.jsonl"
done < "$OUT/script.tsv"
rm -f "$OUT/.err"
echo "replayed $seq lines into $OUT"
