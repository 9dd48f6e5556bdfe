#!/bin/sh
# Install the peers the benchmark suite compares libmicic against, for the
# python3 on PATH (a pyenv interpreter here: always `python3 -m pip`).
#   pandas, frictionless (frictionless-py), libhxl (libhxl-python),
#   rank-bm25, scikit-learn, pyarrow, polars, DuckDB (the arrow group). SQLite FTS5 comes with Python's sqlite3 module;
#   R's table() with Rscript; `wc` and /usr/bin/time from the system.
# Usage: bench/setup.sh            (idempotent: pip skips what is installed)
set -eu
py=${PYTHON:-python3}
"$py" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    pandas frictionless libhxl rank-bm25 scikit-learn pyarrow polars duckdb
# Check that every peer imports and that SQLite has FTS5.
"$py" - <<'PY'
import sqlite3, pandas, frictionless, hxl, rank_bm25, sklearn, pyarrow, polars, duckdb
con = sqlite3.connect(":memory:")
con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
print("peers ok: pandas", pandas.__version__, "frictionless", frictionless.__version__,
      "sklearn", sklearn.__version__, "sqlite", sqlite3.sqlite_version)
PY
command -v Rscript >/dev/null || echo "bench/setup.sh: Rscript not found: the R table() peer is skipped" >&2
[ -x /usr/bin/time ] || echo "bench/setup.sh: /usr/bin/time not found (apt-get install time): peak RSS falls back to getrusage" >&2
