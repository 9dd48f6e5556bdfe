"""Driver of the benchmark suite: see bench/run.sh and docs/benchmarks.md.

Generates the records (bench_gen) for every size, runs every workload of
libmicic (bench_micic) and of its peers (bench/peers.py, bench/crosstab.R,
wc -l) --repeat times, each run in its own process, and writes
results/raw.jsonl (every run), results/results.csv and results/results.md
(medians, peak RSS, ratios to libmicic, growth slopes).
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
PY = sys.executable


# --------------------------------------------------------------------------- running

TIME = "/usr/bin/time"


def run_measured(argv, timeout):
    """Run argv in its own process. Returns (JSON object of its last stdout
    line or None, wall seconds, peak RSS MiB, error text, exited 0).

    Peak RSS is GNU time's %M (the child's ru_maxrss) when /usr/bin/time
    exists, else os.wait4's rusage of the child. GNU time is preferred: Linux
    keeps a process's RSS high-water mark across exec, so a child forked from
    this Python driver would report at least the driver's own RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".rss") as rssf:
        use_time = os.access(TIME, os.X_OK)
        cmd = ([TIME, "-f", "%M", "-o", rssf.name] + argv) if use_time else argv
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        try:
            p.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            timed_out = True
        wall = time.perf_counter() - t0
        ru_kib = 0.0
        if use_time:
            try:
                with open(rssf.name) as f:
                    nums = [l.strip() for l in f if l.strip().isdigit()]
                ru_kib = float(nums[-1]) if nums else 0.0
            except OSError:
                pass
        else:
            import resource
            ru_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        etext = err.read().decode("utf-8", "replace")[-600:]
    ok = not timed_out and p.returncode == 0
    data = None
    if ok:
        for line in reversed(text.strip().splitlines()):
            if line.strip().startswith("{"):
                try:
                    data = json.loads(line)
                except ValueError:
                    data = None
                break
    elif timed_out:
        etext = "timeout after %ss" % timeout
    else:
        etext = "exit %d: %s" % (p.returncode, etext)
    return data, wall, ru_kib / 1024.0, etext, ok


# --------------------------------------------------------------------------- workloads

