"""Memory: proxies own and free their C objects. Marked `memory` (ctest
python_memory): 100 000 create/drop cycles must keep RSS flat."""
import gc
import os
import subprocess
import sys
import textwrap

import pytest

import micic
from conftest import SLOPPY

pytestmark = pytest.mark.memory

SMALL = ("Title: A small practice\nType of practice: Assistance programs\n"
         "Country: Egypt\nCrisis phase: Emergency Response\n"
         "Description of the practice: Hotline for migrants.\n")


def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _cycle(i):
    c = micic.read_text(SMALL)              # corpus + its read report
    r = c.validate()                        # a new report
    assert len(c) == 1 and c[0].country == ["Egypt"] and len(r) > 0
    e = micic.Corpus()                      # empty corpus
    e.append(c[0])
    micic.Report()
    if i % 10 == 0:                         # error paths free their temporaries too
        try:
            micic.read_text("Title: x\n", format="no-such-format")
        except micic.FormatError:
            pass


# Under valgrind (scripts/valgrind.sh sets MICIC_UNDER_VALGRIND) the cycles
# run 50x slower and valgrind's own leak check is the judge: fewer cycles.
CYCLES = 2_000 if os.environ.get("MICIC_UNDER_VALGRIND") else 100_000


def test_100k_corpora_and_reports_keep_rss_flat():
    for i in range(3000 if CYCLES == 100_000 else 300):   # warm-up: arenas, caches
        _cycle(i)
    gc.collect()
    before = _rss_kb()
    for i in range(CYCLES):
        _cycle(i)
    gc.collect()
    grown = _rss_kb() - before
    assert grown < 2048, "RSS grew by %d kB over %d cycles" % (grown, CYCLES)


def test_the_rss_check_detects_a_leak():
    """Negative control: the same objects kept alive do grow RSS."""
    gc.collect()
    before = _rss_kb()
    kept = [micic.read_text(SMALL) for _ in range(20_000)]
    grown = _rss_kb() - before
    assert len(kept) == 20_000
    assert grown > 2048, "20 000 live corpora only grew RSS by %d kB" % grown


def test_every_handle_type_has_a_destructor():
    """SWIG prints "memory leak ... no destructor found" when an owned
    proxy of a type without destructor dies: exercise every handle."""
    code = textwrap.dedent("""
        import gc, micic
        from micic import _core as c
        b = micic.read_bundled()
        b.validate(); b.normalize(); b.search("evacuation"); b.similar(0, 3)
        b.similar_text("evacuation", 2); b.duplicates(0.5)
        b.suggest("evacuation of migrants"); b.suggest(b[0]); micic.suggest("evacuation")
        b.crosstab("guideline", "phase"); b.crosstab_text("crisis", "kind")
        b.gaps().render("json"); b[0].copy().validate(); b.dumps("json")
        b.read_report.filter(min_severity="info"); micic.read_text(%r).validate().render("csv")
        q = c.micic_swig_query_parse("guideline:14 evacuation"); c.micic_query_to_string(q)
        ix = c.micic_swig_index_build(b._h, None); r = c.micic_swig_search(ix, "crisis", 3, 0)
        g = c.micic_swig_duplicates(ix, 0.2); s = c.micic_swig_suggester_new(None, None)
        ss = c.micic_swig_suggest(s, "evacuation", 3); t = c.micic_swig_crosstab(b._h, 10, 7, 0, 0, None)
        gp = c.micic_swig_gaps(b._h, 1); p = c.micic_practice_new(); rp = c.micic_swig_report_new()
        owned = [q, ix, r, g, s, ss, t, gp, p, rp, c.micic_swig_corpus_new()]
        assert all(o.thisown for o in owned), [type(o) for o in owned if not o.thisown]
        assert not c.micic_corpus_get(b._h, 0).thisown        # borrowed: not owned
        del q, ix, r, g, s, ss, t, gp, p, rp, owned, b
        gc.collect()
        print("done")
    """) % SLOPPY
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=os.environ.copy(), timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    assert "memory leak" not in out.stderr and "no destructor" not in out.stderr, out.stderr
