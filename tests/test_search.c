/* Index and search (lib/index.c, lib/search.c): BM25 scores against the
 * formula on a tiny corpus, ranking, k1/b, facets combined with ranking,
 * snippets, exact result sets on the seeds, and the index agreeing with
 * the one-record matcher. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index_internal.h"
#include "internal.h"
#include "micic/micic.h"
#include "query_internal.h"

/* ---- helpers ------------------------------------------------------------ */

static void add(micic_practice *p, micic_field f, const char *v) {
    assert_int_equal(micic_practice_add(p, f, v, NULL, NULL, 0, 0, NULL), MICIC_OK);
}

static micic_results *run(const micic_index *ix, const char *query,
                          const micic_search_options *o) {
    micic_results *r = NULL;
    micic_error err;
    int rc = micic_search(ix, query, o, &r, &err);
    if (rc != MICIC_OK) fprintf(stderr, "search '%s': %s (column %d)\n", query, err.text, err.column);
    assert_int_equal(rc, MICIC_OK);
    assert_non_null(r);
    return r;
}

static micic_search_options all_opts(void) {
    micic_search_options o;
    micic_search_options_init(&o);
    o.limit = 0;
    return o;
}

/*
 * The tiny corpus. Tokens (stemmed, stopwords dropped):
 *   d0  title "Evacuation evacuation planning"               evacu evacu plan          |d|=3
 *       country Libya
 *   d1  title "Migrant evacuation", description "Community shelters"
 *                                              migrant evacu communiti shelter          |d|=4
 *       country Egypt
 *   d2  title "Shelter planning"                             shelter plan              |d|=2
 *   d3  title "Migrant workers", stakeholder "Red Cross"     migrant worker red cross  |d|=4
 * N = 4, avgdl = 13 / 4 = 3.25
 */
static micic_corpus *tiny_corpus(void) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p;
    assert_non_null(c);
    p = micic_practice_new();
    add(p, MICIC_FIELD_ID, "d0");
    add(p, MICIC_FIELD_TITLE, "Evacuation evacuation planning");
    add(p, MICIC_FIELD_COUNTRY, "Libya");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    p = micic_practice_new();
    add(p, MICIC_FIELD_ID, "d1");
    add(p, MICIC_FIELD_TITLE, "Migrant evacuation");
    add(p, MICIC_FIELD_DESCRIPTION, "Community shelters");
    add(p, MICIC_FIELD_COUNTRY, "Egypt");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    p = micic_practice_new();
    add(p, MICIC_FIELD_ID, "d2");
    add(p, MICIC_FIELD_TITLE, "Shelter planning");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    p = micic_practice_new();
    add(p, MICIC_FIELD_ID, "d3");
    add(p, MICIC_FIELD_TITLE, "Migrant workers");
    add(p, MICIC_FIELD_STAKEHOLDER, "Red Cross");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    return c;
}

/* BM25 of one term occurrence count, written out (docs/search.md). */
static double bm25(double idf, double tf, double dl, double k1, double b) {
    return idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / 3.25));
}

#define EPS 1e-12

/* ---- tiny corpus ---------------------------------------------------------- */

