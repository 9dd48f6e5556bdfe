"""Progress callbacks: the ``progress`` argument of reading, validation and
indexing (libmicic's micic_progress_cb through the trampoline of
bindings/micic.i): call sequence, cancellation, exceptions, references,
threads, and the progress=True bars."""
import gc
import os
import sys
import threading
import types
import weakref

import pytest

import micic
from micic import _progress
from conftest import SEED_001, SEED_002, SEEDS, SLOPPY

# More than 1024 records: validation and indexing report every 1024 records
# and once at the end, so several calls.
N_BIG = 2600


@pytest.fixture(scope="module")
def big():
    return micic.Corpus([{"title": "Practice %d" % i,
                          "description": "Evacuation of stranded migrants number %d" % i,
                          "country": "Libya"} for i in range(N_BIG)])


class Recorder:
    def __init__(self, answer=None):
        self.calls = []
        self.answer = answer

    def __call__(self, done, total):
        self.calls.append((done, total))
        return self.answer


def _increasing(calls):
    dones = [d for d, _ in calls]
    return all(a < b for a, b in zip(dones, dones[1:]))


# ---------------------------------------------------------------- call sequences

def test_read_file_reports_bytes_of_the_file():
    rec = Recorder()
    c = micic.read_file(SEED_002, progress=rec)
    size = os.path.getsize(SEED_002)
    assert len(rec.calls) >= 2
    assert _increasing(rec.calls)
    assert all(0 < d <= t == size for d, t in rec.calls)
    assert rec.calls[-1] == (size, size)
    assert len(c) == len(micic.read_file(SEED_002))   # same records as without


def test_read_directory_reports_each_file_in_turn():
    rec = Recorder()
    c = micic.read(SEEDS, progress=rec)
    sizes = [os.path.getsize(os.path.join(SEEDS, f)) for f in sorted(os.listdir(SEEDS))
             if f.endswith((".txt", ".csv", ".json", ".jsonl"))]
    runs = []                                  # (total, calls) per file, in order
    for d, t in rec.calls:
        if not runs or runs[-1][0] != t:
            runs.append((t, []))
        runs[-1][1].append((d, t))
    assert [t for t, _ in runs] == sizes       # sorted name order, one run per file
    assert all(_increasing(calls) for _, calls in runs)
    assert len(c) == len(micic.read_bundled())


def test_read_text_and_bundled_take_progress():
    rec = Recorder()
    micic.read_text(SLOPPY, progress=rec)
    n = len(SLOPPY.encode("utf-8"))
    assert rec.calls and rec.calls[-1] == (n, n)
    rec = Recorder()
    micic.read_text(SLOPPY.encode("utf-8"), progress=rec)
    assert rec.calls[-1] == (n, n)
    rec = Recorder()
    micic.read_bundled(progress=rec)
    assert rec.calls and all(0 < d <= t for d, t in rec.calls)


def test_validate_reports_records(big):
    rec = Recorder()
    report = big.validate(progress=rec)
    assert rec.calls == [(1024, N_BIG), (2048, N_BIG), (N_BIG, N_BIG)]
    assert len(report) == len(big.validate())


def test_index_reports_records_once(big):
    c = micic.Corpus(big)            # a copy: its own index
    rec = Recorder()
    c.build_index(progress=rec)
    assert rec.calls == [(1024, N_BIG), (2048, N_BIG), (N_BIG, N_BIG)]
    again = Recorder()
    c.build_index(progress=again)    # built already: nothing to do
    assert c.search("evacuation", k=2, progress=again).total == N_BIG
    assert again.calls == []


@pytest.mark.parametrize("call", [
    lambda c, p: c.search("evacuation", progress=p),
    lambda c, p: c.similar(0, progress=p),
    lambda c, p: c.similar_text("evacuation", progress=p),
    lambda c, p: c.duplicates(0.99, progress=p),
])
def test_first_use_of_the_index_reports(call):
    c = micic.read_bundled()
    rec = Recorder()
    call(c, rec)
    assert rec.calls == [(len(c), len(c))]


def test_index_is_rebuilt_after_a_change(bundled):
    c = micic.Corpus(bundled)
    c.build_index()
    c.append(title="one more")
    rec = Recorder()
    c.search("evacuation", progress=rec)
    assert rec.calls == [(len(c), len(c))]


