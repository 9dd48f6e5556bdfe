#!/bin/sh
# Leave-one-out accuracy of `micic_suggest` on the seeds (docs/suggest.md).
# Usage: tools/suggest_loo.sh [BUILD_DIR] [-v] [FILE...]
#   BUILD_DIR defaults to ./build; it must hold a built libmicic.a.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-"$src/build"}
[ $# -gt 0 ] && shift
[ -f "$build/libmicic.a" ] || { echo "suggest_loo: no $build/libmicic.a (build first)" >&2; exit 1; }
out="$build/suggest_loo"
cc -std=c11 -O2 -Wall -Wextra -I"$src/include" "$here/suggest_loo.c" "$build/libmicic.a" \
   $(pkg-config --libs jansson libutf8proc) -lcsv -lstemmer -lm -o "$out"
MICIC_DATA_DIR=${MICIC_DATA_DIR:-"$src/data"} exec "$out" "$@"
