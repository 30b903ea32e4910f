# newsmill — build, test, benchmark, train.
#
#   make            build/newsmill (optimised, gcc by default)
#   make check      unit + golden tests, then the same under ASan+UBSan (clang), then short fuzz runs
#   make bench      throughput on ../shared/data/corpus, side by side with wink-nlp and compromise
#   make fuzz       longer fuzz runs (FUZZ_SECONDS per target, default 300)
#   make train      retrain the learned models from ../shared/data (reproducible: same bytes)
#
# Sources: every src/*.c is part of libnewsmill except main.c; every file under data/ is embedded.

ifeq ($(origin CC),default)
CC      := gcc
endif
CLANG   ?= clang
SHARED  ?= ../shared
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
OPT     ?= -O2 -g
PKGS    := libutf8proc jansson zlib sqlite3 libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lutf8proc -ljansson -lz -lsqlite3 -lxml2)
LIBS    := $(PKG_LIBS) -lpthread -lm

BUILD   ?= build
SHELL   := /bin/bash
SRC     := $(filter-out src/main.c,$(wildcard src/*.c))
DATA    := $(shell find data -type f ! -name '*.md' ! -name '.*' | LC_ALL=C sort)
TESTSRC := $(wildcard tests/test_*.c) tests/harness.c

OBJ      = $(SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
TESTOBJ  = $(TESTSRC:tests/%.c=$(BUILD)/obj/tests/%.o)

.PHONY: all check test asan fuzz fuzz-short bench train clean
all: $(BUILD)/newsmill

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(EXTRA_CFLAGS) $(PKG_CFLAGS) -Iinclude -Isrc -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(EXTRA_CFLAGS) $(PKG_CFLAGS) -Iinclude -Isrc -DNM_SOURCE_DIR='"$(CURDIR)"' -DNM_SHARED_DIR='"$(abspath $(SHARED))"' -MMD -MP -c $< -o $@

$(BUILD)/resources.S: scripts/embed-resources.sh $(DATA)
	@mkdir -p $(dir $@)
	sh scripts/embed-resources.sh $@ $(DATA)

$(BUILD)/obj/embedded.o: $(BUILD)/resources.S
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(BUILD)/libnewsmill.a: $(OBJ)
	ar rcs $@ $^

$(BUILD)/newsmill: $(BUILD)/obj/main.o $(BUILD)/libnewsmill.a
	$(CC) $(OPT) $(EXTRA_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/run_tests: $(TESTOBJ) $(BUILD)/libnewsmill.a
	$(CC) $(OPT) $(EXTRA_LDFLAGS) -o $@ $^ -lcmocka $(LIBS)

# Tests: the plain build (gcc), then the sanitizer build (clang), then each fuzz target briefly.
check: test asan fuzz-short
	@sh scripts/check-summary.sh $(BUILD)/test.log $(BUILD)-asan/test.log $(FUZZDIR)/fuzz-short.log

test: $(BUILD)/run_tests $(BUILD)/newsmill
	$(BUILD)/run_tests 2>&1 | tee $(BUILD)/test.log; exit $${PIPESTATUS[0]}

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan:
	$(MAKE) --no-print-directory BUILD=$(BUILD)-asan CC=$(CLANG) OPT="-O1 -g" \
	    EXTRA_CFLAGS="$(SAN)" EXTRA_LDFLAGS="$(SAN)" $(BUILD)-asan/run_tests $(BUILD)-asan/newsmill
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    NM_BIN=$(CURDIR)/$(BUILD)-asan/newsmill $(BUILD)-asan/run_tests 2>&1 | tee $(BUILD)-asan/test.log; exit $${PIPESTATUS[0]}

FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 300
FUZZFLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1
FUZZDIR := $(BUILD)-fuzz
$(FUZZDIR)/%: fuzz/%.c fuzz/fuzz_engine.h $(SRC) $(wildcard src/*.h) $(DATA)
	$(MAKE) --no-print-directory BUILD=$(BUILD)-fuzzlib CC=$(CLANG) OPT="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" $(BUILD)-fuzzlib/libnewsmill.a
	@mkdir -p $(FUZZDIR)
	$(CLANG) $(CSTD) $(WARN) $(FUZZFLAGS) $(PKG_CFLAGS) -Iinclude -Isrc $< $(BUILD)-fuzzlib/libnewsmill.a -o $@ $(LIBS)

# Each target's seeds live in fuzz/seeds/NAME/ (the target name without "fuzz_"), plus the test
# fixtures of the same name (tests/fixtures/NAME/) when there are any, so they are not copied twice.
FUZZ_SEEDS_FN := seeds() { n=$${1\#fuzz_}; echo fuzz/seeds/$$n; [ -d tests/fixtures/$$n ] && echo tests/fixtures/$$n; true; };
FUZZ_SHORT ?= 15
fuzz-short: $(FUZZ_TARGETS:%=$(FUZZDIR)/%)
	@$(FUZZ_SEEDS_FN) : > $(FUZZDIR)/fuzz-short.log; \
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZDIR)/corpus-$$t; \
	    echo "fuzz $$t ($(FUZZ_SHORT) s)"; \
	    if $(FUZZDIR)/$$t -max_total_time=$(FUZZ_SHORT) -max_len=65536 -print_final_stats=0 $(FUZZDIR)/corpus-$$t $$(seeds $$t) 2>$(FUZZDIR)/$$t.log; \
	    then echo "ok $$t" >> $(FUZZDIR)/fuzz-short.log; \
	    else echo "FAILED $$t" >> $(FUZZDIR)/fuzz-short.log; tail -40 $(FUZZDIR)/$$t.log; exit 1; fi; \
	done

fuzz: $(FUZZ_TARGETS:%=$(FUZZDIR)/%)
	@$(FUZZ_SEEDS_FN) for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZDIR)/corpus-$$t; \
	    $(FUZZDIR)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=1048576 $(FUZZDIR)/corpus-$$t $$(seeds $$t) || exit 1; \
	done

bench: $(BUILD)/newsmill
	SHARED=$(SHARED) bench/run.sh

train:
	SHARED=$(SHARED) BUILD=$(BUILD) sh scripts/train.sh

clean:
	rm -rf build

# header dependencies of this build directory (each sanitizer/fuzz build passes its own BUILD)
-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/tests/*.d)
