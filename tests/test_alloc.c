/*
 * Allocation failures (include/micic/alloc.h): a counting allocator
 * installed with micic_set_allocator() fails the Nth allocation of a call,
 * for every N (or, for calls with many allocations, the first and last
 * DENSE allocations densely and a stride in between), and each time checks
 *  - the call returns MICIC_ENOMEM and its micic_error says so, or it
 *    absorbed the failure (a cache that could not grow, libcsv retrying
 *    with a smaller block, a retried jansson string): then it returns
 *    MICIC_OK and everything it made is exactly what the run without a
 *    failure made (compared as text: digest()),
 *  - out-parameters are left NULL,
 *  - a reader keeps only complete records: the corpus holds a prefix of
 *    the records a successful read gives (micic/io.h),
 *  - after freeing everything, the allocator's live-block count is back
 *    where it was (no leak); ASan (c_alloc_asan) and valgrind
 *    (c_alloc_valgrind) catch crashes, double frees and bad reads.
 *
 * The calls run on small inputs (seeds, tests/data), so every allocation
 * of every call is failed in turn (calls over DENSE_ALL allocations would
 * get the dense-ends-plus-stride walk); the whole test takes seconds.
 * Walk size: MICIC_ALLOC_WALK=reduced in the environment (the valgrind run,
 * c_alloc_valgrind) keeps the first and last REDUCED_DENSE allocations of
 * every call and about REDUCED_MIDDLE_POINTS in between.
 * Debugging: MICIC_ALLOC_ONLY=<test name pattern> runs matching walks
 * only, MICIC_ALLOC_SHOW_ABSORBED=1 lists absorbed failures, and a
 * breakpoint on injected_failure() stops at each injected failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "micic/micic.h"

#ifndef MICIC_SEEDS_DIR
#define MICIC_SEEDS_DIR "data/corpus"
#endif
#ifndef MICIC_TEST_DATA
#define MICIC_TEST_DATA "tests/data"
#endif

#define SEED_TEXT MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt"
#define SEED_GUIDELINES MICIC_SEEDS_DIR "/000_d16a0690f231f026.txt"

/* Walk schedule: calls with more than DENSE_ALL allocations are walked
 * densely over their first and last DENSE allocations and with a stride
 * in between that gives about MIDDLE_POINTS runs. */
#define DENSE_ALL 2500
#define DENSE 200
#define MIDDLE_POINTS 600
#define REDUCED_DENSE 20
#define REDUCED_MIDDLE_POINTS 30

/* ---- the counting allocator ------------------------------------------- */

typedef struct counter {
    long calls;   /* allocation calls (malloc and realloc) so far */
    long fail_at; /* fail the call with this number (0 = never) */
    long failed;  /* calls failed so far */
    long live;    /* blocks allocated and not yet freed */
} counter;

static counter A; /* test-only state: one thread */

/* A place for a debugger's breakpoint: an injected failure. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void injected_failure(void) {
    A.failed++;
}

static int fail_now(void) {
    A.calls++;
    if (A.fail_at != 0 && A.calls == A.fail_at) {
        injected_failure();
        return 1;
    }
    return 0;
}

static void *count_malloc(size_t n) {
    void *p;
    assert_true(n > 0); /* libmicic never asks for 0 bytes */
    if (fail_now()) return NULL;
    p = malloc(n);
    if (p) A.live++;
    return p;
}

static void *count_realloc(void *p, size_t n) {
    void *q;
    assert_non_null(p); /* realloc(NULL) is routed to malloc */
    assert_true(n > 0);
    if (fail_now()) return NULL;
    q = realloc(p, n);
    return q;
}

static void count_free(void *p) {
    assert_non_null(p); /* libmicic never frees NULL through the hook */
    A.live--;
    free(p);
}

/* jansson's allocations are not libmicic's (the library never touches
 * jansson's global json_set_alloc_funcs()), but this test program may: it
 * counts and fails them too for the calls that write JSON (writers, JSON
 * renderings), which must then fail with MICIC_ENOMEM like any other.
 * Not for reading: jansson's parser does not always tell a failed
 * allocation from a syntax error (it may report "invalid token" near a
 * string it could not copy), so a JSON record can then be rejected with a
 * json-syntax diagnostic; micic/io.h documents that limit. */
static void *count_json_malloc(size_t n) {
    void *p;
    if (fail_now()) return NULL;
    p = malloc(n);
    if (p) A.live++;
    return p;
}

static void count_json_free(void *p) {
    if (!p) return;
    A.live--;
    free(p);
}