def workloads(n, work, bench, args):
    """(group, workload, impl, argv, note) for size n. The first impl of a
    workload is libmicic: the others' ratios are to it."""
    d = os.path.join(work, str(n))
    csv, jsonl, js = (os.path.join(d, "records." + e) for e in ("csv", "jsonl", "json"))
    sub_n = min(n, args.subsample)
    sub_csv = os.path.join(work, str(sub_n), "records.csv")
    sub_hxl = os.path.join(work, str(sub_n), "records.hxl.csv")
    sub_jsonl = os.path.join(work, str(sub_n), "records.jsonl")
    sub_note = ("first %d records (subsample)" % sub_n) if sub_n < n else ""
    # pandas' JSON Lines reader/writer peak at ~12-17 GiB for 1M records (10x
    # their 100k peak): too much for a shared machine, so they get the subsample
    sub_mem = ("first %d records (subsample: memory)" % sub_n) if sub_n < n else ""
    q = os.path.join(HERE, "queries.txt")
    tmp = os.path.join(d, "tmp")
    bm = os.path.join(bench, "bench_micic")
    peers = [PY, os.path.join(HERE, "peers.py")]
    passes = str(args.passes)
    tc, te = str(args.train_cap), str(args.test_cap)
    cap_note = "train <= %s, test <= %s records" % (args.train_cap, args.test_cap)
    out = [
        ("read", "read CSV", "libmicic micic_read_file", [bm, "read", csv], ""),
        ("read", "read CSV", "libmicic micic_stream_file", [bm, "stream", csv], ""),
        ("read", "read CSV", "pandas read_csv + split", peers + ["read_pandas", csv, "csv"], ""),
        ("read", "read CSV", "wc -l (floor)", ["wc", "-l", csv], "process wall time"),
        ("read", "read CSV", "libcsv csv_parse alone (parser floor)", [bm, "csvparse", csv],
         "callbacks only count; no records built"),
        ("read", "read JSONL", "libmicic micic_read_file", [bm, "read", jsonl], ""),
        ("read", "read JSONL", "libmicic micic_stream_file", [bm, "stream", jsonl], ""),
        ("read", "read JSONL", "pandas read_json(lines)", peers + ["read_pandas", sub_jsonl, "jsonl"], sub_mem),
        ("read", "read JSONL", "wc -l (floor)", ["wc", "-l", jsonl], "process wall time"),
        ("read", "read JSONL", "jansson json_loadb alone (parser floor)", [bm, "jsonparse", jsonl],
         "each line parsed and freed; no records built"),
        ("read", "read JSON", "libmicic micic_read_file", [bm, "read", js], ""),
        ("read", "read JSON", "libmicic micic_stream_file", [bm, "stream", js], ""),
        ("read", "read JSON", "json.load + DataFrame", peers + ["json_load", js], ""),
        ("read", "read JSON", "wc -l (floor)", ["wc", "-l", js], "process wall time"),
        ("write", "write CSV", "libmicic micic_write_file", [bm, "write", csv, "csv", tmp + ".csv"], ""),
        ("write", "write CSV", "pandas join + to_csv", peers + ["write_pandas", csv, "csv", tmp + ".p.csv"], ""),
        ("write", "write JSONL", "libmicic micic_write_file", [bm, "write", csv, "jsonl", tmp + ".jsonl"], ""),
        ("write", "write JSONL", "pandas to_json(lines)", peers + ["write_pandas", sub_jsonl, "jsonl", tmp + ".p.jsonl"], sub_mem),
        ("validate", "validate", "libmicic micic_validate", [bm, "validate", csv], ""),
        ("validate", "validate", "libmicic, per-record checks only", [bm, "validate", csv, "schema"],
         "duplicate-record and guideline-text-in-description off"),
        ("validate", "validate", "frictionless-py", peers + ["validate_frictionless", sub_csv], sub_note),
        ("validate", "validate", "libhxl-python", peers + ["validate_hxl", sub_hxl], sub_note),
        ("index", "index + query", "libmicic BM25", [bm, "index", csv, q, passes], ""),
        ("index", "index + query", "SQLite FTS5 bm25()", peers + ["index_fts5", csv, q, passes], ""),
        ("index", "index + query", "rank-bm25 BM25Okapi", peers + ["index_bm25", sub_csv, q, passes], sub_note),
        ("suggest", "suggest guideline", "libmicic suggester", [bm, "suggest", csv, tc, te], cap_note),
        ("suggest", "suggest guideline", "sklearn TF-IDF + LinearSVC", peers + ["suggest_sklearn", csv, tc, te], cap_note),
        ("crosstab", "crosstab country x crisis", "libmicic micic_crosstab_new", [bm, "crosstab", csv, "country", "crisis"], ""),
        ("crosstab", "crosstab country x crisis", "pandas explode + crosstab", peers + ["crosstab_pandas", csv, "country", "crisis"], ""),
    ]
    if shutil.which("Rscript"):
        out.append(("crosstab", "crosstab country x crisis", "R strsplit + table()",
                    ["Rscript", os.path.join(HERE, "crosstab.R"), csv, "country", "crisis"], ""))
    out += [
        ("binding", "records -> DataFrame", "micic (Python) read_file + to_dataframe",
         peers + ["binding_df", jsonl, args.binding_dir], ""),
        ("binding", "records -> DataFrame", "micic (Python) read_file + iterate records",
         peers + ["binding_iter", jsonl, args.binding_dir], ""),
        ("binding", "records -> DataFrame", "json.load + DataFrame", peers + ["json_load", js], ""),
    ]
    bd = args.binding_dir
    arrow_note = "read %s in C, Arrow C stream (capsule) to the consumer"
    out += [
        ("arrow", "CSV -> pandas", "micic read_file + Arrow -> pandas (ArrowDtype)",
         peers + ["binding_arrow", csv, bd, "pandas"], arrow_note % "CSV"),
        ("arrow", "CSV -> pandas", "pandas read_csv + split", peers + ["read_pandas", csv, "csv"], ""),
        ("arrow", "JSONL -> pandas", "micic read_file + Arrow -> pandas (ArrowDtype)",
         peers + ["binding_arrow", jsonl, bd, "pandas"], arrow_note % "JSONL"),
        ("arrow", "JSONL -> pandas", "json.load + DataFrame", peers + ["json_load", js],
         "the same records as one JSON array"),
        ("arrow", "JSONL -> polars", "micic read_file + polars.DataFrame(corpus)",
         peers + ["binding_arrow", jsonl, bd, "polars"], arrow_note % "JSONL"),
        ("arrow", "JSONL -> polars", "polars read_ndjson", peers + ["read_polars", jsonl], ""),
        ("arrow", "JSONL -> DuckDB count + group-by", "micic read_file + DuckDB over the corpus",
         peers + ["binding_arrow", jsonl, bd, "duckdb"], arrow_note % "JSONL"),
        ("arrow", "JSONL -> DuckDB count + group-by", "DuckDB read_json",
         peers + ["duckdb_json", jsonl], "table created from the file, then the two queries"),
        ("arrow", "read JSONL", "libmicic micic_read_file", [bm, "read", jsonl], ""),
        ("arrow", "read JSONL", "jansson json_loadb alone (parser floor)", [bm, "jsonparse", jsonl],
         "each line parsed and freed; no records built"),
    ]
    if args.only:
        out = [w for w in out if w[0] in args.only]
    seen = set()  # the arrow group repeats two read rows: keep each row once
    out = [w for w in out if not ((w[1], w[2]) in seen or seen.add((w[1], w[2])))]
    return out


