#!/usr/bin/env bash
# extract.sh — extraction speed of `newsmill extract` (HTML → article text + metadata, no NLP) on
# the article-extraction benchmark pages, single thread, in pages per second of CPU time
# (user + system, so other jobs on a shared machine do not distort it; wall time is shown too).
# The product target is >= 1,000 pages/s per core (trafilatura: ~92 pages/s).
#
# Environment (all optional):
#   SHARED=../shared     where data/html/article-extraction-benchmark is
#   BUILD=build          build directory holding newsmill
#   EXTRACT_PASSES=5     how many times the page set is extracted in one run (amortises start-up)
#   EXTRACT_ROUNDS=3     runs; the best is reported
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
BUILD=${BUILD:-build}
PASSES=${EXTRACT_PASSES:-5}
ROUNDS=${EXTRACT_ROUNDS:-3}
BIN=$BUILD/newsmill
PAGES_GZ=$SHARED/data/html/article-extraction-benchmark/html
WORK=$BUILD/bench-extract

if [ ! -d "$PAGES_GZ" ]; then
    echo "extract-bench: $PAGES_GZ not found (set SHARED=...); nothing to measure" >&2
    exit 0
fi
[ -x "$BIN" ] || { echo "extract-bench: $BIN missing (make BUILD=$BUILD first)" >&2; exit 1; }

# decompressed once: the benchmark measures extraction, not gunzip
mkdir -p "$WORK/pages"
for f in "$PAGES_GZ"/*.html.gz; do
    out="$WORK/pages/$(basename "$f" .gz)"
    [ -f "$out" ] || gzip -dc "$f" > "$out"
done
files=()
for ((p = 0; p < PASSES; p++)); do files+=("$WORK"/pages/*.html); done
npages=${#files[@]}
bytes=$(cat "$WORK"/pages/*.html | wc -c)

best=""
for ((r = 0; r < ROUNDS; r++)); do
    /usr/bin/time -f "%U %S %e %M" -o "$WORK/time" "$BIN" extract -j 1 --format jsonl "${files[@]}" > "$WORK/out.jsonl" 2>/dev/null || true
    read -r user sys wall rss < "$WORK/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$cpu; best_wall=$wall; best_rss=$rss
    fi
done
awk -v n="$npages" -v c="$best" -v w="$best_wall" -v b="$bytes" -v p="$PASSES" -v rss="$best_rss" 'BEGIN {
    if (c <= 0) c = 0.001
    printf "extract: %d pages (%d x %d), %.1f MB per pass, single thread\n", n, p, n / p, b / 1e6
    printf "extract: %.0f pages/s of CPU time (%.2f s), %.0f pages/s wall (%.2f s), %.1f MB/s, peak RSS %.0f MB\n",
           n / c, c, n / w, w, b * p / c / 1e6, rss / 1024
}'
lines=$(wc -l < "$WORK/out.jsonl")
[ "$lines" -eq "$npages" ] || echo "extract-bench: warning: $lines outputs for $npages pages" >&2
