#!/usr/bin/env bash
# install-deps.sh — install everything newsmill needs to build, test and fuzz, from Debian 12 packages.
# Idempotent: packages already present are skipped by apt. Run as root (or with sudo).
set -euo pipefail

PKGS=(
  build-essential clang llvm libclang-rt-14-dev   # gcc 12, clang 14, libFuzzer + sanitizer runtimes
  pkg-config make
  libutf8proc-dev     # UTF-8 validation and NFC normalisation
  libjansson-dev      # JSON Lines input parsing
  libxml2-dev         # HTML parsing in SAX mode (html_dom.c: 5x faster than gumbo)
  libsqlite3-dev      # corpus store (FTS5)
  zlib1g-dev          # .gz / WARC members
  libcmocka-dev       # unit-test framework
  python3             # the development-data scorers in ../shared/tools
  time                # /usr/bin/time: peak memory in make bench
  wamerican iso-codes tzdata  # word list, ISO 3166 and time-zone cities for scripts/ner-gazetteers.sh
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
