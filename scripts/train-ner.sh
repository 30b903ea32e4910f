#!/bin/sh
# train-ner.sh — retrain the NER tagger (data/models/ner.bin) from CoNLL-2003 eng.train, reporting
# F1 on eng.testa after each epoch. Deterministic: the same data and gazetteers give the same bytes.
# The gazetteers (data/lexicons/gazetteer-*.txt, titles.txt, countries.txt) are features: retrain
# after changing them.
set -eu
cd "$(dirname "$0")/.."
: "${SHARED:=../shared}"
: "${BUILD:=build}"
: "${NER_EPOCHS:=10}"
: "${NER_EPOCHS2:=8}"
# the trainer needs only the tagger, the lexicon reader and the embedded gazetteers
make --no-print-directory -s BUILD="$BUILD" "$BUILD/obj/embedded.o"
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Iinclude -Isrc train/ner_train.c src/ner.c src/lexicon.c \
    src/resources.c "$BUILD/obj/embedded.o" -o "$BUILD/ner_train" -lm
mkdir -p data/models
nice "$BUILD/ner_train" "$SHARED/data/ner/conll2003/eng.train" "$SHARED/data/ner/conll2003/eng.testa" "$NER_EPOCHS" "$NER_EPOCHS2" "$BUILD/ner.bin.tmp"
mv "$BUILD/ner.bin.tmp" data/models/ner.bin
ls -l data/models/ner.bin
