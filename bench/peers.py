"""Peer side of the benchmark suite (bench/run.sh, docs/benchmarks.md).

One workload per run, like bench/micic_bench.c: prints one JSON object with
the seconds of the timed phase (time.perf_counter, after imports and, except
for the read workloads, after loading) and what was counted.

    peers.py read_pandas FILE csv|jsonl
    peers.py write_pandas FILE csv|jsonl OUT
    peers.py json_load FILE.json            json.load + pandas.DataFrame
    peers.py binding_df FILE BINDING_DIR    micic.read_file(...).to_dataframe()
    peers.py binding_iter FILE BINDING_DIR  micic.read_file(...), records -> DataFrame
    peers.py binding_arrow FILE BINDING_DIR pandas|polars|duckdb
                                            micic.read_file(...), then through the Arrow
                                            capsule: to_dataframe(dtype_backend="pyarrow"),
                                            polars.DataFrame(corpus), or DuckDB count(*)
                                            + a group-by over the corpus
    peers.py read_polars FILE.jsonl         polars.read_ndjson
    peers.py duckdb_json FILE.jsonl         DuckDB read_json into a table, count(*) + group-by
    peers.py validate_frictionless FILE.csv
    peers.py hxl_copy FILE.csv OUT.csv      (setup: add the HXL hashtag row)
    peers.py validate_hxl FILE.hxl.csv
    peers.py index_fts5 FILE.csv QUERIES PASSES
    peers.py index_bm25 FILE.csv QUERIES PASSES
    peers.py suggest_sklearn FILE.csv TRAIN_CAP TEST_CAP
    peers.py crosstab_pandas FILE.csv ROWS COLS
"""
import json
import re
import sys
import time

MULTI = ["type", "country", "stakeholder", "stakeholder_type", "crisis", "phase", "link",
         "guideline", "theme", "population", "need"]
SEP = "; "


def out(**kw):
    print(json.dumps(kw))


def read_frame(path):
    """The CSV as the records' table: every column text, multi-valued cells
    split into lists (what a pandas user does to get micic's data model)."""
    import pandas as pd
    df = pd.read_csv(path, dtype=str)  # empty cells -> NaN
    for c in MULTI:
        df[c] = df[c].str.split(SEP)
    return df


# ---------------------------------------------------------------- read/write

def read_pandas(path, fmt):
    import os
    import pandas as pd
    t0 = time.perf_counter()
    if fmt == "csv":
        df = read_frame(path)
    else:
        df = pd.read_json(path, lines=True, dtype=False)  # lists are JSON arrays already
    t1 = time.perf_counter()
    out(seconds=t1 - t0, records=len(df), bytes=os.path.getsize(path))


def write_pandas(path, fmt, dest):
    import os
    import pandas as pd
    if fmt == "csv":
        df = read_frame(path)
    else:
        df = pd.read_json(path, lines=True, dtype=False)
    t0 = time.perf_counter()
    if fmt == "csv":
        flat = df.copy()
        for c in MULTI:  # lists back to "a; b" cells, as micic writes them
            flat[c] = flat[c].str.join(SEP)
        flat.to_csv(dest, index=False)
    else:
        df.to_json(dest, orient="records", lines=True, force_ascii=False)
    t1 = time.perf_counter()
    out(seconds=t1 - t0, records=len(df), bytes=os.path.getsize(dest))


def json_load(path):
    import os
    import pandas as pd
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    t1 = time.perf_counter()
    df = pd.DataFrame(data)
    t2 = time.perf_counter()
    out(seconds=t2 - t0, read_seconds=t1 - t0, frame_seconds=t2 - t1, records=len(df),
        bytes=os.path.getsize(path))


def _import_binding(binding_dir):
    sys.path.insert(0, binding_dir)
    try:
        import micic
        micic.read_file  # an empty build directory imports as a namespace package
    except (ImportError, AttributeError) as e:
        out(pending=True, reason="binding not importable: %s" % e)
        return None
    return micic


def binding_df(path, binding_dir):
    """micic.read_file (the C reader) + Corpus.to_dataframe (column-wise)."""
    micic = _import_binding(binding_dir)
    if micic is None:
        return
    import pandas  # noqa: F401  (imported before timing, as for the peers)
    t0 = time.perf_counter()
    corpus = micic.read_file(path)
    t1 = time.perf_counter()
    df = corpus.to_dataframe()
    t2 = time.perf_counter()
    out(seconds=t2 - t0, read_seconds=t1 - t0, frame_seconds=t2 - t1, records=len(df))


