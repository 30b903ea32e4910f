#!/bin/sh
# train.sh — retrain every learned model from ../shared/data (make train).
# Each model has its own scripts/train-NAME.sh; each is deterministic (same data → same bytes)
# and writes its model under data/models/, which is committed and embedded in the binary.
set -eu
cd "$(dirname "$0")/.."
: "${SHARED:=../shared}"
: "${BUILD:=build}"
export SHARED BUILD
found=0
for s in scripts/train-*.sh; do
    [ -e "$s" ] || continue
    found=1
    echo "== $s"
    sh "$s"
done
[ "$found" = 1 ] || echo "train: no models to train"
