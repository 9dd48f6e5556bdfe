#!/usr/bin/env bash
# The whole test suite under valgrind (memcheck): every ctest test of a plain
# build (build-valgrind/) runs inside valgrind with --trace-children=yes, so
# the CLI started by the shell-script tests, python running pytest and R
# running testthat / R CMD check are all checked, with libmicic and the
# bindings loaded in them. Each process writes an XML report under
# <build>/valgrind-logs/, judged by scripts/valgrind-report.py: an invalid
# read/write/free, a use of uninitialised memory, or a definite leak with a
# libmicic frame in its stack fails the run; the interpreters' own reports
# are counted and set aside.
#
# Not run under valgrind (they cannot be): the ThreadSanitizer and libFuzzer
# binaries (sanitizer runtimes do not run under valgrind; they are the
# sanitizer runs) and c_alloc_valgrind (valgrind already). Compilers,
# build tools, java, ldd and other tools started by the tests are not
# traced (--trace-children-skip). Set MICIC_UNDER_VALGRIND=1 for the tests: the
# create/drop soak loops of python_memory and the R memory test run fewer
# cycles (valgrind's leak check replaces their RSS check).
#
#   ./scripts/valgrind.sh                # everything
#   ./scripts/valgrind.sh -R python      # extra arguments go to ctest
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BUILD_DIR=${VALGRIND_BUILD_DIR:-$root/build-valgrind}
"$root/scripts/build.sh" -DMICIC_SANITIZE_TESTS=OFF -DMICIC_TIMEOUT_FACTOR=10

logs="$BUILD_DIR/valgrind-logs"
rm -rf "$logs" && mkdir -p "$logs"
# (cmake is traced: `cmake -E env` and `cmake -P` start the R, Python and
# shell processes of several tests; its compiler and build-tool children
# are not.)
skip='*/cc1,*/cc,*/gcc,*/gcc-12,*/x86_64-linux-gnu-gcc*,*/as,*/ld,*/collect2,*/ld.bfd'
skip+=',*/ninja,*/make,*/java,*/swig,*/git,*/pkg-config,*/sed,*/grep,*/tar,*/gzip,*/uname,*/rm'
# ldd runs the dynamic loader in trace mode: under valgrind it lists nothing
skip+=',*/ldd,*/ld-linux-x86-64.so.2,*/ld-linux*.so*'
opts="--trace-children=yes --trace-children-skip=$skip --child-silent-after-fork=yes"
opts+=" --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
opts+=" --num-callers=40 --xml=yes --xml-file=$logs/vg.%p.xml"
rc=0
PYTHONMALLOC=malloc MICIC_UNDER_VALGRIND=1 MICIC_R_LEAK_N=300 \
ctest --test-dir "$BUILD_DIR" -T memcheck --output-on-failure --no-tests=error \
    --overwrite MemoryCheckCommand=/usr/bin/valgrind \
    --overwrite "MemoryCheckCommandOptions=$opts" \
    -E '^(c_concurrency_tsan|fuzz_.*|c_alloc_valgrind)$' \
    --timeout "${MICIC_TEST_TIMEOUT:-5400}" --parallel "${JOBS:-$(nproc)}" "$@" || rc=$?
python3 "$root/scripts/valgrind-report.py" "$logs" || rc=$?

# Self-check of the judge: a leak made on purpose through the Python binding
# (a practice disowned by its proxy) must be reported as a libmicic leak.
canary=$(mktemp -d)
PYTHONMALLOC=malloc PYTHONPATH="$BUILD_DIR/bindings/python" \
valgrind -q --leak-check=full --show-leak-kinds=definite --num-callers=40 --xml=yes \
    --xml-file="$canary/vg.%p.xml" "$(python3 -c 'import sys; print(sys.executable)')" -c '
import micic._core as c
p = c.micic_practice_new(); p.thisown = 0; del p' || true
if python3 "$root/scripts/valgrind-report.py" "$canary" >/dev/null; then
    echo "valgrind.sh: self-check FAILED: a deliberate libmicic leak was not reported" >&2
    rc=1
else
    echo "valgrind.sh: self-check ok: a deliberate libmicic leak is reported"
fi
rm -rf "$canary"
exit "$rc"