def binding_iter(path, binding_dir):
    """micic.read_file + iterating the records (Practice.to_dict) into a DataFrame."""
    micic = _import_binding(binding_dir)
    if micic is None:
        return
    import pandas as pd
    t0 = time.perf_counter()
    corpus = micic.read_file(path)
    t1 = time.perf_counter()
    df = pd.DataFrame([p.to_dict() for p in corpus])
    t2 = time.perf_counter()
    out(seconds=t2 - t0, read_seconds=t1 - t0, frame_seconds=t2 - t1, records=len(df))


DUCK_GROUP = "select g, count(*) from (select unnest(guideline) as g from %s) group by g"


def binding_arrow(path, binding_dir, target):
    """micic.read_file (the C reader) + the Arrow C stream (built in C, no
    copy of the text on the consumer's side) into pandas, polars or DuckDB."""
    micic = _import_binding(binding_dir)
    if micic is None:
        return
    import pandas  # noqa: F401  (imported before timing, as for the peers)
    import pyarrow  # noqa: F401
    if target == "polars":
        import polars as pl
    elif target == "duckdb":
        import duckdb
    t0 = time.perf_counter()
    corpus = micic.read_file(path)
    t1 = time.perf_counter()
    extra = {}
    if target == "pandas":
        n = len(corpus.to_dataframe(dtype_backend="pyarrow"))
    elif target == "polars":
        n = pl.DataFrame(corpus).height
    else:
        con = duckdb.connect()
        con.register("corpus", corpus)
        n = con.sql("select count(*) from corpus").fetchall()[0][0]
        extra["groups"] = len(con.sql(DUCK_GROUP % "corpus").fetchall())
    t2 = time.perf_counter()
    out(seconds=t2 - t0, read_seconds=t1 - t0, frame_seconds=t2 - t1, records=n, **extra)


def read_polars(path):
    import os
    import polars as pl
    t0 = time.perf_counter()
    df = pl.read_ndjson(path)
    t1 = time.perf_counter()
    out(seconds=t1 - t0, records=df.height, bytes=os.path.getsize(path))


def duckdb_json(path):
    import duckdb
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute("create table t as select * from read_json(?, format='newline_delimited')",
                [path])
    t1 = time.perf_counter()
    n = con.sql("select count(*) from t").fetchall()[0][0]
    groups = len(con.sql(DUCK_GROUP % "t").fetchall())
    t2 = time.perf_counter()
    out(seconds=t2 - t0, read_seconds=t1 - t0, frame_seconds=t2 - t1, records=n, groups=groups)


# ---------------------------------------------------------------- validation

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"


def vocab():
    """The closed vocabularies (the labels of `micic vocab`) and the country
    names as libmicic writes them (ISO 3166-1 common name, else short name)."""
    with open(ISO_JSON, encoding="utf-8") as f:
        countries = [c.get("common_name", c["name"]) for c in json.load(f)["3166-1"]]
    countries.append("Global")
    return {
        "type": ["Training and capacity building", "Registration systems",
                 "Mobile and internet-based technologies", "Agreements", "Funds",
                 "Government bodies", "Research and reports", "Assistance programs",
                 "Education and orientation", "Website", "Domestic laws and policies",
                 "Contingency plans"],
        "stakeholder_type": ["State", "State of Origin", "Host State", "State of Transit",
                             "International Organizations", "Regional Institutions",
                             "Academia", "Civil Society", "Private Sector Actors"],
        "crisis": ["Conflict", "Natural Disaster", "Other"],
        "phase": ["Crisis Preparedness", "Emergency Response", "Post-Crisis Action"],
        "theme": ["Information on crises", "Information on migrants", "Empowering migrants",
                  "Preparedness and emergency response systems", "Contingency planning",
                  "Communication before a crisis", "Coordination", "Capacity building",
                  "Communication during a crisis", "Facilitating movement to safety",
                  "Provision of humanitarian assistance", "Referral procedures",
                  "Relocation and evacuation", "Support migrants\u2019 recovery",
                  "Support the recovery of migrants\u2019 host communities"],
        "guideline": [str(i) for i in range(1, 16)],
        "country": countries,
    }


def list_pattern(values):
    """'a; b' cells whose every item is one of values (enum per item)."""
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    return "^" + one + "(?:; " + one + ")*$"


