#!/usr/bin/env python3
"""Validate a sharded MICIC corpus and suggest guidelines with PySpark.

The job reads many CSV/JSONL shard files, validates them and suggests the
top-k MICIC Guidelines for every record, through the `micic` Python binding
of libmicic, in Spark tasks (one corpus per shard, mapPartitions); then it
runs the same work in one process without Spark (one corpus of every shard,
one micic_validate call) and checks that both give the same diagnostics and
the same suggestions. docs/distributed.md explains the design and how the
same job runs on a cluster.

    python3 examples/spark/micic_spark.py --shards 8 --partitions 4 --out /tmp/micic-spark
    python3 examples/spark/micic_spark.py --source bench/work/10000/records.jsonl --shards 16
    python3 examples/spark/micic_spark.py --input /data/shards --no-reference --out out/

Two stages:

1. mapPartitions over the shard files: each task imports micic, reads each
   of its shards into a Corpus, validates it (every per-record check), and
   suggests guidelines for each record with a suggester built from a
   broadcast training set (the same in every task and in the single-process
   run). It yields plain tuples: diagnostics, suggestions, the record count
   of the shard, and a small projection of each record (id, title,
   description, stakeholders and their locations) for stage 2.
2. The cross-record duplicate check (`duplicate-record`) needs every record:
   a shard alone sees only its own. The projections are shuffled into one
   task, which puts them in global order (shard name, position), validates
   that corpus with libmicic and keeps its `duplicate-record` diagnostics,
   mapped back to the records' locations and global indices. Its result is
   that of micic_validate() on the whole corpus, by construction (same
   records, same order, same algorithm). The task also checks that record
   ids are unique across shards, which the single-process reader would
   enforce by renaming ("P7" -> "P7-2").
"""

import argparse
import collections
import json
import os
import re
import sys
import time

# The diagnostics as plain tuples (what a task yields, what is compared).
DIAG_COLUMNS = ("stage", "code", "severity", "record_index", "record_id", "field", "source",
                "line", "column", "value", "suggestion", "message")
SUGGESTION_COLUMNS = ("record_id", "rank", "guideline", "score", "terms")

# What micic_read_file() reads in a directory (lib/io.c: not recursive, no
# dot files, these extensions in any case, names in strcmp order).
CORPUS_EXTENSIONS = (".txt", ".csv", ".json", ".jsonl")

DEFAULT_MASTER = "local[2]"
DUPLICATE = "duplicate-record"
LIMIT = "limit-exceeded"

# micic_validate()'s default max_diagnostics (include/micic/validate.h).
MAX_DIAGNOSTICS = 10000


class ShardError(RuntimeError):
    """The shards cannot be processed apart and give the single-process result."""


# ---------------------------------------------------------------- shard files

def is_corpus_file(name):
    """True for a file name micic_read_file() reads from a directory."""
    return not name.startswith(".") and any(
        len(name) > len(ext) and name.lower().endswith(ext) for ext in CORPUS_EXTENSIONS)


def shard_sort_key(path):
    """Order of the shards: byte order of the names, as micic_read_file()
    reads a directory (all shards of one job live in one directory)."""
    return path.encode("utf-8", "surrogateescape")


def list_shards(directory):
    """The shard files of a directory, in the order the C reader reads them."""
    directory = os.path.abspath(directory)
    paths = [os.path.join(directory, n) for n in os.listdir(directory)
             if is_corpus_file(n) and not os.path.isdir(os.path.join(directory, n))]
    return sorted(paths, key=shard_sort_key)


def shard_name(i, fmt):
    return "shard-%04d.%s" % (i, fmt)


# Sentences appended to copies of the seed descriptions: a long description
# plus one of them stays a near-duplicate of the original (word Jaccard
# >= 0.9), a short one does not.
_VARIANTS = (
    "The approach was later repeated in a neighbouring province.",
    "A second phase extended it to seasonal workers.",
    "Local partners ran it again the following year.",
    "It was adapted for migrants living in informal settlements.",
    "Volunteers translated the material into three more languages.",
)

