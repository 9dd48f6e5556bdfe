#!/usr/bin/env bash
# Line and branch coverage of lib/ by the C tests.
#
#   ./scripts/coverage.sh            # build in build-cov/, run the C tests, report
#
# Builds with gcc --coverage (no optimization) in $COV_BUILD_DIR (default
# build-cov/), without the ASan/UBSan test copies and the bindings, runs
# the C tests (ctest -E "python|r_|R_|fuzz|examples"), then captures the
# counters with lcov (branch coverage on), keeps lib/ only, prints the
# summary and a per-file table (least covered first), and writes an HTML
# report to $COV_BUILD_DIR/coverage-html/ (genhtml).
# Exits non-zero when the build or a test fails (the report is still printed).
#
# Environment: COV_BUILD_DIR, JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${COV_BUILD_DIR:-$root/build-cov}
jobs=${JOBS:-2}

for tool in gcc lcov genhtml; do
    command -v "$tool" >/dev/null 2>&1 || { echo "coverage.sh: $tool not found (apt-get install lcov)" >&2; exit 1; }
done

gen=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    gen=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS="--coverage" \
    -DCMAKE_SHARED_LINKER_FLAGS="--coverage" -DMICIC_SANITIZE_TESTS=OFF \
    -DMICIC_BUILD_PYTHON=OFF -DMICIC_BUILD_R=OFF >/dev/null
cmake --build "$build" --parallel "$jobs"

# Fresh counters for this run.
find "$build" -name '*.gcda' -delete
# (tsan: gcov's counters are plain globals, so the ThreadSanitizer copy of
# the concurrency test reports them as races; c_concurrency still runs.)
status=0
ctest --test-dir "$build" -E "python|r_|R_|fuzz|examples|tsan" --output-on-failure \
    --no-tests=error --parallel "$jobs" || status=$?

rc=(--rc lcov_branch_coverage=1)
lcov "${rc[@]}" --quiet --capture --directory "$build" --base-directory "$root" \
    --output-file "$build/coverage-all.info"
lcov "${rc[@]}" --quiet --extract "$build/coverage-all.info" "$root/lib/*" \
    --output-file "$build/coverage.info"
genhtml "${rc[@]}" --quiet --output-directory "$build/coverage-html" "$build/coverage.info" \
    >/dev/null

echo "== coverage of lib/ ($(date -u +%Y-%m-%d), gcc $(gcc -dumpfullversion), lcov)"
lcov "${rc[@]}" --summary "$build/coverage.info" 2>&1 | grep -E 'lines|functions|branches'

# Per file, least covered lines first: file, lines hit/found (%), branches hit/found (%).
echo "== per file (least covered first)"
awk -F'[:,]' '
    /^SF:/ { file = $2; sub(".*/lib/", "lib/", file); lf = lh = brf = brh = 0 }
    /^LF:/ { lf = $2 } /^LH:/ { lh = $2 } /^BRF:/ { brf = $2 } /^BRH:/ { brh = $2 }
    /^end_of_record/ {
        printf "%-24s lines %5d/%-5d %5.1f%%   branches %5d/%-5d %5.1f%%\n", file, lh, lf,
               lf ? 100 * lh / lf : 100, brh, brf, brf ? 100 * brh / brf : 100
    }' "$build/coverage.info" | sort -k4 -n
echo "HTML report: $build/coverage-html/index.html"
[ "$status" -eq 0 ] || echo "coverage.sh: some tests failed (ctest exit $status)" >&2
exit "$status"
