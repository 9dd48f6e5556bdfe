#!/usr/bin/env python3
"""Honest evaluation of the guideline suggester, in one run (docs/suggest.md).

Run through tools/suggest_eval.sh [BUILD_DIR] [options], which builds the C
half (tools/suggest_eval.c) against BUILD_DIR/libmicic.a first.

It reports, for the suggester and for a scikit-learn TF-IDF + logistic
regression trained on the same documents in the same run:

1. seeds, leave-one-out: every practice of the bundled corpus that is
   trained with guidelines (its tags, or seed 003's table) is ranked by a
   model trained on everything else (the catalogue Sample Practices that
   copy it are dropped too);
2. real practices never seen: the real-practice set (data/eval, plus the
   tagged records of the real-page fixtures whose page is not already in
   the set) ranked from its description only, by the model trained on the
   catalogue and the seeds; the tags are never shown to either model;
3. real practices, cross-validated: the same set in K folds, each fold
   ranked by a model that also trains on the other folds' practices.

Figures: top-1 (the first guideline is one of the record's), top-3, recall
per guideline (share of its records with it first / in the top 3), the
share of first places each guideline takes on a balanced reading of the
set (each record weighted 1 / number of records of its first tag), the
chosen set (precision, recall), and for the suggester the reliability of
its confidence (predicted vs observed, by bins) and the calibration fit.
"""
import argparse
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NG = 15


# ------------------------------------------------------------------ data

def words(text):
    return set(re.findall(r"[a-z]{3,}", (text or "").lower()))


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


