#!/bin/sh
# The benchmark suite of libmicic (docs/benchmarks.md): one command runs every
# workload at every size, against its peers, and writes bench/results/
# (results.md, results.csv, raw.jsonl, machine.json).
#
# Usage: bench/run.sh [--sizes 10000,100000,1000000] [--repeat 3] [--build DIR]
#                     [--only read,write,validate,index,suggest,crosstab,binding,arrow]
#                     [--subsample 100000] [--train-cap 100000] [--test-cap 10000]
#                     [--passes 5] [--long 90] [--docs] [--report-only]
#
# --build DIR  build directory (default: build-bench beside bench/); configured
#              here with -DMICIC_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release when it
#              has no bench programs yet, then bench_gen, bench_micic and (if it
#              builds) the Python binding are built in it.
# --docs       also replace the results section of docs/benchmarks.md.
# Peers: run bench/setup.sh once first (pip packages); Rscript and wc are used
# when present. Generated records are kept in bench/work/ (reused while their
# gen.json says the right size; delete the directory to regenerate).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build="$src/build-bench"
prev=""
for a in "$@"; do
  [ "$prev" = "--build" ] && build=$a
  case $a in --build=*) build=${a#--build=} ;; esac
  prev=$a
done
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMICIC_BUILD_BENCH=ON
elif ! grep -q '^MICIC_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt"; then
  cmake -S "$src" -B "$build" -DMICIC_BUILD_BENCH=ON
fi
cmake --build "$build" -j2 --target bench_gen bench_micic
# The Python binding is optional: its row says "pending binding" when it does
# not build or import.
cmake --build "$build" -j2 --target micic_python micic_python_files >/dev/null 2>&1 ||
  echo "bench/run.sh: the Python binding did not build: its row will be 'pending binding'" >&2
python3 -c 'import pandas, frictionless, hxl, rank_bm25, sklearn' 2>/dev/null ||
  { echo "bench/run.sh: peers missing: run bench/setup.sh first" >&2; exit 1; }
# run.py takes --build too; pass the resolved one first (a later one wins).
exec python3 "$here/run.py" --build "$build" "$@"