def ensure_data(n, work, bench, hxl_copy):
    """bench_gen's records of size n in work/n (kept while gen.json says n),
    and the HXL copy of the CSV when libhxl will read this size."""
    d = os.path.join(work, str(n))
    meta = os.path.join(d, "gen.json")
    fresh = False
    if os.path.exists(meta):
        with open(meta) as f:
            fresh = json.load(f).get("records") == n
    if not fresh:
        os.makedirs(d, exist_ok=True)
        print("generating %d records in %s" % (n, d), flush=True)
        subprocess.check_call([os.path.join(bench, "bench_gen"), str(n), d,
                               os.path.join(SRC, "data", "corpus")])
    hxl = os.path.join(d, "records.hxl.csv")
    if hxl_copy and (not fresh or not os.path.exists(hxl)):
        subprocess.check_call([PY, os.path.join(HERE, "peers.py"), "hxl_copy",
                               os.path.join(d, "records.csv"), hxl])


# --------------------------------------------------------------------------- machine

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=60).stdout.strip()
    except Exception:  # noqa: BLE001
        return ""


def machine():
    lscpu = sh("lscpu")
    model = re.search(r"Model name:\s*(.*)", lscpu)
    mem = sh("free -g | awk '/^Mem:/ {print $2}'")
    os_name = sh(". /etc/os-release && echo $PRETTY_NAME")
    peers = sh(PY + " -c \"import pandas, frictionless, sklearn, numpy, sqlite3, sys; "
               "from importlib.metadata import version as v; "
               "print('; '.join(['python ' + sys.version.split()[0], 'pandas ' + pandas.__version__, "
               "'numpy ' + numpy.__version__, 'frictionless ' + frictionless.__version__, "
               "'libhxl ' + v('libhxl'), 'rank-bm25 ' + v('rank-bm25'), "
               "'scikit-learn ' + sklearn.__version__, 'SQLite ' + sqlite3.sqlite_version]))\"")
    r = sh("Rscript -e 'cat(R.version.string)'")
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": mem,
        "os": os_name or platform.platform(),
        "kernel": platform.release(),
        "compiler": sh("cc --version | head -1"),
        "peers": peers + ("; " + r if r else ""),
        "wc": sh("wc --version | head -1"),
    }


def loadavg():
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


# --------------------------------------------------------------------------- tables

