/*
 * libmicic side of the benchmark suite (bench/run.sh, docs/benchmarks.md).
 * One workload per run; prints one JSON object on standard output with the
 * seconds of the timed phase (monotonic wall clock) and what was counted.
 * Loading the input is timed only by the read workloads; the others load it
 * first (untimed) and time their own phase. Peak RSS is taken by the driver
 * (bench/run.py) from the process's rusage, so it includes the loaded corpus.
 *
 *   bench_micic read FILE                 micic_read_file into a corpus
 *   bench_micic stream FILE               micic_stream_file, records counted
 *   bench_micic write FILE FMT OUT        read (untimed), micic_write_file
 *   bench_micic validate FILE [CHECKS]    read (untimed), micic_validate; CHECKS
 *                                         "schema": the per-record checks only
 *                                         (duplicate-record and
 *                                         guideline-text-in-description off);
 *                                         "text": schema + guideline text;
 *                                         "dup": all but guideline text
 *   bench_micic index FILE QUERIES PASSES read (untimed), micic_index_build,
 *                                         then PASSES timed passes over the
 *                                         query mix (after one warm-up pass)
 *   bench_micic suggest FILE TRAIN_CAP TEST_CAP
 *                                         records i % 10 == 0 are the test
 *                                         set (at most TEST_CAP), the others
 *                                         (at most TRAIN_CAP) train
 *   bench_micic crosstab FILE ROWS COLS   read (untimed), micic_crosstab_new
 *   bench_micic csvparse FILE             libcsv alone: the file read in 1 MiB
 *                                         chunks and csv_parse()d with callbacks
 *                                         that only count (the floor of any
 *                                         reader built on libcsv)
 *   bench_micic jsonparse FILE            jansson alone: the JSON Lines file read
 *                                         whole, each line json_loadb()ed with the
 *                                         reader's flags and json_decref()ed (the
 *                                         floor of any reader built on jansson)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <csv.h>
#include <jansson.h>

#include "micic/micic.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what, int rc, const micic_error *err) {
    fprintf(stderr, "bench_micic: %s: %s (%s)\n", what, err && err->text[0] ? err->text : "",
            micic_strerror(rc));
    return 1;
}

static long long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static int load(const char *path, micic_corpus **out) {
    micic_error err;
    int rc;
    *out = micic_corpus_new();
    if (!*out) return fail("corpus", MICIC_ENOMEM, NULL);
    rc = micic_read_file(*out, path, NULL, &err);
    return rc == MICIC_OK ? 0 : fail(path, rc, &err);
}

static int cmd_read(const char *path) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    double t0, t1;
    int rc;
    if (!c) return fail("corpus", MICIC_ENOMEM, NULL);
    t0 = now();
    rc = micic_read_file(c, path, NULL, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail(path, rc, &err);
    printf("{\"seconds\": %.6f, \"records\": %zu, \"rejected\": %zu, \"bytes\": %lld}\n",
           t1 - t0, micic_corpus_size(c), micic_corpus_rejected(c), file_size(path));
    micic_corpus_free(c);
    return 0;
}

static int count_cb(const micic_practice *p, void *payload) {
    (void)p;
    ++*(size_t *)payload;
    return 0;
}

static int cmd_stream(const char *path) {
    micic_report *rep = micic_report_new();
    micic_error err;
    size_t n = 0;
    double t0, t1;
    int rc;
    t0 = now();
    rc = micic_stream_file(path, NULL, count_cb, &n, rep, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail(path, rc, &err);
    printf("{\"seconds\": %.6f, \"records\": %zu, \"rejected\": %zu, \"bytes\": %lld}\n",
           t1 - t0, n, micic_report_rejected(rep), file_size(path));
    micic_report_free(rep);
    return 0;
}

static int cmd_write(const char *path, const char *fmt_name, const char *out) {
    micic_corpus *c;
    micic_format fmt;
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    micic_error err;
    double t0, t1;
    int rc;
    if (micic_format_from_name(fmt_name, &fmt) != MICIC_OK) return fail(fmt_name, MICIC_EFORMAT, NULL);
    if (load(path, &c)) return 1;
    wo.pretty = 0;
    t0 = now();
    rc = micic_write_file(c, out, fmt, &wo, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail(out, rc, &err);
    printf("{\"seconds\": %.6f, \"records\": %zu, \"bytes\": %lld}\n", t1 - t0,
           micic_corpus_size(c), file_size(out));
    micic_corpus_free(c);
    return 0;
}

static int cmd_validate(const char *path, const char *checks) {
    micic_corpus *c;
    micic_validate_options vo;
    micic_report *rep = NULL;
    micic_error err;
    double t0, t1;
    size_t i, flagged = 0, flagged_any = 0, n;
    unsigned char *bad;
    int rc;
    micic_validate_options_init(&vo);
    vo.max_diagnostics = 0; /* every diagnostic: the flagged counts must be complete */
    if (strcmp(checks, "schema") == 0) {
        vo.disabled[0] = MICIC_CODE_DUPLICATE_RECORD;
        vo.disabled[1] = MICIC_CODE_GUIDELINE_TEXT;
    } else if (strcmp(checks, "text") == 0) {
        vo.disabled[0] = MICIC_CODE_DUPLICATE_RECORD;
    } else if (strcmp(checks, "dup") == 0) {
        vo.disabled[0] = MICIC_CODE_GUIDELINE_TEXT;
    } else if (strcmp(checks, "all") != 0) {
        return fail(checks, MICIC_EINVAL, NULL);
    }
    if (load(path, &c)) return 1;
    t0 = now();
    rc = micic_validate(c, &vo, &rep, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail("validate", rc, &err);
    n = micic_corpus_size(c);
    bad = calloc(n ? n : 1, 1);
    for (i = 0; bad && i < micic_report_size(rep); i++) {
        const micic_diagnostic *d = micic_report_get(rep, i);
        long r = micic_diagnostic_record_index(d);
        micic_severity sev = micic_diagnostic_severity(d);
        if (r < 0 || (size_t)r >= n || sev == MICIC_SEVERITY_INFO) continue;
        /* bit 1: an error, bit 2: an error or a warning */
        if (sev == MICIC_SEVERITY_ERROR && !(bad[r] & 1)) flagged++;
        if (!(bad[r] & 2)) flagged_any++;
        bad[r] |= (unsigned char)(sev == MICIC_SEVERITY_ERROR ? 3 : 2);
    }
    printf("{\"seconds\": %.6f, \"records\": %zu, \"bytes\": %lld, \"errors\": %zu, "
           "\"warnings\": %zu, \"flagged_records\": %zu, \"flagged_any\": %zu}\n",
           t1 - t0, n, file_size(path), micic_report_count(rep, MICIC_SEVERITY_ERROR),
           micic_report_count(rep, MICIC_SEVERITY_WARNING), flagged, flagged_any);
    free(bad);
    micic_report_free(rep);
    micic_corpus_free(c);
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Percentile with linear interpolation (numpy's default), sorted input. */
static double percentile(const double *v, size_t n, double q) {
    double pos = q / 100.0 * (double)(n - 1);
    size_t lo = (size_t)pos;
    double frac = pos - (double)lo;
    if (n == 0) return 0;
    if (lo + 1 >= n) return v[n - 1];
    return v[lo] + frac * (v[lo + 1] - v[lo]);
}

static int cmd_index(const char *path, const char *queries_path, int passes) {
    micic_corpus *c;
    micic_index *ix = NULL;
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    micic_error err;
    char *queries[256], line[1024];
    size_t nq = 0, i, nlat = 0, hits = 0;
    double t0, t1, *lat;
    int rc, pass;
    FILE *f = fopen(queries_path, "r");
    if (!f) return fail(queries_path, MICIC_EIO, NULL);
    while (nq < 256 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#') queries[nq++] = strdup(line);
    }
    fclose(f);
    if (load(path, &c)) return 1;
    t0 = now();
    rc = micic_index_build(c, &ix, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail("index", rc, &err);
    so.limit = 10;
    so.snippet_chars = 0; /* ranking only, as the peers */
    lat = malloc(sizeof *lat * nq * (size_t)(passes > 0 ? passes : 1));
    for (pass = -1; pass < passes; pass++) {
        for (i = 0; i < nq; i++) {
            micic_results *r = NULL;
            double q0 = now(), q1;
            rc = micic_search(ix, queries[i], &so, &r, &err);
            q1 = now();
            if (rc != MICIC_OK) return fail(queries[i], rc, &err);
            if (pass >= 0) {
                lat[nlat++] = q1 - q0;
                hits += micic_results_total(r);
            }
            micic_results_free(r);
        }
    }
    qsort(lat, nlat, sizeof *lat, cmp_double);
    printf("{\"seconds\": %.6f, \"records\": %zu, \"queries\": %zu, \"p50_ms\": %.4f, "
           "\"p99_ms\": %.4f, \"mean_matches\": %.1f}\n",
           t1 - t0, micic_corpus_size(c), nlat, percentile(lat, nlat, 50) * 1e3,
           percentile(lat, nlat, 99) * 1e3, nlat ? (double)hits / (double)nlat : 0.0);
    free(lat);
    for (i = 0; i < nq; i++) free(queries[i]);
    micic_index_free(ix);
    micic_corpus_free(c);
    return 0;
}

/* 1 when guideline g is one of the record's guideline numbers. */
static int has_guideline(const micic_practice *p, int g) {
    size_t i;
    for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE); i++)
        if (atoi(micic_practice_value(p, MICIC_FIELD_GUIDELINE, i)) == g) return 1;
    return 0;
}

static int valid_guideline(const micic_practice *p) {
    int g = atoi(micic_practice_first(p, MICIC_FIELD_GUIDELINE));
    return g >= 1 && g <= 15;
}

static int cmd_suggest(const char *path, size_t train_cap, size_t test_cap) {
    micic_corpus *c, *train = micic_corpus_new();
    micic_suggester *s = NULL;
    micic_error err;
    size_t i, n, ntrain = 0, ntest = 0, correct = 0;
    double t0, t1, t2;
    int rc;
    if (!train) return fail("corpus", MICIC_ENOMEM, NULL);
    if (load(path, &c)) return 1;
    n = micic_corpus_size(c);
    for (i = 0; i < n && ntrain < train_cap; i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        micic_practice *copy;
        if (i % 10 == 0 || !valid_guideline(p)) continue;
        copy = micic_practice_copy(p);
        if (!copy || micic_corpus_add(train, copy, &err) != MICIC_OK)
            return fail("copy", MICIC_ENOMEM, NULL);
        ntrain++;
    }
    t0 = now();
    rc = micic_suggester_new(train, NULL, &s, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail("suggester", rc, &err);
    for (i = 0; i < n && ntest < test_cap; i += 10) {
        const micic_practice *p = micic_corpus_get(c, i);
        micic_suggestions *r = NULL;
        if (!valid_guideline(p)) continue;
        rc = micic_suggest_practice(s, p, 1, &r, &err);
        if (rc != MICIC_OK) return fail("suggest", rc, &err);
        if (micic_suggestions_size(r) > 0 && has_guideline(p, micic_suggestions_guideline(r, 0)))
            correct++;
        ntest++;
        micic_suggestions_free(r);
    }
    t2 = now();
    printf("{\"seconds\": %.6f, \"train_seconds\": %.6f, \"records\": %zu, \"corpus\": %zu, "
           "\"train\": %zu, \"test\": %zu, \"correct\": %zu, \"accuracy\": %.6f, "
           "\"predict_per_s\": %.1f}\n",
           t2 - t1, t1 - t0, ntest, n, ntrain, ntest, correct,
           ntest ? (double)correct / (double)ntest : 0.0,
           t2 > t1 ? (double)ntest / (t2 - t1) : 0.0);
    micic_suggester_free(s);
    micic_corpus_free(train);
    micic_corpus_free(c);
    return 0;
}

static int cmd_crosstab(const char *path, const char *rows, const char *cols) {
    micic_corpus *c;
    micic_crosstab *t = NULL;
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_field fr, fc;
    micic_error err;
    double t0, t1;
    int rc;
    if (micic_field_from_name(rows, &fr) != MICIC_OK || micic_field_from_name(cols, &fc) != MICIC_OK)
        return fail("field", MICIC_EINVAL, NULL);
    if (load(path, &c)) return 1;
    t0 = now();
    rc = micic_crosstab_new(c, fr, fc, &o, &t, &err);
    t1 = now();
    if (rc != MICIC_OK) return fail("crosstab", rc, &err);
    printf("{\"seconds\": %.6f, \"records\": %zu, \"cells\": %zu, \"total\": %ld}\n", t1 - t0,
           micic_corpus_size(c), micic_crosstab_nrows(t) * micic_crosstab_ncols(t),
           micic_crosstab_total(t));
    micic_crosstab_free(t);
    micic_corpus_free(c);
    return 0;
}

/* libcsv with callbacks that only count fields and rows. */
typedef struct csv_counts {
    size_t fields, rows;
} csv_counts;

static void count_field(void *s, size_t len, void *payload) {
    (void)s;
    (void)len;
    ((csv_counts *)payload)->fields++;
}

static void count_row(int c, void *payload) {
    (void)c;
    ((csv_counts *)payload)->rows++;
}

static int cmd_csvparse(const char *path) {
    static char buf[1 << 20];
    struct csv_parser p;
    csv_counts counts = {0, 0};
    FILE *f;
    size_t n;
    double t0, t1;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return fail("csv_init", MICIC_ENOMEM, NULL);
    t0 = now();
    if (!(f = fopen(path, "rb"))) return fail(path, MICIC_EIO, NULL);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, count_field, count_row, &counts) != n) {
            fclose(f);
            csv_free(&p);
            return fail(path, MICIC_EPARSE, NULL);
        }
    }
    csv_fini(&p, count_field, count_row, &counts);
    t1 = now();
    fclose(f);
    csv_free(&p);
    printf("{\"seconds\": %.6f, \"rows\": %zu, \"fields\": %zu, \"bytes\": %lld}\n", t1 - t0,
           counts.rows, counts.fields, file_size(path));
    return 0;
}

