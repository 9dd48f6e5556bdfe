#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz, clang + ASan + UBSan) and run
# each of them in turn for SECONDS (default 120) over its seed corpus.
#
#   ./scripts/fuzz.sh [SECONDS] [TARGET...]     # targets: text guidelines csv json
#                                               #   jsonl long query validate (default: all)
#
# One fuzzer at a time, one process each (-jobs=1 -workers=1): the machine is
# shared. New inputs go to $FUZZ_WORK/<target>/corpus (the checked-in seeds
# in tests/fuzz/corpus/ are never written); crashes, leaks and UB reports go
# to $FUZZ_WORK/<target>/crash-* (turn each into a regression test in
# tests/test_regress.c with its input under tests/data/regress/).
# Prints one summary line per target (executions, crashes) and exits non-zero
# when any target found a problem.
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz-run/), FUZZ_WORK (default
# $FUZZ_BUILD_DIR/work), CC (default clang), JOBS (build parallelism, 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text guidelines csv json jsonl long query validate)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz-run}
work=${FUZZ_WORK:-$build/work}

case "$seconds" in
    ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;;
esac

gen=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    gen=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_C_COMPILER="${CC:-clang}" \
    -DCMAKE_BUILD_TYPE=Debug -DMICIC_FUZZ=ON -DBUILD_TESTING=OFF \
    -DMICIC_BUILD_PYTHON=OFF -DMICIC_BUILD_R=OFF >/dev/null
cmake --build "$build" --target micic_fuzzers --parallel "${JOBS:-2}"

failed=0
summary=()
for t in "${targets[@]}"; do
    exe="$build/tests/fuzz/fuzz_$t"
    seeds="$root/tests/fuzz/corpus/fuzz_$t"
    if [ ! -x "$exe" ] || [ ! -d "$seeds" ]; then
        echo "fuzz.sh: unknown target '$t'" >&2
        exit 2
    fi
    dir="$work/$t"
    mkdir -p "$dir/corpus"
    rm -f "$dir"/fuzz-*.log
    echo "== fuzz_$t: ${seconds}s"
    status=0
    # -jobs=1 -workers=1: one worker process, its output in $dir/fuzz-0.log.
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$exe" -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=30 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/" \
        "$dir/corpus" "$seeds" >"$dir/driver.log" 2>&1) || status=$?
    log="$dir/fuzz-0.log"
    [ -f "$log" ] || log="$dir/driver.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    crashes=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | wc -l)
    corpus=$(find "$dir/corpus" -type f | wc -l)
    line="fuzz_$t: ${seconds}s, ${execs:-0} executions, $crashes crashes, $corpus new corpus inputs, exit $status"
    echo "$line"
    summary+=("$line")
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        failed=1
        grep -E 'ERROR|SUMMARY|property broken' "$log" | head -5 || true
    fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
