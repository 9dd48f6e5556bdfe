#!/usr/bin/env bash
# Install every dependency of libmicic on Debian 12 (bookworm): the Debian
# packages (apt-get, as root) and the Python packages (pip, for the python3
# found on PATH, which may be a pyenv interpreter). Idempotent: safe to run
# again. Used by the README's first command and by .ci/run.
#
#   ./scripts/setup.sh            # as root (or with sudo available)
#
# Environment: SKIP_APT=1 skips the Debian packages, SKIP_PIP=1 the Python ones.
set -euo pipefail

# The one list of Debian packages the project needs.
#   build:      build-essential cmake ninja-build pkg-config
#   libraries:  libcsv-dev (CSV) libjansson-dev (JSON) libutf8proc-dev (Unicode)
#               libstemmer-dev (Snowball stemming) iso-codes (ISO 3166 table)
#   tests:      libcmocka-dev valgrind clang python3 (CLI test helpers)
#   fuzzing:    clang libclang-rt-14-dev (libFuzzer + sanitizer runtimes) libfuzzer-14-dev
#   coverage:   lcov (scripts/coverage.sh)
#   docs:       doxygen
#   bindings:   swig python3-dev python3-pip (Python), r-base-dev r-cran-testthat (R)
#   spark:      default-jre-headless (Java for PySpark: examples/spark, ctest python_spark)
#   misc:       ca-certificates (pip over https), file
DEBIAN_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    libcsv-dev libjansson-dev libcmocka-dev libutf8proc-dev libstemmer-dev iso-codes
    swig doxygen valgrind clang
    libclang-rt-14-dev libfuzzer-14-dev lcov
    r-base-dev r-cran-testthat
    python3 python3-dev python3-pip
    default-jre-headless
    ca-certificates file
)

# Python packages, installed with pip for the python3 on PATH.
#   Python binding tests (bindings/python; ctest python_*): pytest, pandas and
#   numpy (data frames), matplotlib + nbclient + nbformat + ipykernel (the
#   notebook examples/python/micic-tour.ipynb), scikit-build-core (the offline
#   `pip install ./bindings/python` test), pyspark (examples/spark/micic_spark.py,
#   ctest python_spark; needs the Java runtime above). pyspark stays on the
#   major version tested (4.x: Java 17, Debian 12's default-jre-headless); a
#   new major release may drop the Java it finds. scikit-learn: the baseline
#   of the suggester's evaluation (tools/suggest_eval.sh, docs/suggest.md).
PYTHON_PACKAGES=(
    pytest
    pandas numpy
    pyarrow polars duckdb
    matplotlib nbclient nbformat ipykernel
    scikit-build-core
    "pyspark>=4,<5"
    scikit-learn
)

log() { echo "setup: $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup: installing Debian packages needs root (or sudo): $*" >&2
        exit 1
    fi
}

if [ "${SKIP_APT:-0}" != 1 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: apt-get not found: this script supports Debian 12 (bookworm)." >&2
        echo "setup: install the equivalents of: ${DEBIAN_PACKAGES[*]}" >&2
        exit 1
    fi
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    log "apt-get install ${DEBIAN_PACKAGES[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${DEBIAN_PACKAGES[@]}"
fi

if [ "${SKIP_PIP:-0}" != 1 ] && [ ${#PYTHON_PACKAGES[@]} -gt 0 ]; then
    # The interpreter the build and tests will use (scripts/build.sh resolves
    # the same one): python3 on PATH, shims (pyenv) resolved.
    PY=$(python3 -c 'import sys; print(sys.executable)')
    log "python: $PY ($("$PY" --version 2>&1))"
    if ! "$PY" -m pip --version >/dev/null 2>&1; then
        log "bootstrapping pip with ensurepip"
        "$PY" -m ensurepip --upgrade
    fi
    pip_args=(install --disable-pip-version-check --no-input)
    # Debian's own python3 refuses pip installs (PEP 668) unless told.
    if "$PY" -c 'import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
        pip_args+=(--break-system-packages)
    fi
    log "pip install ${PYTHON_PACKAGES[*]}"
    PIP_ROOT_USER_ACTION=ignore "$PY" -m pip "${pip_args[@]}" "${PYTHON_PACKAGES[@]}"
fi

log "done"
