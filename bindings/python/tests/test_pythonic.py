"""Issue #20: the package behaves the way pandas users expect: read() takes
paths, lists of paths and file objects (never guesses text); write() takes
files; DataFrames round-trip (to_dataframe and the library's own CSV through
pd.read_csv); guideline numbers are ints everywhere; field names are exact,
with "did you mean"; wrong types raise TypeError naming the argument; numpy
scalars are accepted."""

import errno
import io
import os
import pathlib

import numpy as np
import pandas as pd
import pytest

import micic
from conftest import SEED_001, SEED_004, SEEDS, SLOPPY


# ------------------------------------------------------------ 1. reading and writing

def test_read_typo_in_path_raises_file_not_found():
    with pytest.raises(FileNotFoundError) as ei:
        micic.read("data/practces.csv")
    assert ei.value.errno == errno.ENOENT and ei.value.filename == "data/practces.csv"
    assert isinstance(ei.value, OSError)


def test_read_never_takes_a_str_as_text():
    with pytest.raises(FileNotFoundError, match="looks like record text.*micic.read_text") as ei:
        micic.read(SLOPPY)
    assert ei.value.filename == SLOPPY[:60] + "..."
    with pytest.raises(TypeError, match="read_text"):
        micic.read(SLOPPY.encode())
    assert len(micic.read_text(SLOPPY)) == 1
    assert micic.from_text is micic.read_text


def test_read_directory_list_and_file_objects():
    assert len(micic.read(SEEDS)) == len(micic.read(pathlib.Path(SEEDS))) == 123
    both = micic.read([SEED_004, pathlib.Path(SEED_001)])
    assert len(both) == len(micic.read(SEED_004)) + len(micic.read(SEED_001))
    assert both[0].record_location.source == SEED_004
    with open(SEED_004, "rb") as f:
        binary = micic.read(f)
    with open(SEED_004, encoding="utf-8") as f:
        text = micic.read(f)
    sio = micic.read(io.StringIO(open(SEED_004, encoding="utf-8").read()), source_name="s4")
    assert binary[0] == text[0] == sio[0] == micic.read(SEED_004)[0]
    assert binary[0].record_location.source == SEED_004          # the file's name
    assert sio[0].record_location.source == "s4"
    with pytest.raises(TypeError, match="not int"):
        micic.read(7)


def test_write_to_file_objects(bundled, tmp_path):
    s = io.StringIO()
    bundled.write(s, format="json")
    assert micic.read(io.StringIO(s.getvalue()))[5] == bundled[5]
    b = io.BytesIO()
    bundled.write(b, format="csv")
    assert b.getvalue().decode("utf-8") == bundled.dumps("csv")
    path = tmp_path / "out.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        bundled.write(f)                                  # format from f.name
    assert len(micic.read(path)) == len(bundled)
    with pytest.raises(ValueError, match="format="):
        bundled.write(io.StringIO())


def test_format_errors_name_the_value_and_the_choices(bundled, tmp_path):
    with pytest.raises(micic.FormatError) as ei:
        micic.read(SEED_004, format="xlsx")
    assert "'xlsx'" in str(ei.value)
    assert "text, guidelines, csv, json, jsonl, long" in str(ei.value)
    with pytest.raises(micic.FormatError, match="'xlsx'"):
        bundled.write(tmp_path / "x.csv", format="xlsx")
    with pytest.raises(ValueError, match=r"'\.xlsx'.*csv"):
        bundled.write(tmp_path / "x.xlsx")
    with pytest.raises(TypeError, match="format must be None or a format name"):
        bundled.dumps(3)


# ------------------------------------------------------------ 2. DataFrames both ways

def test_library_csv_through_pandas_round_trips(bundled, tmp_path):
    path = tmp_path / "corpus.csv"
    bundled.write(path)
    from_csv = micic.read(path)
    df = pd.read_csv(path)
    assert {"stakeholder_group", "consultation_theme"} <= set(df.columns)  # extras
    back = micic.Corpus.from_dataframe(df)
    assert back.ids == from_csv.ids
    assert all(a == b for a, b in zip(back, from_csv))         # micic_practice_equal
    # the joined cells were split by the CSV reader's rule
    p = back["P123"]
    assert p.country == ["Egypt", "Ghana", "Libya", "Mali", "Niger"]
    assert p.guideline == [8, 9, 14]
    assert any(label == "stakeholder_group" for label, _ in back["P27"].extras)
    # an id index is the ids
    indexed = micic.Corpus.from_dataframe(df.set_index("id"))
    assert indexed.ids == from_csv.ids
    assert all(a == b for a, b in zip(indexed, from_csv))
    shuffled = micic.Corpus.from_dataframe(df.iloc[::-1].set_index("id"))
    assert shuffled.ids == from_csv.ids[::-1]