static int reduced_walk(void) {
    const char *e = getenv("MICIC_ALLOC_WALK");
    return e && strcmp(e, "reduced") == 0;
}

/* ---- inputs ----------------------------------------------------------- */

typedef struct blob {
    char *data;
    size_t len;
} blob;

static blob slurp(const char *path) {
    blob b = { NULL, 0 };
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    b.data = malloc((size_t)n + 1);
    assert_non_null(b.data);
    assert_int_equal(fread(b.data, 1, (size_t)n, f), (size_t)n);
    b.data[n] = '\0';
    b.len = (size_t)n;
    fclose(f);
    return b;
}

/* ---- operations ------------------------------------------------------- */

/* Everything one run of an operation may create. Inputs are made by the
 * operation's setup with no failure injected; outputs by its run. */
typedef struct fixture {
    /* inputs */
    micic_corpus *corpus;
    micic_index *ix;
    micic_suggester *sg;
    micic_report *vreport;
    /* outputs */
    micic_corpus *read;
    micic_report *report;
    micic_index *out_ix;
    micic_results *results;
    micic_suggester *out_sg;
    micic_suggestions *suggestions;
    micic_crosstab *crosstab;
    micic_gaps *gaps;
    micic_groups *groups;
    micic_query *query;
    char *text;
    size_t streamed; /* records a stream call delivered */
} fixture;

struct op;
typedef void (*setup_fn)(fixture *f, const struct op *op);
typedef int (*run_fn)(fixture *f, const struct op *op, micic_error *err);

typedef struct op {
    const char *name;
    setup_fn setup;
    run_fn run;
    int is_reader;   /* run reads into f->read: check the prefix property */
    const char *path; /* reader input */
    micic_format format;
    int param;
} op;

static const char SUGGEST_TEXT[] =
    "Evacuation of migrant workers stranded by the conflict in Libya, "
    "with consular assistance and repatriation flights";

/* The small corpus most operations work on: seed 004, five short records
 * (tests/data/text_multi.txt) and the validation examples (records with
 * errors, warnings and values normalize() rewrites). */
static void setup_corpus(fixture *f, const op *o) {
    static const char *const files[] = {
        SEED_TEXT, MICIC_TEST_DATA "/text_multi.txt", MICIC_TEST_DATA "/validate/errors.txt",
        MICIC_TEST_DATA "/validate/fixable.txt", MICIC_TEST_DATA "/validate/warnings.txt"};
    micic_error err;
    size_t i;
    (void)o;
    f->corpus = micic_corpus_new();
    assert_non_null(f->corpus);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        blob b = slurp(files[i]);
        assert_int_equal(micic_read_buffer(f->corpus, b.data, b.len, files[i], NULL, &err),
                         MICIC_OK);
        free(b.data);
    }
    assert_true(micic_corpus_size(f->corpus) >= 9);
}

static void setup_nothing(fixture *f, const op *o) {
    (void)f;
    (void)o;
}

static void setup_index(fixture *f, const op *o) {
    micic_error err;
    setup_corpus(f, o);
    assert_int_equal(micic_index_build(f->corpus, &f->ix, &err), MICIC_OK);
}

static void setup_suggester(fixture *f, const op *o) {
    micic_error err;
    setup_corpus(f, o);
    assert_int_equal(micic_suggester_new(f->corpus, NULL, &f->sg, &err), MICIC_OK);
}

static void setup_vreport(fixture *f, const op *o) {
    micic_error err;
    setup_corpus(f, o);
    assert_int_equal(micic_validate(f->corpus, NULL, &f->vreport, &err), MICIC_OK);
    assert_true(micic_report_size(f->vreport) > 0);
}

static void setup_crosstab(fixture *f, const op *o) {
    micic_error err;
    setup_corpus(f, o);
    assert_int_equal(micic_crosstab_new(f->corpus, MICIC_FIELD_COUNTRY, MICIC_FIELD_PHASE, NULL,
                                        &f->crosstab, &err),
                     MICIC_OK);
}

static void setup_gaps(fixture *f, const op *o) {
    micic_error err;
    setup_corpus(f, o);
    assert_int_equal(micic_gaps_new(f->corpus, 1, &f->gaps, &err), MICIC_OK);
}

/* A constructor the test calls itself (micic_corpus_new...) returned NULL. */
static int enomem(micic_error *err) {
    micic_error_clear(err);
    err->code = MICIC_ENOMEM;
    return MICIC_ENOMEM;
}

