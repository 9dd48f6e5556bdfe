"""The API documentation of the package, in one place.

Every public function and method gets its docstring here, rendered in the
numpydoc layout Python users read in ``help()``, IPython's ``?`` and
Sphinx: the summary written next to the code, then Parameters, Returns,
Raises and Examples from the table ``API`` below, then a one-line "See
Also" naming the C functions it calls (their header documentation is one
call away: ``micic.c_api("micic_validate")``).

Arguments shared by many calls (``field``, ``k``, ``progress``,
``format``...) are described once, in ``PARAMS``; ``{fields}``,
``{formats}`` and ``{write_formats}`` expand to the live lists, so
``help(micic.Corpus.crosstab)`` lists the field names of the library it
runs on. ``apply()`` runs at import; ``tests/test_pythonic.py`` checks
that every public callable has its sections and that no key is stale.
"""

import inspect
import textwrap

from . import _core as _c

_FIELDS = tuple(_c.micic_field_name(i) for i in range(_c.MICIC_FIELD_COUNT))
_SUBST = {
    "fields": ", ".join(_FIELDS),
    "formats": '"text", "guidelines", "csv", "json", "jsonl", "long"',
    "write_formats": '"csv", "json", "jsonl", "text", "long"',
}

# ---------------------------------------------------------------- shared

PARAMS = {
    "field": ("str", "A field, named exactly: one of {fields}, or its repository label "
              "(\"Type of crisis\"). Anything else raises NotFoundError (a KeyError) with "
              "\"did you mean\"."),
    "k": ("int or None", "How many results at most (an int >= 0, numpy integers too); "
          "None for all."),
    "progress": ("None, bool or callable", "None or False: nothing; True: a progress bar on "
                 "stderr (tqdm when installed); a callable progress(done, total) called with "
                 "records done (validated, or indexed when the search index is built) and "
                 "records in the corpus: returning True cancels (CancelledError, nothing is "
                 "kept), an exception it raises is re-raised. It must not change or call this "
                 "corpus."),
    "progress_read": ("None, bool or callable", "None or False: nothing; True: a progress bar "
                      "on stderr (tqdm when installed); a callable progress(done, total) "
                      "called with bytes parsed and the size of the input (of each file in "
                      "turn for a directory or a list): returning True cancels "
                      "(CancelledError, no corpus), an exception it raises is re-raised."),
    "format_read": ("str or None", "One of {formats}; None detects it from the content."),
    "format_write": ("str or None", "One of {write_formats}; None takes it from the "
                     "extension of the path (or of the file object's name)."),
    "delimiter": ("str or None", "The CSV cell delimiter: \",\", \";\", \"|\" or \"\\t\"; "
                  "None (the default) sniffs it from the header line, so a semicolon CSV "
                  "saved by a spreadsheet reads as it is."),
    "source_name": ("str or None", "Names the input in locations and diagnostics "
                    "(default \"<buffer>\" for text, the file's name for a file object)."),
    "strict": ("bool", "Also fail ok() on warnings."),
    "text": ("str", "Free text (a practice's description, a query in plain words)."),
}

_RAISES_FIELD = ("NotFoundError", "A field name that is not a field (a KeyError: says "
                 "\"did you mean\" and lists the fields).")
_RAISES_TYPE = ("TypeError", "An argument of the wrong type; the message names the argument, "
                "the accepted types and the value.")
_RAISES_CANCEL = ("CancelledError", "The progress callable returned True.")
_RAISES_EMPTY = ("EmptyInputError", "No record at all was found in the input (empty, a CSV "
                 "header alone, unrecognised content): a ValueError naming the input and "
                 "what was expected; .report holds the read report.")

# ---------------------------------------------------------------- the API
# name -> dict(params=[name | (name, type, text)], returns=(type, text),
#              raises=[(exception, text)], example=str)