def test_to_dataframe_round_trips_with_list_cells_and_joined_strings(bundled):
    df = bundled.to_dataframe()
    back = micic.Corpus.from_dataframe(df)
    assert all(a == b for a, b in zip(back, bundled))
    joined = df.copy()
    for col in ("country", "guideline", "phase"):
        joined[col] = [("; ".join(map(str, v)) if v else None) for v in df[col]]
    again = micic.Corpus.from_dataframe(joined)
    assert all(a.country == b.country and a.guideline == b.guideline and a.phase == b.phase
               for a, b in zip(again, bundled))


def test_list_cells_split_like_the_csv_reader():
    df = pd.DataFrame({"id": ["A"], "country": ["Egypt; Ghana; Libya"], "guideline": ["8; 9; 14"],
                       "link": ["a\\;b; c"], "title": ["x; y"]})
    c = micic.Corpus.from_dataframe(df)
    csv = micic.read_text("id,country,guideline,link,title\n"
                          "A,Egypt; Ghana; Libya,8; 9; 14,a\\;b; c,x; y\n")
    assert c[0] == csv[0]
    assert c[0].country == ["Egypt", "Ghana", "Libya"] and c[0].guideline == [8, 9, 14]
    assert c[0].link == ["a;b", "c"] and c[0].title == "x; y"


def test_guideline_numbers_are_ints_everywhere(bundled, seed004):
    p = seed004[0]
    assert p.guideline == [8, 9, 14] and p.to_dict()["guideline"] == [8, 9, 14]
    assert p.values("guideline") == [8, 9, 14]
    assert p.originals("guideline")[0].startswith("GUIDELINE 8:")  # as read (text)
    df = bundled.to_dataframe()
    assert all(isinstance(g, int) for cell in df["guideline"] for g in cell)
    # groupby sorts 2 before 14
    counts = df.explode("guideline").dropna(subset=["guideline"]).groupby("guideline").size()
    assert list(counts.index) == sorted(counts.index) and counts.index[0] < 10
    gaps = bundled.gaps().to_dataframe()
    assert gaps["guideline"].dtype == micic.categories("guideline")
    assert list(micic.categories("guideline").categories) == list(range(1, 16))
    assert isinstance(bundled.suggest("evacuation", k=1)[0].guideline, int)
    for key in (14, "14", np.int64(14), "Guideline 14", " guideline 14: anything",
                "Support migrants’ recovery", micic.guideline(14).title):
        assert micic.guideline(key).number == 14, key
    with pytest.raises(KeyError, match="no guideline 16"):
        micic.guideline("16")
    with pytest.raises(TypeError, match="not float"):
        micic.guideline(14.0)


# ------------------------------------------------------------ 3. errors to act on

def test_unknown_field_is_a_key_error_with_did_you_mean(bundled):
    with pytest.raises(KeyError) as ei:
        bundled.crosstab("guideline", "stakehodler_type")
    e = ei.value
    assert isinstance(e, micic.NotFoundError)
    assert "'stakehodler_type'" in str(e) and "did you mean 'stakeholder_type'?" in str(e)
    assert "fields: id, title" in str(e)
    # no silent variants: a plural is a mistake too
    with pytest.raises(KeyError, match="did you mean 'stakeholder_type'"):
        bundled.crosstab("guideline", "stakeholder_types")
    with pytest.raises(KeyError):
        seed = bundled[0]
        seed.values("countries")
    # documented names: machine names and labels
    label = "Type of Stakeholder Implementing the Practice"
    assert bundled.crosstab("guideline", label).equals(
        bundled.crosstab("guideline", "stakeholder_type"))
    with pytest.raises(KeyError, match="'Type of stakeholder' \\(did you mean 'stakeholder_type'"):
        bundled.crosstab("guideline", "Type of stakeholder")
    with pytest.raises(KeyError, match=r"unknown vocabulary .crisiss. \(did you mean .crisis.\?\); vocabularies: "):
        micic.vocabulary("crisiss")