static void test_index_layout(void **state) {
    micic_corpus *c = tiny_corpus();
    micic_index *ix = NULL;
    long t;
    size_t p;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    assert_ptr_equal(micic_index_corpus(ix), c);
    assert_int_equal(ix->ndocs, 4);
    assert_int_equal(ix->doc_len[0], 3);
    assert_int_equal(ix->doc_len[1], 4);
    assert_int_equal(ix->doc_len[2], 2);
    assert_int_equal(ix->doc_len[3], 4);
    assert_true(fabs(ix->avg_len - 3.25) < EPS);
    /* distinct terms: evacu plan migrant communiti shelter worker red cross */
    assert_int_equal(ix->nterms, 8);
    t = micic__index_term_id(ix, "evacu", 5);
    assert_true(t >= 0);
    assert_string_equal(micic__index_term(ix, (size_t)t), "evacu");
    assert_int_equal(micic__index_df(ix, (size_t)t), 2);
    p = ix->post_start[t];
    assert_int_equal(ix->post_doc[p], 0);
    assert_int_equal(ix->post_tf[p], 2);
    assert_int_equal(ix->post_doc[p + 1], 1);
    assert_int_equal(ix->post_tf[p + 1], 1);
    /* positions: d0 "Evacuation evacuation" at 0 and 1, then d1 "evacuation" at 1 */
    assert_int_equal(ix->term_pos_start[t + 1] - ix->term_pos_start[t], 3);
    assert_int_equal(ix->pos[ix->term_pos_start[t]], 0);
    assert_int_equal(ix->pos[ix->term_pos_start[t] + 1], 1);
    assert_int_equal(ix->pos[ix->term_pos_start[t] + 2], 1);
    /* forward index of d1: migrant evacu communiti shelter, tf 1 each */
    assert_int_equal(ix->fwd_start[2] - ix->fwd_start[1], 4);
    assert_string_equal(micic__index_term(ix, ix->fwd_term[ix->fwd_start[1]]), "migrant");
    assert_string_equal(micic__index_term(ix, ix->fwd_term[ix->fwd_start[1] + 3]), "shelter");
    assert_int_equal(micic__index_term_id(ix, "missing", 7), -1);
    /* facets: country keys are alpha-3 codes */
    {
        const uint32_t *docs;
        size_t n;
        micic__index_facet_docs(ix, MICIC_FIELD_COUNTRY, "EGY", &docs, &n);
        assert_int_equal(n, 1);
        assert_int_equal(docs[0], 1);
        micic__index_facet_docs(ix, MICIC_FIELD_COUNTRY, "FRA", &docs, &n);
        assert_int_equal(n, 0);
    }
    /* Lucene's idf is positive even for a term in every record */
    assert_true(micic__bm25_idf(4, 4) > 0);
    assert_true(fabs(micic__bm25_idf(4, 2) - log(2.0)) < EPS);
    micic_index_free(ix);
    micic_index_free(NULL);
    micic_corpus_free(c);
}

