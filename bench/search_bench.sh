#!/bin/sh
# Time index build and search (docs/search.md) on synthetic corpora, and the
# same records and queries with SQLite FTS5 (python3's sqlite3, tokenizer
# 'porter unicode61', bm25() + snippet(), top 10) when python3 is there.
# Usage: bench/search_bench.sh [BUILD_DIR] [N...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-"$src/build"}
[ $# -gt 0 ] && shift
[ -f "$build/libmicic.a" ] || { echo "search_bench: no $build/libmicic.a (build first)" >&2; exit 1; }
out="$build/search_bench"
cc -std=c11 -O2 -Wall -Wextra -I"$src/include" "$here/search_bench.c" "$build/libmicic.a" \
   $(pkg-config --libs jansson libutf8proc) -lcsv -lstemmer -lm -o "$out"
[ $# -gt 0 ] || set -- 10000 100000
tsv="$build/search_bench.tsv"
for n in "$@"; do
  "$out" "$src/data/corpus/003_650e86cc90e064d2.txt" "$n" "$tsv"
  command -v python3 >/dev/null 2>&1 || continue
  python3 - "$tsv" "$n" <<'PY'
import sqlite3, sys, time
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
c = sqlite3.connect(':memory:')
c.execute("create virtual table t using fts5(title, description, country, phase, "
          "tokenize='porter unicode61')")
t = time.time()
c.executemany("insert into t values (?,?,?,?)", rows)
c.commit()
print("fts5   N=%s  index build %.2f s" % (sys.argv[2], time.time() - t))
qs = ['migrants', 'evacuation', '"post evacuation"', 'crisis response',
      'humanitarian OR assistance', 'country:Libya AND evacuation', 'phase:emergency',
      'states migrants crisis', 'referral mechanisms', 'NOT migrants']
lat = []
for q in qs:
    for _ in range(10):
        s = time.time()
        try:
            c.execute("select rowid, bm25(t), snippet(t, 1, '[', ']', '...', 20) from t "
                      "where t match ? order by bm25(t) limit 10", (q,)).fetchall()
        except sqlite3.OperationalError:
            pass  # FTS5 has no bare NOT
        lat.append(time.time() - s)
lat.sort()
print("fts5   N=%s  query p50 %.2f ms  p90 %.2f ms" % (sys.argv[2], lat[50] * 1e3, lat[90] * 1e3))
PY
done
rm -f "$tsv"
