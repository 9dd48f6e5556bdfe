"""The micic package on the seeds: reading, records, errors, reports,
validation, search, suggestion, catalogue, docstrings."""
import errno
import gc
import os
import pathlib
import pickle
import re
import weakref

import pytest

import micic
from conftest import (REPO, SEED_001, SEED_002, SEED_004, SEEDS, SLOPPY)


# ------------------------------------------------------------ version / layout

def _header_version():
    text = open(os.path.join(REPO, "include", "micic", "version.h"), encoding="utf-8").read()
    return re.search(r'#define MICIC_VERSION_STRING "([0-9.]+)"', text).group(1)


def test_version_matches_c_library():
    v = _header_version()
    assert micic.__version__ == v
    assert micic.__version__ == os.environ.get("MICIC_PY_VERSION", v)
    major, minor, patch = map(int, v.split("."))
    assert micic.version_number == major * 10000 + minor * 100 + patch
    assert micic._c.micic_swig_compiled_version_number() == micic.version_number


def test_version_mismatch_is_detected():
    micic._check_version(100, 100)  # equal: fine
    with pytest.raises(ImportError) as ei:
        micic._check_version(100, 10203)
    msg = str(ei.value)
    assert "0.1.0" in msg and "1.2.3" in msg and "micic_version_number()" in msg


def test_raw_swig_layer_is_private():
    assert micic._c.__name__ == "micic._core"
    assert os.path.basename(micic._c._micic.__file__).startswith("_micic.")
    public = [n for n in dir(micic) if not n.startswith("_")]
    assert not [n for n in public if n.startswith("micic_")]
    assert set(micic.__all__) <= set(dir(micic))


# ------------------------------------------------------------------ reading

def test_seed_004_record(seed004):
    assert len(seed004) == 1
    p = seed004[0]
    assert p.country == ["Egypt", "Ghana", "Libya", "Mali", "Niger"]
    assert p.id == "P1"
    assert p.kind == "Reported Practice"
    assert p.type == ["Assistance programs"]
    assert p.stakeholder_type == ["International Organizations"]
    assert p.crisis == ["Conflict"]
    assert p.phase == ["Post-Crisis Action"]
    assert p.guideline == [8, 9, 14]
    assert p.source == "MENA Consultation report"
    assert p.title is None                      # single-valued and absent
    assert p.description.startswith("This project provided assistance to 841 migrants")
    # locations: the record starts at line 1, "Libya" is on line 6
    assert p.record_location == micic.Location(SEED_004, 1, 1)
    assert p.location("country", 2) == micic.Location(SEED_004, 6, 1)
    with pytest.raises(IndexError):
        p.location("country", 5)
    assert p.values("country") == p.country
    assert p.originals("country") == p.country
    d = p.to_dict()
    assert d["country"] == p.country and d["extra"] == []
    assert set(d) == set(micic.FIELDS) | {"extra"}


def test_to_dict_equals_the_properties():
    # to_dict() is built in one C call: it must give what the properties give
    for p in micic.read_bundled():
        want = {name: getattr(p, name) for name in micic.FIELDS}
        want["extra"] = p.extras
        assert p.to_dict() == want, p.id
    p = micic.Practice(title="T", country=["Mali"], extra=[("Funding", "EU")])
    d = p.to_dict()
    assert d["title"] == "T" and d["description"] is None and d["need"] == []
    assert d["extra"] == [("Funding", "EU")]


def test_seed_001_label_value_record():
    c = micic.read(SEED_001)
    p = c[0]
    assert p.country == ["Global"]
    assert p.crisis == ["Conflict", "Natural Disaster"]
    assert p.guideline == [3, 8, 14, 15]
    assert "International Labour Organization (ILO)" in p.stakeholder
    assert len(p.link) == 2 and all(u.startswith("http://") for u in p.link)
    assert c.read_report.records_in == 1 and c.rejected == 0


def test_seed_002_recommended_practices():
    c = micic.read(SEED_002)
    assert len(c) == 19
    assert all(p.kind == "Recommended Practice" for p in c)
    assert all(p.guideline == [14] for p in c)
    assert c[0].title == "Access to remedies to recover lost property or assets"