# Faults injected into some copies (field, new value): each makes the
# validator report something.
_FAULTS = (
    ("country", ["Atlantis"]),                     # unknown-country
    ("crisis", ["Conflcit"]),                      # unknown-value (closed vocabulary)
    ("guideline", ["16"]),                         # guideline-out-of-range
    ("link", ["http//example.org/drills"]),        # malformed-url
    ("description", "Too short to say much."),     # short-description
    ("phase", []),                                 # missing-field
    ("type", ["Assistance programme"]),            # unknown-value (closed vocabulary)
    ("title", "Evacuation drill\u0001 for workers"),  # control-character
)

_STAKEHOLDERS = ["International Organization for Migration (IOM)",
                 "International Federation of Red Cross and Red Crescent Societies (IFRC)"]


def synthetic_records(copies=3):
    """Records made from the bundled seed corpus: copy 0 is the corpus as
    is; copies 1.. carry new ids ("P7.2") and, deterministically, a varied
    description (often a near-duplicate of the original), an exact repeat
    of the description (in capitals: the same folded words), the same title
    and stakeholders in copies 1 and 2 (a title duplicate), or one of the
    faults above; copies 1.. also name a source outside the vocabulary. Returns a list of field dicts."""
    import micic
    base = [p.to_dict() for p in micic.read_bundled()]
    out = []
    for r in range(copies):
        for j, b in enumerate(base):
            d = {k: v for k, v in b.items() if v not in (None, [], "")}
            if r > 0:
                n = r * len(base) + j
                d["id"] = "%s.%d" % (b["id"], r)
                # a source outside the (open) source vocabulary: one info
                # diagnostic per copied record, so large runs reach the cap
                d["source"] = "Field survey %d" % r
                desc = b.get("description") or ""
                if j % 10 == 3:
                    d["description"] = desc.upper()
                else:
                    d["description"] = (desc + " " + _VARIANTS[(r + j) % len(_VARIANTS)]).strip()
                if j % 10 == 7 and r <= 2:
                    d["stakeholder"] = list(_STAKEHOLDERS)
                if n % 11 == 5:
                    field, value = _FAULTS[(n // 11) % len(_FAULTS)]
                    if value in ([], None):
                        d.pop(field, None)
                    else:
                        d[field] = value
            out.append(d)
    return out


def write_shards(records, directory, shards, formats=("jsonl", "csv"), deal=True):
    """Write ``records`` (dicts or micic.Practice objects) to ``shards``
    files in ``directory`` through libmicic's writers, alternating the
    formats; every record is written with its id. ``deal``: record i goes to
    shard i % shards (spreads repeats over shards), else contiguous chunks.
    Returns the paths in shard order."""
    import micic
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.startswith("shard-") and is_corpus_file(name):
            os.remove(os.path.join(directory, name))
    records = list(records)
    n = len(records)
    paths = []
    for s in range(shards):
        part = records[s::shards] if deal else records[s * n // shards:(s + 1) * n // shards]
        path = os.path.join(os.path.abspath(directory), shard_name(s, formats[s % len(formats)]))
        micic.Corpus(part).write(path)
        paths.append(path)
    return paths


def make_synthetic_shards(directory, shards=8, copies=3):
    """The test and demo corpus: synthetic_records() in ``shards`` files
    (JSONL and CSV alternately) plus two inputs the readers complain about
    (a JSON array line in the first JSONL shard, a stray quote in the first
    CSV shard). Returns the shard paths."""
    paths = write_shards(synthetic_records(copies), directory, shards)
    jsonl = [p for p in paths if p.endswith(".jsonl")]
    csv = [p for p in paths if p.endswith(".csv")]
    if jsonl:
        with open(jsonl[0], "a", encoding="utf-8") as f:
            f.write('["not", "a", "record"]\n')
    if csv:
        with open(csv[0], "a", encoding="utf-8") as f:
            f.write('X.csv.1,Shelter "map" for newcomers,,Phillipines,,,,,'
                    'A map of shelters handed out at the border to new arrivals in the region.'
                    ',,,,,,,\n')
    return paths


def shard_existing(source, directory, shards):
    """Split an existing corpus file (CSV, JSON, JSONL...: e.g. bench_gen's
    records.jsonl) into ``shards`` contiguous files; ids are kept (a record
    without an id gets the reader's "P<n>", written out)."""
    import micic
    corpus = micic.read(source)
    return write_shards(list(corpus), directory, shards, deal=False)


# ---------------------------------------------------------------- rows

def diag_row(stage, d, record_offset=0):
    """A micic.Diagnostic as a plain tuple (DIAG_COLUMNS)."""
    index = d.record_index + record_offset if d.record_index >= 0 else d.record_index
    return (stage, d.code, d.severity, index, d.record_id, d.field, d.source, d.line, d.column,
            d.value, d.suggestion, d.message)


def suggestion_rows(record_id, suggestions):
    """micic.Suggestion objects of one record as plain tuples (SUGGESTION_COLUMNS)."""
    return [(record_id, rank, s.guideline, s.score, tuple(s.terms))
            for rank, s in enumerate(suggestions, 1)]


def make_suggester(training_jsonl):
    """A corpus whose suggest() uses the catalogue plus the practices of the
    training set (JSONL text; "" = the catalogue only). Built the same way
    in every task and in the single-process run, so scores are identical."""
    import micic
    if not training_jsonl:
        return micic.Corpus()
    return micic.read_text(training_jsonl, format="jsonl", source_name="<training>")


def training_text(train):
    """The training set as JSONL text: "bundled" (the seed corpus),
    "catalogue" (none: the 15 Guidelines only) or a corpus file."""
    import micic
    if train == "catalogue":
        return ""
    corpus = micic.read_bundled() if train == "bundled" else micic.read(train)
    return corpus.dumps("jsonl", pretty=False)


def _location(p, field):
    if getattr(p, field) in (None, []):
        return None
    loc = p.location(field, 0)
    return (loc.source, loc.line, loc.column)


def _projection(p):
    """What the duplicate check looks at (lib/dedup.c): the title, the
    description and the stakeholder names, plus the locations of the title
    and description to put on its diagnostics."""
    return (p.id, p.title, p.description, tuple(p.stakeholder),
            _location(p, "title"), _location(p, "description"))


def validation_part(corpus, report):
    """The diagnostics of validation in ``corpus.validate()``'s report, which
    begins with the corpus's read report (one report, as ``micic validate``
    prints it); the read diagnostics are taken from ``read_report``."""
    return list(report)[len(corpus.read_report):]


def check_complete(report, what):
    """A report that reached max_diagnostics lost diagnostics: refuse it."""
    if any(d.code == LIMIT and d.record_index < 0 for d in report):
        raise ShardError("%s reached micic_validate()'s max_diagnostics (%d): its report is "
                         "incomplete" % (what, MAX_DIAGNOSTICS))


# ---------------------------------------------------------------- stage 1

def process_corpus(key, corpus, suggester, k):
    """Stage 1 for one shard read into ``corpus``: yields tagged rows
    ("n", key, records), ("d", key, diag_row), ("s", key, suggestion_row)
    and ("p", (key, i), projection). Diagnostics carry shard-local record
    indices (the driver adds the shard's offset). The shard's own
    duplicate-record diagnostics are dropped: stage 2 computes them over
    every shard."""
    yield ("n", key, len(corpus))
    for d in corpus.read_report:
        yield ("d", key, diag_row("read", d))
    report = corpus.validate()
    check_complete(report, "shard %s" % key)
    for d in validation_part(corpus, report):
        if d.code != DUPLICATE:
            yield ("d", key, diag_row("validate", d))
    for i, p in enumerate(corpus):
        for row in suggestion_rows(p.id, suggester.suggest(p, k=k)):
            yield ("s", key, row)
        yield ("p", (key, i), _projection(p))


def shard_partition(paths, training_jsonl, k):
    """mapPartitions function (path mode): every task opens its shard files
    (a file system every executor sees). One Corpus per shard."""
    import micic
    suggester = make_suggester(training_jsonl)
    for path in paths:
        yield from process_corpus(path, micic.read_file(path), suggester, k)


def _local_path(uri):
    """file:/x/y (Hadoop's form) -> /x/y; other schemes are kept."""
    if uri.startswith("file:"):
        from urllib.parse import unquote, urlparse
        return unquote(urlparse(uri).path)
    return uri


def bytes_partition(files, training_jsonl, k):
    """mapPartitions function (binary mode): Spark read the files
    (sc.binaryFiles: HDFS, S3, ...); micic parses the bytes in memory and
    names them by their path in diagnostics."""
    import micic
    suggester = make_suggester(training_jsonl)
    for uri, data in files:
        path = _local_path(uri)
        yield from process_corpus(path, micic.read_text(bytes(data), source_name=path),
                                  suggester, k)


# ---------------------------------------------------------------- stage 2

def duplicate_partition(items):
    """Stage 2, the one task that sees every record: ``items`` are
    ((shard key, index in shard), projection) pairs. In global order they
    make a corpus whose micic_validate() duplicate check is that of the
    whole corpus; yields its duplicate-record diagnostics as rows, with the
    records' real locations. Raises ShardError when ids are not unique
    across shards."""
    import micic
    items = sorted(items, key=lambda kv: (shard_sort_key(kv[0][0]), kv[0][1]))
    owners = collections.defaultdict(list)
    corpus = micic.Corpus()
    for (key, _), (rid, title, description, stakeholders, _t, _d) in items:
        owners[rid].append(key)
        # A valid phase and kind "Recommended Practice" (required: description
        # and phase): the other checks stay quiet, the report stays small.
        corpus.append(micic.Practice(id=rid, title=title, description=description,
                                     stakeholder=list(stakeholders),
                                     kind="Recommended Practice", phase="Crisis Preparedness"))
    clashes = {rid: keys for rid, keys in owners.items() if len(keys) > 1}
    if clashes:
        some = sorted(clashes.items())[:5]
        raise ShardError(
            "record ids must be unique across shards (read as one corpus, the later records "
            "would be renamed 'ID-2'); %d ids repeat, e.g. %s" % (
                len(clashes), "; ".join("%s in %s" % (rid, ", ".join(keys)) for rid, keys in some)))
    if corpus.ids != [rid for _, (rid, *_rest) in items]:  # pragma: no cover - ids checked above
        raise ShardError("the duplicate-check corpus renamed records")
    report = corpus.validate()
    check_complete(report, "the duplicate check")
    for d in validation_part(corpus, report):
        if d.code != DUPLICATE:
            continue
        loc = items[d.record_index][1][4 if d.field == "title" else 5]
        source, line, column = loc if loc else ("", 0, 0)
        yield ("validate", d.code, d.severity, d.record_index, d.record_id, d.field, source,
               line, column, d.value, d.suggestion, d.message)


# ---------------------------------------------------------------- the runs

class Result:
    """Sorted diagnostics and suggestions of a run, and its timings."""

    def __init__(self, diagnostics, suggestions, records, seconds, **info):
        self.diagnostics = sorted(diagnostics, key=_row_key)
        self.suggestions = sorted(suggestions, key=_row_key)
        self.records = records
        self.seconds = seconds
        self.info = info

    def codes(self):
        return collections.Counter(d[1] for d in self.diagnostics)


def _row_key(row):
    return tuple((v is None, "" if v is None else v) for v in row)


def _offsets(counts):
    """{shard key: index of its first record in the whole corpus}."""
    offsets, total = {}, 0
    for key in sorted(counts, key=shard_sort_key):
        offsets[key] = total
        total += counts[key]
    return offsets, total


def run_distributed(sc, shards, partitions=None, train="bundled", k=3, mode="path",
                    directory=None):
    """The Spark job. ``shards``: shard paths (path mode); ``directory``:
    what sc.binaryFiles reads (binary mode: a local directory or an
    hdfs://, s3a://... URI). Returns a Result."""
    t0 = time.perf_counter()
    tj = sc.broadcast(training_text(train))
    kk = k
    if mode == "path":
        shards = sorted((os.path.abspath(p) for p in shards), key=shard_sort_key)
        n = partitions or len(shards)
        rdd = sc.parallelize(shards, n).mapPartitions(
            lambda paths: shard_partition(paths, tj.value, kk))
    elif mode == "binary":
        files = sc.binaryFiles(directory, minPartitions=partitions or None)
        files = files.filter(lambda kv: is_corpus_file(kv[0].rsplit("/", 1)[-1]))
        if partitions:
            files = files.repartition(partitions)
        rdd = files.mapPartitions(lambda fs: bytes_partition(fs, tj.value, kk))
    else:
        raise ValueError("mode must be 'path' or 'binary'")
    stage1 = rdd.cache()
    try:
        rows = stage1.filter(lambda r: r[0] != "p").collect()
        t1 = time.perf_counter()
        dups = (stage1.filter(lambda r: r[0] == "p").map(lambda r: (r[1], r[2]))
                .partitionBy(1).mapPartitions(duplicate_partition).collect())
        t2 = time.perf_counter()
    finally:
        stage1.unpersist()
        tj.unpersist()
    return assemble(rows, dups, t2 - t0, stage1_seconds=t1 - t0, stage2_seconds=t2 - t1,
                    partitions=stage1.getNumPartitions())


def assemble(rows, duplicate_rows, seconds, **info):
    """A Result from the stage-1 rows and the stage-2 diagnostics: stage-1
    validation rows get their shard's offset (global record indices)."""
    counts = {key: n for tag, key, n in rows if tag == "n"}
    offsets, total = _offsets(counts)
    diags = [diag_row_offset(row, offsets[key]) for tag, key, row in rows if tag == "d"]
    suggestions = [row for tag, _, row in rows if tag == "s"]
    return Result(diags + list(duplicate_rows), suggestions, total, seconds,
                  shards=len(counts), **info)


def run_local(shards, train="bundled", k=3):
    """The distributed algorithm without Spark: the same stage-1 and stage-2
    functions called in a loop in this process (one partition per shard)."""
    t0 = time.perf_counter()
    tj = training_text(train)
    shards = sorted((os.path.abspath(p) for p in shards), key=shard_sort_key)
    rows = [r for path in shards for r in shard_partition([path], tj, k)]
    dups = duplicate_partition([(r[1], r[2]) for r in rows if r[0] == "p"])
    rows = [r for r in rows if r[0] != "p"]
    return assemble(rows, list(dups), time.perf_counter() - t0, partitions=len(shards))


def diag_row_offset(row, offset):
    """A stage-1 validation row with its shard-local record index made global."""
    if row[0] == "validate" and row[3] >= 0:
        return row[:3] + (row[3] + offset,) + row[4:]
    return row


def run_single(directory, train="bundled", k=3):
    """The reference: the same shard files read as one corpus
    (micic_read_file() on the directory), one micic_validate() call, the
    same suggester, in this process. Returns a Result."""
    import micic
    t0 = time.perf_counter()
    corpus = micic.read_file(os.path.abspath(directory))
    report = corpus.validate()
    suggester = make_suggester(training_text(train))
    diags = [diag_row("read", d) for d in corpus.read_report]
    diags += [diag_row("validate", d) for d in validation_part(corpus, report)]
    suggestions = []
    for p in corpus:
        suggestions.extend(suggestion_rows(p.id, suggester.suggest(p, k=k)))
    truncated = any(d.code == LIMIT and d.record_index < 0 for d in report)
    return Result(diags, suggestions, len(corpus), time.perf_counter() - t0,
                  truncated=truncated)


def _differences(what, x, y, limit):
    if x == y:
        return []
    cx, cy = collections.Counter(x), collections.Counter(y)
    only_a, only_b = list((cx - cy).elements()), list((cy - cx).elements())
    out = ["%s differ: %d only in the first run, %d only in the second"
           % (what, len(only_a), len(only_b))]
    out += ["  - %r" % (r,) for r in sorted(only_a, key=_row_key)[:limit]]
    out += ["  + %r" % (r,) for r in sorted(only_b, key=_row_key)[:limit]]
    return out


def _truncated_differences(full, cut, limit):
    """``cut`` is a validation report that stopped at max_diagnostics (its
    last row is the "N more diagnostics were not reported" summary),
    ``full`` has every diagnostic. They agree when ``cut`` is ``full``
    restricted to the records before the last record ``cut`` reports on,
    plus part of that record, and N is exactly the number left out."""
    summary = [r for r in cut if r[1] == LIMIT and r[3] < 0]
    kept = [r for r in cut if not (r[1] == LIMIT and r[3] < 0)]
    if len(summary) != 1:
        return ["the truncated report has %d limit-exceeded summaries" % len(summary)]
    m = re.match(r"(\d+) more diagnostics", summary[0][11])
    left_out = int(m.group(1)) if m else -1
    last = max((r[3] for r in kept), default=-1)
    out = _differences("validation diagnostics before record %d" % last,
                       [r for r in full if r[3] < last], [r for r in kept if r[3] < last], limit)
    extra = collections.Counter(r for r in kept if r[3] == last) - collections.Counter(
        r for r in full if r[3] == last)
    if extra:
        out.append("diagnostics of record %d not in the full run: %r" % (last, list(extra)))
    if len(full) - len(kept) != left_out:
        out.append("the truncated report left out %d diagnostics, the full run has %d more"
                   % (left_out, len(full) - len(kept)))
    return out


def compare(a, b, limit=10):
    """Differences between two Results (empty when equal): lines of text.
    When one of them is a single micic_validate() report that stopped at
    max_diagnostics (``info["truncated"]``), its validation diagnostics are
    compared with the prefix of the other's they should be (_truncated_differences)."""
    out = []
    ta, tb = a.info.get("truncated"), b.info.get("truncated")
    if ta or tb:
        full, cut = (b, a) if ta else (a, b)
        if ta and tb:
            out += _differences("diagnostics", a.diagnostics, b.diagnostics, limit)
        else:
            out += _differences("read diagnostics",
                                [r for r in full.diagnostics if r[0] == "read"],
                                [r for r in cut.diagnostics if r[0] == "read"], limit)
            out += _truncated_differences([r for r in full.diagnostics if r[0] == "validate"],
                                          [r for r in cut.diagnostics if r[0] == "validate"],
                                          limit)
    else:
        out += _differences("diagnostics", a.diagnostics, b.diagnostics, limit)
    out += _differences("suggestions", a.suggestions, b.suggestions, limit)
    if a.records != b.records:
        out.append("records differ: %d vs %d" % (a.records, b.records))
    return out


# ---------------------------------------------------------------- Spark

def spark_context(master=None, app_name="micic-spark"):
    """A SparkContext. Under spark-submit the master and the rest of the
    configuration come from spark-submit; otherwise ``master`` (default
    local[2]). Local runs: loopback only, no UI, workers run this
    interpreter. This file is shipped to the executors (sc.addPyFile)."""
    from pyspark import SparkConf, SparkContext
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ   # launched by spark-submit
    if master is None and not submitted:
        master = DEFAULT_MASTER
    if master is not None and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    conf = SparkConf().setAppName(app_name)
    if master is not None:
        conf.setMaster(master)
    if not submitted:
        conf.set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("ERROR")
    sc.addPyFile(os.path.abspath(__file__))
    return sc


# ---------------------------------------------------------------- CLI

def _write_jsonl(path, columns, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            d = dict(zip(columns, row))
            if "terms" in d:
                d["terms"] = list(d["terms"])
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        prog="micic_spark.py",
        description="Validate a sharded MICIC corpus and suggest the top-k guidelines of every "
                    "record with PySpark (mapPartitions, one corpus per shard, through the "
                    "micic Python binding), then check that the result equals a "
                    "single-process run over the same files. See docs/distributed.md.",
        epilog="Exit status: 0 when the runs agree (or --no-reference), 1 when they differ, "
               "2 on a usage error or when the shards cannot be processed apart "
               "(ids repeated across shards, a report over max_diagnostics).")
    src = ap.add_argument_group("input")
    src.add_argument("--shards", type=int, default=8, metavar="N",
                     help="number of shard files to write (default 8; ignored with --input)")
    src.add_argument("--source", default="bundled", metavar="FILE",
                     help="what to shard: 'bundled' (default: a synthetic corpus made from the "
                          "bundled seed corpus, with faults and duplicates) or a corpus file "
                          "to split, e.g. bench_gen's records.jsonl")
    src.add_argument("--copies", type=int, default=3, metavar="C",
                     help="copies of the seed corpus in the synthetic corpus (default 3)")
    src.add_argument("--input", metavar="DIR",
                     help="use the shard files already in DIR (every *.csv, *.jsonl, *.json, "
                          "*.txt; each record must carry an id unique across shards)")
    run = ap.add_argument_group("job")
    run.add_argument("--partitions", type=int, default=None, metavar="P",
                     help="Spark partitions (default: one per shard)")
    run.add_argument("--master", default=None,
                     help="Spark master (default local[2]; under spark-submit: its --master)")
    run.add_argument("--mode", choices=("path", "binary"), default="path",
                     help="path: tasks open the shard files (a file system every executor "
                          "sees); binary: Spark reads them (sc.binaryFiles, also hdfs:// or "
                          "s3a:// with --input) and micic parses the bytes (default path)")
    run.add_argument("--train", default="bundled",
                     help="suggester training set: 'bundled' (default), 'catalogue' "
                          "(the 15 Guidelines only) or a corpus file")
    run.add_argument("-k", "--top", type=int, default=3, dest="k",
                     help="guidelines suggested per record (default 3)")
    run.add_argument("--no-reference", action="store_true",
                     help="skip the single-process run and the comparison")
    out = ap.add_argument_group("output")
    out.add_argument("--out", metavar="DIR", default=None,
                     help="write diagnostics.jsonl, suggestions.jsonl and summary.json here "
                          "(generated shards go to DIR/shards)")
    args = ap.parse_args(argv)
    if args.shards < 1 or args.copies < 1 or args.k < 1 or (
            args.partitions is not None and args.partitions < 1):
        ap.error("--shards, --copies, --partitions and -k must be positive")
    return args


def main(argv=None, sc=None):
    """Run the CLI; ``sc``: an existing SparkContext to use (not stopped)."""
    args = parse_args(argv)
    import micic  # noqa: F401  (fail early when the binding is missing)
    out = os.path.abspath(args.out) if args.out else None
    remote = bool(args.input) and "://" in args.input and not args.input.startswith("file:")
    if args.input:
        directory = args.input if remote else os.path.abspath(args.input)
        shards = [] if remote else list_shards(directory)
        if not remote and not shards:
            print("micic_spark: no shard files in %s" % directory, file=sys.stderr)
            return 2
    else:
        if out is None:
            import tempfile
            out = tempfile.mkdtemp(prefix="micic-spark-")
        directory = os.path.join(out, "shards")
        if args.source == "bundled":
            shards = make_synthetic_shards(directory, args.shards, args.copies)
        else:
            shards = shard_existing(args.source, directory, args.shards)
    if remote and (args.mode != "binary" or not args.no_reference):
        print("micic_spark: a remote --input needs --mode binary and --no-reference",
              file=sys.stderr)
        return 2

    own = sc is None
    t0 = time.perf_counter()
    if own:
        sc = spark_context(args.master)
    startup = time.perf_counter() - t0
    master = sc.master
    try:
        dist = run_distributed(sc, shards, args.partitions, args.train, args.k, args.mode,
                               directory)
    except ShardError as e:
        print("micic_spark: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # a ShardError raised in a task arrives wrapped
        if "ShardError" in str(e):
            msg = str(e).split("ShardError:", 1)[-1].strip().splitlines()[0]
            print("micic_spark: %s" % msg, file=sys.stderr)
            return 2
        raise
    finally:
        if own:
            sc.stop()

    summary = {
        "shards": dist.info["shards"], "partitions": dist.info["partitions"],
        "master": master,
        "mode": args.mode, "records": dist.records, "train": args.train, "k": args.k,
        "diagnostics": len(dist.diagnostics), "suggestions": len(dist.suggestions),
        "codes": dict(sorted(dist.codes().items())),
        "seconds": {"spark_startup": round(startup, 3), "distributed": round(dist.seconds, 3),
                    "stage1": round(dist.info["stage1_seconds"], 3),
                    "stage2_duplicates": round(dist.info["stage2_seconds"], 3)},
    }
    status = 0
    if not args.no_reference:
        ref = run_single(directory, args.train, args.k)
        summary["seconds"]["single_process"] = round(ref.seconds, 3)
        diffs = compare(dist, ref)
        summary["equal"] = not diffs
        if ref.info["truncated"]:
            summary["reference_truncated"] = True
            print("micic_spark: note: the single-process report stopped at max_diagnostics "
                  "(%d); the distributed one has all %d: compared as the prefix it must be"
                  % (MAX_DIAGNOSTICS, len(dist.diagnostics)), file=sys.stderr)
        for line in diffs:
            print(line)
        status = 1 if diffs else 0
    if out:
        os.makedirs(out, exist_ok=True)
        _write_jsonl(os.path.join(out, "diagnostics.jsonl"), DIAG_COLUMNS, dist.diagnostics)
        _write_jsonl(os.path.join(out, "suggestions.jsonl"), SUGGESTION_COLUMNS,
                     dist.suggestions)
        with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
    print("micic_spark: %d shards, %d partitions, %d records: %d diagnostics, %d suggestions"
          % (summary["shards"], summary["partitions"], dist.records, len(dist.diagnostics),
             len(dist.suggestions)))
    print("micic_spark: seconds: %s" % json.dumps(summary["seconds"]))
    if "equal" in summary:
        print("micic_spark: distributed == single-process: %s" % summary["equal"])
    if out:
        print("micic_spark: results in %s" % out)
    return status


if __name__ == "__main__":
    sys.exit(main())