API = {
    # ---- reading
    "read": dict(
        params=[("source", "str, os.PathLike, list of paths or file object",
                 "A path (a file, or a directory: every record file in it, in name "
                 "order), a list or tuple of paths (one corpus), or a file object open "
                 "for reading, text or binary. A str is always a path, never record text "
                 "(use read_text)."),
                "format_read", "source_name", "progress_read", "delimiter"],
        returns=("Corpus", "The records; problems in the data are in its read_report."),
        raises=[("FileNotFoundError", "A path that does not exist (errno ENOENT)."),
                ("MicicIOError", "A file that exists but cannot be read (an OSError)."),
                _RAISES_EMPTY,
                ("FormatError", "An unknown format name (the message lists the formats)."),
                _RAISES_TYPE, _RAISES_CANCEL],
        example='corpus = micic.read("practices.csv")\n'
                'corpus = micic.read(["a.json", "b.csv"])\n'
                'with open("practices.csv", "rb") as f:\n'
                '    corpus = micic.read(f)'),
    "read_file": dict(
        params=[("path", "str or os.PathLike", "A file or a directory."), "format_read",
                "progress_read", "delimiter"],
        returns=("Corpus", "The records."),
        raises=[("FileNotFoundError", "The path does not exist."),
                ("MicicIOError", "It cannot be read."), _RAISES_EMPTY, _RAISES_CANCEL],
        example='corpus = micic.read_file("data/corpus")'),
    "read_text": dict(
        params=[("text", "str or bytes", "Record text, CSV, JSON... (bytes must be UTF-8: "
                 "bad bytes become diagnostics)."), "format_read", "source_name", "progress_read",
                "delimiter"],
        returns=("Corpus", "The records."),
        raises=[("FormatError", "An unknown format name."), _RAISES_EMPTY, _RAISES_TYPE],
        example='corpus = micic.read_text("Title: Hotline\\nCountry: Egypt\\n")'),
    "read_bundled": dict(
        params=["progress_read"],
        returns=("Corpus", "The seed documents shipped with libmicic (123 records)."),
        raises=[_RAISES_CANCEL],
        example="corpus = micic.read_bundled()"),
    "bundled_dir": dict(
        returns=("str", "The directory holding corpus/."),
        example="os.listdir(os.path.join(micic.bundled_dir(), 'corpus'))"),
    "detect_format": dict(
        params=[("text", "str or bytes", "The content of an input.")],
        returns=("str or None", "One of {formats}, or None."),
        example='micic.detect_format("id,title\\nP1,x\\n")   # "csv"'),
    # ---- catalogue
    "guidelines": dict(returns=("list of Guideline", "The 15 Guidelines, in order."),
                       example="[g.title for g in micic.guidelines()]"),
    "guideline": dict(
        params=[("key", "int or str", "A number (14, np.int64(14), \"14\"), a label "
                 "(\"Guideline 14\"), a thematic area or a title.")],
        returns=("Guideline", "The guideline."),
        raises=[("KeyError", "Nothing matches (the message names the value)."), _RAISES_TYPE],
        example='micic.guideline(14).title\nmicic.guideline("Support migrants’ recovery").number'),
    "phases": dict(returns=("list of str", "The three phase labels, in order."),
                   example="micic.phases()"),
    "vocabulary": dict(
        params=[("name", "str", "A vocabulary: its machine name (\"crisis\") or label.")],
        returns=("list of str", "Its canonical labels."),
        raises=[("NotFoundError", "No such vocabulary (a KeyError; \"did you mean\" and the "
                 "names).")],
        example='micic.vocabulary("crisis")'),
    "vocabularies": dict(returns=("dict", "{{machine name: [labels]}} of every vocabulary."),
                         example='micic.vocabularies()["phase"]'),
    "lookup": dict(
        params=[("vocab", "str", "A vocabulary name."), ("text", "str", "A value to look up.")],
        returns=("str or None", "The canonical label, or None when not a sure match."),
        example='micic.lookup("phase", "post crisis")   # "Post-Crisis Action"'),
    "closest": dict(
        params=[("vocab", "str", "A vocabulary name."), ("text", "str", "A misspelt value.")],
        returns=("str or None", "The closest label, for a \"did you mean\"."),
        example='micic.closest("crisis", "Conflcit")   # "Conflict"'),
    "country": dict(
        params=[("text", "str", "A name, alias or ISO code."),
                ("suggest", "bool", "Return the closest country when there is no sure match.")],
        returns=("Country or None", "The country."),
        example='micic.country("EGY").name'),
    "countries": dict(returns=("list of Country", "Every ISO 3166-1 country, \"Global\" last."),
                      example="len(micic.countries())"),
    "fold": dict(params=[("text", "str", "Any text.")],
                 returns=("str", "The text folded for tolerant comparison."),
                 example='micic.fold("Côte d’Ivoire")'),
    "codes": dict(returns=("list of Code", "Every diagnostic code."),
                  example="[c.name for c in micic.codes()][:3]"),
    "levels": dict(
        params=["field"],
        returns=("list or None", "Every level of the field: vocabulary labels, the ints 1..15 "
                 "for guideline, None for open fields."),
        raises=[_RAISES_FIELD, _RAISES_TYPE],
        example='micic.levels("phase")'),
    "categories": dict(
        params=["field"],
        returns=("pandas.CategoricalDtype", "Ordered, carrying every level."),
        raises=[_RAISES_FIELD, ("ValueError", "The field has no controlled vocabulary.")],
        example='df.explode("phase").astype({"phase": micic.categories("phase")})'),
    "suggest": dict(
        params=["text", "k"],
        returns=("list of Suggestion", "Best first."),
        raises=[_RAISES_TYPE],
        example='micic.suggest("evacuation flights for stranded workers", k=3)'),
    # ---- Corpus
    "Corpus.validate": dict(
        params=["strict", "progress"],
        returns=("Report", "The diagnostics; invalid data never raises."),
        raises=[_RAISES_CANCEL],
        example="report = corpus.validate()\nreport.to_dataframe()"),
    "Corpus.normalize": dict(
        returns=("Report", "One \"normalized\" info diagnostic per value rewritten."),
        example="changes = corpus.normalize()\nlen(changes)"),
    "Corpus.write": dict(
        params=[("path_or_file", "str, os.PathLike or file object",
                 "Where to write; a file object (text or binary) is written to and left open."),
                "format_write",
                ("pretty", "bool", "Indent JSON."),
                ("with_originals", "bool", "Also write the values as read (JSON).")],
        returns=("None", ""),
        raises=[("ValueError", "No format given and none can be told from the name."),
                ("FormatError", "An unknown format name."),
                ("MicicIOError", "The file cannot be written.")],
        example='corpus.write("out.csv")\ncorpus.write(sys.stdout, format="jsonl")'),
    "Corpus.dumps": dict(
        params=["format_write", ("pretty", "bool", "Indent JSON."),
                ("with_originals", "bool", "Also write the values as read.")],
        returns=("str", "The records in that format."),
        example='text = corpus.dumps("csv")'),
    "Corpus.build_index": dict(
        params=["progress"], returns=("None", ""), raises=[_RAISES_CANCEL],
        example="corpus.build_index(progress=True)"),
    "Corpus.search": dict(
        params=[("query", "str", "Free words ranked by BM25 and facets field:value "
                 "(guideline:14, crisis:conflict...), AND, OR, NOT, parentheses."),
                "k", ("snippet_chars", "int", "Length of the snippets."), "progress"],
        returns=("Hits", "Best first; .total is the number of matches before k."),
        raises=[("QuerySyntaxError", "A syntax error (with its column)."), _RAISES_TYPE],
        example="corpus.search('guideline:14 crisis:conflict evacuation', k=5)"),
    "Corpus.similar": dict(
        params=[("key", "str, int or Practice", "The record: its id, its position (negative "
                 "from the end; numpy integers too) or the Practice."), "k", "progress"],
        returns=("Hits", "The most similar records (cosine, 0..1], itself excluded."),
        raises=[("KeyError", "No record has that id."), ("IndexError", "Position out of range."),
                _RAISES_TYPE],
        example='corpus.similar("P39", k=3)'),
    "Corpus.similar_text": dict(
        params=["text", "k", "progress"],
        returns=("Hits", "The records most similar to the text."),
        raises=[_RAISES_TYPE],
        example='corpus.similar_text("evacuation of migrant workers", k=3)'),
    "Corpus.duplicates": dict(
        params=[("threshold", "float", "Similarity (0..1) from which two records are "
                 "near-duplicates."), "progress"],
        returns=("list of list of str", "Groups of ids."),
        example="corpus.duplicates(0.9)"),
    "Corpus.suggest": dict(
        params=[("text", "str or Practice", "A description, or a practice."), "k"],
        returns=("list of Suggestion", "Best first."),
        raises=[_RAISES_TYPE],
        example='corpus.suggest("cash assistance for returnees", k=3)'),
    "Corpus.crosstab": dict(
        params=[("rows", "str", "The row field: one of {fields}."),
                ("cols", "str", "The column field: one of {fields}."),
                ("once_per_record", "bool", "Count a record once per cell even when it has "
                 "several values there."),
                ("include_missing", "bool", "Add a \"(none)\" level for records without a "
                 "value."),
                ("filter", "str or None", "A search query selecting the records counted.")],
        returns=("pandas.DataFrame", "int64 counts; index and columns are ordered "
                 "CategoricalIndexes holding every level (guideline: the ints 1..15), zero "
                 "rows and columns kept; df.attrs[\"records\"], df.attrs[\"total\"]."),
        raises=[_RAISES_FIELD, _RAISES_TYPE,
                ("QuerySyntaxError", "A syntax error in filter.")],
        example='corpus.crosstab("guideline", "phase")'),
    "Corpus.crosstab_text": dict(
        params=[("rows", "str", "The row field: one of {fields}."),
                ("cols", "str", "The column field."),
                ("format", "str", "\"text\", \"csv\" or \"json\"."),
                ("once_per_record", "bool", "As for crosstab."),
                ("include_missing", "bool", "As for crosstab."),
                ("filter", "str or None", "As for crosstab.")],
        returns=("str", "The table with margins, as micic crosstab prints it."),
        raises=[_RAISES_FIELD, _RAISES_TYPE],
        example='print(corpus.crosstab_text("guideline", "phase"))'),
    "Corpus.gaps": dict(
        params=[("own_phase_only", "bool", "Only the phase of each guideline.")],
        returns=("Gaps", "The uncovered guideline x stakeholder type x phase cells."),
        example="corpus.gaps().to_dataframe()"),
    "Corpus.to_dataframe": dict(
        params=[("dtype_backend", "None, \"pyarrow\" or \"numpy\"", "None (default): "
                 "columns of Python objects built in C (no pyarrow needed); \"pyarrow\": the "
                 "Arrow table of to_arrow() in pandas.ArrowDtype columns, without a copy (the "
                 "fast path); \"numpy\": that table converted to NumPy-backed columns. Both "
                 "need pyarrow.")],
        returns=("pandas.DataFrame", "One row per record, columns {fields} and extra; list "
                 "columns for multi-valued fields (guideline: lists of int)."),
        raises=[("ImportError", "pandas (or, for a dtype_backend, pyarrow) is not installed."),
                ("ValueError", "An unknown dtype_backend.")],
        example='df = corpus.to_dataframe()\ndf.explode("guideline").groupby("guideline").size()'),
    "Corpus.to_arrow": dict(
        params=[("dictionary", "bool", "Closed-vocabulary fields dictionary-encoded "
                 "(levels in catalogue order); False: plain strings."),
                ("originals", "bool", "Add <field>_original columns (the text as read, null "
                 "where it equals the value)."),
                ("locations", "bool", "Add record_source, record_line, record_column and "
                 "<field>_line / <field>_column columns."),
                ("batch_rows", "int", "Records per record batch (0: 65536).")],
        returns=("pyarrow.Table", "One column per field (list<string>, dictionaries for the "
                 "closed vocabularies, guideline list<uint8>) and extra (a map). The corpus "
                 "itself is an Arrow stream too: pyarrow.table(corpus), "
                 "polars.DataFrame(corpus), duckdb.sql(\"select ... from corpus\")."),
        raises=[("ImportError", "pyarrow is not installed.")],
        example='t = corpus.to_arrow()\nimport pyarrow.parquet as pq\n'
                'pq.write_table(t, "corpus.parquet")'),
    "Corpus.from_arrow": dict(
        params=[("obj", "Arrow tabular object", "Anything with __arrow_c_stream__ (a pyarrow "
                 "Table or RecordBatchReader, a polars or pandas DataFrame, a DuckDB relation, "
                 "a Corpus). Columns are matched to fields by name as the readers match "
                 "labels; other columns become extras."),
                "source_name"],
        returns=("Corpus", "The records, canonicalized and checked like any input "
                 "(diagnostics in read_report)."),
        raises=[("TypeError", "obj offers no Arrow stream.")],
        example='back = micic.Corpus.from_arrow(pq.read_table("corpus.parquet"))'),
    "Corpus.crosstab_arrow": dict(
        params=[("rows", "str", "The row field: one of {fields}."),
                ("cols", "str", "The column field."),
                ("once_per_record", "bool", "Count a record once per cell."),
                ("include_missing", "bool", "Add a \"(none)\" level."),
                ("filter", "str or None", "A search query selecting the records counted.")],
        returns=("ArrowTable", "The cross-tab as a tidy Arrow table, one row per cell "
                 "(every level, zero cells included): the two levels and count."),
        raises=[_RAISES_FIELD, _RAISES_TYPE],
        example='pyarrow.table(corpus.crosstab_arrow("guideline", "phase"))'),
    "Corpus.to_long": dict(
        returns=("pandas.DataFrame", "One row per value: record, id, field, position, value, "
                 "original."),
        example='corpus.to_long().query("field == \'country\'")'),
    "Corpus.from_dataframe": dict(
        params=[("df", "pandas.DataFrame", "Columns named by field ({fields}), by repository "
                 "label or as the CSV reader maps a header; other columns become extras; an "
                 "\"extra\" column holds (label, value) lists; an index named \"id\" gives the "
                 "ids. A cell is a list (one value per item) or a str joined as in the "
                 "library's CSV (\"Egypt; Ghana\", split by the CSV reader's rule).")],
        returns=("Corpus", "The records, canonicalized as a reader would."),
        raises=[_RAISES_TYPE, ("ValueError", "Two columns name the same field.")],
        example='back = micic.Corpus.from_dataframe(pd.read_csv("corpus.csv"))'),
    "Corpus.append": dict(
        params=[("practice", "Practice, dict or None", "The record (a copy is added)."),
                ("**fields", "", "Or the fields as keyword arguments.")],
        returns=("Practice", "The record in the corpus (with its id)."),
        raises=[_RAISES_FIELD],
        example='corpus.append(title="Hotline", country=["Egypt"], guideline=14)'),
    "Corpus.extend": dict(
        params=[("practices", "iterable", "Practice objects or dicts.")],
        returns=("None", ""),
        example='corpus.extend([{"title": "A"}, {"title": "B"}])'),
    "Corpus.get": dict(
        params=[("id", "str", "A record id."), ("default", "object", "Returned when absent.")],
        returns=("Practice or default", ""),
        example='corpus.get("P1")'),
    "Practice.values": dict(
        params=["field"], returns=("list", "The canonical values (guideline: ints)."),
        raises=[_RAISES_FIELD], example='p.values("country")'),
    "Practice.originals": dict(
        params=["field"], returns=("list of str", "The values as read."),
        raises=[_RAISES_FIELD], example='p.originals("country")'),
    "Practice.location": dict(
        params=["field", ("i", "int", "Which value.")],
        returns=("Location", "Where the value was read."),
        raises=[_RAISES_FIELD, ("IndexError", "No value i.")],
        example='p.location("country", 0)'),
    "Practice.validate": dict(
        params=["strict"], returns=("Report", "The diagnostics of this record."),
        example="p.validate()"),
    "Report.filter": dict(
        params=[("code", "str, int or None", "A diagnostic code (\"unknown-value\" or 202)."),
                ("min_severity", "str", "\"info\", \"warning\" or \"error\"."),
                ("field", "str or None", "A field machine name.")],
        returns=("Report", "The diagnostics that pass."),
        example='report.filter(min_severity="error")'),
    "Report.render": dict(
        params=[("format", "str", "\"text\", \"json\" or \"csv\".")],
        returns=("str", "The report as micic validate prints it."),
        example='print(report.render("text"))'),
    "Report.to_dataframe": dict(
        returns=("pandas.DataFrame", "One row per diagnostic: code, code_number, severity, "
                 "record_index, record_id, field, source, line, column, value, message, "
                 "suggestion."),
        example="corpus.validate().to_dataframe()"),
}


