"""Threads: the GIL is released during parsing, validation, search and
suggestion; concurrent calls give the same results as sequential ones; a
change (normalize) waits for readers."""
import sys
import threading
import time

import pytest

import micic
from conftest import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004, SLOPPY


def _ticks_inside(work, repeat=1):
    """Run work() `repeat` times in a thread while this thread counts ticks
    (loop iterations); return (ticks in the middle halves of the calls,
    seconds of those middle halves). While a call holds the GIL this thread
    cannot run Python code at all, so the middle of such a call has no
    ticks; the edges are left out because a forced GIL switch just before
    the call, or the wait for the GIL just after it, can let this thread in
    for a few switch intervals."""
    spans, ticks = [], []
    started = threading.Event()

    def worker():
        started.set()
        for _ in range(repeat):
            t0 = time.perf_counter()
            work()
            spans.append((t0, time.perf_counter()))

    t = threading.Thread(target=worker)
    t.start()
    started.wait()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    inside, middle = 0, 0.0
    for t0, t1 in spans:
        quarter = (t1 - t0) / 4
        lo, hi = t0 + quarter, t1 - quarter
        middle += hi - lo
        inside += sum(1 for x in ticks if lo < x < hi)
    return inside, middle


@pytest.fixture(scope="module")
def big_text(bundled):
    return bundled.dumps("jsonl") * 60         # ~7400 records


@pytest.fixture(scope="module")
def big(big_text):
    return micic.read_text(big_text)


def test_detector_sees_a_call_that_holds_the_gil(bundled):
    """Negative control: micic.fold() keeps the GIL (a short call, not
    worth releasing); on a long text the detector must see no ticks."""
    text = " ".join(p.description or "" for p in bundled) * 240
    inside, middle = _ticks_inside(lambda: micic.fold(text))
    assert middle > 0.05, "fold() too fast for the control (%.3fs)" % (2 * middle)
    assert inside == 0


def test_gil_released_while_parsing(big_text):
    inside, middle = _ticks_inside(lambda: micic.read_text(big_text))
    assert middle > 0.005 and inside > 0


def test_gil_released_while_validating(big):
    inside, middle = _ticks_inside(lambda: big.validate(), repeat=3)
    assert middle > 0.005 and inside > 0


def test_gil_released_while_indexing_and_searching(big_text):
    def work():
        c = micic.read_text(big_text)      # fresh corpus: the index is built again
        c.search("migrant evacuation crisis", k=5)
    inside, middle = _ticks_inside(work)
    assert middle > 0.005 and inside > 0


def test_gil_released_while_suggesting(bundled):
    text = " ".join(p.description or "" for p in bundled) * 60
    inside, middle = _ticks_inside(lambda: micic.suggest(text, k=3), repeat=2)
    assert middle > 0.005 and inside > 0


def _fingerprint(corpus):
    return [(p.id, tuple(p.country), tuple(p.guideline), p.description) for p in corpus]


def test_concurrent_parses_match_sequential():
    seeds = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004]
    texts = [open(s, encoding="utf-8").read() for s in seeds]
    expected = [_fingerprint(micic.read_text(t)) for t in texts]
    expected_reports = [str(micic.read_text(t).validate()) for t in texts]
    errors, results = [], {}

    def worker(k):
        try:
            for rep in range(15):
                i = (k + rep) % len(texts)
                c = micic.read_text(texts[i])
                if _fingerprint(c) != expected[i]:
                    errors.append("thread %d: seed %d parsed differently" % (k, i))
                if str(c.validate()) != expected_reports[i]:
                    errors.append("thread %d: seed %d validated differently" % (k, i))
                results[k] = results.get(k, 0) + 1
        except Exception as e:  # pragma: no cover - reported below
            errors.append("thread %d: %r" % (k, e))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(results.values()) == 6 * 15


def test_shared_corpus_readers_and_a_writer(bundled):
    """Many threads search/validate one corpus while another normalizes it:
    the writer waits for the readers (no crash, consistent results)."""
    c = micic.read_text(bundled.dumps("jsonl"))
    sloppy = micic.read_text(SLOPPY)
    c.extend(list(sloppy))
    n = len(c)
    errors = []
    stop = threading.Event()

    def reader():
        try:
            while not stop.is_set():
                hits = c.search("evacuation", k=3)
                assert len(hits) == 3
                r = c.validate()
                assert len(r) > 0
        except Exception as e:  # pragma: no cover
            errors.append(repr(e))

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for t in readers:
        t.start()
    time.sleep(0.2)
    changes = c.normalize()
    time.sleep(0.2)
    stop.set()
    for t in readers:
        t.join()
    assert errors == []
    assert len(changes) == 3 and len(c) == n
    assert c[n - 1].country == ["Philippines"]
