#!/usr/bin/env python3
"""entities-roles-eval.py — measures role attachment and person clustering of `newsmill analyze`
on the hand-annotated wire stories in tests/fixtures/entities (written for newsmill, fictional or
public-figure names, annotated by hand in the matching .gold files).

Per story: every gold person must be exactly one PERSON entity whose canonical name is the full
name; a role is right when that entity has a role whose title (case-insensitive) is one of the gold
alternatives and whose `of` is one of the gold alternatives ("-" = any). Any other PERSON entity
is a false person. Usage: scripts/entities-roles-eval.py BIN [-v]
"""
import glob, json, os, subprocess, sys

def main():
    binary = sys.argv[1]
    verbose = "-v" in sys.argv
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "entities")
    tot_roles = ok_roles = tot_people = ok_people = false_people = 0
    for gold in sorted(glob.glob(os.path.join(here, "*.gold"))):
        story = gold[:-5] + ".txt"
        out = subprocess.run([binary, "analyze", "--format", "jsonl", "--date", "2026-03-03", story],
                             capture_output=True, text=True, check=True).stdout
        doc = json.loads(out.splitlines()[0])
        people = [e for e in doc["entities"] if e["type"] == "PERSON"]
        want = []
        for line in open(gold, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            name, titles, ofs = line.rstrip("\n").split("\t")
            want.append((name, [t.lower() for t in titles.split("|")], [o.lower() for o in ofs.split("|")]))
        names = {w[0] for w in want}
        for e in people:
            if e["name"] not in names:
                false_people += 1
                if verbose: print(f"  {os.path.basename(story)}: extra PERSON {e['name']!r}")
        for name, titles, ofs in want:
            tot_people += 1
            tot_roles += 1
            match = [e for e in people if e["name"] == name]
            if len(match) == 1:
                ok_people += 1
            elif verbose:
                print(f"  {os.path.basename(story)}: {name}: {len(match)} PERSON entities")
            good = False
            got = []
            for e in match:
                for r in e["roles"]:
                    got.append((r["title"], r["of"]))
                    if r["title"].lower() in titles and ("-" in ofs or (r["of"] or "").lower() in ofs):
                        good = True
            ok_roles += good
            if not good and verbose:
                print(f"  {os.path.basename(story)}: {name}: want {titles} of {ofs}, got {got}")
    print(f"roles {ok_roles}/{tot_roles} = {ok_roles / tot_roles:.3f}; people one-entity {ok_people}/{tot_people}; "
          f"false PERSON entities {false_people}")

if __name__ == "__main__":
    main()