static int run_read(fixture *f, const op *o, micic_error *err) {
    blob b = slurp(o->path);
    micic_read_options ro = MICIC_READ_OPTIONS_INIT;
    int rc;
    ro.format = o->format;
    f->read = micic_corpus_new();
    if (!f->read) {
        free(b.data);
        return enomem(err);
    }
    rc = micic_read_buffer(f->read, b.data, b.len, "input", &ro, err);
    free(b.data);
    return rc;
}

/* micic_read_file() of a file or directory (o->path). */
static int run_read_file(fixture *f, const op *o, micic_error *err) {
    f->read = micic_corpus_new();
    if (!f->read) return enomem(err);
    return micic_read_file(f->read, o->path, NULL, err);
}

/* micic_corpus_extend(): copies every record of the small corpus. */
static int run_extend(fixture *f, const op *o, micic_error *err) {
    (void)o;
    f->read = micic_corpus_new();
    if (!f->read) return enomem(err);
    return micic_corpus_extend(f->read, f->corpus, err);
}

static int on_record(const micic_practice *p, void *payload) {
    fixture *f = payload;
    assert_non_null(micic_practice_id(p));
    f->streamed++;
    return 0;
}

/* micic_stream_file(): CSV and JSONL are streamed in constant memory. */
static int run_stream(fixture *f, const op *o, micic_error *err) {
    f->report = micic_report_new();
    if (!f->report) return enomem(err);
    return micic_stream_file(o->path, NULL, on_record, f, f->report, err);
}

static int run_validate(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_validate(f->corpus, NULL, &f->report, err);
}

static int run_normalize(fixture *f, const op *o, micic_error *err) {
    size_t changed = 0;
    (void)o;
    f->report = micic_report_new();
    if (!f->report) return enomem(err);
    return micic_normalize(f->corpus, f->report, &changed, err);
}

static int run_index(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_index_build(f->corpus, &f->out_ix, err);
}

static int run_search(fixture *f, const op *o, micic_error *err) {
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    (void)o;
    so.limit = 0;
    return micic_search(f->ix,
                        "(crisis:conflict OR phase:\"post-crisis action\") country:libya "
                        "migrants evacuation NOT guideline:15",
                        &so, &f->results, err);
}

static int run_search_words(fixture *f, const op *o, micic_error *err) {
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    (void)o;
    return micic_search(f->ix, "\"emergency evacuation\" OR website migrants", &so, &f->results,
                        err);
}

static int run_validate_practice(fixture *f, const op *o, micic_error *err) {
    size_t i;
    int rc = MICIC_OK;
    (void)o;
    f->report = micic_report_new();
    if (!f->report) return enomem(err);
    for (i = 0; i < micic_corpus_size(f->corpus) && rc == MICIC_OK; i++)
        rc = micic_validate_practice(micic_corpus_get(f->corpus, i), (long)i, NULL, f->report,
                                     err);
    return rc;
}

static int run_report_filter(fixture *f, const op *o, micic_error *err) {
    int rc;
    (void)o;
    rc = micic_report_filter(f->vreport, 0, MICIC_SEVERITY_WARNING, NULL, &f->report);
    if (rc == MICIC_ENOMEM) return enomem(err);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

static int run_similar_text(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_similar_text(f->ix, SUGGEST_TEXT, 0, &f->results, err);
}

static int run_suggest_practice(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_suggest_practice(f->sg, micic_corpus_get(f->corpus, 0), 0, &f->suggestions,
                                  err);
}

static int run_similar(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_similar(f->ix, 0, 3, &f->results, err);
}

static int run_duplicates(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_duplicates(f->ix, 0.1, &f->groups, err);
}

static int run_suggester_new(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_suggester_new(f->corpus, NULL, &f->out_sg, err);
}

static int run_suggest(fixture *f, const op *o, micic_error *err) {
    (void)o;
    return micic_suggest(f->sg, SUGGEST_TEXT, 3, &f->suggestions, err);
}

static int run_crosstab(fixture *f, const op *o, micic_error *err) {
    micic_crosstab_options co = MICIC_CROSSTAB_OPTIONS_INIT;
    (void)o;
    co.include_missing = 1;
    co.filter = "migrants OR country:global";
    return micic_crosstab_new(f->corpus, MICIC_FIELD_COUNTRY, MICIC_FIELD_PHASE, &co,
                              &f->crosstab, err);
}

static int run_crosstab_render(fixture *f, const op *o, micic_error *err) {
    return micic_crosstab_render(f->crosstab, (micic_table_format)o->param, &f->text, err);
}

static int run_gaps(fixture *f, const op *o, micic_error *err) {
    return micic_gaps_new(f->corpus, o->param, &f->gaps, err);
}

static int run_gaps_render(fixture *f, const op *o, micic_error *err) {
    return micic_gaps_render(f->gaps, (micic_table_format)o->param, &f->text, err);
}

static int run_write(fixture *f, const op *o, micic_error *err) {
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    wo.with_originals = 1;
    return micic_write_buffer(f->corpus, o->format, &wo, &f->text, err);
}

static int run_render(fixture *f, const op *o, micic_error *err) {
    return micic_report_render(f->vreport, (micic_report_format)o->param, &f->text, err);
}

static int run_query_parse(fixture *f, const op *o, micic_error *err) {
    int rc;
    (void)o;
    rc = micic_query_parse("guideline:14 crisis:conflict (phase:\"post-crisis action\" OR "
                           "phase:emergency) NOT country:LBY evacuation \"migrant workers\"",
                           &f->query, err);
    if (rc == MICIC_OK) {
        /* the canonical text too: one more allocating call on the result */
        f->text = micic_query_to_string(f->query);
        if (!f->text) return enomem(err);
    }
    return rc;
}

/* ---- digests: what a run produced, to compare runs ----------------------- */

/* A growable string of the C library's heap (not counted). */
typedef struct dstr {
    char *s;
    size_t len, cap;
} dstr;

static void dputs(dstr *d, const char *t) {
    size_t n = strlen(t);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->s = realloc(d->s, d->cap);
        assert_non_null(d->s);
    }
    memcpy(d->s + d->len, t, n + 1);
    d->len += n;
}