def test_wrong_types_raise_type_error_naming_the_argument(bundled):
    cases = [
        (lambda: bundled.crosstab("guideline", 1), "cols must be a field name"),
        (lambda: bundled.search(14), "query must be a query str, not int"),
        (lambda: bundled.search("x", k="3"), "k must be an int or None, not str"),
        (lambda: bundled.search("x", k=3.0), "k must be an int or None, not float"),
        (lambda: bundled.similar(None), "key must be a record id .* not NoneType"),
        (lambda: bundled.similar("P1", k="2"), "k must be an int or None, not str"),
        (lambda: bundled.suggest(5), "text must be a str or a Practice, not int"),
        (lambda: micic.suggest(None), "text must be a str, not NoneType"),
        (lambda: bundled[1.5], "must be a record id .* not float"),
        (lambda: bundled.crosstab("guideline", "phase", filter=3), "filter must be"),
        (lambda: bundled.crosstab("guideline", "phase", once_per_record=1),
         "once_per_record must be True or False"),
    ]
    for call, message in cases:
        with pytest.raises(TypeError, match=message):
            call()
    for call, message in [
        (lambda: micic.lookup("crisis", 5), "text must be a str, not int"),
        (lambda: micic.closest("crisis", None), "text must be a str, not NoneType"),
        (lambda: micic.country(b"EGY"), "text must be a str, not bytes"),
        (lambda: micic.fold(1.5), "text must be a str, not float"),
        (lambda: micic.detect_format(3), "text must be a str or bytes, not int"),
        (lambda: micic.vocabulary(None), "name must be a vocabulary name"),
    ]:
        with pytest.raises(TypeError, match=message):
            call()
    report = bundled.validate()
    with pytest.raises(ValueError, match=r"unknown diagnostic code 'unknwn-value' "
                                         r"\(did you mean 'unknown-value'\?\); codes: "):
        report.count("unknwn-value")
    with pytest.raises(ValueError, match="min_severity must be one of 'info', 'warning', "
                                         "'error', not str \\('fatal'\\)"):
        report.filter(min_severity="fatal")
    with pytest.raises(ValueError, match="format must be one of text, json, csv, not 'yaml'"):
        report.render("yaml")
    with pytest.raises(ValueError, match="k must be >= 0"):
        bundled.search("x", k=-1)
    with pytest.raises(KeyError, match="no record with id 'P999'"):
        bundled.similar("P999")
    with pytest.raises(IndexError, match="out of range: the corpus has 123 records"):
        bundled[500]


def test_numpy_scalars_are_accepted(bundled):
    df = bundled.to_dataframe()
    i = df.index[3]                                        # numpy.int64
    assert isinstance(i, (np.integer, int))
    assert bundled[np.int64(3)] == bundled[3] == bundled[i]
    assert bundled[np.int32(-1)] == bundled[-1]
    assert len(bundled.search("evacuation", k=np.int64(3))) == 3
    assert bundled.similar(np.int64(0), k=np.int64(2)).ids() == bundled.similar(0, k=2).ids()
    assert bundled.similar(np.str_("P1"), k=2).ids() == bundled.similar("P1", k=2).ids()
    assert len(micic.suggest(np.str_("evacuation flights"), k=np.uint8(2))) == 2
    assert bundled.crosstab(np.str_("guideline"), "phase").shape == (15, 3)
    assert micic.guideline(df["guideline"].explode().dropna().iloc[0]).number in range(1, 16)
    assert bundled[0].location("title", np.int64(0)) == bundled[0].location("title", 0)
    report = micic.read_text(SLOPPY).validate()
    assert report[np.int64(0)] == report[0] and report[np.int32(-1)] == report[-1]
    assert report.count(np.int64(206)) == report.count("unknown-country") == 1
    assert len(report.filter(code=np.int64(206))) == 1
    report.add("unknown-value", np.str_("m"), record_index=np.int64(0), line=np.int8(3))
    assert report[-1].line == 3 and report[-1].message == "m"
    with pytest.raises(TypeError, match="code must be a diagnostic code"):
        report.count(2.5)


# ------------------------------------------------------------ 4. Pythonic surface

def test_type_hints_and_py_typed():
    import typing
    pkg = os.path.dirname(micic.__file__)
    assert os.path.isfile(os.path.join(pkg, "py.typed"))
    for fn in (micic.read, micic.read_text, micic.read_file, micic.guideline, micic.suggest,
               micic.levels, micic.Corpus.search, micic.Corpus.crosstab, micic.Corpus.write,
               micic.Corpus.similar, micic.Corpus.validate, micic.Report.filter):
        hints = typing.get_type_hints(fn, localns={"pandas": pd})
        assert "return" in hints, fn
    assert typing.get_type_hints(micic.Corpus.search, localns={"pandas": pd})["return"] \
        is micic.Hits


