#!/usr/bin/env bash
# Configure and build libmicic, the CLI and the tests in BUILD_DIR (default:
# build/) with Ninja. Idempotent: re-running only rebuilds what changed.
#
#   ./scripts/build.sh [extra cmake -D options...]
#
# The Python interpreter is pinned to the python3 on PATH (pyenv shims
# resolved), so CMake, the bindings and the tests all use the same one.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build}
PY=$(python3 -c 'import sys; print(sys.executable)')

gen=()
# A new build directory gets Ninja; an existing one keeps its generator.
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    gen=(-G Ninja)
fi
cmake -S "$root" -B "$BUILD_DIR" "${gen[@]}" \
    -DPython3_EXECUTABLE="$PY" "$@"
cmake --build "$BUILD_DIR" --parallel "${JOBS:-$(nproc)}"
