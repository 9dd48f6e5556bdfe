/* Gap analysis: uncovered guideline x stakeholder type x phase cells on the
 * seeds' reported practices and on a tiny fixture; renderings parsed back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <csv.h>
#include <jansson.h>

#include "micic/micic.h"

static int has_gap(const micic_gaps *g, int guideline, const char *stype, const char *phase) {
    size_t i;
    for (i = 0; i < micic_gaps_size(g); i++)
        if (micic_gaps_guideline(g, i) == guideline &&
            strcmp(micic_gaps_stakeholder_type(g, i), stype) == 0 &&
            strcmp(micic_gaps_phase(g, i), phase) == 0)
            return 1;
    return 0;
}

/* Seeds 001 and 004 (read by hand): both International Organizations,
 * Post-Crisis Action; guidelines 3, 8, 14, 15 and 8, 9, 14. */
static void test_gaps_seeds(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_gaps *g = NULL;
    micic_error err;
    size_t nst = micic_vocab_size(MICIC_VOCAB_STAKEHOLDER_TYPE), i;
    (void)state;
    assert_true(nst >= 7);
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR "/001_87c8b2353408428e.txt", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt", NULL, &err),
                     MICIC_OK);
    /* own phase only: 15 x nst cells; covered (14, IO) and (15, IO) only,
     * since 3, 8 and 9 are not post-crisis guidelines */
    assert_int_equal(micic_gaps_new(c, 1, &g, &err), MICIC_OK);
    assert_int_equal(micic_gaps_cells(g), 15 * nst);
    assert_int_equal(micic_gaps_size(g), 15 * nst - 2);
    assert_false(has_gap(g, 14, "International Organizations", "Post-Crisis Action"));
    assert_false(has_gap(g, 15, "International Organizations", "Post-Crisis Action"));
    assert_true(has_gap(g, 14, "State", "Post-Crisis Action"));
    assert_true(has_gap(g, 8, "International Organizations", "Crisis Preparedness"));
    assert_true(has_gap(g, 13, "International Organizations", "Emergency Response"));
    /* every listed cell is in its guideline's own phase; order is by guideline */
    for (i = 0; i < micic_gaps_size(g); i++) {
        int n = micic_gaps_guideline(g, i);
        assert_string_equal(micic_gaps_phase(g, i),
                            micic_phase_label(micic_guideline_phase(micic_guideline_get(n))));
        if (i) assert_true(micic_gaps_guideline(g, i - 1) <= n);
    }
    assert_int_equal(micic_gaps_guideline(g, 0), 1);
    assert_string_equal(micic_gaps_stakeholder_type(g, 0),
                        micic_vocab_label(MICIC_VOCAB_STAKEHOLDER_TYPE, 0));
    /* out of range */
    assert_int_equal(micic_gaps_guideline(g, micic_gaps_size(g)), 0);
    assert_string_equal(micic_gaps_phase(g, micic_gaps_size(g)), "");
    micic_gaps_free(g);
    g = NULL;

    /* every phase: 45 x nst cells, five covered */
    assert_int_equal(micic_gaps_new(c, 0, &g, &err), MICIC_OK);
    assert_int_equal(micic_gaps_cells(g), 45 * nst);
    assert_int_equal(micic_gaps_size(g), 45 * nst - 5);
    assert_false(has_gap(g, 3, "International Organizations", "Post-Crisis Action"));
    assert_false(has_gap(g, 8, "International Organizations", "Post-Crisis Action"));
    assert_false(has_gap(g, 9, "International Organizations", "Post-Crisis Action"));
    assert_true(has_gap(g, 9, "International Organizations", "Emergency Response"));
    assert_true(has_gap(g, 3, "Academia", "Post-Crisis Action"));
    micic_gaps_free(g);
    micic_corpus_free(c);
}

/* The whole bundled corpus: every cell is a gap exactly when the
 * stakeholder_type x phase cross-tab of the records with that guideline
 * (filtered with the query "guideline:N", a separate code path) is 0. */
static void test_gaps_bundled_vs_crosstab(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_gaps *g = NULL;
    micic_error err;
    int n, own_only;
    size_t covered = 0;
    (void)state;
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    for (own_only = 1; own_only >= 0; own_only--) {
        size_t gaps = 0;
        assert_int_equal(micic_gaps_new(c, own_only, &g, &err), MICIC_OK);
        for (n = 1; n <= 15; n++) {
            micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
            micic_crosstab *t = NULL;
            char q[32];
            size_t i, j;
            snprintf(q, sizeof q, "guideline:%d", n);
            o.filter = q;
            o.once_per_record = 1;
            assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_STAKEHOLDER_TYPE, MICIC_FIELD_PHASE,
                                                &o, &t, &err),
                             MICIC_OK);
            for (i = 0; i < micic_vocab_size(MICIC_VOCAB_STAKEHOLDER_TYPE); i++) {
                for (j = 0; j < 3; j++) {
                    const char *st = micic_crosstab_row_label(t, i), *ph = micic_crosstab_col_label(t, j);
                    int own = micic_phase_lookup(ph) == micic_guideline_phase(micic_guideline_get(n));
                    if (own_only && !own) continue;
                    if (micic_crosstab_count(t, i, j) == 0) {
                        assert_true(has_gap(g, n, st, ph));
                        gaps++;
                    } else {
                        assert_false(has_gap(g, n, st, ph));
                        if (own_only) covered++;
                    }
                }
            }
            micic_crosstab_free(t);
        }
        assert_int_equal(gaps, micic_gaps_size(g));
        micic_gaps_free(g);
        g = NULL;
    }
    /* the seeds cover some cells in their own phase, far from all */
    assert_true(covered > 5);
    assert_true(covered < 60);
    micic_corpus_free(c);
}