# ---------------------------------------------------------------- cancelling

def test_true_cancels_validation(big):
    rec = Recorder(answer=True)
    with pytest.raises(micic.CancelledError) as ei:
        big.validate(progress=rec)
    assert rec.calls == [(1024, N_BIG)]          # stopped at the first call
    assert ei.value.code == -11 and ei.value.name == "ECANCELLED"
    assert isinstance(ei.value, RuntimeError)


def test_true_cancels_reading():
    with pytest.raises(micic.CancelledError):
        micic.read_file(SEED_001, progress=lambda d, t: True)
    with pytest.raises(micic.CancelledError):
        micic.read_text(SLOPPY, progress=lambda d, t: True)


def test_cancelled_index_is_not_kept(bundled):
    c = micic.Corpus(bundled)
    with pytest.raises(micic.CancelledError):
        c.build_index(progress=lambda d, t: True)
    rec = Recorder()
    assert c.search("evacuation", progress=rec).total > 0
    assert rec.calls == [(len(c), len(c))]       # built anew


def test_cancel_on_the_last_call(big):
    stop_at_end = Recorder()
    stop_at_end.answer = None

    def cb(done, total):
        stop_at_end(done, total)
        return done == total

    with pytest.raises(micic.CancelledError):
        micic.Corpus(big).build_index(progress=cb)
    assert stop_at_end.calls[-1] == (N_BIG, N_BIG)


@pytest.mark.parametrize("answer", [None, False, 1, "yes", [1], 0])
def test_only_true_cancels(bundled, answer):
    """tqdm's update() returns True when it redraws: only the object True
    cancels, other truthy values go on."""
    rec = Recorder(answer=answer)
    assert bundled.validate(progress=rec) is not None
    assert rec.calls


def test_not_a_callable_is_a_type_error(bundled):
    for bad in (5, "bar", [print]):
        with pytest.raises(TypeError, match="progress"):
            bundled.validate(progress=bad)
        with pytest.raises(TypeError, match="progress"):
            micic.read_file(SEED_001, progress=bad)


def test_raw_layer_rejects_a_non_callable(bundled):
    with pytest.raises(TypeError, match="progress"):
        micic._c.micic_swig_validate(bundled._h, 0, 42)


# ---------------------------------------------------------------- exceptions

class Boom(Exception):
    pass


def test_exception_propagates_unchanged(big):
    raised = []

    def cb(done, total):
        raised.append(Boom("at %d" % done))
        raise raised[-1]

    with pytest.raises(Boom) as ei:
        big.validate(progress=cb)
    assert ei.value is raised[0]                 # the same object
    assert len(raised) == 1                      # never called again
    assert not isinstance(ei.value, micic.MicicError)
    # the traceback still goes through the callback
    names = [f.name for f in ei.traceback]
    assert "cb" in names


def test_keyboard_interrupt_stops_each_long_call(big):
    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        micic.read_file(SEED_001, progress=interrupt)
    with pytest.raises(KeyboardInterrupt):
        micic.read_bundled(progress=interrupt)
    with pytest.raises(KeyboardInterrupt):
        big.validate(progress=interrupt)
    c = micic.Corpus(big)
    with pytest.raises(KeyboardInterrupt):
        c.search("evacuation", progress=interrupt)
    assert c.search("evacuation").total == N_BIG     # usable afterwards


def test_system_exit_and_wrong_signature(bundled):
    with pytest.raises(SystemExit):
        bundled.validate(progress=lambda d, t: sys.exit(3))
    with pytest.raises(TypeError):
        bundled.validate(progress=lambda: None)      # called with two arguments


# ---------------------------------------------------------------- references

def test_no_reference_leaks(big):
    rec = Recorder()
    base = sys.getrefcount(rec)
    for _ in range(50):
        big.validate(progress=rec)
        micic.read_text(SLOPPY, progress=rec)
    gc.collect()
    assert sys.getrefcount(rec) == base
    assert len(rec.calls) >= 200