static void dprintf_(dstr *d, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    dputs(d, tmp);
}

/* Take a micic string (may be NULL) into d and free it. */
static void dtake(dstr *d, char *t) {
    dputs(d, t ? t : "(null)");
    dputs(d, "\n");
    micic_free(t);
}

static void digest_corpus(dstr *d, const micic_corpus *c) {
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    char *t = NULL;
    wo.with_originals = 1;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_JSONL, &wo, &t, NULL), MICIC_OK);
    dtake(d, t);
    t = NULL;
    assert_int_equal(micic_report_render(micic_corpus_read_report(c), MICIC_REPORT_JSON, &t, NULL),
                     MICIC_OK);
    dtake(d, t);
}

static void digest_report(dstr *d, const micic_report *r) {
    char *t = NULL;
    if (!r) return;
    assert_int_equal(micic_report_render(r, MICIC_REPORT_JSON, &t, NULL), MICIC_OK);
    dtake(d, t);
}

static void digest_results(dstr *d, const micic_results *r) {
    size_t i;
    if (!r) return;
    dprintf_(d, "results %zu of %zu\n", micic_results_size(r), micic_results_total(r));
    for (i = 0; i < micic_results_size(r); i++) {
        dprintf_(d, "%zu %s %.17g ", micic_results_record(r, i), micic_results_id(r, i),
                 micic_results_score(r, i));
        dputs(d, micic_results_snippet(r, i));
        dputs(d, "\n");
    }
}

static void digest_suggestions(dstr *d, const micic_suggestions *r) {
    size_t i, j;
    if (!r) return;
    for (i = 0; i < micic_suggestions_size(r); i++) {
        dprintf_(d, "%d %.17g", micic_suggestions_guideline(r, i), micic_suggestions_score(r, i));
        for (j = 0; j < micic_suggestions_term_count(r, i); j++)
            dprintf_(d, " %s", micic_suggestions_term(r, i, j));
        dputs(d, "\n");
    }
}

/* Everything the run made, as text (the C library's heap: free()). Made
 * with no failure injected. */