def load_items(eval_path, fixtures_dir, min_chars):
    """The real-practice items: id, url, description, labels, kind."""
    items = []
    with open(eval_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            items.append({"id": r["id"], "url": r["url"], "title": r.get("title", ""),
                          "description": r["description"],
                          "labels": sorted({int(g) for g in r["guideline"]}),
                          "kind": r.get("kind", "repository"), "origin": "eval"})
    if fixtures_dir and os.path.isdir(fixtures_dir):
        seen_urls = {it["url"] for it in items}
        for name in sorted(os.listdir(fixtures_dir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(fixtures_dir, name), encoding="utf-8") as fh:
                page = json.load(fh)
            for k, r in enumerate(page.get("records", [])):
                tags = r.get("guideline") or []
                desc = r.get("description") or ""
                if not tags or len(desc) < min_chars:
                    continue
                url = page.get("url", "")
                if url in seen_urls:  # the page is in the set already
                    continue
                dw = words(desc)
                if any(jaccard(dw, words(it["description"])) >= 0.3 for it in items):
                    continue
                kind = ("practices-to-implement"  # recommended: guideline / field-collection pages
                        if r.get("kind") == "Recommended Practice" or "practices-implement" in url
                        or "/guidelines/" in url else "repository")
                items.append({"id": "FX%s_%d" % (name[:2], k + 1), "url": url,
                              "title": r.get("title", ""), "description": desc,
                              "labels": sorted({int(g) for g in tags}), "kind": kind,
                              "origin": "fixture"})
    return items


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


# ------------------------------------------------------------------ the C side

class CSide:
    def __init__(self, tool, micic, env):
        self.tool, self.micic, self.env = tool, micic, env

    def run(self, args):
        out = subprocess.run([self.tool] + args, env=self.env, check=True,
                             capture_output=True, text=True)
        return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]

    def loo(self):
        return self.run(["loo"])

    def predict(self, test_items, train_items, tmp):
        test = os.path.join(tmp, "test.jsonl")
        write_jsonl(test, [{"id": it["id"], "description": it["description"]}
                           for it in test_items])
        args = ["predict", test]
        if train_items:
            train = os.path.join(tmp, "train.jsonl")
            write_jsonl(train, [{"id": "T_" + it["id"], "description": it["description"],
                                 "guideline": [str(g) for g in it["labels"]]}
                                for it in train_items])
            args.append(train)
        by_id = {r["id"]: r for r in self.run(args)}
        return [by_id.get(it["id"]) for it in test_items]

    def catalogue(self):
        out = subprocess.run([self.micic, "guidelines", "--text", "--json"], env=self.env,
                             check=True, capture_output=True, text=True)
        return json.loads(out.stdout)

    def bundled(self):
        out = subprocess.run([self.micic, "convert", "--to", "jsonl"], env=self.env,
                             check=True, capture_output=True, text=True)
        return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


# ------------------------------------------------------------------ scikit-learn

PRACTICE_KEYS = ("title", "description", "type", "stakeholder_type", "need", "population")


def practice_text(r):
    parts = []
    for k in PRACTICE_KEYS:
        v = r.get(k)
        if isinstance(v, list):
            parts.extend(v)
        elif v:
            parts.append(v)
    return "\n".join(parts)


def catalogue_docs(cat):
    """The catalogue's training documents, as the suggester has them."""
    docs = []
    for g in cat:
        n = g["number"]
        docs.append((" ".join([g["title"], g["theme"]] + g["title_variants"]), [n], "heading"))
        docs.append((g["description"], [n], "description"))
        if g.get("text"):
            docs.append((g["text"], [n], "text"))
        for s in g.get("sample_practices", []):
            docs.append((s, [n], "sample"))
    return docs


class SkModel:
    """TF-IDF (sublinear tf, English stopwords) + multinomial logistic
    regression; a document with several guidelines is a document of each."""

    def __init__(self, docs):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        texts, ys = [], []
        for text, labels, _ in docs:
            for g in labels:
                texts.append(text)
                ys.append(g)
        self.vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        x = self.vec.fit_transform(texts)
        self.clf = LogisticRegression(C=10.0, max_iter=5000)
        self.clf.fit(x, ys)

    def rank(self, texts):
        p = self.clf.predict_proba(self.vec.transform(texts))
        out = []
        for row in p:
            order = sorted(range(len(row)), key=lambda j: -row[j])
            out.append({"ranks": [int(self.clf.classes_[j]) for j in order],
                        "confidence": [float(row[j]) for j in order]})
        return out


# ------------------------------------------------------------------ figures

def figures(rows):
    """rows: (labels, prediction) pairs; prediction has ranks[, chosen, confidence]."""
    n = len(rows)
    f = {"n": n, "top1": 0, "top3": 0}
    rec1 = collections.Counter()
    rec3 = collections.Counter()
    tagged = collections.Counter()
    first = collections.Counter()
    weight_first = collections.Counter()
    first_tag = collections.Counter(labels[0] for labels, _ in rows)
    tp = fp = fn = 0
    for labels, p in rows:
        ranks = p["ranks"]
        f["top1"] += ranks[0] in labels
        f["top3"] += any(g in labels for g in ranks[:3])
        for g in labels:
            tagged[g] += 1
            rec1[g] += ranks[0] == g
            rec3[g] += g in ranks[:3]
        first[ranks[0]] += 1
        weight_first[ranks[0]] += 1.0 / first_tag[labels[0]]
        if "chosen" in p:
            ch = set(p["chosen"])
            tp += len(ch & set(labels))
            fp += len(ch - set(labels))
            fn += len(set(labels) - ch)
    f["recall"] = {g: (rec1[g], rec3[g], tagged[g]) for g in sorted(tagged)}
    f["first"] = dict(first)
    groups = len(first_tag)
    total = sum(weight_first.values()) or 1
    f["balanced_share"] = {g: weight_first[g] / total for g in weight_first}
    f["max_share_ratio"] = max(f["balanced_share"].values()) * groups if rows else 0
    f["max_share_g"] = max(f["balanced_share"], key=f["balanced_share"].get) if rows else 0
    if tp + fp + fn:
        f["chosen_p"] = tp / (tp + fp) if tp + fp else 0
        f["chosen_r"] = tp / (tp + fn) if tp + fn else 0
    return f


def pct(a, n):
    return "%5.1f %% (%d)" % (100.0 * a / n, a) if n else "  -"


def table(title, results):
    print("\n### %s\n" % title)
    print("| model | n | top-1 | top-3 | chosen set P / R | max balanced first-place share |")
    print("|---|---|---|---|---|---|")
    for name, f in results:
        ch = ("%.0f %% / %.0f %%" % (100 * f["chosen_p"], 100 * f["chosen_r"])
              if "chosen_p" in f else "-")
        print("| %s | %d | %s | %s | %s | %.2f× its share (guideline %d) |" % (
            name, f["n"], pct(f["top1"], f["n"]), pct(f["top3"], f["n"]), ch,
            f["max_share_ratio"], f["max_share_g"]))


def recall_table(title, results):
    print("\n%s: recall per guideline, first / in the top 3 (records tagged)\n" % title)
    print("| guideline | " + " | ".join(name for name, _ in results) + " |")
    print("|---|" + "---|" * len(results))
    gs = sorted({g for _, f in results for g in f["recall"]})
    for g in gs:
        cells = []
        for _, f in results:
            r1, r3, t = f["recall"].get(g, (0, 0, 0))
            cells.append("%d / %d of %d" % (r1, r3, t))
        print("| %d | %s |" % (g, " | ".join(cells)))


def reliability(rows, bins=(0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0001)):
    """(labels, pred) rows -> per-bin (count, mean confidence, observed rate)."""
    acc = [[0, 0.0, 0] for _ in range(len(bins) - 1)]
    for labels, p in rows:
        for g, c in zip(p["ranks"], p["confidence"]):
            for b in range(len(bins) - 1):
                if bins[b] <= c < bins[b + 1]:
                    acc[b][0] += 1
                    acc[b][1] += c
                    acc[b][2] += g in labels
                    break
    return [(bins[b], bins[b + 1], a[0], a[1] / a[0] if a[0] else 0, a[2] / a[0] if a[0] else 0)
            for b, a in enumerate(acc)]


def print_reliability(title, rows):
    print("\n%s: reliability of the confidence (every guideline of every record)\n" % title)
    print("| confidence | pairs | mean confidence | observed share that is the record's |")
    print("|---|---|---|---|")
    for lo, hi, n, mc, obs in reliability(rows):
        print("| %.1f–%.1f | %d | %.2f | %.2f |" % (lo, min(hi, 1.0), n, mc, obs))
    low = [p.get("low_confidence") for _, p in rows]
    if any(x is not None for x in low):
        nl = sum(1 for x in low if x)
        right_low = sum(1 for (l, p) in rows if p.get("low_confidence") and p["ranks"][0] in l)
        right_hi = sum(1 for (l, p) in rows if not p.get("low_confidence") and p["ranks"][0] in l)
        print("\n`low confidence` on %d of %d records: top-1 %s there, %s elsewhere" % (
            nl, len(rows), pct(right_low, nl), pct(right_hi, len(rows) - nl)))


def margins(scores):
    """Each score minus the best other one (scores sorted, best first)."""
    return [s - (scores[1] if i == 0 else scores[0]) for i, s in enumerate(scores)]


def fit_calibration(rows):
    """Logistic fit of 'g is one of the record's' on (s_g, m_g), m_g = s_g
    minus the best other score (lib/suggest.c, confidence())."""
    from sklearn.linear_model import LogisticRegression
    x, y = [], []
    for labels, p in rows:
        for g, m in zip(p["ranks"], margins(p["scores"])):
            x.append([p["scores"][p["ranks"].index(g)], m])
            y.append(int(g in labels))
    clf = LogisticRegression(C=100.0, max_iter=5000).fit(x, y)
    a, b, c = clf.coef_[0][0], clf.coef_[0][1], clf.intercept_[0]
    best = None
    for t in [i / 20 for i in range(2, 17)]:  # the chosen-set threshold: best F1
        tp = fp = fn = 0
        for labels, p in rows:
            conf = [1 / (1 + math.exp(-(a * s + b * m + c)))
                    for s, m in zip(p["scores"], margins(p["scores"]))]
            ch = {p["ranks"][0]} | {g for g, q in zip(p["ranks"][1:4], conf[1:4]) if q >= t}
            tp += len(ch & set(labels))
            fp += len(ch - set(labels))
            fn += len(set(labels) - ch)
        f1 = 2 * tp / (2 * tp + fp + fn)
        if best is None or f1 > best[1]:
            best = (t, f1)
    return a, b, c, best[0], best[1]


# ------------------------------------------------------------------ main

def folds_of(items, k):
    order = sorted(items, key=lambda it: (it["labels"][0], it["id"]))
    return {it["id"]: i % k for i, it in enumerate(order)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="the built tools/suggest_eval")
    ap.add_argument("--micic", required=True, help="the built micic CLI")
    ap.add_argument("--eval", default=os.path.join(ROOT, "data/eval/real-practices.jsonl"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "tests/data/real"),
                    help="real-page fixtures whose tagged records join the set ('' = none)")
    ap.add_argument("--min-chars", type=int, default=80,
                    help="fixture records with a shorter description are left out")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--no-loo", action="store_true")
    ap.add_argument("--fit", action="store_true",
                    help="print the calibration fitted on the held-out rankings")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    env = dict(os.environ)
    env.setdefault("MICIC_DATA_DIR", os.path.join(ROOT, "data"))
    c = CSide(a.tool, a.micic, env)
    items = load_items(a.eval, a.fixtures, a.min_chars)
    kinds = collections.Counter(it["kind"] for it in items)
    origins = collections.Counter(it["origin"] for it in items)
    print("## Suggester evaluation\n")
    print("Real-practice set: %d items (%s; %s), description only." % (
        len(items), ", ".join("%d %s" % (v, k) for k, v in sorted(origins.items())),
        ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items()))))
    tags = collections.Counter(g for it in items for g in it["labels"])
    print("Tags per guideline: " + ", ".join("%d: %d" % (g, tags[g]) for g in range(1, NG + 1)))

    held_out = []  # (labels, prediction) of every held-out ranking, for calibration
    with tempfile.TemporaryDirectory() as tmp:
        # --- 1. seeds, leave-one-out
        if not a.no_loo:
            loo = c.loo()
            rows = [(r["labels"], r) for r in loo]
            held_out += rows
            res = [("suggester", figures(rows))]
            if not a.no_sklearn:
                cat = catalogue_docs(c.catalogue())
                bundled = {r["id"]: r for r in c.bundled()}
                pdocs = [(practice_text(bundled[r["id"]]), r["labels"], r["id"]) for r in loo]
                sk_rows = []
                for i, (text, labels, rid) in enumerate(pdocs):
                    tw = words(text)
                    train = [d for d in cat if not (d[2] == "sample" and
                                                    jaccard(words(d[0]), tw) >= 0.8)]
                    train += [d for j, d in enumerate(pdocs) if j != i]
                    sk_rows.append((labels, SkModel(train).rank([text])[0]))
                res.append(("scikit-learn", figures(sk_rows)))
            table("Seeds, leave-one-out (%d practices)" % len(rows), res)
            recall_table("Seeds, leave-one-out", res)

        # --- 2. real practices never seen
        pred = c.predict(items, [], tmp)
        rows = [(it["labels"], p) for it, p in zip(items, pred) if p]
        res = [("suggester", figures(rows))]
        sk_never = None
        if not a.no_sklearn:
            cat = catalogue_docs(c.catalogue())
            bundled = c.bundled()
            loo_labels = {r["id"]: r["labels"] for r in (loo if not a.no_loo else c.loo())}
            seed_docs = [(practice_text(r), loo_labels[r["id"]], r["id"]) for r in bundled
                         if r["id"] in loo_labels]
            sk_never = SkModel(cat + seed_docs)
            sk_rows = [(it["labels"], p) for it, p in
                       zip(items, sk_never.rank([it["description"] for it in items]))]
            res.append(("scikit-learn", figures(sk_rows)))
        table("Real practices never seen (%d), trained on the catalogue and the seeds" % len(rows),
              res)
        for kind in sorted(kinds):
            sub = [i for i, it in enumerate(items) if it["kind"] == kind and pred[i]]
            r2 = [("suggester", figures([rows[i] for i in sub]))]
            if sk_never is not None:
                r2.append(("scikit-learn", figures([sk_rows[i] for i in sub])))
            table("  of which %s (%d)" % (kind, len(sub)), r2)
        recall_table("Real practices never seen", res)
        print_reliability("Real practices never seen", rows)
        never_rows = rows
        if a.verbose:
            print()
            for it, p in zip(items, pred):
                print("%-8s own %-8s ranks %-12s chosen %-10s conf %.2f %s %s" % (
                    it["id"], ",".join(map(str, it["labels"])),
                    ",".join(map(str, p["ranks"][:3])), ",".join(map(str, p["chosen"])),
                    p["confidence"][0], "LOW" if p["low_confidence"] else "   ",
                    it["title"][:40]))

        # --- 3. real practices, cross-validated
        fold = folds_of(items, a.folds)
        cv_pred = {}
        sk_cv = {}
        for k in range(a.folds):
            test = [it for it in items if fold[it["id"]] == k]
            train = [it for it in items if fold[it["id"]] != k]
            for it, p in zip(test, c.predict(test, train, tmp)):
                cv_pred[it["id"]] = p
            if not a.no_sklearn:
                m = SkModel(cat + seed_docs + [(it["description"], it["labels"], it["id"])
                                               for it in train])
                for it, p in zip(test, m.rank([it["description"] for it in test])):
                    sk_cv[it["id"]] = p
        rows = [(it["labels"], cv_pred[it["id"]]) for it in items if cv_pred.get(it["id"])]
        held_out += rows
        res = [("suggester", figures(rows))]
        if sk_cv:
            res.append(("scikit-learn", figures([(it["labels"], sk_cv[it["id"]])
                                                 for it in items])))
        table("Real practices, %d-fold cross-validation (the other folds join the training)"
              % a.folds, res)
        recall_table("Real practices, cross-validated", res)

    if a.fit:
        print("\nCalibration fitted on the held-out rankings (seeds leave-one-out + real "
              "cross-validated, %d records): CAL_A %.3f, CAL_B %.3f, CAL_C %.3f; "
              "chosen-set threshold %.2f (F1 %.2f)" % (
                  (len(held_out),) + tuple(fit_calibration(held_out))))
        print_reliability("Held-out rankings used for the fit", held_out)


if __name__ == "__main__":
    main()
