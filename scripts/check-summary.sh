#!/bin/sh
# check-summary.sh TEST_LOG ASAN_LOG FUZZ_LOG — the closing line of `make check`: the plain and the
# sanitizer test runs and each short fuzz run added up, as "check: N passed, N failed".
passed=0
failed=0
for log in "$1" "$2"; do
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" 2>/dev/null | tail -n 1)
    if [ -z "$line" ]; then
        echo "check: no test summary in $log" >&2
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
done
passed=$((passed + $(grep -c '^ok ' "$3" 2>/dev/null || true)))
failed=$((failed + $(grep -c '^FAILED ' "$3" 2>/dev/null || true)))
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