static char *digest(const fixture *f) {
    dstr d = { NULL, 0, 0 };
    dputs(&d, "");
    if (f->read) digest_corpus(&d, f->read);
    if (f->report) {
        digest_report(&d, f->report);
        if (f->corpus) digest_corpus(&d, f->corpus); /* normalize changes the corpus */
    }
    dprintf_(&d, "streamed %zu\n", f->streamed);
    if (f->out_ix) {
        /* an index is known by what it finds */
        micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
        micic_results *r = NULL;
        const char *queries[] = { "migrants evacuation", "\"emergency evacuation\" OR website",
                                  "country:libya OR crisis:conflict", "funds nepal" };
        size_t i;
        so.limit = 0;
        for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
            assert_int_equal(micic_search(f->out_ix, queries[i], &so, &r, NULL), MICIC_OK);
            digest_results(&d, r);
            micic_results_free(r);
            r = NULL;
        }
        assert_int_equal(micic_similar(f->out_ix, 0, 0, &r, NULL), MICIC_OK);
        digest_results(&d, r);
        micic_results_free(r);
    }
    digest_results(&d, f->results);
    if (f->out_sg) {
        micic_suggestions *r = NULL;
        assert_int_equal(micic_suggest(f->out_sg, SUGGEST_TEXT, 0, &r, NULL), MICIC_OK);
        digest_suggestions(&d, r);
        micic_suggestions_free(r);
    }
    digest_suggestions(&d, f->suggestions);
    if (f->crosstab) {
        char *t = NULL;
        assert_int_equal(micic_crosstab_render(f->crosstab, MICIC_TABLE_JSON, &t, NULL), MICIC_OK);
        dtake(&d, t);
    }
    if (f->gaps) {
        char *t = NULL;
        assert_int_equal(micic_gaps_render(f->gaps, MICIC_TABLE_CSV, &t, NULL), MICIC_OK);
        dtake(&d, t);
    }
    if (f->groups) {
        size_t i, j;
        for (i = 0; i < micic_groups_count(f->groups); i++) {
            for (j = 0; j < micic_groups_size(f->groups, i); j++)
                dprintf_(&d, "%zu ", micic_groups_member(f->groups, i, j));
            dputs(&d, "\n");
        }
    }
    if (f->query) dtake(&d, micic_query_to_string(f->query));
    if (f->text) {
        dputs(&d, f->text);
        dputs(&d, "\n");
    }
    return d.s;
}

static void teardown(fixture *f) {
    micic_free(f->text);
    micic_query_free(f->query);
    micic_groups_free(f->groups);
    micic_gaps_free(f->gaps);
    micic_crosstab_free(f->crosstab);
    micic_suggestions_free(f->suggestions);
    micic_suggester_free(f->out_sg);
    micic_results_free(f->results);
    micic_index_free(f->out_ix);
    micic_report_free(f->report);
    micic_corpus_free(f->read);
    micic_report_free(f->vreport);
    micic_suggester_free(f->sg);
    micic_index_free(f->ix);
    micic_corpus_free(f->corpus);
    memset(f, 0, sizeof *f);
}

/* After a failed run: what the call made must not be there. */
static void check_outputs_null(const fixture *f, const op *o) {
    if (o->run == run_normalize || o->run == run_stream || o->run == run_validate_practice ||
        o->is_reader)
        return; /* they fill objects passed in */
    if (o->run == run_query_parse) {
        /* query_to_string failing leaves the (valid) query */
        assert_null(f->text);
        return;
    }
    assert_null(f->text);
    assert_null(f->report);
    assert_null(f->out_ix);
    assert_null(f->results);
    assert_null(f->out_sg);
    assert_null(f->suggestions);
    if (o->run == run_crosstab || o->run == run_gaps) {
        assert_null(o->run == run_crosstab ? (void *)f->crosstab : (void *)f->gaps);
    }
    assert_null(f->groups);
    assert_null(f->query);
}

/* Every record of got equals the record at the same place in ref. */
static int is_prefix(const micic_corpus *got, const micic_corpus *ref) {
    size_t i, n = micic_corpus_size(got);
    if (n > micic_corpus_size(ref)) return 0;
    for (i = 0; i < n; i++)
        if (!micic_practice_equal(micic_corpus_get(got, i), micic_corpus_get(ref, i))) return 0;
    return 1;
}

/* One run failing allocation number n of the call (0: none). Returns the
 * number of allocations the call made. With n == 0, *ref_digest receives
 * the digest of the results and *keep (when not NULL) the corpus read.
 * With n > 0, *absorbed is incremented when the call absorbed the failure
 * (MICIC_OK with exactly the results of the run without failure). */
