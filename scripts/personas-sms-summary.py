#!/usr/bin/env python3
"""scripts/personas-sms-summary.py BEFORE_DIR AFTER_DIR [label]: the SMS personas replayed by scripts/personas-sms.sh with two builds, compared -> summary.md and diff.md in the working directory."""
import json, re, sys, glob, os
B, A = sys.argv[1], sys.argv[2]
suffix = sys.argv[3] if len(sys.argv) > 3 else ""
ORDER = ["monique","ines","gerard","samia","bernard","chloe","tom","yannick","sophie","claire"]
LABEL = {"monique":"1. Monique","ines":"2. Inès","gerard":"3. Gérard","samia":"4. Samia",
         "bernard":"5. Bernard","chloe":"6. Chloé","tom":"7. Tom","yannick":"8. Yannick",
         "sophie":"9. Sophie","claire":"10. Claire"}
NU = ("Je n'ai pas compris", "Je n'ai toujours pas compris", "I did not understand", "I still did not")
RE_ASK = ("Répondez OUI", "Répondez avec un ou plusieurs numéros")

def load(d):
    rows = []
    for f in glob.glob(f"{d}/*.jsonl"):
        rows += [json.loads(l) for l in open(f, encoding="utf-8")]
    return sorted(rows, key=lambda r: r["seq"])

def is_list(text):
    t = text.strip()
    if re.search(r"\n\d+ ?[.:] ", t): return True          # numbered list (MISSIONS, MES MISSIONS, FILE, QUI)
    if re.match(r"(Votre profil|Your profile)", t): return True
    if re.match(r"[^\n]{3,160}?\)\. [A-ZÉ]", t) and re.search(r"(OUI pour participer|YES to|Lieu|Where)", t): return True  # mission details
    return False

def stats(rows):
    s = dict(n_in=0, n_out=0, seg=0, others=0, others_seg=0, maxconv=0, maxlist=0, ucs2=0, nu=0, reask=0)
    for r in rows:
        s["n_in"] += 1
        for o in r["out"]:
            if o.get("encoding") != "GSM-7": s["ucs2"] += 1
            if o["to"] == r["from"]:
                s["n_out"] += 1; s["seg"] += o["segments"]
                k = "maxlist" if is_list(o["text"]) else "maxconv"
                s[k] = max(s[k], o["segments"])
                if o["text"].startswith(NU): s["nu"] += 1
                if o["text"].startswith(RE_ASK): s["reask"] += 1
            else:
                s["others"] += 1; s["others_seg"] += o["segments"]
    return s

rb, ra = load(B), load(A)
assert [r["input"] for r in rb] == [r["input"] for r in ra]

def group(rows):
    g = {}
    for r in rows:
        key = r["persona"] if r["db"] == "demo" else "defects"
        g.setdefault(key, []).append(r)
    return g
gb, ga = group(rb), group(ra)

def cell(b, a):
    return f"{b}" if b == a else f"{b} → **{a}**"

lines = [f"# SMS personas replayed: before (`{B}`) vs after (`{A}`)", "",
 "Each cell is before → after (bold when changed). SMS out/segments: replies to the person; "
 "'to others': alerts and copies caused (their segments in brackets). 'max conv.' = most segments "
 "of a reply that is not a list/details/PROFIL; 'NU' = replies starting \"Je n'ai pas compris\"/"
 "\"Je n'ai toujours pas compris\"/\"I did not understand\"/\"I still did not\"; 're-ask' = replies "
 "starting \"Répondez OUI\" or \"Répondez avec un ou plusieurs numéros\".", "",
 "| persona | SMS in | SMS out | segments out | to others | max conv. | max list | UCS-2 | NU | re-ask | lines changed |",
 "|---|---|---|---|---|---|---|---|---|---|---|"]
def fmt(name, rowsb, rowsa, bold=False):
    sb, sa = stats(rowsb), stats(rowsa)
    ch = sum(1 for x, y in zip(rowsb, rowsa) if [(o["to"],o["text"]) for o in x["out"]] != [(o["to"],o["text"]) for o in y["out"]])
    b = (lambda x: f"**{x}**") if bold else (lambda x: x)
    return (f"| {b(name)} | {sb['n_in']} | {cell(sb['n_out'],sa['n_out'])} | {cell(sb['seg'],sa['seg'])} | "
            f"{cell(str(sb['others'])+' ('+str(sb['others_seg'])+')', str(sa['others'])+' ('+str(sa['others_seg'])+')')} | "
            f"{cell(sb['maxconv'],sa['maxconv'])} | {cell(sb['maxlist'],sa['maxlist'])} | "
            f"{cell('yes' if sb['ucs2'] else 'no','yes' if sa['ucs2'] else 'no')} | "
            f"{cell(sb['nu'],sa['nu'])} | {cell(sb['reask'],sa['reask'])} | {ch} |")
for p in ORDER:
    lines.append(fmt(LABEL[p], gb[p], ga[p]))
demo_b = [r for r in rb if r["db"] == "demo"]; demo_a = [r for r in ra if r["db"] == "demo"]
lines.append(fmt("total (10 personas)", demo_b, demo_a, True))
lines.append(fmt("defects of the issue, again", gb["defects"], ga["defects"]))
lines.append(fmt("all", rb, ra, True))
open(f"summary{suffix}.md", "w").write("\n".join(lines) + "\n")

def render(r, full=False):
    parts = []
    for o in r["out"]:
        t = o["text"].replace("\n", " / ")
        parts.append(t if o["to"] == r["from"] else f"→{o['to']}: {t}")
    s = " ‖ ".join(parts) or "(nothing)"
    return s if full else s[:160]
def esc(s): return s.replace("|", "\\|")
d = [f"# Replies that differ: before (`{B}`) vs after (`{A}`)", "",
     "Replies to the person and to others (→number) joined with ‖, first 160 characters. "
     "Lines where only a number in an alert differs are included.", "",
     "| # | db | persona | input | before | after |", "|---|---|---|---|---|---|"]
n = 0
for x, y in zip(rb, ra):
    if [(o["to"],o["text"]) for o in x["out"]] != [(o["to"],o["text"]) for o in y["out"]]:
        n += 1
        d.append(f"| {x['seq']} | {x['db']} | {x['persona']} | {esc(x['input'])} | {esc(render(x))} | {esc(render(y))} |")
d.insert(2, f"{n} of {len(rb)} lines differ.\n")
open(f"diff{suffix}.md", "w").write("\n".join(d) + "\n")
print("\n".join(lines)); print(n, "lines differ")
