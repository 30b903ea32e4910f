#!/bin/bash
# store_kill_test.sh — crash safety of `newsmill ingest` (issue 9).
#
# Kills ingest with SIGKILL at random moments, checks after every kill that the database is
# consistent (PRAGMA integrity_check, FTS5 integrity-check), re-runs the same command until it
# completes, then checks that nothing was lost or duplicated: the article count equals the input's
# record count, no table holds two identical rows, ids and content hashes are unique.
#
# usage: tests/store_kill_test.sh [BIN] [INPUT.jsonl[.gz]] [ROUNDS] [KILLS_PER_ROUND]
#   defaults: build/newsmill, the first 2000 articles of ../shared/data/corpus/news.jsonl.gz, 4, 3
#   JOBS=N sets ingest's -j (default 2); BATCH=N its --batch (default 40: many commits to be killed
#   in the middle of); MAX_DELAY=S the longest wait before a kill (default 2.5).
# Exit status 0 when every round passed.
set -u
BIN=${1:-build/newsmill}
INPUT=${2:-}
ROUNDS=${3:-4}
KILLS=${4:-3}
JOBS=${JOBS:-2}
BATCH=${BATCH:-40}
MAX_DELAY=${MAX_DELAY:-2.5}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/nm-kill-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ -z "$INPUT" ]; then
    corpus="$here/../shared/data/corpus/news.jsonl.gz"
    [ -r "$corpus" ] || { echo "store_kill_test: no input (give INPUT)"; exit 2; }
    INPUT="$work/input.jsonl"
    zcat "$corpus" | head -n 2000 > "$INPUT"
fi
command -v sqlite3 > /dev/null || { echo "store_kill_test: needs the sqlite3 command"; exit 2; }
case "$INPUT" in
    *.gz) expected=$(zcat "$INPUT" | grep -c '[^[:space:]]') ;;
    *) expected=$(grep -c '[^[:space:]]' "$INPUT") ;;
esac
echo "store_kill_test: $expected records from $INPUT, $ROUNDS rounds of up to $KILLS kills, -j $JOBS"

check_consistent() { # db label
    local ic fts
    ic=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
    if [ "$ic" != "ok" ]; then echo "  FAIL $2: integrity_check: $ic"; return 1; fi
    fts=$(sqlite3 "$1" "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check');
                        INSERT INTO quotes_fts(quotes_fts) VALUES('integrity-check');" 2>&1)
    if [ -n "$fts" ]; then echo "  FAIL $2: FTS5 integrity-check: $fts"; return 1; fi
    return 0
}

check_complete() { # db
    local n dups t total distinct
    n=$(sqlite3 "$1" "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM article_aliases)")
    if [ "$n" != "$expected" ]; then echo "  FAIL: $n articles (with copies) stored, input has $expected"; return 1; fi
    dups=$(sqlite3 "$1" "SELECT (SELECT count(*) - count(DISTINCT ext_id) FROM articles) + (SELECT count(*) - count(DISTINCT content_hash) FROM articles)")
    if [ "$dups" != "0" ]; then echo "  FAIL: duplicate ids or texts"; return 1; fi
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"); do
        total=$(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")
        distinct=$(sqlite3 "$1" "SELECT count(*) FROM (SELECT DISTINCT * FROM \"$t\")")
        if [ "$total" != "$distinct" ]; then echo "  FAIL: table $t has $((total - distinct)) duplicate rows"; return 1; fi
    done
    check_consistent "$1" "after completion"
}

rand_delay() { awk -v m="$MAX_DELAY" -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * m }'; }

failed=0
for round in $(seq 1 "$ROUNDS"); do
    db="$work/round$round.db"
    killed=0
    for k in $(seq 1 "$KILLS"); do
        "$BIN" ingest --quiet -j "$JOBS" --batch "$BATCH" "$db" "$INPUT" 2> "$work/err.txt" &
        pid=$!
        delay=$(rand_delay)
        sleep "$delay"
        if kill -9 "$pid" 2> /dev/null; then
            wait "$pid" 2> /dev/null
            killed=$((killed + 1))
            n=$( [ -f "$db" ] && sqlite3 "$db" "SELECT count(*) FROM articles" 2> /dev/null || echo 0)
            echo "  round $round: killed after ${delay}s with $n articles stored"
            if [ -f "$db" ]; then check_consistent "$db" "round $round kill $k" || failed=1; fi
        else
            wait "$pid"
            echo "  round $round: ingest finished before the kill at ${delay}s"
            break
        fi
    done
    if ! "$BIN" ingest --quiet -j "$JOBS" --batch "$BATCH" "$db" "$INPUT" 2> "$work/err.txt"; then
        echo "  FAIL round $round: the completing run failed:"; tail -5 "$work/err.txt"; failed=1; continue
    fi
    if check_complete "$db"; then
        echo "round $round: ok ($killed kills; $(sqlite3 "$db" "SELECT count(*) FROM articles") articles, no duplicates, integrity ok)"
    else
        failed=1
    fi
done
[ "$failed" = 0 ] && echo "store_kill_test: all rounds passed" || echo "store_kill_test: FAILED"
exit "$failed"