static long run_once(const op *o, long n, const micic_corpus *ref, micic_corpus **keep,
                     char **ref_digest, const char *want_digest, long *absorbed) {
    fixture f;
    micic_error err;
    long base_live = A.live, start, made;
    int rc;
    memset(&f, 0, sizeof f);
    A.fail_at = 0;
    o->setup(&f, o);
    start = A.calls;
    A.failed = 0;
    A.fail_at = n ? start + n : 0;
    memset(&err, 0x5A, sizeof err);
    rc = o->run(&f, o, &err);
    A.fail_at = 0;
    made = A.calls - start;
    if (n == 0) {
        if (rc != MICIC_OK) fail_msg("%s: %s", o->name, err.text);
        assert_int_equal(err.code, 0);
        *ref_digest = digest(&f);
        if (keep) {
            *keep = f.read;
            f.read = NULL;
            base_live = -1; /* the reference corpus stays alive */
        }
    } else if (!A.failed) {
        fail_msg("%s: allocation %ld was never reached (the call made %ld)", o->name, n, made);
    } else if (rc == MICIC_OK) {
        /* absorbed (an optional cache could not grow): only with the very
         * same results */
        char *got = digest(&f);
        if (strcmp(got, want_digest) != 0)
            fail_msg("%s: allocation %ld of %ld failed, the call returned MICIC_OK with "
                     "different results:\n--- want\n%.2000s\n--- got\n%.2000s",
                     o->name, n, made, want_digest, got);
        free(got);
        (*absorbed)++;
        if (getenv("MICIC_ALLOC_SHOW_ABSORBED"))
            print_message("%s: allocation %ld absorbed\n", o->name, n);
    } else {
        if (rc != MICIC_ENOMEM || err.code != MICIC_ENOMEM)
            fail_msg("%s: allocation %ld of %ld failed, call returned %d (%s), err.code %d (%s)",
                     o->name, n, made, rc, micic_strerror(rc), err.code,
                     err.code == MICIC_ENOMEM ? "" : err.text);
        check_outputs_null(&f, o);
        if (o->is_reader && f.read && !is_prefix(f.read, ref))
            fail_msg("%s: allocation %ld failed, the corpus holds %zu records that are not a "
                     "prefix of the %zu read without failure",
                     o->name, n, micic_corpus_size(f.read), micic_corpus_size(ref));
        if (o->is_reader && f.read) {
            /* what is left is a valid corpus: validate and write it */
            micic_report *r = NULL;
            char *t = NULL;
            assert_int_equal(micic_validate(f.read, NULL, &r, &err), MICIC_OK);
            assert_int_equal(micic_write_buffer(f.read, MICIC_FORMAT_JSONL, NULL, &t, &err),
                             MICIC_OK);
            micic_report_free(r);
            micic_free(t);
        }
    }
    teardown(&f);
    if (base_live >= 0 && A.live != base_live)
        fail_msg("%s: failing allocation %ld: %ld blocks leaked", o->name, n, A.live - base_live);
    return made;
}

/* 1 when allocation n of count is to be failed in this walk. */
static int scheduled(long n, long count, int reduced) {
    long dense = reduced ? REDUCED_DENSE : DENSE;
    long points = reduced ? REDUCED_MIDDLE_POINTS : MIDDLE_POINTS;
    long stride;
    if (!reduced && count <= DENSE_ALL) return 1;
    if (n <= dense || n > count - dense) return 1;
    stride = (count - 2 * dense) / points;
    if (stride < 1) stride = 1;
    return (n - dense) % stride == 0;
}

static void walk(const op *o) {
    micic_corpus *ref = NULL;
    char *want = NULL, *again = NULL;
    long count, n, runs = 0, absorbed = 0;
    int reduced = reduced_walk();
    /* fresh counts (a failed earlier test may have left blocks behind) */
    memset(&A, 0, sizeof A);
    assert_int_equal(micic_set_allocator(count_malloc, count_realloc, count_free), MICIC_OK);
    if (o->is_reader || o->run == run_stream) json_set_alloc_funcs(malloc, free);
    else json_set_alloc_funcs(count_json_malloc, count_json_free);
    count = run_once(o, 0, NULL, o->is_reader ? &ref : NULL, &want, NULL, NULL);
    assert_true(count > 0);
    /* deterministic: the same call makes the same allocations */
    assert_int_equal(run_once(o, 0, NULL, NULL, &again, NULL, NULL), count);
    assert_string_equal(again, want);
    free(again);
    for (n = 1; n <= count; n++) {
        if (!scheduled(n, count, reduced)) continue;
        run_once(o, n, ref, NULL, NULL, want, &absorbed);
        runs++;
    }
    micic_corpus_free(ref);
    free(want);
    assert_int_equal(A.live, 0);
    print_message("%-30s %6ld allocations, %5ld failing runs, %4ld absorbed\n", o->name, count,
                  runs, absorbed);
}

/* ---- the operations walked -------------------------------------------- */

