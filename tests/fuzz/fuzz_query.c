/*
 * libFuzzer target: the query parser and search.
 * The bytes (cut at the first NUL) are a query text:
 *   - micic_query_parse() returns MICIC_OK, MICIC_EQUERY or MICIC_EUTF8,
 *     and an error carries a 1-based column and a message (search.h);
 *   - a parsed query's canonical text (micic_query_to_string) parses back
 *     to itself, with the same ranked flag;
 *   - micic_search() on a small index (the seed documents, built once) gives
 *     the same status as the parser, at most `limit` results, every result
 *     readable, scores >= 0 and non-increasing for ranked queries (0 for
 *     records matched without a positive word) and 0 for facet-only ones; micic_search_query() agrees with micic_search();
 *   - micic_similar_text() on the same text does not fail on valid UTF-8.
 * Seeds: tests/fuzz/corpus/fuzz_query/ (queries from docs/query.md and the tests).
 */
#include "fuzz_common.h"

/* Built once, read-only afterwards (search.h: an index is immutable). */
static micic_corpus *fz_seed_corpus;
static micic_index *fz_index;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    micic_error err;
    int rc;
    (void)argc;
    (void)argv;
    fz_seed_corpus = micic_corpus_new();
    FZ_CHECK(fz_seed_corpus != NULL, "micic_corpus_new");
    rc = micic_read_file(fz_seed_corpus, MICIC_SEEDS_DIR, NULL, &err);
    if (rc != MICIC_OK) fz_fail("reading the seed documents", rc, &err);
    FZ_CHECK(micic_corpus_size(fz_seed_corpus) > 0, "no seed records");
    rc = micic_index_build(fz_seed_corpus, &fz_index, &err);
    if (rc != MICIC_OK) fz_fail("micic_index_build", rc, &err);
    return 0;
}

static void check_results(const micic_results *r, size_t limit, int ranked) {
    size_t i, n = micic_results_size(r);
    size_t nrec = micic_corpus_size(fz_seed_corpus);
    FZ_CHECK(n <= micic_results_total(r), "more results than matches");
    FZ_CHECK(micic_results_total(r) <= nrec, "more matches than records");
    if (limit) FZ_CHECK(n <= limit, "more results than the limit");
    for (i = 0; i < n; i++) {
        size_t rec = micic_results_record(r, i);
        double s = micic_results_score(r, i);
        FZ_CHECK(rec < nrec, "result record out of range");
        FZ_CHECK(micic_results_id(r, i) != NULL &&
                     strcmp(micic_results_id(r, i),
                            micic_practice_id(micic_corpus_get(fz_seed_corpus, rec))) == 0,
                 "result id is not its record's id");
        fz_touch(micic_results_snippet(r, i));
        if (ranked) {
            /* docs/search.md: records matching only through facets or OR
             * branches without a positive word score 0, after the others */
            FZ_CHECK(s >= 0, "ranked result with a negative score");
            if (i > 0) FZ_CHECK(s <= micic_results_score(r, i - 1), "scores not sorted");
        } else {
            FZ_CHECK(s == 0, "unranked result with a score");
        }
    }
    FZ_CHECK(micic_results_record(r, n) == (size_t)-1, "record past the end");
    FZ_CHECK(micic_results_id(r, n) == NULL, "id past the end");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    micic_query *q = NULL, *q2 = NULL;
    micic_results *r = NULL, *r2 = NULL;
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    micic_error err, err2;
    int rc, rc2;
    FZ_CHECK(text != NULL, "malloc");
    memcpy(text, data, size);
    text[size] = '\0';

    rc = micic_query_parse(text, &q, &err);
    FZ_CHECK(rc == MICIC_OK || rc == MICIC_EQUERY || rc == MICIC_EUTF8,
             "micic_query_parse returned an unexpected status");
    if (rc != MICIC_OK) {
        FZ_CHECK(q == NULL, "failed parse left a query");
        FZ_CHECK(err.code == rc && err.column >= 1 && err.text[0] != '\0',
                 "parse error without column or message");
    } else {
        char *canon = micic_query_to_string(q), *canon2;
        FZ_CHECK(canon != NULL, "micic_query_to_string gave NULL");
        rc2 = micic_query_parse(canon, &q2, &err2);
        if (rc2 != MICIC_OK) {
            fprintf(stderr, "query: [%s]\ncanonical: [%s]\n", text, canon);
            fz_fail("canonical text does not parse", rc2, &err2);
        }
        canon2 = micic_query_to_string(q2);
        FZ_CHECK(canon2 != NULL, "micic_query_to_string gave NULL");
        if (strcmp(canon, canon2) != 0) {
            fprintf(stderr, "query: [%s]\ncanonical: [%s]\nagain: [%s]\n", text, canon, canon2);
            fz_fail("canonical text does not parse back to itself", 0, NULL);
        }
        FZ_CHECK(micic_query_is_ranked(q) == micic_query_is_ranked(q2), "ranked flag changed");
        micic_free(canon);
        micic_free(canon2);
        micic_query_free(q2);
    }

    /* size parity picks the limit: 10 (default) or all */
    so.limit = (size & 1) ? 0 : 10;
    rc2 = micic_search(fz_index, text, &so, &r, &err2);
    FZ_CHECK(rc2 == rc, "micic_search and micic_query_parse disagree");
    if (rc == MICIC_OK) {
        check_results(r, so.limit, micic_query_is_ranked(q));
        rc2 = micic_search_query(fz_index, q, &so, &r2, &err2);
        if (rc2 != MICIC_OK) fz_fail("micic_search_query", rc2, &err2);
        FZ_CHECK(micic_results_total(r) == micic_results_total(r2) &&
                     micic_results_size(r) == micic_results_size(r2),
                 "micic_search_query and micic_search disagree");
        micic_results_free(r2);
        r2 = NULL;
    } else {
        FZ_CHECK(r == NULL, "failed search left results");
    }
    micic_results_free(r);
    micic_query_free(q);

    rc = micic_similar_text(fz_index, text, 5, &r, &err);
    FZ_CHECK(rc == MICIC_OK || rc == MICIC_EUTF8, "micic_similar_text failed");
    if (rc == MICIC_OK) {
        size_t i;
        FZ_CHECK(micic_results_size(r) <= 5, "similar_text over k");
        for (i = 0; i < micic_results_size(r); i++) {
            double s = micic_results_score(r, i);
            FZ_CHECK(s > 0 && s <= 1.0 + 1e-9, "similarity outside (0, 1]");
        }
        micic_results_free(r);
    }
    free(text);
    return 0;
}