def test_raised_exceptions_are_freed(big):
    refs = []

    def cb(done, total):
        e = Boom()
        refs.append(weakref.ref(e))
        raise e

    base = sys.getrefcount(cb)
    for _ in range(50):
        try:
            big.validate(progress=cb)
        except Boom:
            pass
        try:
            micic.read_file(SEED_001, progress=cb)
        except Boom:
            pass
    gc.collect()
    assert len(refs) == 100
    assert all(r() is None for r in refs)
    assert sys.getrefcount(cb) == base


def test_cancelled_results_are_freed(big):
    """A cancelled call returns nothing: no proxy, no live C object."""
    live = [o for o in gc.get_objects() if isinstance(o, micic.Corpus)]
    for _ in range(20):
        with pytest.raises(micic.CancelledError):
            micic.read_file(SEED_001, progress=lambda d, t: True)
    gc.collect()
    assert len([o for o in gc.get_objects() if isinstance(o, micic.Corpus)]) == len(live)


# ---------------------------------------------------------------- threads

def test_callbacks_from_threads_run_with_the_gil(big):
    """The C calls release the GIL; the trampoline takes it back, so
    callbacks of concurrent calls each see their own call."""
    results, errors = {}, []

    def work(k):
        try:
            rec = Recorder()
            big.validate(progress=rec)
            results[k] = rec.calls
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(calls == [(1024, N_BIG), (2048, N_BIG), (N_BIG, N_BIG)]
               for calls in results.values())
    assert len(results) == 4


# ---------------------------------------------------------------- progress=True

def test_true_without_tqdm_draws_a_text_bar(big, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    big.validate(progress=True)
    err = capsys.readouterr().err
    assert "\rvalidating [" in err
    assert "100%  2600/2600" in err
    assert err.endswith("\n")
    micic.read_file(SEED_001, progress=True)
    err = capsys.readouterr().err
    assert "reading [" in err and "kB" in err


def test_false_and_none_draw_nothing(bundled, capsys):
    bundled.validate(progress=False)
    bundled.validate(progress=None)
    assert capsys.readouterr().err == ""


def test_true_uses_tqdm_when_installed(big, monkeypatch):
    made = []

    class FakeTqdm:
        def __init__(self, total=None, desc=None, leave=True, file=None, **kw):
            self.total, self.desc, self.n, self.closed, self.kw = total, desc, 0, False, kw
            self.resets = 0
            made.append(self)

        def update(self, k):
            self.n += k
            return True                   # as tqdm does when it redraws

        def reset(self, total=None):
            self.n, self.total = 0, total
            self.resets += 1

        def close(self):
            self.closed = True

    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = FakeTqdm
    pkg = types.ModuleType("tqdm")
    pkg.auto = auto
    monkeypatch.setitem(sys.modules, "tqdm", pkg)
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)

    big.validate(progress=True)           # update() returning True must not cancel
    bar = made[-1]
    assert (bar.desc, bar.total, bar.n, bar.closed) == ("validating", N_BIG, N_BIG, True)

    micic.read(SEEDS, progress=True)      # one bar, reset for each file
    bar = made[-1]
    assert bar.closed and bar.kw["unit"] == "B"
    assert bar.resets == len([f for f in os.listdir(SEEDS) if f.endswith(".txt")]) - 1
    assert bar.total == sorted((f, os.path.getsize(os.path.join(SEEDS, f)))
                               for f in os.listdir(SEEDS))[-1][1]

    with pytest.raises(Boom):             # closed on an exception too
        with _progress.callback(True, "x") as cb:
            cb(1, 2)
            raise Boom
    assert made[-1].closed


def test_text_bar_throttles_and_finishes():
    class Stream:
        def __init__(self):
            self.text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    s = Stream()
    bar = _progress.TextBar("indexing", "records", stream=s)
    for i in range(1, 1001):
        assert bar.update(i, 1000) is None
    bar.close()
    frames = s.text.split("\r")[1:]
    assert len(frames) < 50                       # not 1000 redraws
    assert frames[-1].rstrip("\n").rstrip() == "indexing [" + "#" * 30 + "] 100%  1000/1000"
    s = Stream()
    bar = _progress.TextBar("reading", "bytes", stream=s)
    bar.update(5, 0)                              # total unknown
    bar.close()
    assert s.text == "\rreading 0.0 kB\n"