static const op OPS[] = {
    { "read text (seed 004)", setup_nothing, run_read, 1, SEED_TEXT, MICIC_FORMAT_AUTO, 0 },
    { "read guidelines (seed 000)", setup_nothing, run_read, 1, SEED_GUIDELINES,
      MICIC_FORMAT_AUTO, 0 },
    { "read text (seed 001)", setup_nothing, run_read, 1, MICIC_SEEDS_DIR "/001_87c8b2353408428e.txt",
      MICIC_FORMAT_AUTO, 0 },
    { "read guidelines (seed 002)", setup_nothing, run_read, 1,
      MICIC_SEEDS_DIR "/002_6a72a7c89454eb5c.txt", MICIC_FORMAT_AUTO, 0 },
    { "read guidelines (seed 003)", setup_nothing, run_read, 1,
      MICIC_SEEDS_DIR "/003_650e86cc90e064d2.txt", MICIC_FORMAT_AUTO, 0 },
    { "read text (hostile)", setup_nothing, run_read, 1, MICIC_TEST_DATA "/hostile/mixed.txt",
      MICIC_FORMAT_AUTO, 0 },
    { "read csv (hostile)", setup_nothing, run_read, 1, MICIC_TEST_DATA "/hostile/mixed.csv",
      MICIC_FORMAT_AUTO, 0 },
    { "read jsonl (hostile)", setup_nothing, run_read, 1, MICIC_TEST_DATA "/hostile/mixed.jsonl",
      MICIC_FORMAT_AUTO, 0 },
    { "read json (bad UTF-8)", setup_nothing, run_read, 1, MICIC_TEST_DATA "/hostile/utf8.json",
      MICIC_FORMAT_AUTO, 0 },
    { "read text, several records", setup_nothing, run_read, 1,
      MICIC_TEST_DATA "/text_multi.txt", MICIC_FORMAT_TEXT, 0 },
    { "read csv", setup_nothing, run_read, 1, MICIC_TEST_DATA "/csv_seeds.csv",
      MICIC_FORMAT_CSV, 0 },
    { "read csv (labels, CRLF, BOM)", setup_nothing, run_read, 1,
      MICIC_TEST_DATA "/csv_labels_crlf_bom.csv", MICIC_FORMAT_AUTO, 0 },
    { "read json", setup_nothing, run_read, 1, MICIC_TEST_DATA "/json_seeds.json",
      MICIC_FORMAT_JSON, 0 },
    { "read jsonl", setup_nothing, run_read, 1, MICIC_TEST_DATA "/jsonl_seeds.jsonl",
      MICIC_FORMAT_JSONL, 0 },
    { "read long", setup_nothing, run_read, 1, MICIC_TEST_DATA "/long_seeds.csv",
      MICIC_FORMAT_LONG, 0 },
    { "read_file directory (hostile)", setup_nothing, run_read_file, 1,
      MICIC_TEST_DATA "/hostile", MICIC_FORMAT_AUTO, 0 },
    { "read_file csv", setup_nothing, run_read_file, 1, MICIC_TEST_DATA "/csv_seeds.csv",
      MICIC_FORMAT_AUTO, 0 },
    /* over 64 KiB: streamed into the corpus (micic__load_csv / _jsonl) */
    { "read_file csv (streamed)", setup_nothing, run_read_file, 1,
      MICIC_TEST_DATA "/big_records.csv", MICIC_FORMAT_AUTO, 0 },
    { "read_file jsonl (streamed)", setup_nothing, run_read_file, 1,
      MICIC_TEST_DATA "/big_records.jsonl", MICIC_FORMAT_AUTO, 0 },
    { "corpus extend", setup_corpus, run_extend, 1, NULL, MICIC_FORMAT_AUTO, 0 },
    { "stream csv", setup_nothing, run_stream, 0, MICIC_TEST_DATA "/csv_seeds.csv",
      MICIC_FORMAT_AUTO, 0 },
    { "stream jsonl", setup_nothing, run_stream, 0, MICIC_TEST_DATA "/jsonl_seeds.jsonl",
      MICIC_FORMAT_AUTO, 0 },
    { "stream text", setup_nothing, run_stream, 0, MICIC_TEST_DATA "/text_multi.txt",
      MICIC_FORMAT_AUTO, 0 },
    { "validate", setup_corpus, run_validate, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "validate practice", setup_corpus, run_validate_practice, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "report filter", setup_vreport, run_report_filter, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "normalize", setup_corpus, run_normalize, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "index build", setup_corpus, run_index, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "search facets+words", setup_index, run_search, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "search phrase+words", setup_index, run_search_words, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "similar", setup_index, run_similar, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "similar text", setup_index, run_similar_text, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "duplicates", setup_index, run_duplicates, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "suggester new", setup_corpus, run_suggester_new, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "suggest", setup_suggester, run_suggest, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "suggest practice", setup_suggester, run_suggest_practice, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "crosstab new (filter)", setup_corpus, run_crosstab, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "crosstab render text", setup_crosstab, run_crosstab_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_TABLE_TEXT },
    { "crosstab render csv", setup_crosstab, run_crosstab_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_TABLE_CSV },
    { "crosstab render json", setup_crosstab, run_crosstab_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_TABLE_JSON },
    { "gaps new (all phases)", setup_corpus, run_gaps, 0, NULL, MICIC_FORMAT_AUTO, 0 },
    { "gaps new (own phase)", setup_corpus, run_gaps, 0, NULL, MICIC_FORMAT_AUTO, 1 },
    { "gaps render text", setup_gaps, run_gaps_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_TABLE_TEXT },
    { "write text", setup_corpus, run_write, 0, NULL, MICIC_FORMAT_TEXT, 0 },
    { "write csv", setup_corpus, run_write, 0, NULL, MICIC_FORMAT_CSV, 0 },
    { "write json", setup_corpus, run_write, 0, NULL, MICIC_FORMAT_JSON, 0 },
    { "write jsonl", setup_corpus, run_write, 0, NULL, MICIC_FORMAT_JSONL, 0 },
    { "write long", setup_corpus, run_write, 0, NULL, MICIC_FORMAT_LONG, 0 },
    { "report render text", setup_vreport, run_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_REPORT_TEXT },
    { "report render json", setup_vreport, run_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_REPORT_JSON },
    { "report render csv", setup_vreport, run_render, 0, NULL, MICIC_FORMAT_AUTO,
      MICIC_REPORT_CSV },
    { "query parse", setup_nothing, run_query_parse, 0, NULL, MICIC_FORMAT_AUTO, 0 },
};