URL_PATTERN = r"^(?:https?|ftp)://[^\s;]+(?:; (?:https?|ftp)://[^\s;]+)*$"
REQUIRED = ["description", "guideline", "crisis", "phase"]


def frictionless_schema():
    v = vocab()
    fields = []
    for name in ["id", "title", "type", "country", "stakeholder", "stakeholder_type",
                 "crisis", "phase", "description", "link", "guideline", "theme",
                 "population", "need", "source", "kind"]:
        c = {}
        if name in v:
            c["pattern"] = list_pattern(v[name])
        if name == "link":
            c["pattern"] = URL_PATTERN
        if name in REQUIRED:
            c["required"] = True
        if name in ("id", "description"):
            c["unique"] = True  # micic: duplicate ids / same description
        if name == "kind":
            c["enum"] = ["Reported Practice", "Recommended Practice"]
        fields.append({"name": name, "type": "string", "constraints": c})
    return {"fields": fields}


def validate_frictionless(path):
    import os
    import frictionless
    # frictionless refuses absolute paths ("not safe"): name the file relative to basepath
    resource = frictionless.Resource(
        path=os.path.basename(path), basepath=os.path.dirname(os.path.abspath(path)),
        schema=frictionless.Schema.from_descriptor(frictionless_schema()))
    t0 = time.perf_counter()
    report = resource.validate(limit_errors=10 ** 9)
    t1 = time.perf_counter()
    task = report.tasks[0]
    rows = {e.row_number for e in task.errors if getattr(e, "row_number", None)}
    out(seconds=t1 - t0, records=task.stats.get("rows", 0), errors=len(task.errors),
        flagged_records=len(rows))


HXL_TAGS = {
    "id": "#activity+code", "title": "#activity+name", "type": "#activity+type",
    "country": "#country+name", "stakeholder": "#org+name", "stakeholder_type": "#org+type",
    "crisis": "#crisis+type", "phase": "#crisis+phase", "description": "#description",
    "link": "#meta+url", "guideline": "#x_guideline+code", "theme": "#sector+theme",
    "population": "#x_population", "need": "#x_need", "source": "#meta+source",
    "kind": "#activity+kind",
}


def hxl_copy(path, dest):
    """A copy of the CSV with the HXL hashtag row under the header."""
    import csv
    with open(path, newline="", encoding="utf-8") as f, \
            open(dest, "w", newline="", encoding="utf-8") as g:
        r, w = csv.reader(f), csv.writer(g)
        header = next(r)
        w.writerow(header)
        w.writerow([HXL_TAGS.get(h, "") for h in header])
        for row in r:
            w.writerow(row)


def hxl_schema_rows():
    v = vocab()
    rows = [["#valid_tag", "#valid_required", "#valid_value+regex", "#valid_value+case",
             "#valid_unique"]]
    for name, tag in HXL_TAGS.items():
        regex = list_pattern(v[name]) if name in v else ""
        if name == "link":
            regex = URL_PATTERN
        if name == "kind":
            regex = "^(?:Reported Practice|Recommended Practice)$"
        req = "true" if name in REQUIRED else ""
        uniq = "true" if name in ("id", "description") else ""
        if regex or req or uniq:
            rows.append([tag, req, regex, "true", uniq])
    return rows


def validate_hxl(path):
    import hxl
    flagged = set()
    errors = [0]

    def on_error(e):
        errors[0] += 1
        if e.row is not None:
            flagged.add(e.row.row_number)

    schema = hxl.schema(hxl.data(hxl_schema_rows()), callback=on_error)
    t0 = time.perf_counter()
    local = hxl.InputOptions(allow_local=True)
    source = hxl.data(path, local)
    schema.validate(source)
    t1 = time.perf_counter()
    n = sum(1 for _ in hxl.data(path, local))
    out(seconds=t1 - t0, records=n, errors=errors[0], flagged_records=len(flagged))


# ---------------------------------------------------------------- search