def med(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def summarize(raw):
    """One row per (size, workload, impl): medians over the runs."""
    rows = []
    keys = []
    for r in raw:
        k = (r["size"], r["group"], r["workload"], r["impl"])
        if k not in keys:
            keys.append(k)
    for k in keys:
        runs = [r for r in raw if (r["size"], r["group"], r["workload"], r["impl"]) == k]
        ok = [r for r in runs if r["data"] and "seconds" in r["data"]]
        row = {"size": k[0], "group": k[1], "workload": k[2], "impl": k[3],
               "note": runs[0]["note"], "runs": len(ok)}
        if not ok:
            pend = [r for r in runs if r["data"] and r["data"].get("pending")]
            row["status"] = "pending binding" if pend else ("failed: " + runs[-1]["stderr"][-160:])
            rows.append(row)
            continue
        row["status"] = "ok"
        row["seconds"] = med([r["seconds"] for r in ok])
        row["peak_rss_mib"] = max(r["rss_mib"] for r in ok)
        for m in ("records", "bytes", "p50_ms", "p99_ms", "accuracy", "train_seconds",
                  "predict_per_s", "flagged_records", "flagged_any", "train", "test",
                  "mean_matches", "total", "read_seconds", "frame_seconds"):
            vals = [r["data"].get(m) for r in ok]
            if any(v is not None for v in vals):
                row[m] = med(vals)
        if row.get("records") is None:
            row["records"] = k[0]
        if row["seconds"] and row["seconds"] > 0:
            row["records_per_s"] = row["records"] / row["seconds"]
            if row.get("bytes"):
                row["mb_per_s"] = row["bytes"] / 1e6 / row["seconds"]
        rows.append(row)
    # ratios to libmicic (the first impl of each workload at each size)
    for row in rows:
        base = next((r for r in rows if r["size"] == row["size"] and r["workload"] == row["workload"]
                     and r["status"] == "ok" and r["impl"].startswith(("libmicic", "micic"))),
                    None)
        if row["status"] != "ok" or base is None:
            continue
        per = row["seconds"] / max(row["records"], 1)
        bper = base["seconds"] / max(base["records"], 1)
        row["ratio"] = per / bper if bper > 0 else None
        if row.get("p50_ms") and base.get("p50_ms"):
            row["ratio_p50"] = row["p50_ms"] / base["p50_ms"]
    return rows


def slopes(rows):
    """Slope of log(seconds) vs log(records) per (workload, impl) over the
    sizes where it processed different record counts."""
    out = []
    seen = []
    for r in rows:
        k = (r["group"], r["workload"], r["impl"])
        if k in seen or r["group"] == "suggest":
            # suggestion predicts at most --test-cap records at every size, from a
            # model trained on at most --train-cap: no size to fit against
            continue
        seen.append(k)
        pts = {}
        for s in rows:
            if (s["group"], s["workload"], s["impl"]) == k and s["status"] == "ok" and s["seconds"] > 0:
                pts[s["records"]] = s["seconds"]
        if len(pts) < 2:
            continue
        xs = [math.log(x) for x in pts]
        ys = [math.log(pts[x]) for x in pts]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")
        q = {}
        for s in rows:
            if (s["group"], s["workload"], s["impl"]) == k and s["status"] == "ok" and s.get("p50_ms"):
                q[s["records"]] = s["p50_ms"]
        qslope = None
        if len(q) >= 2:
            qx = [math.log(x) for x in q]
            qy = [math.log(q[x]) for x in q]
            mqx, mqy = sum(qx) / len(qx), sum(qy) / len(qy)
            d = sum((x - mqx) ** 2 for x in qx)
            qslope = sum((x - mqx) * (y - mqy) for x, y in zip(qx, qy)) / d if d else None
        out.append({"group": k[0], "workload": k[1], "impl": k[2], "points": len(pts),
                    "records": sorted(pts), "slope": slope, "p50_slope": qslope})
    return out


def fmt(v, digits=3):
    if v is None:
        return ""
    if isinstance(v, float):
        if v == 0:
            return "0"
        if abs(v) >= 1000:
            return "{:,.0f}".format(v)
        if abs(v) >= 100:
            return "%.0f" % v
        if abs(v) >= 10:
            return "%.1f" % v
        return ("%." + str(digits) + "g") % v
    if isinstance(v, int):
        return "{:,}".format(v)
    return str(v)


def markdown(rows, sl, info):
    L = []
    L.append("Machine: %s, %s cores, %s GiB RAM; %s (kernel %s); %s." % (
        info["machine"]["cpu"], info["machine"]["cores"], info["machine"]["ram_gib"],
        info["machine"]["os"], info["machine"]["kernel"], info["machine"]["compiler"]))
    L.append("")
    L.append("Peers: %s; %s." % (info["machine"]["peers"], info["machine"]["wc"]))
    L.append("")
    L.append("Run: %s, sizes %s, %d repeats (median), load average before %s, after %s." % (
        info["started"], ", ".join(str(s) for s in info["sizes"]), info["repeat"],
        " / ".join("%.2f" % x for x in info["load_before"]),
        " / ".join("%.2f" % x for x in info["load_after"])))
    L.append("")
    L.append("`x libmicic` = this row's time per record divided by libmicic's time per "
             "record for the same workload and size in the same run (> 1: libmicic is "
             "faster; for the DataFrame rows the base is the micic Python binding). "
             "For search it compares index build times and `p50 x` the median query "
             "latencies; for suggestion, prediction times. Times are medians of the "
             "timed phase only (see docs/benchmarks.md); peak RSS is the largest "
             "over the runs, of the whole process.")
    L.append("")
    for size in info["sizes"]:
        L.append("### %s records" % "{:,}".format(size))
        L.append("")
        g = info.get("generated", {}).get(str(size))
        if g:
            f = g["faults"]
            L.append("Generated: %s records; injected faults: %s (%s in all); %s repeated "
                     "descriptions; %s records copying a guideline text." % (
                         "{:,}".format(g["records"]),
                         ", ".join("%s %d" % (k, v) for k, v in f.items()),
                         "{:,}".format(sum(f.values())), "{:,}".format(g["duplicate_descriptions"]),
                         "{:,}".format(g["copied_guideline_text"])))
            L.append("")
        L.append("| workload | implementation | records | median s | runs | records/s | MB/s | "
                 "x libmicic | peak RSS MiB | other | note |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for r in rows:
            if r["size"] != size:
                continue
            if r["status"] != "ok":
                L.append("| %s | %s | | | | | | | | %s | %s |" % (
                    r["workload"], r["impl"], r["status"].replace("|", "/").replace("\n", " "),
                    r["note"]))
                continue
            other = []
            if r.get("p50_ms") is not None:
                other.append("query p50 %s ms, p99 %s ms%s" % (
                    fmt(r["p50_ms"]), fmt(r["p99_ms"]),
                    (", p50 x %s" % fmt(r["ratio_p50"])) if r.get("ratio_p50") else ""))
            if r.get("accuracy") is not None:
                other.append("top-1 %.1f %% (train %s s on %s, predict %s/s on %s)" % (
                    100 * r["accuracy"], fmt(r.get("train_seconds")), fmt(r.get("train")),
                    fmt(r.get("predict_per_s")), fmt(r.get("test"))))
            if r.get("flagged_records") is not None:
                s = "%s records with errors" % fmt(r["flagged_records"])
                if r.get("flagged_any") is not None:
                    s += ", %s with errors or warnings" % fmt(r["flagged_any"])
                other.append(s)
            if r.get("total") is not None and r["group"] == "crosstab":
                other.append("grand total %s" % fmt(r["total"]))
            if r.get("read_seconds") is not None:
                other.append("read %s s + DataFrame %s s" % (fmt(r["read_seconds"]),
                                                             fmt(r["frame_seconds"])))
            L.append("| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
                r["workload"], r["impl"], fmt(int(r["records"])), fmt(r["seconds"]), r["runs"],
                fmt(r.get("records_per_s")), fmt(r.get("mb_per_s")), fmt(r.get("ratio")),
                fmt(r["peak_rss_mib"]), "; ".join(other), r["note"]))
        L.append("")
    if sl:
        L.append("### Growth: slope of log(time) vs log(records)")
        L.append("")
        L.append("1.0 = linear; fitted by least squares over the sizes at which the "
                 "implementation processed different numbers of records (subsampled rows: "
                 "10k and 100k only; suggestion is left out: it predicts at most "
                 "--test-cap records with a model trained on at most --train-cap at "
                 "every size).")
        L.append("")
        L.append("| workload | implementation | sizes | slope (time) | slope (query p50) |")
        L.append("|---|---|---|---:|---:|")
        for s in sl:
            L.append("| %s | %s | %s | %.2f | %s |" % (
                s["workload"], s["impl"], ", ".join("{:,}".format(x) for x in s["records"]),
                s["slope"], "%.2f" % s["p50_slope"] if s["p50_slope"] is not None else ""))
        L.append("")
    return "\n".join(L)


COLUMNS = ["size", "group", "workload", "impl", "status", "runs", "records", "bytes", "seconds",
           "records_per_s", "mb_per_s", "ratio", "peak_rss_mib", "p50_ms", "p99_ms", "ratio_p50",
           "mean_matches", "train", "test", "train_seconds", "accuracy", "predict_per_s",
           "flagged_records", "flagged_any", "total", "read_seconds", "frame_seconds", "note"]


def write_csv(rows, path):
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def update_docs(md, path):
    begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if begin not in text or end not in text:
        print("run.py: %s has no %s ... %s markers: not updated" % (path, begin, end))
        return
    a = text.index(begin) + len(begin)
    b = text.index(end)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:a] + "\n" + md + "\n" + text[b:])
    print("updated", path)


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build", required=True, help="build directory (with bench/bench_micic)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--only", default="", help="groups: read,write,validate,index,suggest,crosstab,binding,arrow")
    ap.add_argument("--subsample", type=int, default=100000,
                    help="frictionless, libhxl and rank-bm25 run on at most this many records")
    ap.add_argument("--train-cap", type=int, default=100000)
    ap.add_argument("--test-cap", type=int, default=10000)
    ap.add_argument("--passes", type=int, default=5, help="timed passes over the query mix")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per run")
    ap.add_argument("--long", type=float, default=90.0,
                    help="a run whose process took longer (wall seconds) is not repeated "
                         "(its row says runs 1)")
    ap.add_argument("--docs", action="store_true", help="also update docs/benchmarks.md")
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: rebuild the tables from RESULTS/raw.jsonl and machine.json")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.only = [s for s in args.only.split(",") if s]
    args.binding_dir = os.path.join(os.path.abspath(args.build), "bindings", "python")
    bench = os.path.join(os.path.abspath(args.build), "bench")
    os.makedirs(args.results, exist_ok=True)
    if args.report_only:
        with open(os.path.join(args.results, "machine.json"), encoding="utf-8") as f:
            info = json.load(f)
        with open(os.path.join(args.results, "raw.jsonl"), encoding="utf-8") as f:
            raw = [json.loads(line) for line in f if line.strip()]
        report(raw, info, args)
        return
    info = {"started": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "sizes": args.sizes,
            "repeat": args.repeat, "load_before": loadavg(), "machine": machine()}
    for n in sorted(set(args.sizes + [min(n, args.subsample) for n in args.sizes])):
        ensure_data(n, args.work, bench, n <= args.subsample)
    info["generated"] = {}
    for n in args.sizes:
        with open(os.path.join(args.work, str(n), "gen.json")) as f:
            info["generated"][str(n)] = json.load(f)
    raw = []
    raw_path = os.path.join(args.results, "raw.jsonl")
    with open(raw_path, "w", encoding="utf-8") as rawf:
        for n in args.sizes:
            for group, workload, impl, argv, note in workloads(n, args.work, bench, args):
                for i in range(args.repeat):
                    data, wall, rss, err, ok = run_measured(argv, args.timeout)
                    if argv[0] == "wc" and ok:  # the whole process is the workload
                        data = {"seconds": wall, "records": n,
                                "bytes": os.path.getsize(argv[-1])}
                    secs = data.get("seconds") if data else None
                    rec = {"size": n, "group": group, "workload": workload, "impl": impl,
                           "run": i, "seconds": secs, "wall": wall, "rss_mib": rss,
                           "data": data, "stderr": err if data is None else "", "note": note,
                           "argv": " ".join(shlex.quote(a) for a in argv)}
                    raw.append(rec)
                    rawf.write(json.dumps(rec) + "\n")
                    rawf.flush()
                    print("%8d  %-26s %-40s run %d: %s s, %.0f MiB%s" % (
                        n, workload, impl, i + 1, "%.4f" % secs if secs is not None else "-",
                        rss, "" if data is not None else "  [" + err.strip()[-120:] + "]"),
                        flush=True)
                    if data is not None and data.get("pending"):
                        break
                    if secs is None or wall > args.long:
                        break  # failed, or too long to repeat on a shared 2-core machine
            for f in os.listdir(os.path.join(args.work, str(n))):
                if f.startswith("tmp"):
                    os.remove(os.path.join(args.work, str(n), f))
    info["load_after"] = loadavg()
    report(raw, info, args)


def report(raw, info, args):
    rows = summarize(raw)
    sl = slopes(rows)
    md = markdown(rows, sl, info)
    write_csv(rows, os.path.join(args.results, "results.csv"))
    with open(os.path.join(args.results, "results.md"), "w", encoding="utf-8") as f:
        f.write("# Benchmark results\n\nWritten by bench/run.sh; see docs/benchmarks.md.\n\n" + md)
    with open(os.path.join(args.results, "machine.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    print("wrote", os.path.join(args.results, "results.md"), "and results.csv")
    if args.docs:
        update_docs(md, os.path.join(SRC, "docs", "benchmarks.md"))


if __name__ == "__main__":
    main()