def test_read_path_text_bytes_agree():
    by_str = micic.read(SEED_004)
    by_path = micic.read(pathlib.Path(SEED_004))
    text = open(SEED_004, encoding="utf-8").read()
    by_text = micic.read_text(text)
    by_bytes = micic.read_text(text.encode("utf-8"), source_name="seed4")
    assert by_str[0] == by_path[0] == by_text[0] == by_bytes[0]
    assert by_str[0].record_location.source == SEED_004
    assert by_text[0].record_location.source == "<buffer>"
    assert by_bytes[0].record_location.source == "seed4"
    # a directory is a path too: the bundled corpus directory
    assert len(micic.read(SEEDS)) == len(micic.read_bundled())


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "long"])
def test_write_read_round_trip_through_c(bundled, fmt, tmp_path):
    text = bundled.dumps(fmt)
    assert micic.detect_format(text) == fmt
    again = micic.read_text(text, format=fmt)
    assert len(again) == len(bundled)
    assert all(a == b for a, b in zip(again, bundled))
    path = tmp_path / ("out." + ("csv" if fmt == "long" else fmt))
    bundled.write(path, format=fmt)
    from_file = micic.read(path, format=fmt)
    assert [p.id for p in from_file] == bundled.ids
    assert all(a == b for a, b in zip(from_file, bundled))


def test_invalid_utf8_is_a_diagnostic_not_an_exception():
    c = micic.read_text(b"Title: caf\xe9\nCountry: Egypt\n"
                   b"Description of the practice: text\n")
    assert c.read_report.count("invalid-utf8") >= 1


# ------------------------------------------------------------------ errors

def test_missing_file_raises_file_not_found():
    missing = pathlib.Path("/nonexistent/dir/practice.txt")
    for path in (missing, str(missing), [SEED_004, str(missing)]):
        with pytest.raises(FileNotFoundError) as ei:
            micic.read(path)
        assert ei.value.errno == errno.ENOENT and ei.value.filename == str(missing)
        assert "micic.read_text" in str(ei.value)
    with pytest.raises(FileNotFoundError):
        micic.read_file(missing)


def test_unreadable_file_raises_io_error_with_code():
    missing = pathlib.Path("/proc/self/mem")   # exists, but read() fails (EIO), root or not
    if not missing.exists():
        pytest.skip("no /proc")
    with pytest.raises(micic.MicicError) as ei:
        micic.read(missing)
    e = ei.value
    assert isinstance(e, micic.MicicIOError) and isinstance(e, OSError)
    assert e.code == -3 and e.name == "EIO"
    assert e.source == str(missing)
    assert (e.line, e.column) == (0, 0)
    assert str(missing) in str(e) and "[EIO]" in str(e)


def test_query_syntax_error_has_column(bundled):
    with pytest.raises(micic.QuerySyntaxError) as ei:
        bundled.search("guideline:14 (evacuation")
    e = ei.value
    assert isinstance(e, ValueError) and isinstance(e, micic.MicicError)
    assert e.code == -9 and e.name == "EQUERY"
    assert e.column == 14 and e.line == 1
    assert "expected ')'" in e.text
    assert ":1:14:" in str(e)


def test_format_and_field_errors(bundled):
    with pytest.raises(micic.FormatError) as ei:
        micic.read_text("Title: x\n", format="yaml")
    assert ei.value.code == -5
    assert "'yaml'" in str(ei.value) and "csv, json, jsonl" in str(ei.value)
    with pytest.raises(micic.NotFoundError) as ei:
        bundled.crosstab_text("guideline", "no-such-field")
    assert "no-such-field" in str(ei.value)
    with pytest.raises(ValueError):
        bundled.write("/tmp/out.unknown-extension")
    with pytest.raises(micic.MicicIOError):
        bundled.write("/nonexistent/dir/out.json")