static void test_bm25_scores(void **state) {
    micic_corpus *c = tiny_corpus();
    micic_index *ix = NULL;
    micic_results *r;
    micic_search_options o = all_opts();
    double idf2 = log(1.0 + (4.0 - 2.0 + 0.5) / (2.0 + 0.5)); /* = ln 2, n = 2 */
    double idf1 = log(1.0 + (4.0 - 1.0 + 0.5) / (1.0 + 0.5)); /* = ln(10/3), n = 1 */
    double s0, s1, s2;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);

    /* "evacuation": d0 (tf 2, |d| 3) before d1 (tf 1, |d| 4) */
    r = run(ix, "evacuation", &o);
    assert_int_equal(micic_results_size(r), 2);
    assert_int_equal(micic_results_total(r), 2);
    s0 = idf2 * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3 / 3.25));
    s1 = idf2 * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 4 / 3.25));
    assert_string_equal(micic_results_id(r, 0), "d0");
    assert_true(fabs(micic_results_score(r, 0) - s0) < EPS);
    assert_string_equal(micic_results_id(r, 1), "d1");
    assert_true(fabs(micic_results_score(r, 1) - s1) < EPS);
    assert_int_equal(micic_results_record(r, 1), 1);
    micic_results_free(r);

    /* two terms add up: implicit AND, only d2 has both "shelter" and "planning" */
    s2 = 2 * bm25(idf2, 1, 2, 1.2, 0.75);
    r = run(ix, "shelter planning", &o);
    assert_int_equal(micic_results_total(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d2");
    assert_true(fabs(micic_results_score(r, 0) - s2) < EPS);
    micic_results_free(r);
    r = run(ix, "shelter OR planning", &o);
    assert_int_equal(micic_results_size(r), 3);
    assert_string_equal(micic_results_id(r, 0), "d2");
    assert_true(fabs(micic_results_score(r, 0) - s2) < EPS);
    assert_string_equal(micic_results_id(r, 1), "d0"); /* |d| 3 before |d| 4 */
    assert_true(fabs(micic_results_score(r, 1) - bm25(idf2, 1, 3, 1.2, 0.75)) < EPS);
    assert_string_equal(micic_results_id(r, 2), "d1");
    assert_true(fabs(micic_results_score(r, 2) - bm25(idf2, 1, 4, 1.2, 0.75)) < EPS);
    micic_results_free(r);

    /* a stakeholder name is searchable text; a rare term has a higher idf */
    r = run(ix, "cross", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d3");
    assert_true(fabs(micic_results_score(r, 0) - bm25(idf1, 1, 4, 1.2, 0.75)) < EPS);
    micic_results_free(r);

    /* a phrase is one term: consecutive positions, its own document frequency */
    r = run(ix, "\"migrant evacuation\"", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d1");
    assert_true(fabs(micic_results_score(r, 0) - bm25(idf1, 1, 4, 1.2, 0.75)) < EPS);
    micic_results_free(r);
    r = run(ix, "\"evacuation migrant\"", &o);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);
    /* "evacuation evacuation" occurs once in d0 (positions 0-1) */
    r = run(ix, "\"evacuation evacuation\"", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_true(fabs(micic_results_score(r, 0) - bm25(idf1, 1, 3, 1.2, 0.75)) < EPS);
    micic_results_free(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

static void test_k1_b(void **state) {
    micic_corpus *c = tiny_corpus();
    micic_index *ix = NULL;
    micic_results *r;
    micic_search_options o = all_opts();
    double ln2 = log(2.0);
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    /* b = 0: no length normalization: tf (k1+1) / (tf + k1) */
    o.b = 0.0;
    r = run(ix, "evacuation", &o);
    assert_true(fabs(micic_results_score(r, 0) - ln2 * 2 * 2.2 / (2 + 1.2)) < EPS);
    assert_true(fabs(micic_results_score(r, 1) - ln2) < EPS); /* tf 1: exactly idf */
    micic_results_free(r);
    /* k1 = 0: term frequency ignored: every match scores idf, ties by record order */
    o.k1 = 0.0;
    o.b = 0.75;
    r = run(ix, "evacuation", &o);
    assert_true(fabs(micic_results_score(r, 0) - ln2) < EPS);
    assert_true(fabs(micic_results_score(r, 1) - ln2) < EPS);
    assert_string_equal(micic_results_id(r, 0), "d0");
    assert_string_equal(micic_results_id(r, 1), "d1");
    micic_results_free(r);
    /* k1 = 2, b = 1: full normalization */
    o.k1 = 2.0;
    o.b = 1.0;
    r = run(ix, "evacuation", &o);
    assert_true(fabs(micic_results_score(r, 0) - ln2 * 2 * 3 / (2 + 2 * (3 / 3.25))) < EPS);
    assert_true(fabs(micic_results_score(r, 1) - ln2 * 1 * 3 / (1 + 2 * (4 / 3.25))) < EPS);
    micic_results_free(r);
    /* bad parameters and versions */
    o.k1 = -1;
    assert_int_equal(micic_search(ix, "evacuation", &o, &r, NULL), MICIC_EINVAL);
    o.k1 = NAN;
    assert_int_equal(micic_search(ix, "evacuation", &o, &r, NULL), MICIC_EINVAL);
    o.k1 = 1.2;
    o.b = 1.5;
    assert_int_equal(micic_search(ix, "evacuation", &o, &r, NULL), MICIC_EINVAL);
    o.b = 0.75;
    o.version = 99;
    assert_int_equal(micic_search(ix, "evacuation", &o, &r, NULL), MICIC_EVERSION);
    assert_null(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

static void test_facets_and_ranking(void **state) {
    micic_corpus *c = tiny_corpus();
    micic_index *ix = NULL;
    micic_results *r;
    micic_search_options o = all_opts();
    micic_error err;
    double ln2 = log(2.0);
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    /* the filter does not change the idf (computed on the whole corpus) */
    r = run(ix, "evacuation country:EGY", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d1");
    assert_true(fabs(micic_results_score(r, 0) - bm25(ln2, 1, 4, 1.2, 0.75)) < EPS);
    micic_results_free(r);
    /* NOT */
    r = run(ix, "evacuation NOT migrant", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d0");
    micic_results_free(r);
    /* OR with a facet: the facet-only match ranks last with score 0 */
    r = run(ix, "cross OR country:LY", &o);
    assert_int_equal(micic_results_size(r), 2);
    assert_string_equal(micic_results_id(r, 0), "d3");
    assert_string_equal(micic_results_id(r, 1), "d0");
    assert_true(micic_results_score(r, 1) == 0.0);
    micic_results_free(r);
    /* facets only: corpus order, score 0 */
    r = run(ix, "NOT country:LBY", &o);
    assert_int_equal(micic_results_size(r), 3);
    assert_string_equal(micic_results_id(r, 0), "d1");
    assert_string_equal(micic_results_id(r, 1), "d2");
    assert_string_equal(micic_results_id(r, 2), "d3");
    assert_true(micic_results_score(r, 0) == 0.0);
    micic_results_free(r);
    /* title: and description: restrict the field */
    r = run(ix, "title:shelter", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d2");
    micic_results_free(r);
    r = run(ix, "description:shelter", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_string_equal(micic_results_id(r, 0), "d1");
    micic_results_free(r);
    r = run(ix, "id:d2 OR id:d3", &o);
    assert_int_equal(micic_results_size(r), 2);
    micic_results_free(r);
    /* limit and total */
    o.limit = 1;
    r = run(ix, "evacuation OR shelter OR migrant", &o);
    assert_int_equal(micic_results_size(r), 1);
    assert_int_equal(micic_results_total(r), 4);
    assert_null(micic_results_id(r, 1));
    assert_int_equal(micic_results_record(r, 1), (size_t)-1);
    assert_string_equal(micic_results_snippet(r, 1), "");
    micic_results_free(r);
    /* default options (limit 10), NULL opts */
    r = run(ix, "evacuation", NULL);
    assert_int_equal(micic_results_size(r), 2);
    micic_results_free(r);
    /* a query with no match */
    r = run(ix, "tsunami", &o);
    assert_int_equal(micic_results_size(r), 0);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);
    /* syntax errors come back with the column */
    r = (micic_results *)0x1;
    assert_int_equal(micic_search(ix, "evacuation (", &o, &r, &err), MICIC_EQUERY);
    assert_null(r);
    assert_int_equal(err.column, 12);
    assert_int_equal(micic_search(NULL, "x", &o, &r, &err), MICIC_EINVAL);
    assert_int_equal(micic_search(ix, NULL, &o, &r, &err), MICIC_EINVAL);
    {
        micic_index *none = (micic_index *)0x1;
        assert_int_equal(micic_index_build(NULL, &none, &err), MICIC_EINVAL);
        assert_null(none);
    }
    micic_results_free(NULL);
    assert_int_equal(micic_results_size(NULL), 0);
    micic_index_free(ix);
    micic_corpus_free(c);
}

static void test_empty_corpus(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_index *ix = NULL;
    micic_results *r;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    r = run(ix, "evacuation OR country:LBY", NULL);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);
    r = run(ix, "NOT evacuation", NULL);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

/* ---- snippets --------------------------------------------------------------- */

/* Characters of s without the marks and the ellipses. */
static size_t text_chars(const char *s, const char *mo, const char *mc) {
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len) {
        if (strncmp(s + i, mo, strlen(mo)) == 0) {
            i += strlen(mo);
            continue;
        }
        if (strncmp(s + i, mc, strlen(mc)) == 0) {
            i += strlen(mc);
            continue;
        }
        if (strncmp(s + i, "\xe2\x80\xa6", 3) == 0) {
            i += 3;
            continue;
        }
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        n++;
    }
    return n;
}

static void test_snippets(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    micic_index *ix = NULL;
    micic_results *r;
    micic_search_options o = all_opts();
    const char *s;
    (void)state;
    add(p, MICIC_FIELD_ID, "long");
    add(p, MICIC_FIELD_TITLE, "Consular support");
    add(p, MICIC_FIELD_DESCRIPTION,
        "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi "
        "rho sigma tau upsilon phi chi psi omega.\n\nThe evacuation of stranded workers was "
        "organised by the embassy in cooperation with local shelters. Later text continues with "
        "many unrelated words about budgets, logistics and reporting to donors and partners.");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    p = micic_practice_new();
    add(p, MICIC_FIELD_ID, "utf8");
    add(p, MICIC_FIELD_TITLE, "\xce\xa9\xce\xbc\xce\xad\xce\xb3\xce\xb1");
    add(p, MICIC_FIELD_DESCRIPTION,
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 \xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 "
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 \xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 "
        "\xc3\xa9vacuation \xce\xa3\xcf\x80\xce\xac\xcf\x81\xcf\x84\xce\xb7 "
        "\xce\xa3\xcf\x80\xce\xac\xcf\x81\xcf\x84\xce\xb7 \xce\xa3\xcf\x80\xce\xac\xcf\x81\xcf\x84\xce\xb7");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);

    /* both words fit in 120 characters: one window around them */
    o.snippet_chars = 120;
    r = run(ix, "evacuation shelters id:long", &o);
    s = micic_results_snippet(r, 0);
    assert_non_null(strstr(s, "The [evacuation] of stranded workers"));
    assert_non_null(strstr(s, "local [shelters]."));
    assert_int_equal(strncmp(s, "\xe2\x80\xa6", 3), 0);                   /* cut before */
    assert_int_equal(strcmp(s + strlen(s) - 3, "\xe2\x80\xa6"), 0);       /* and after */
    assert_null(strstr(s, "\n"));                                          /* one line */
    assert_true(text_chars(s, "[", "]") <= 120);
    assert_true(micic__utf8_valid(s, strlen(s)));
    micic_results_free(r);

    /* other marks; a window smaller than the span keeps the first words */
    o.snippet_chars = 40;
    o.mark_open = "<b>";
    o.mark_close = "</b>";
    r = run(ix, "evacuation shelters id:long", &o);
    s = micic_results_snippet(r, 0);
    assert_non_null(strstr(s, "<b>evacuation</b>"));
    assert_null(strstr(s, "[evacuation]"));
    assert_true(text_chars(s, "<b>", "</b>") <= 40);
    micic_results_free(r);

    /* no snippet */
    o.snippet_chars = 0;
    r = run(ix, "evacuation", &o);
    assert_string_equal(micic_results_snippet(r, 0), "");
    micic_results_free(r);

    /* the original word is marked (accent kept); cuts fall on UTF-8 boundaries */
    o.snippet_chars = 20;
    o.mark_open = "[";
    o.mark_close = "]";
    r = run(ix, "evacuation id:utf8", &o);
    s = micic_results_snippet(r, 0);
    assert_non_null(strstr(s, "[\xc3\xa9vacuation]"));
    assert_true(micic__utf8_valid(s, strlen(s)));
    assert_true(text_chars(s, "[", "]") <= 20);
    micic_results_free(r);
    for (o.snippet_chars = 1; o.snippet_chars < 60; o.snippet_chars++) {
        r = run(ix, "id:utf8 OR id:long", &o); /* facets only: the start of the description */
        s = micic_results_snippet(r, 1);
        assert_true(micic__utf8_valid(s, strlen(s)));
        assert_true(text_chars(s, "[", "]") <= o.snippet_chars);
        assert_null(strchr(s, '['));
        micic_results_free(r);
    }

    /* a phrase longer than 8 words; one word out of order breaks it */
    r = run(ix, "\"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda\"", &o);
    assert_int_equal(micic_results_total(r), 1);
    assert_string_equal(micic_results_id(r, 0), "long");
    micic_results_free(r);
    r = run(ix, "\"alpha beta gamma delta epsilon zeta eta theta kappa iota lambda\"", &o);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);

    /* a short text is shown whole, without ellipses */
    o.snippet_chars = 160;
    r = run(ix, "consular", &o);
    s = micic_results_snippet(r, 0);
    /* the description has no match: the title is the best window */
    assert_string_equal(s, "[Consular] support");
    micic_results_free(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

/* ---- seeds -------------------------------------------------------------------- */

static const char *const seed_files[] = {
    "000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt", "002_6a72a7c89454eb5c.txt",
    "003_650e86cc90e064d2.txt", "004_aa20fe2b579e300a.txt"};

static micic_corpus *seeds(void) {
    micic_corpus *c = micic_corpus_new();
    size_t i;
    assert_non_null(c);
    for (i = 0; i < sizeof seed_files / sizeof seed_files[0]; i++) {
        char path[1024];
        micic_error err;
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, seed_files[i]);
        assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
    }
    assert_true(micic_corpus_size(c) > 10);
    return c;
}

/* Index of the only record whose description contains @p needle. */
static size_t record_with(const micic_corpus *c, const char *needle) {
    size_t i, found = (size_t)-1, n = 0;
    for (i = 0; i < micic_corpus_size(c); i++) {
        const char *d = micic_practice_first(micic_corpus_get(c, i), MICIC_FIELD_DESCRIPTION);
        if (strstr(d, needle)) {
            found = i;
            n++;
        }
    }
    assert_int_equal(n, 1);
    return found;
}

/* The sorted record indexes a query finds. */
static size_t result_set(const micic_index *ix, const char *query, size_t *out, size_t cap) {
    micic_search_options o = all_opts();
    micic_results *r;
    size_t i, j, n;
    o.snippet_chars = 0;
    r = run(ix, query, &o);
    n = micic_results_size(r);
    assert_int_equal(n, micic_results_total(r));
    assert_true(n <= cap);
    for (i = 0; i < n; i++) out[i] = micic_results_record(r, i);
    for (i = 1; i < n; i++) /* insertion sort */
        for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    micic_results_free(r);
    return n;
}

static void expect_set(const micic_index *ix, const char *query, size_t n, size_t a, size_t b) {
    size_t got[512];
    size_t k = result_set(ix, query, got, 512);
    if (k != n) fprintf(stderr, "query '%s': %zu results, expected %zu\n", query, k, n);
    assert_int_equal(k, n);
    if (n >= 1) assert_int_equal(got[0], a < b ? a : b);
    if (n == 2) assert_int_equal(got[1], a < b ? b : a);
}

static void test_seed_facets(void **state) {
    micic_corpus *c = seeds();
    micic_index *ix = NULL;
    size_t jmdi, libya, i, n, got[512];
    micic_results *r;
    micic_search_options o = all_opts();
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    /* the two reported practices: seed 001 (JMDI training) and seed 004 (IOM, Libya) */
    jmdi = record_with(c, "My JMDI Toolbox");
    libya = record_with(c, "emergency evacuation from Libya in 2011");
    expect_set(ix, "kind:reported", 2, jmdi, libya);
    expect_set(ix, "country:LBY", 1, libya, libya);
    expect_set(ix, "country:\"Libya\" country:ML country:NER country:Ghana country:EG", 1, libya,
               libya);
    expect_set(ix, "country:Global", 1, jmdi, jmdi);
    expect_set(ix, "stakeholder:IOM", 2, jmdi, libya);
    expect_set(ix, "stakeholder:\"Labour Organization\"", 1, jmdi, jmdi);
    expect_set(ix, "stakeholder_type:\"international organizations\" kind:reported", 2, jmdi,
               libya);
    expect_set(ix, "population:stranded", 1, libya, libya);
    expect_set(ix, "need:\"return and reintegration\"", 1, libya, libya);
    expect_set(ix, "crisis:conflict NOT country:LBY", 1, jmdi, jmdi);
    expect_set(ix, "crisis:\"natural disaster\"", 1, jmdi, jmdi);
    expect_set(ix, "type:assistance", 1, libya, libya);
    expect_set(ix, "type:training kind:reported", 1, jmdi, jmdi);
    /* the example: seed 004 has guideline 14, conflict, post-crisis and
     * "evacuation", but it is the Libya record, so NOT country:LBY leaves nothing */
    expect_set(ix, "guideline:14 crisis:conflict (phase:\"post-crisis action\" OR "
                   "phase:emergency) NOT country:LBY evacuation",
               0, 0, 0);
    expect_set(ix, "guideline:14 crisis:conflict (phase:\"post-crisis action\" OR "
                   "phase:emergency) evacuation",
               1, libya, libya);
    /* theme from the record or implied by its guideline */
    n = result_set(ix, "theme:\"capacity building\"", got, 512);
    assert_true(n >= 1);
    for (i = 0; i < n; i++) {
        const micic_practice *p = micic_corpus_get(c, got[i]);
        size_t j, ok = 0;
        for (j = 0; j < micic_practice_count(p, MICIC_FIELD_GUIDELINE); j++)
            ok |= strcmp(micic_practice_value(p, MICIC_FIELD_GUIDELINE, j), "8") == 0;
        for (j = 0; j < micic_practice_count(p, MICIC_FIELD_THEME); j++)
            ok |= strcmp(micic_practice_value(p, MICIC_FIELD_THEME, j), "Capacity building") == 0;
        assert_true(ok);
    }
    /* "Post evacuation assistance" is the title of one practice in seed 002 and
     * one in seed 003: the title facet and the phrase find exactly those */
    n = 0;
    for (i = 0; i < micic_corpus_size(c); i++)
        if (strcmp(micic_practice_first(micic_corpus_get(c, i), MICIC_FIELD_TITLE),
                   "Post evacuation assistance") == 0)
            got[n++] = i;
    assert_int_equal(n, 2);
    expect_set(ix, "title:\"post evacuation assistance\"", 2, got[0], got[1]);
    expect_set(ix, "\"post-evacuation assistance\"", 2, got[0], got[1]);
    /* ranked: scores positive and non-increasing; every hit has the word */
    r = run(ix, "evacuation", &o);
    assert_true(micic_results_size(r) >= 3);
    for (i = 0; i < micic_results_size(r); i++) {
        const char *snip = micic_results_snippet(r, i);
        assert_true(micic_results_score(r, i) > 0);
        if (i) assert_true(micic_results_score(r, i) <= micic_results_score(r, i - 1));
        assert_non_null(strstr(snip, "[evacuat"));
    }
    micic_results_free(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

/* The index gives the same record sets as the one-record matcher. */
static void test_index_agrees_with_matcher(void **state) {
    static const char *const queries[] = {
        "evacuation",
        "migrants AND (training OR insurance)",
        "NOT migrants",
        "\"post evacuation\"",
        "\"international organization for migration\"",
        "title:\"post evacuation\"",
        "description:evacuation",
        "title:migrants NOT description:migrants",
        "kind:reported",
        "kind:recommended phase:emergency",
        "guideline:14 OR guideline:8",
        "theme:\"capacity building\"",
        "stakeholder:IOM OR stakeholder_type:state",
        "stakeholder_type:\"state of origin\" NOT phase:\"post crisis\"",
        "country:LBY OR country:Global",
        "population:migrants",
        "source:consultation",
        "link:migration4development",
        "crisis:conflict (refugees OR returnees)",
        "remittances OR diaspora OR \"mobile money\"",
        "NOT (kind:reported OR evacuation)",
    };
    micic_corpus *c = seeds();
    micic_index *ix = NULL;
    size_t qi, i, got[512];
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, NULL), MICIC_OK);
    for (qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        micic_query *q = NULL;
        size_t n = result_set(ix, queries[qi], got, 512), k = 0;
        assert_int_equal(micic_query_parse(queries[qi], &q, NULL), MICIC_OK);
        for (i = 0; i < micic_corpus_size(c); i++) {
            int m = micic__query_match(q, micic_corpus_get(c, i));
            assert_true(m >= 0);
            if (m) {
                if (k >= n || got[k] != i)
                    fprintf(stderr, "query '%s': record %zu matches alone, not in the index\n",
                            queries[qi], i);
                assert_true(k < n);
                assert_int_equal(got[k], i);
                k++;
            }
        }
        if (k != n) fprintf(stderr, "query '%s': index %zu, matcher %zu\n", queries[qi], n, k);
        assert_int_equal(k, n);
        micic_query_free(q);
    }
    micic_index_free(ix);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_layout),
        cmocka_unit_test(test_bm25_scores),
        cmocka_unit_test(test_k1_b),
        cmocka_unit_test(test_facets_and_ranking),
        cmocka_unit_test(test_empty_corpus),
        cmocka_unit_test(test_snippets),
        cmocka_unit_test(test_seed_facets),
        cmocka_unit_test(test_index_agrees_with_matcher),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
