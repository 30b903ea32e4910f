#!/bin/sh
# train-keypoints.sh — retrain the key-points scorer (data/models/keypoints.txt) from the CNN
# development stories (human highlights) in ../shared/data/keypoints; the BBC articles can be
# weighted in with KP_BBC_WEIGHT (their headlines as short abstractive references).
# Deterministic (closed-form ridge regression, no random state): same data and code, same bytes.
# Set KP_CV=1 to also report 5-fold cross-validated ROUGE on the CNN stories (held-out folds,
# scored with ../shared/tools/rouge) next to Lead-3.
set -eu
cd "$(dirname "$0")/.."
: "${SHARED:=../shared}"
: "${BUILD:=build}"
: "${KP_CV:=0}"
: "${KP_BBC_WEIGHT:=0}"  # BBC articles (headline targets): CV-neutral, worse on the seed; off
data="$SHARED/data/keypoints"
make --no-print-directory -s BUILD="$BUILD" "$BUILD/libnewsmill.a"
pkgs="libutf8proc jansson zlib sqlite3 gumbo"
pkg-config --exists libxml-2.0 2>/dev/null && pkgs="$pkgs libxml-2.0"
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Iinclude -Isrc train/keypoints_train.c \
    "$BUILD/libnewsmill.a" -o "$BUILD/keypoints_train" $(pkg-config --libs $pkgs) -lpthread -lm
mkdir -p data/models
if [ "$KP_CV" = 1 ]; then
    nice "$BUILD/keypoints_train" --cnn "$data/cnndm-dev.jsonl.gz" --bbc "$data/bbc-news-summary.jsonl.gz" --bbc-title --bbc-weight "$KP_BBC_WEIGHT" \
        --folds 5 --cv-preds "$BUILD/keypoints-cv.jsonl"
    echo "5-fold CV (held-out folds):"; "$SHARED/tools/rouge" "$data/cnndm-dev.jsonl.gz" "$BUILD/keypoints-cv.jsonl" | tail -1
    echo "Lead-3:"; "$SHARED/tools/rouge" --lead 3 "$data/cnndm-dev.jsonl.gz" | tail -1
fi
nice "$BUILD/keypoints_train" --cnn "$data/cnndm-dev.jsonl.gz" --bbc "$data/bbc-news-summary.jsonl.gz" --bbc-title --bbc-weight "$KP_BBC_WEIGHT" \
    --out data/models/keypoints.txt.tmp
mv data/models/keypoints.txt.tmp data/models/keypoints.txt
echo "wrote data/models/keypoints.txt"