def test_error_classes():
    assert micic.error_class(-9) is micic.QuerySyntaxError
    assert micic.error_class(-1) is micic.MicicMemoryError
    assert micic.error_class(-99) is micic.MicicError
    e = micic._errors._from_c(-4, "bad input", 3, 7, 42, "f.csv")
    assert type(e) is micic.ParseError
    assert (e.code, e.line, e.column, e.position, e.source) == (-4, 3, 7, 42, "f.csv")
    assert str(e) == "f.csv:3:7: bad input [EPARSE]"
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is micic.ParseError and e2.line == 3 and str(e2) == str(e)


def test_wrong_types():
    with pytest.raises(TypeError, match="a path .* not int"):
        micic.read(42)
    c = micic.read(SEED_004)
    with pytest.raises(TypeError):
        c[1.5]
    with pytest.raises(TypeError):  # the raw layer checks pointer types
        micic._c.micic_corpus_size(42)
    with pytest.raises(TypeError):
        micic._c.micic_practice_id(c._h)


# ------------------------------------------------------------------ corpus

def test_corpus_sequence_protocol(bundled):
    n = len(bundled)
    assert n == 123
    ids = bundled.ids
    assert len(set(ids)) == n
    assert [p.id for p in bundled] == ids
    assert bundled[-1].id == ids[-1]
    assert [p.id for p in bundled[2:5]] == ids[2:5]
    assert bundled[ids[7]].index == 7
    assert ids[7] in bundled and "no-such-id" not in bundled
    assert bundled.get("no-such-id") is None
    with pytest.raises(KeyError):
        bundled["no-such-id"]
    with pytest.raises(IndexError):
        bundled[n]
    assert repr(bundled) == "<micic.Corpus: 123 records>"


def test_practice_keeps_its_corpus_alive():
    c = micic.read(SEED_004)
    ref = weakref.ref(c)
    p = c[0]
    r = c.read_report
    del c
    gc.collect()
    assert ref() is not None            # p (and r) keep the corpus alive
    assert p.country[0] == "Egypt"
    assert p.corpus is ref()
    del p
    gc.collect()
    assert ref() is not None            # the read report too
    assert len(r) == 0 and r.records_in == 1
    del r
    gc.collect()
    assert ref() is None


def test_build_corpus_from_practices():
    p = micic.Practice(title="Evacuation hotline", country=["egypt", "LBY"], guideline=14,
                       crisis="conflicts", extra=[("Funding", "EU")])
    assert p.country == ["Egypt", "Libya"]          # canonicalized like a reader does
    assert p.originals("country") == ["egypt", "LBY"]
    assert p.guideline == [14]
    assert p.extras == [("Funding", "EU")]
    assert p.id is None and p.corpus is None
    c = micic.Corpus([p, {"title": "Second", "country": "Mali"}])
    c.append(title="Third")
    assert c.ids == ["P1", "P2", "P3"]
    assert c[0] != p                                 # the corpus gave it an id (P1)
    assert dict(c[0].to_dict(), id=None) == p.to_dict()
    assert c[1].country == ["Mali"]
    dup = c.append({"id": "P1", "title": "dup"})
    assert dup.id == "P1-2"                          # ids stay unique
    assert c.read_report.count("duplicate-id") == 1
    q = c[0].copy()
    assert q == c[0] and q.corpus is None


# ----------------------------------------------------------- validation

def test_validate_and_normalize_sloppy_record():
    c = micic.read_text(SLOPPY)
    r = c.validate()
    assert isinstance(r, micic.Report)
    assert not r.ok()
    codes = r.codes()
    assert codes == {"missing-field": 1, "unknown-value": 2, "unknown-country": 1}
    country = [d for d in r if d.code == "unknown-country"][0]
    assert (country.line, country.column) == (3, 10)
    assert country.value == "Phillipines" and country.suggestion == "Philippines"
    assert country.record_id == "P1" and country.field == "country"
    assert country.severity == "error" and country.code_number == 206
    assert r[r.errors - 1] == list(r)[-1]
    changes = c.normalize()
    assert len(changes) == 3 and changes.count("normalized") == 3
    p = c[0]
    assert p.country == ["Philippines"] and p.originals("country") == ["Phillipines"]
    assert p.crisis == ["Conflict"] and p.type == ["Assistance programs"]
    after = c.validate()
    assert after.codes() == {"missing-field": 1}
    assert p.validate().codes() == {"missing-field": 1}


