#!/usr/bin/env bash
# Run the whole libmicic test suite: builds (scripts/build.sh), then one
# ctest run with every test: the C unit tests (plain and ASan+UBSan
# variants), the CLI test, the installed-examples test (and the binding
# tests when they are enabled).
#
#   ./scripts/test.sh                 # everything
#   ./scripts/test.sh -R cli          # extra arguments go to ctest
#
# Exits non-zero when the build fails, any test fails, or no test ran.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error \
    --timeout "${MICIC_TEST_TIMEOUT:-900}" --parallel "${JOBS:-$(nproc)}" "$@"