static int cmd_jsonparse(const char *path) {
    FILE *f;
    char *data;
    long long size = file_size(path);
    size_t n, pos = 0, lines = 0, values = 0;
    double t0, t1;
    if (size < 0) return fail(path, MICIC_EIO, NULL);
    t0 = now();
    if (!(f = fopen(path, "rb"))) return fail(path, MICIC_EIO, NULL);
    data = malloc((size_t)size + 1);
    if (!data) {
        fclose(f);
        return fail("malloc", MICIC_ENOMEM, NULL);
    }
    n = fread(data, 1, (size_t)size, f);
    fclose(f);
    while (pos < n) {
        const char *nl = memchr(data + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - data) : n;
        if (end > pos) {
            json_error_t e;
            json_t *v = json_loadb(data + pos, end - pos,
                                   JSON_ALLOW_NUL, &e);
            if (v) {
                values++;
                json_decref(v);
            }
        }
        lines++;
        pos = end + 1;
    }
    t1 = now();
    free(data);
    printf("{\"seconds\": %.6f, \"lines\": %zu, \"records\": %zu, \"bytes\": %lld}\n",
           t1 - t0, lines, values, size);
    return 0;
}

int main(int argc, char **argv) {
    const char *w = argc > 1 ? argv[1] : "";
    if (strcmp(w, "read") == 0 && argc == 3) return cmd_read(argv[2]);
    if (strcmp(w, "stream") == 0 && argc == 3) return cmd_stream(argv[2]);
    if (strcmp(w, "write") == 0 && argc == 5) return cmd_write(argv[2], argv[3], argv[4]);
    if (strcmp(w, "validate") == 0 && (argc == 3 || argc == 4))
        return cmd_validate(argv[2], argc == 4 ? argv[3] : "all");
    if (strcmp(w, "index") == 0 && argc == 5) return cmd_index(argv[2], argv[3], atoi(argv[4]));
    if (strcmp(w, "suggest") == 0 && argc == 5)
        return cmd_suggest(argv[2], (size_t)strtoull(argv[3], NULL, 10),
                           (size_t)strtoull(argv[4], NULL, 10));
    if (strcmp(w, "crosstab") == 0 && argc == 5) return cmd_crosstab(argv[2], argv[3], argv[4]);
    if (strcmp(w, "csvparse") == 0 && argc == 3) return cmd_csvparse(argv[2]);
    if (strcmp(w, "jsonparse") == 0 && argc == 3) return cmd_jsonparse(argv[2]);
    fputs("usage: bench_micic read|stream FILE | write FILE FMT OUT |\n"
          "       validate FILE [all|schema|text|dup] |\n"
          "       index FILE QUERIES PASSES | suggest FILE TRAIN_CAP TEST_CAP |\n"
          "       crosstab FILE ROWS COLS | csvparse FILE | jsonparse FILE\n",
          stderr);
    return 2;
}
