#!/bin/sh
# Time micic_duplicates on synthetic corpora (docs/similar.md).
# Usage: bench/duplicates_bench.sh [BUILD_DIR] [N...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-"$src/build"}
[ $# -gt 0 ] && shift
[ -f "$build/libmicic.a" ] || { echo "duplicates_bench: no $build/libmicic.a (build first)" >&2; exit 1; }
out="$build/duplicates_bench"
cc -std=c11 -O2 -Wall -Wextra -I"$src/include" "$here/duplicates_bench.c" "$build/libmicic.a" \
   $(pkg-config --libs jansson libutf8proc) -lcsv -lstemmer -lm -o "$out"
[ $# -gt 0 ] || set -- 1000 5000 20000
for n in "$@"; do
  for t in 0.5 0.8; do "$out" "$n" "$t"; done
done