def test_report_api():
    c = micic.read_text(SLOPPY)
    r = c.validate()
    assert (r.errors, r.warnings, r.infos) == (4, 0, 0)
    only = r.filter(code="unknown-value")
    assert len(only) == 2 and all(d.code == "unknown-value" for d in only)
    assert len(r.filter(field="country")) == 1
    assert len(r.filter(min_severity="error")) == 4
    text = str(r)
    # one report with the read report's counts, as `micic validate` prints it
    assert text.splitlines()[-1] == "4 errors, 0 warnings, 0 info (1 record read, 0 rejected)"
    assert "<buffer>:3:10: error: [unknown-country]" in text
    js = r.to_json()
    assert isinstance(js, dict)
    csv_lines = r.render("csv").splitlines()
    assert len(csv_lines) == 1 + 4
    assert str(r[1]).startswith("<buffer>:2:19: error: [unknown-value]")
    with pytest.raises(ValueError):
        r.count("no-such-code")
    with pytest.raises(micic.InvalidArgumentError):
        r.filter(min_severity="fatal")
    own = micic.Report()
    own.add("unknown-value", "a message", record_index=0, field="crisis", value="x")
    assert len(own) == 1 and own[0].severity == "error" and own[0].value == "x"


# -------------------------------------------------------- search / suggest