# ---------------------------------------------------------------- rendering

def _fill(text):
    return text.format(**_SUBST)


def _wrap(text, indent="    "):
    return textwrap.fill(_fill(text), 76, initial_indent=indent, subsequent_indent=indent)


def render(summary, spec, c_names=()):
    """The numpydoc docstring of one callable."""
    out = [inspect.cleandoc(summary or "")]
    params = spec.get("params") or []
    if params:
        block = ["Parameters\n----------"]
        for p in params:
            name, typ, text = (p,) + PARAMS[p] if isinstance(p, str) else p
            if isinstance(p, str) and "_" in name and name.split("_")[0] in ("format",
                                                                                "progress"):
                name = name.split("_")[0]
            block.append("%s : %s\n%s" % (name, typ, _wrap(text)) if typ else
                         "%s\n%s" % (name, _wrap(text)))
        out.append("\n".join(block))
    if "returns" in spec:
        typ, text = spec["returns"]
        out.append("Returns\n-------\n%s%s" % (typ, "\n" + _wrap(text) if text else ""))
    if spec.get("raises"):
        out.append("Raises\n------\n" + "\n".join("%s\n%s" % (exc, _wrap(text))
                                                  for exc, text in spec["raises"]))
    if spec.get("example"):
        lines = []
        for line in spec["example"].splitlines():
            lines.append((">>> " if not line.startswith(" ") else "... ") + line)
        out.append("Examples\n--------\n" + "\n".join(lines))
    if c_names:
        out.append("See Also\n--------\nC API: %s\n    (``micic.c_api(name)`` gives the header "
                   "documentation)" % ", ".join("``%s()``" % n for n in c_names))
    return "\n\n".join(out) + "\n"


def _target(namespace, qualname):
    obj = namespace
    for part in qualname.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def apply(namespace):
    """Render every docstring of ``API`` onto the objects of the package
    namespace (a dict: micic's globals). Raises if a key names nothing."""
    for qualname, spec in API.items():
        obj = _target(namespace, qualname)
        func = getattr(obj, "__func__", obj)     # classmethods
        summary = getattr(func, "_micic_summary", None)
        if summary is None:
            summary = func.__doc__ or ""
            func._micic_summary = summary
        func.__doc__ = render(summary, spec, getattr(func, "__c_api__", ()))
