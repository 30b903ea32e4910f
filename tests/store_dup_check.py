#!/usr/bin/env python3
"""store_dup_check.py — how well `newsmill stories` groups injected copies with their originals.

Takes N articles of a JSON Lines corpus, makes an exact copy (new id, same text), a near-duplicate
(new id and title, a few words changed, the last sentence dropped, a wire dateline added) and a
trimmed copy (the first two thirds) of each, ingests corpus + copies into a fresh store, runs
`stories --format jsonl` and reports the share of copies found in their original's story, and how
many stories hold more than one of the corpus's own articles (grouped as the same happening).

usage: tests/store_dup_check.py [BIN] [CORPUS] [N]   (defaults: build/newsmill,
       ../shared/data/corpus/news.jsonl.gz, 300); exit 1 when fewer than 99% are grouped.
"""
import gzip, json, os, random, re, subprocess, sys, tempfile

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/newsmill"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "corpus", "news.jsonl.gz")
N = int(sys.argv[3]) if len(sys.argv) > 3 else 300

op = gzip.open if CORPUS.endswith(".gz") else open
with op(CORPUS, "rt", encoding="utf-8") as f:
    arts = [json.loads(l) for l in f if l.strip()]
rng = random.Random(20251229)
picked = rng.sample([a for a in arts if len(a["text"].split()) >= 40], N)
SWAP = {"said": "stated", "the": "a", "would": "will", "on": "upon", "and": "plus", "in": "inside"}


def near(text):
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w in SWAP]
    for i in rng.sample(idx, min(2, len(idx))):
        words[i] = SWAP[words[i]]
    t = " ".join(words)
    sents = re.split(r"(?<=[.!?])\s+", t)
    if len(sents) > 3:
        t = t[: t.rfind(sents[-1])].rstrip()
    return "LONDON (Wire) - " + t


copies, expect = [], {}
for a in picked:
    for kind, text in (("exact", a["text"]), ("near", near(a["text"])),
                       ("trim", a["text"][: len(a["text"]) * 2 // 3])):
        cid = "%s-copy-%s" % (a["id"], kind)
        copies.append({"id": cid, "title": (a.get("title") or "") + " (copy)", "date": a.get("date"), "text": text})
        expect[cid] = a["id"]

tmp = tempfile.mkdtemp(prefix="nm-dup-")
inp, db = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "dup.db")
with open(inp, "w", encoding="utf-8") as f:
    for x in arts + copies:
        f.write(json.dumps(x, ensure_ascii=False) + "\n")
subprocess.run([BIN, "ingest", "--quiet", "-j", "2", db, inp], check=False)
out = subprocess.run([BIN, "stories", db, "--format", "jsonl"], capture_output=True, text=True).stdout
story_of, originals_per_story = {}, []
for line in out.splitlines():
    s = json.loads(line)
    ids = [m["id"] for m in s["articles"]]
    for i in ids:
        story_of[i] = s["story"]
    originals_per_story.append(sum(1 for i in ids if "-copy-" not in i))
by_kind = {}
for cid, orig in expect.items():
    kind = cid.rsplit("-", 1)[1]
    ok = cid in story_of and story_of.get(cid) == story_of.get(orig)
    by_kind.setdefault(kind, []).append(ok)
total = sum(sum(v) for v in by_kind.values()) / len(expect)
for k, v in sorted(by_kind.items()):
    print("%-6s copies grouped with their original: %d/%d" % (k, sum(v), len(v)))
print("all copies: %.1f%%" % (100 * total))
print("stories holding more than one corpus article (same happening): %d" % sum(1 for n in originals_per_story if n > 1))
subprocess.run(["rm", "-rf", tmp])
sys.exit(0 if total >= 0.99 else 1)
