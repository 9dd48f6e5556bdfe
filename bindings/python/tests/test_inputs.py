"""CSV delimiters, inputs without records, and the one report of validate()
(issue #18, items 6 and 7)."""
import io
import os
import subprocess

import pytest

import micic
from conftest import TEST_DATA

COMMA = os.path.join(TEST_DATA, "csv_excel_comma.csv")
SEMICOLON = os.path.join(TEST_DATA, "csv_excel_semicolon.csv")  # BOM, CRLF, ';', quotes


def _cli():
    build = os.environ.get("MICIC_PY_BUILD_DIR")
    path = build and os.path.join(build, "..", "..", "micic")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("the micic command is not built next to the Python package")
    return path


# ------------------------------------------------------------ delimiters

def test_semicolon_csv_reads_like_the_comma_csv():
    a, b = micic.read(COMMA), micic.read(SEMICOLON)
    assert len(a) == len(b) == 3
    assert [p.to_dict() for p in a] == [p.to_dict() for p in b]
    assert b[0].title == "Evacuation; with a comma, too"
    assert b[0].country == ["Egypt", "Libya"]
    notes = [d for d in b.read_report if d.code == "layout-inferred"]
    assert len(notes) == 1 and notes[0].severity == "info" and notes[0].value == ";"
    assert "';'" in notes[0].message
    assert a.read_report.count("layout-inferred") == 0


@pytest.mark.parametrize("delimiter", ["\t", "tab", "\\t"])
def test_tab_given(delimiter):
    c = micic.read_text("id\ttitle\nr1\tA, b; c\n", delimiter=delimiter)
    assert c[0].title == "A, b; c"
    assert "the delimiter option" in c.read_report.filter(code="layout-inferred")[0].message


def test_delimiter_given_wins_over_sniffing():
    c = micic.read(SEMICOLON, format="csv", delimiter=",")
    assert c.read_report.count("layout-inferred") == 0
    assert c[0].extras[0][0].startswith("Id;Title;")          # one column, as asked
    assert len(micic.read_text("id|title\nr1|x\n", delimiter="|")) == 1
    # detection tries the given delimiter: a semicolon file is no comma CSV
    with pytest.raises(micic.EmptyInputError):
        micic.read(SEMICOLON, delimiter=",")


@pytest.mark.parametrize("bad", [":", "ab", 44])
def test_bad_delimiter_is_a_value_error(bad):
    with pytest.raises(ValueError):
        micic.read_text("id;title\nr1;x\n", delimiter=bad)


# ------------------------------------------------------------ no record

@pytest.mark.parametrize("name, text, expected", [
    ("empty.csv", "", "expected practice records"),
    ("blank.txt", "  \n\n", "expected practice records"),
    ("header.csv", "\ufeffid;title;country\r\n", "expected one row per practice record"),
    ("words.txt", "nothing to see here\n", "no practice record"),
])
def test_no_record_raises(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(micic.EmptyInputError) as info:
        micic.read(path)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, micic.MicicError)
    assert e.source == str(path) and str(path) in str(e)
    assert expected in str(e)
    assert e.report.count("empty-input") == 1
    with pytest.raises(micic.EmptyInputError):
        micic.read_file(str(path))


def test_no_record_in_a_text_or_bytes():
    for text in ("", b"", "id,title\n", "[]"):
        with pytest.raises(micic.EmptyInputError, match="<buffer>"):
            micic.read_text(text)
    with pytest.raises(micic.EmptyInputError):          # a file object, too
        micic.read(io.StringIO("id,title\n"))
    with pytest.raises(micic.EmptyInputError, match="mine.csv"):
        micic.read_text("id,title\n", source_name="mine.csv")
    assert "EmptyInputError" in micic.__all__


def test_a_directory_with_one_empty_file_still_reads(tmp_path):
    (tmp_path / "a.csv").write_text("id,title\nr1,T\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("", encoding="utf-8")
    c = micic.read(tmp_path)                    # records were found: no exception
    assert len(c) == 1
    errors = c.read_report.filter(code="empty-input")
    assert len(errors) == 1 and errors[0].source.endswith("b.csv")
    assert not c.validate().ok()                # ... but the report has the error


# ------------------------------------------------------------ one report

DUPS = "id,title,country\nP1,A,Mali\nP1,B,Chad,extra\n"


def test_validate_holds_the_read_diagnostics(tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text(DUPS, encoding="utf-8")
    c = micic.read(path)
    read = list(c.read_report)
    report = c.validate()
    assert read and list(report)[:len(read)] == read
    assert report.records_in == 2
    dup = report.filter(code="duplicate-id")[0]
    assert dup.severity == "warning" and dup.line == 3
    assert "first used on line 2" in dup.message         # both lines named
    assert report.count("ragged-row") == 1
    # exactly what the command prints, with its exit status
    run = subprocess.run([_cli(), "validate", str(path)], capture_output=True, text=True)
    assert run.stdout == str(report) + ("" if str(report).endswith("\n") else "\n")
    assert run.returncode == (0 if report.ok() else 1)


def test_validate_strict_like_the_command():
    c = micic.read(SEMICOLON)
    run = subprocess.run([_cli(), "validate", "--strict", SEMICOLON], capture_output=True,
                         text=True)
    report = c.validate(strict=True)
    assert run.stdout.rstrip("\n") == str(report).rstrip("\n")
    assert run.returncode == (0 if report.ok(strict=True) else 1)