def load_queries(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def percentiles(lat):
    import numpy as np
    a = np.array(lat)
    return float(np.percentile(a, 50) * 1e3), float(np.percentile(a, 99) * 1e3)


def search_rows(path):
    """title, description and stakeholder names: what micic indexes as text."""
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return [(row["id"], row["title"], row["description"], row["stakeholder"]) for row in r]


def index_fts5(path, queries_path, passes):
    import sqlite3
    rows = search_rows(path)
    queries = load_queries(queries_path)
    con = sqlite3.connect(":memory:")
    t0 = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, description, "
                "stakeholder, tokenize='porter unicode61')")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    con.commit()
    t1 = time.perf_counter()
    lat, matches = [], 0
    for p in range(-1, passes):
        for q in queries:
            s = time.perf_counter()
            con.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10",
                        (q,)).fetchall()
            e = time.perf_counter()
            if p >= 0:
                lat.append(e - s)
                matches += con.execute("SELECT count(*) FROM t WHERE t MATCH ?",
                                       (q,)).fetchone()[0]
    p50, p99 = percentiles(lat)
    out(seconds=t1 - t0, records=len(rows), queries=len(lat), p50_ms=p50, p99_ms=p99,
        mean_matches=matches / len(lat))


TOKEN = re.compile(r"\w+")


def tokenize(text):
    return TOKEN.findall(text.lower())


def index_bm25(path, queries_path, passes):
    import numpy as np
    from rank_bm25 import BM25Okapi
    rows = search_rows(path)
    queries = [tokenize(q.replace('"', "")) for q in load_queries(queries_path)]
    t0 = time.perf_counter()
    bm = BM25Okapi([tokenize(" ".join(r[1:])) for r in rows])
    t1 = time.perf_counter()
    lat, matches = [], 0
    for p in range(-1, passes):
        for q in queries:
            s = time.perf_counter()
            scores = bm.get_scores(q)
            top = np.argpartition(-scores, 10)[:10]
            top = top[np.argsort(-scores[top])]
            e = time.perf_counter()
            if p >= 0:
                lat.append(e - s)
                matches += int((scores > 0).sum())
    p50, p99 = percentiles(lat)
    out(seconds=t1 - t0, records=len(rows), queries=len(lat), p50_ms=p50, p99_ms=p99,
        mean_matches=matches / len(lat))


# ---------------------------------------------------------------- suggestion

def suggest_sklearn(path, train_cap, test_cap):
    """Same split and same fields as bench_micic suggest: record i is a test
    record when i % 10 == 0; text = title, description, types, stakeholder
    types, needs, populations; a record with two guidelines trains both
    classes; top-1 is correct when it is one of the record's guidelines."""
    import csv
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    def valid(g):
        return g.isdigit() and 1 <= int(g) <= 15

    train_x, train_y, test_x, test_y = [], [], [], []
    ntrain = 0
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            gs = [g for g in row["guideline"].split(SEP) if g]
            if not gs or not valid(gs[0]):
                continue
            text = " ".join(row[k] for k in ("title", "description", "type",
                                              "stakeholder_type", "need", "population"))
            if i % 10 == 0:
                if len(test_x) < test_cap:
                    test_x.append(text)
                    test_y.append(set(gs))
            elif ntrain < train_cap:
                ntrain += 1
                for g in gs:
                    if valid(g):
                        train_x.append(text)
                        train_y.append(g)
    t0 = time.perf_counter()
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    clf = LinearSVC()
    clf.fit(vec.fit_transform(train_x), train_y)
    t1 = time.perf_counter()
    pred = clf.predict(vec.transform(test_x))
    t2 = time.perf_counter()
    correct = sum(1 for p, gs in zip(pred, test_y) if p in gs)
    out(seconds=t2 - t1, train_seconds=t1 - t0, records=len(test_x), train=ntrain,
        test=len(test_x),
        accuracy=correct / len(test_x) if test_x else 0.0,
        predict_per_s=len(test_x) / (t2 - t1) if t2 > t1 else 0.0)


# ---------------------------------------------------------------- cross-tab

def crosstab_pandas(path, rows, cols):
    import pandas as pd
    df = pd.read_csv(path, dtype=str, usecols=[rows, cols])
    t0 = time.perf_counter()
    long = df.assign(**{rows: df[rows].str.split(SEP), cols: df[cols].str.split(SEP)})
    long = long.explode(rows).explode(cols).dropna()
    table = pd.crosstab(long[rows], long[cols])
    t1 = time.perf_counter()
    out(seconds=t1 - t0, records=len(df), cells=int(table.size), total=int(table.values.sum()))


def main(argv):
    cmd, args = argv[1], argv[2:]
    fn = globals()[cmd]
    conv = []
    for a in args:
        conv.append(int(a) if a.isdigit() else a)
    fn(*conv)


if __name__ == "__main__":
    main(sys.argv)