def test_search(bundled):
    hits = bundled.search("guideline:14 evacuation", k=3)
    assert isinstance(hits, micic.Hits)
    assert 1 <= len(hits) <= 3 and hits.total >= len(hits)
    assert all(14 in bundled[h.id].guideline for h in hits)
    assert all(bundled[h.index].id == h.id for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert "[evacuat" in hits[0].snippet
    every = bundled.search("guideline:14", k=None)
    assert len(every) == every.total == sum(14 in p.guideline for p in bundled)
    assert all(h.score == 0 for h in every)           # facets only: unranked


def test_similar(bundled):
    top = bundled.similar("P39", k=3)
    assert len(top) == 3 and "P39" not in top.ids()
    assert all(0 < h.score <= 1 for h in top)
    assert [h.score for h in top] == sorted((h.score for h in top), reverse=True)
    assert bundled.similar(bundled["P39"].index, k=3) == top
    assert bundled.similar(bundled["P39"], k=3) == top
    text_hits = bundled.similar_text(bundled["P39"].description, k=1)
    assert text_hits[0].id == "P39"
    with pytest.raises(KeyError):
        bundled.similar("no-such-id")
    groups = bundled.duplicates(0.99)
    assert all(len(g) >= 2 for g in groups)


def test_suggest_guidelines():
    text = ("Reintegration support for migrant workers returning home after the conflict: "
            "cash assistance, recognition of skills acquired abroad and job placement.")
    top = micic.suggest(text, k=3)
    assert len(top) == 3 and 14 in [s.guideline for s in top]
    assert all(isinstance(s, micic.Suggestion) for s in top)
    assert top[0].score >= top[1].score >= top[2].score
    assert top[0].terms and top[0].title == micic.guideline(top[0].guideline).title
    every = micic.suggest(text, k=None)
    assert sorted(s.guideline for s in every) == list(range(1, 16))
    # calibrated confidence, the chosen guidelines first (1 to 4)
    assert all(0.0 < s.confidence < 1.0 for s in every)
    assert every[0].chosen and 1 <= sum(s.chosen for s in every) <= 4
    assert [s.chosen for s in every] == sorted((s.chosen for s in every), reverse=True)
    assert len({s.low_confidence for s in every}) == 1
    # an empty or stopword-only text is an error, not 15 zero scores
    for bad in ("", "the and of", "   "):
        with pytest.raises(ValueError):
            micic.suggest(bad)


def test_corpus_suggest_learns_from_practices(bundled):
    p = micic.read(SEED_004)[0]
    ranked = bundled.suggest(p, k=5)
    assert len(ranked) == 5
    assert {8, 9, 14} & {s.guideline for s in ranked}
    assert bundled.suggest(p.description, k=1)[0].guideline in range(1, 16)


def test_gaps(bundled):
    gaps = bundled.gaps()
    stakeholder_types = micic.vocabulary("stakeholder_type")
    assert gaps.cells == 15 * len(stakeholder_types)
    assert 0 < len(gaps) < gaps.cells
    phase_of = {g.number: g.phase for g in micic.guidelines()}
    assert all(g.phase == phase_of[g.guideline] for g in gaps)
    # seed 004: an International Organizations practice under guideline 14, post-crisis
    assert micic.Gap(14, "International Organizations", "Post-Crisis Action") not in gaps
    assert gaps.render("csv").count("\n") >= len(gaps)


# ------------------------------------------------------------------ catalogue

def test_catalogue():
    gs = micic.guidelines()
    assert [g.number for g in gs] == list(range(1, 16))
    assert {g.phase for g in gs[:8]} == {"Crisis Preparedness"}
    assert {g.phase for g in gs[8:13]} == {"Emergency Response"}
    assert {g.phase for g in gs[13:]} == {"Post-Crisis Action"}
    assert micic.guideline(14).theme == "Support migrants’ recovery"
    assert all(len(g.description) > 1500 for g in gs)
    assert "early warning" in micic.guideline(1).description
    assert micic.guideline("GUIDELINE 14: " + gs[13].title).number == 14
    with pytest.raises(KeyError):
        micic.guideline(16)
    assert micic.phases() == ["Crisis Preparedness", "Emergency Response", "Post-Crisis Action"]
    assert "Conflict" in micic.vocabulary("crisis")
    assert micic.vocabulary("Type of crisis") == micic.vocabulary("crisis")
    assert micic.lookup("phase", "post crisis") == "Post-Crisis Action"
    assert micic.closest("crisis", "Conflcit") == "Conflict"
    assert micic.country("EGY").name == "Egypt" and micic.country("EGY").alpha2 == "EG"
    assert micic.country("Phillipines") is None
    assert micic.country("Phillipines", suggest=True).name == "Philippines"
    assert micic.fold("  Côte   d’Ivoire ") == "cote d'ivoire"
    codes = {c.name: c for c in micic.codes()}
    assert codes["unknown-value"].number == 202 and codes["normalized"].severity == "info"
    assert micic.levels("guideline") == list(range(1, 16))
    assert micic.levels("phase") == micic.phases()
    assert micic.levels("title") is None
    assert micic.FIELDS[0] == "id" and "country" in micic.FIELDS
    assert micic.SINGLE_FIELDS == {"id", "title", "description", "source", "kind"}


# ------------------------------------------------------------------ docstrings

def _header_text(header):
    return open(os.path.join(REPO, "include", "micic", header), encoding="utf-8").read()


def test_docstrings_come_from_the_c_headers():
    assert micic._base._MISSING_DOCS == []
    doc = micic.c_api(micic.Corpus.validate)
    assert "C API (micic/validate.h)" in doc and "micic_validate(" in doc
    assert "Validate every record" in doc and "Validate every record" in _header_text("validate.h")
    assert "``micic_validate()``" in micic.Corpus.validate.__doc__      # named, not pasted
    assert "micic_search(" in micic.c_api("micic_search")
    assert "Read a file" in micic.read_file.__doc__
    assert "micic_column_values(" in micic.c_api(micic.Corpus.to_dataframe)
    # every documented MICIC_API function of the headers is in the generated table
    declared = set()
    for h in os.listdir(os.path.join(REPO, "include", "micic")):
        declared |= set(re.findall(r"MICIC_API[^;(]*?\b(micic_\w+)\s*\(", _header_text(h)))
    assert declared and declared <= set(micic._base._DOCS)