static micic_practice *rec(const char *id, const char *guideline, const char *stype,
                           const char *phase1, const char *phase2) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, &err), MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, guideline, guideline, NULL, 0, 0,
                                        &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_STAKEHOLDER_TYPE, stype, NULL, NULL, 0, 0,
                                        &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_PHASE, phase1, NULL, NULL, 0, 0, &err),
                     MICIC_OK);
    if (phase2)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_PHASE, phase2, NULL, NULL, 0, 0, &err),
                         MICIC_OK);
    return p;
}

/* Tiny fixture: (1, State, preparedness); (10, Academia, emergency +
 * "Pre-crisis" synonym); (99 invalid guideline, State, emergency) covers
 * nothing; (5, unknown stakeholder type) covers nothing. */
static void test_gaps_fixture(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_gaps *g = NULL;
    micic_error err;
    size_t nst = micic_vocab_size(MICIC_VOCAB_STAKEHOLDER_TYPE);
    (void)state;
    assert_int_equal(micic_corpus_add(c, rec("a", "1", "States", "Crisis Preparedness", NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_corpus_add(c, rec("b", "10", "Academia", "Emergency", "Pre-crisis"), &err),
                     MICIC_OK);
    assert_int_equal(micic_corpus_add(c, rec("c", "99", "State", "Emergency", NULL), &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, rec("d", "5", "Wizards", "Pre-crisis", NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_gaps_new(c, 1, &g, &err), MICIC_OK);
    assert_int_equal(micic_gaps_size(g), 15 * nst - 2);
    assert_false(has_gap(g, 1, "State", "Crisis Preparedness"));
    assert_false(has_gap(g, 10, "Academia", "Emergency Response"));
    assert_true(has_gap(g, 5, "State", "Crisis Preparedness"));
    micic_gaps_free(g);
    g = NULL;
    assert_int_equal(micic_gaps_new(c, 0, &g, &err), MICIC_OK);
    assert_int_equal(micic_gaps_size(g), 45 * nst - 3);
    assert_false(has_gap(g, 10, "Academia", "Crisis Preparedness"));
    assert_true(has_gap(g, 10, "Academia", "Post-Crisis Action"));
    micic_gaps_free(g);
    g = NULL;
    /* an empty corpus leaves every cell uncovered */
    micic_corpus_free(c);
    c = micic_corpus_new();
    assert_int_equal(micic_gaps_new(c, 1, &g, &err), MICIC_OK);
    assert_int_equal(micic_gaps_size(g), micic_gaps_cells(g));
    micic_gaps_free(g);
    micic_gaps_free(NULL);
    assert_int_equal(micic_gaps_new(NULL, 1, &g, &err), MICIC_EINVAL);
    micic_corpus_free(c);
}

static void count_field(void *s, size_t len, void *data) {
    (void)s;
    (void)len;
    (void)data;
}

static void count_row(int c, void *data) {
    (void)c;
    (*(size_t *)data)++;
}

static void test_gaps_render(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_gaps *g = NULL;
    micic_error err;
    json_error_t jerr;
    json_t *root, *first;
    struct csv_parser p;
    char *s = NULL;
    size_t rows = 0;
    (void)state;
    assert_int_equal(micic_corpus_add(c, rec("a", "1", "State", "Crisis Preparedness", NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_gaps_new(c, 1, &g, &err), MICIC_OK);

    assert_int_equal(micic_gaps_render(g, MICIC_TABLE_JSON, &s, &err), MICIC_OK);
    root = json_loads(s, 0, &jerr);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "cells")), micic_gaps_cells(g));
    assert_int_equal(json_integer_value(json_object_get(root, "uncovered")), micic_gaps_size(g));
    assert_int_equal(json_array_size(json_object_get(root, "gaps")), micic_gaps_size(g));
    first = json_array_get(json_object_get(root, "gaps"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "guideline")), 1);
    /* (1, State) is covered, so the first gap is guideline 1's second type */
    assert_string_equal(json_string_value(json_object_get(first, "stakeholder_type")),
                        micic_vocab_label(MICIC_VOCAB_STAKEHOLDER_TYPE, 1));
    assert_string_equal(json_string_value(json_object_get(first, "phase")), "Crisis Preparedness");
    assert_string_equal(json_string_value(json_object_get(first, "theme")), "Information on crises");
    json_decref(root);
    micic_free(s);
    s = NULL;

    assert_int_equal(micic_gaps_render(g, MICIC_TABLE_CSV, &s, &err), MICIC_OK);
    assert_int_equal(strncmp(s, "\"guideline\",\"theme\",\"phase\",\"stakeholder_type\"\n", 47), 0);
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, s, strlen(s), count_field, count_row, &rows), strlen(s));
    assert_int_equal(csv_fini(&p, count_field, count_row, &rows), 0);
    csv_free(&p);
    assert_int_equal(rows, micic_gaps_size(g) + 1);
    micic_free(s);
    s = NULL;

    assert_int_equal(micic_gaps_render(g, MICIC_TABLE_TEXT, &s, &err), MICIC_OK);
    assert_non_null(strstr(s, "have no practice"));
    assert_non_null(strstr(s, "Relocation and evacuation"));
    micic_free(s);
    micic_gaps_free(g);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gaps_seeds),
        cmocka_unit_test(test_gaps_bundled_vs_crosstab),
        cmocka_unit_test(test_gaps_fixture),
        cmocka_unit_test(test_gaps_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
