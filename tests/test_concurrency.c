/* Thread safety of search: one immutable index (and one parsed query)
 * searched from 4 threads at once, 200 queries each; every result must
 * equal the single-threaded run. Built twice more by tests/CMakeLists.txt:
 * under ASan+UBSan (c_concurrency_asan) and ThreadSanitizer
 * (c_concurrency_tsan). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"
#include "query_internal.h"

#define N_THREADS 4
#define N_PER_THREAD 200

static const char *const queries[] = {
    "evacuation",
    "migrants AND (training OR insurance)",
    "\"post evacuation assistance\"",
    "guideline:14 OR guideline:8",
    "crisis:conflict NOT country:LBY",
    "kind:recommended phase:emergency communication",
    "stakeholder:IOM OR stakeholder_type:state",
    "remittances OR diaspora OR \"mobile money\"",
    "title:\"post evacuation\"",
    "NOT (kind:reported OR evacuation)",
    "theme:\"capacity building\" training",
    "returnees reintegration",
};
#define N_QUERIES (sizeof queries / sizeof queries[0])

/* One query's results, flattened for comparison. */
typedef struct expected {
    size_t n, total;
    size_t record[64];
    double score[64];
    char *snippet[64];
} expected;

typedef struct shared {
    const micic_index *ix;
    const micic_query *parsed; /* one parsed query used by every thread */
    expected want[N_QUERIES];
    expected want_parsed;
} shared;

typedef struct worker {
    shared *sh;
    int id;
    int failures;
} worker;

static micic_search_options options(void) {
    micic_search_options o = MICIC_SEARCH_OPTIONS_INIT;
    o.limit = 64;
    o.snippet_chars = 80;
    return o;
}

static char *dup(const char *s) {
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static void fill(expected *e, const micic_results *r) {
    size_t i;
    e->n = micic_results_size(r);
    e->total = micic_results_total(r);
    for (i = 0; i < e->n; i++) {
        e->record[i] = micic_results_record(r, i);
        e->score[i] = micic_results_score(r, i);
        e->snippet[i] = dup(micic_results_snippet(r, i));
    }
}

static int same(const expected *e, const micic_results *r) {
    size_t i;
    if (micic_results_size(r) != e->n || micic_results_total(r) != e->total) return 0;
    for (i = 0; i < e->n; i++) {
        if (micic_results_record(r, i) != e->record[i]) return 0;
        if (micic_results_score(r, i) != e->score[i]) return 0;
        if (strcmp(micic_results_snippet(r, i), e->snippet[i]) != 0) return 0;
    }
    return 1;
}

static void *work(void *arg) {
    worker *w = arg;
    micic_search_options o = options();
    int i;
    for (i = 0; i < N_PER_THREAD; i++) {
        size_t qi = ((size_t)i * 7 + (size_t)w->id * 3) % (N_QUERIES + 1);
        micic_results *r = NULL;
        micic_error err;
        int rc;
        if (qi == N_QUERIES) {
            rc = micic_search_query(w->sh->ix, w->sh->parsed, &o, &r, &err);
            if (rc != MICIC_OK || !same(&w->sh->want_parsed, r)) w->failures++;
        } else {
            rc = micic_search(w->sh->ix, queries[qi], &o, &r, &err);
            if (rc != MICIC_OK || !same(&w->sh->want[qi], r)) w->failures++;
        }
        micic_results_free(r);
        /* the one-record matcher on the shared parsed query, too */
        if (micic__query_match(w->sh->parsed, micic_corpus_get(micic_index_corpus(w->sh->ix),
                                                               (size_t)i % 5)) < 0)
            w->failures++;
    }
    return NULL;
}

static void test_threads(void **state) {
    static const char *const seed_files[] = {
        "000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt", "002_6a72a7c89454eb5c.txt",
        "003_650e86cc90e064d2.txt", "004_aa20fe2b579e300a.txt"};
    micic_corpus *c = micic_corpus_new();
    micic_index *ix = NULL;
    micic_query *parsed = NULL;
    micic_search_options o = options();
    shared *sh = calloc(1, sizeof *sh);
    worker w[N_THREADS];
    pthread_t th[N_THREADS];
    size_t i, j, nonempty = 0;
    (void)state;
    assert_non_null(sh);
    for (i = 0; i < sizeof seed_files / sizeof seed_files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, seed_files[i]);
        assert_int_equal(micic_read_file(c, path, NULL, NULL), MICIC_OK);
    }
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    assert_int_equal(micic_query_parse("evacuation OR (returnees NOT kind:reported)", &parsed, NULL),
                     MICIC_OK);
    sh->ix = ix;
    sh->parsed = parsed;
    /* single-threaded reference run */
    for (i = 0; i < N_QUERIES; i++) {
        micic_results *r = NULL;
        assert_int_equal(micic_search(ix, queries[i], &o, &r, NULL), MICIC_OK);
        fill(&sh->want[i], r);
        nonempty += sh->want[i].n > 0;
        micic_results_free(r);
    }
    {
        micic_results *r = NULL;
        assert_int_equal(micic_search_query(ix, parsed, &o, &r, NULL), MICIC_OK);
        fill(&sh->want_parsed, r);
        assert_true(sh->want_parsed.n > 0);
        micic_results_free(r);
    }
    assert_true(nonempty >= N_QUERIES - 1); /* the comparison is not vacuous */
    for (i = 0; i < N_THREADS; i++) {
        w[i].sh = sh;
        w[i].id = (int)i;
        w[i].failures = 0;
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < N_THREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
    for (i = 0; i < N_THREADS; i++) assert_int_equal(w[i].failures, 0);
    for (i = 0; i < N_QUERIES; i++)
        for (j = 0; j < sh->want[i].n; j++) free(sh->want[i].snippet[j]);
    for (j = 0; j < sh->want_parsed.n; j++) free(sh->want_parsed.snippet[j]);
    free(sh);
    micic_query_free(parsed);
    micic_index_free(ix);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
