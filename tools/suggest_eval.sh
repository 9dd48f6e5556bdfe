#!/bin/sh
# The suggester's evaluation in one command (docs/suggest.md, "Evaluation"):
# seeds leave-one-out, real practices never seen, real practices
# cross-validated, each for the suggester and for scikit-learn TF-IDF +
# logistic regression trained on the same documents.
# Usage: tools/suggest_eval.sh [BUILD_DIR] [tools/suggest_eval.py options]
#   BUILD_DIR defaults to ./build; it must hold a built libmicic.a and micic.
#   Needs python3 with scikit-learn (scripts/setup.sh installs it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-"$src/build"}
[ $# -gt 0 ] && shift
[ -f "$build/libmicic.a" ] || { echo "suggest_eval: no $build/libmicic.a (build first)" >&2; exit 1; }
out="$build/suggest_eval"
cc -std=c11 -O2 -Wall -Wextra -I"$src/include" "$here/suggest_eval.c" "$build/libmicic.a" \
   $(pkg-config --libs jansson libutf8proc) -lcsv -lstemmer -lm -o "$out"
MICIC_DATA_DIR=${MICIC_DATA_DIR:-"$src/data"} exec python3 "$here/suggest_eval.py" \
    --tool "$out" --micic "$build/micic" "$@"