def test_reprs_and_html(bundled, seed004):
    assert repr(bundled) == "<micic.Corpus: 123 records>"
    html = bundled._repr_html_()
    assert "micic.Corpus: 123 records" in html and "<table>" in html and "… and 113 more" in html
    assert "P1" in html and "&lt;" not in repr(bundled)
    p = seed004[0]
    assert repr(p).startswith("<micic.Practice P1 #0:")
    assert "<td" in p._repr_html_() and "Egypt; Ghana; Libya; Mali; Niger" in p._repr_html_()
    report = micic.read_text(SLOPPY).validate()
    assert repr(report) == "<micic.Report: 4 errors, 0 warnings, 0 info>"
    assert "unknown-country" in report._repr_html_() and "Philippines" in report._repr_html_()
    hits = bundled.search("evacuation", k=3)
    assert "3 hits of" in hits._repr_html_() and hits[0].id in hits._repr_html_()
    gaps = bundled.gaps()
    assert repr(gaps).startswith("<micic.Gaps: %d of %d" % (len(gaps), gaps.cells))
    assert "stakeholder_type" in gaps._repr_html_()
    sugg = micic.suggest("evacuation flights", k=2)
    assert isinstance(sugg, micic.Suggestions) and isinstance(sugg, list)
    assert repr(sugg).startswith("Suggestions([Suggestion(guideline=")
    assert "2 suggested guidelines" in sugg._repr_html_()
    assert list(sugg.to_dataframe()["guideline"]) == [s.guideline for s in sugg]
    # values are escaped
    odd = micic.Corpus([{"title": "<script>x</script>"}])
    assert "<script>" not in odd._repr_html_() and "&lt;script&gt;" in odd._repr_html_()


def _doc_of(obj):
    return getattr(obj, "__doc__", "") or ""


def test_docstrings_read_as_python_docs():
    from micic import _doc
    import inspect
    # every public method of Corpus and every public function is in the one table
    public = {"Corpus." + n for n, v in vars(micic.Corpus).items()
              if not n.startswith("_") and (inspect.isfunction(v) or isinstance(v, classmethod))}
    public |= {n for n in micic.__all__ if inspect.isfunction(getattr(micic, n))
               and n not in ("error_class", "c_api", "from_text")}
    missing = public - set(_doc.API)
    assert not missing, missing
    for name in _doc.API:
        obj = micic
        for part in name.split("."):
            obj = getattr(obj, part)
        doc = _doc_of(obj)
        assert "Examples\n--------\n>>> " in doc, name
        assert "Returns\n-------\n" in doc, name
        params = [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
        for p in params:
            assert ("\n%s : " % p in doc or "\n**%s\n" % p in doc), (name, p)
        assert "C API (" not in doc, name                  # no pasted header blocks
    crosstab = _doc_of(micic.Corpus.crosstab)
    assert all(f in crosstab for f in micic.FIELDS)           # help() lists the field names
    assert "Raises\n------\nNotFoundError" in crosstab
    import pydoc
    text = pydoc.render_doc(micic.Corpus, renderer=pydoc.plaintext)
    assert text.count("C API (") == 0 and text.count("See Also") > 10
    assert "micic_validate(" in micic.c_api(micic.Corpus.validate)
    with pytest.raises(KeyError):
        micic.c_api("micic_no_such_function")


# ------------------------------------------------------------ 7. the README

def test_readme_python_snippet_runs_as_written(monkeypatch):
    """Every line of the README's Python snippets runs; a line whose comment
    announces an exception ("# KeyError: ...") raises it, with that text."""
    import builtins
    import re
    from conftest import REPO
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## Python and R"):]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    monkeypatch.chdir(REPO)
    announced = 0
    for block in blocks:
        ns = {}
        for line in block.splitlines():
            m = re.search(r"#\s*(\w+Error)\b:?(.*)$", line)
            if not m:
                exec(compile(line, "README.md", "exec"), ns)
                continue
            announced += 1
            exc = getattr(builtins, m.group(1), None) or getattr(micic, m.group(1))
            with pytest.raises(exc) as ei:
                exec(compile(line, "README.md", "exec"), ns)
            said = m.group(2).strip().replace("...", "").strip()
            assert said in str(ei.value), (said, str(ei.value))
    assert announced >= 1