#define NOPS (sizeof OPS / sizeof OPS[0])

static void test_walk(void **state) { walk((const op *)*state); }

/* ---- the hook itself ---------------------------------------------------- */

static void test_set_get_allocator(void **state) {
    void *(*m)(size_t) = NULL;
    void *(*r)(void *, size_t) = NULL;
    void (*fr)(void *) = NULL;
    char *s = NULL;
    (void)state;
    assert_int_equal(micic_set_allocator(NULL, NULL, NULL), MICIC_OK);
    micic_get_allocator(&m, &r, &fr);
    assert_true(m == malloc);
    assert_true(r == realloc);
    assert_true(fr == free);
    micic_get_allocator(NULL, NULL, NULL);
    /* partly NULL: refused, nothing changes */
    assert_int_equal(micic_set_allocator(count_malloc, NULL, count_free), MICIC_EINVAL);
    micic_get_allocator(&m, NULL, NULL);
    assert_true(m == malloc);
    assert_int_equal(micic_set_allocator(count_malloc, count_realloc, count_free), MICIC_OK);
    micic_get_allocator(&m, &r, &fr);
    assert_true(m == count_malloc);
    assert_true(r == count_realloc);
    assert_true(fr == count_free);
    /* a "new" string comes from the hook and goes back to it */
    memset(&A, 0, sizeof A);
    assert_int_equal(micic_fold("C\xc3\xb4te d\xe2\x80\x99Ivoire", &s), MICIC_OK);
    assert_string_equal(s, "cote d'ivoire");
    assert_true(A.calls >= 1);
    assert_true(A.live == 1);
    micic_free(s);
    assert_int_equal(A.live, 0);
    /* and a failing hook makes the call fail cleanly */
    A.fail_at = A.calls + 1;
    s = NULL;
    assert_int_equal(micic_fold("C\xc3\xb4te", &s), MICIC_ENOMEM);
    assert_null(s);
    A.fail_at = A.calls + 1;
    assert_int_equal(micic_fold("plain ASCII", &s), MICIC_ENOMEM);
    assert_null(s);
    A.fail_at = 0;
    assert_int_equal(A.live, 0);
    assert_int_equal(micic_set_allocator(NULL, NULL, NULL), MICIC_OK);
    micic_get_allocator(&m, NULL, NULL);
    assert_true(m == malloc);
}

int main(void) {
    struct CMUnitTest tests[NOPS + 1];
    size_t i;
    /* MICIC_ALLOC_ONLY=pattern runs the matching tests only (debugging) */
    if (getenv("MICIC_ALLOC_ONLY")) cmocka_set_test_filter(getenv("MICIC_ALLOC_ONLY"));
    memset(tests, 0, sizeof tests);
    tests[0].name = "set_get_allocator";
    tests[0].test_func = test_set_get_allocator;
    for (i = 0; i < NOPS; i++) {
        tests[i + 1].name = OPS[i].name;
        tests[i + 1].test_func = test_walk;
        tests[i + 1].initial_state = (void *)&OPS[i];
    }
    return _cmocka_run_group_tests("alloc", tests, NOPS + 1, NULL, NULL);
}
