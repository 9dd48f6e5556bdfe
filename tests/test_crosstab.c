/* Cross-tabulation: counts checked by hand against seeds 001 and 004, zero
 * cells, margins, multi vs once-per-record counting, filter, missing
 * values, and CSV / JSON exports parsed back with libcsv / jansson. */
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

/* The two reported practices of the seeds, read by hand:
 *   001: guidelines 3, 8, 14, 15; phase Post-Crisis Action; crisis Conflict,
 *        Natural Disaster; stakeholder type International Organizations;
 *        type Training and capacity building; country Global.
 *   004: guidelines 8, 9, 14; phase Post-Crisis Action; crisis Conflict;
 *        stakeholder type International Organizations; type Assistance
 *        programs; countries Egypt, Ghana, Libya, Mali, Niger. */
static micic_corpus *load_reported(void) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_non_null(c);
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR "/001_87c8b2353408428e.txt", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 2);
    return c;
}

static long find_row(const micic_crosstab *t, const char *label) {
    size_t i;
    for (i = 0; i < micic_crosstab_nrows(t); i++)
        if (strcmp(micic_crosstab_row_label(t, i), label) == 0) return (long)i;
    return -1;
}

static long find_col(const micic_crosstab *t, const char *label) {
    size_t j;
    for (j = 0; j < micic_crosstab_ncols(t); j++)
        if (strcmp(micic_crosstab_col_label(t, j), label) == 0) return (long)j;
    return -1;
}

static long cell(const micic_crosstab *t, const char *r, const char *c) {
    long i = find_row(t, r), j = find_col(t, c);
    assert_true(i >= 0);
    assert_true(j >= 0);
    return micic_crosstab_count(t, (size_t)i, (size_t)j);
}

/* Every margin is the sum of its cells, and the total the sum of all. */
static void check_margins(const micic_crosstab *t) {
    size_t i, j;
    long total = 0;
    for (i = 0; i < micic_crosstab_nrows(t); i++) {
        long s = 0;
        for (j = 0; j < micic_crosstab_ncols(t); j++) s += micic_crosstab_count(t, i, j);
        assert_int_equal(s, micic_crosstab_row_total(t, i));
        total += s;
    }
    for (j = 0; j < micic_crosstab_ncols(t); j++) {
        long s = 0;
        for (i = 0; i < micic_crosstab_nrows(t); i++) s += micic_crosstab_count(t, i, j);
        assert_int_equal(s, micic_crosstab_col_total(t, j));
    }
    assert_int_equal(total, micic_crosstab_total(t));
}

static void test_guideline_by_phase_seeds(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab *t = NULL;
    micic_error err;
    size_t i;
    (void)state;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_row_field(t), MICIC_FIELD_GUIDELINE);
    assert_int_equal(micic_crosstab_col_field(t), MICIC_FIELD_PHASE);
    /* every level kept: 15 guidelines x 3 phases, in order */
    assert_int_equal(micic_crosstab_nrows(t), 15);
    assert_int_equal(micic_crosstab_ncols(t), 3);
    assert_string_equal(micic_crosstab_row_label(t, 0), "1");
    assert_string_equal(micic_crosstab_row_label(t, 14), "15");
    assert_string_equal(micic_crosstab_col_label(t, 0), "Crisis Preparedness");
    assert_string_equal(micic_crosstab_col_label(t, 1), "Emergency Response");
    assert_string_equal(micic_crosstab_col_label(t, 2), "Post-Crisis Action");
    assert_null(micic_crosstab_row_label(t, 15));
    assert_null(micic_crosstab_col_label(t, 3));
    /* hand counts */
    assert_int_equal(cell(t, "3", "Post-Crisis Action"), 1);
    assert_int_equal(cell(t, "8", "Post-Crisis Action"), 2);
    assert_int_equal(cell(t, "9", "Post-Crisis Action"), 1);
    assert_int_equal(cell(t, "14", "Post-Crisis Action"), 2);
    assert_int_equal(cell(t, "15", "Post-Crisis Action"), 1);
    assert_int_equal(cell(t, "1", "Crisis Preparedness"), 0); /* zero cell kept */
    assert_int_equal(cell(t, "13", "Emergency Response"), 0);
    assert_int_equal(micic_crosstab_col_total(t, 0), 0);
    assert_int_equal(micic_crosstab_col_total(t, 1), 0);
    assert_int_equal(micic_crosstab_col_total(t, 2), 7);
    assert_int_equal(micic_crosstab_row_total(t, 7), 2); /* guideline 8 */
    assert_int_equal(micic_crosstab_row_total(t, 0), 0);
    assert_int_equal(micic_crosstab_total(t), 7);
    assert_int_equal(micic_crosstab_records(t), 2);
    for (i = 0; i < 15; i++) {
        long expect = (i == 2 || i == 8 || i == 14) ? 1 : (i == 7 || i == 13) ? 2 : 0;
        assert_int_equal(micic_crosstab_row_total(t, i), expect);
    }
    check_margins(t);
    /* out of range */
    assert_int_equal(micic_crosstab_count(t, 15, 0), 0);
    assert_int_equal(micic_crosstab_row_total(t, 99), 0);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

static void test_other_facets_seeds(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab *t = NULL;
    micic_error err;
    (void)state;
    /* stakeholder type x crisis: all 9 stakeholder types and 3 crises listed */
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_STAKEHOLDER_TYPE, MICIC_FIELD_CRISIS, NULL,
                                        &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_nrows(t), micic_vocab_size(MICIC_VOCAB_STAKEHOLDER_TYPE));
    assert_int_equal(micic_crosstab_ncols(t), 3);
    assert_int_equal(cell(t, "International Organizations", "Conflict"), 2);
    assert_int_equal(cell(t, "International Organizations", "Natural Disaster"), 1);
    assert_int_equal(cell(t, "International Organizations", "Other"), 0);
    assert_int_equal(cell(t, "State", "Conflict"), 0);
    assert_int_equal(micic_crosstab_total(t), 3);
    check_margins(t);
    micic_crosstab_free(t);

    /* country (open facet, first-seen order) x type of practice */
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_COUNTRY, MICIC_FIELD_TYPE, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_nrows(t), 6);
    assert_string_equal(micic_crosstab_row_label(t, 0), "Global");
    assert_string_equal(micic_crosstab_row_label(t, 1), "Egypt");
    assert_string_equal(micic_crosstab_row_label(t, 5), "Niger");
    assert_int_equal(micic_crosstab_ncols(t), micic_vocab_size(MICIC_VOCAB_TYPE));
    assert_int_equal(cell(t, "Global", "Training and capacity building"), 1);
    assert_int_equal(cell(t, "Libya", "Assistance programs"), 1);
    assert_int_equal(cell(t, "Libya", "Training and capacity building"), 0);
    assert_int_equal(cell(t, "Global", "Website"), 0);
    assert_int_equal(micic_crosstab_col_total(t, (size_t)find_col(t, "Assistance programs")), 5);
    assert_int_equal(micic_crosstab_total(t), 6);
    check_margins(t);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

static micic_practice *fixture(const char *id, const char *const *countries, size_t nc,
                               const char *const *guidelines, size_t ng) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    size_t i;
    assert_non_null(p);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, &err), MICIC_OK);
    for (i = 0; i < nc; i++)
        assert_int_equal(
            micic_practice_add(p, MICIC_FIELD_COUNTRY, countries[i], NULL, NULL, 0, 0, &err),
            MICIC_OK);
    for (i = 0; i < ng; i++)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, guidelines[i],
                                            guidelines[i], NULL, 0, 0, &err),
                         MICIC_OK);
    return p;
}

/* A multi-valued fixture: record A lists Libya twice (once as a code),
 * record B lists Egypt and Libya, record C has no country. */
static micic_corpus *multi_fixture(void) {
    static const char *const ca[] = {"Libya", "LBY"}, *const cb[] = {"Egypt", "Libya"};
    static const char *const ga[] = {"13"}, *const gb[] = {"13", "10"}, *const gc[] = {"1"};
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_int_equal(micic_corpus_add(c, fixture("A", ca, 2, ga, 1), &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, fixture("B", cb, 2, gb, 2), &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, fixture("C", NULL, 0, gc, 1), &err), MICIC_OK);
    return c;
}

static void test_multi_vs_once(void **state) {
    micic_corpus *c = multi_fixture();
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_crosstab *multi = NULL, *once = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_COUNTRY, MICIC_FIELD_GUIDELINE, &o, &multi,
                                        &err),
                     MICIC_OK);
    o.once_per_record = 1;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_COUNTRY, MICIC_FIELD_GUIDELINE, &o, &once,
                                        &err),
                     MICIC_OK);
    /* levels: Libya, Egypt (first seen); no "(none)" without include_missing */
    assert_int_equal(micic_crosstab_nrows(multi), 2);
    assert_string_equal(micic_crosstab_row_label(multi, 0), "Libya");
    assert_string_equal(micic_crosstab_row_label(multi, 1), "Egypt");
    assert_int_equal(micic_crosstab_ncols(multi), 15);
    /* A counts each of its two Libya values; B adds to two rows and two columns */
    assert_int_equal(cell(multi, "Libya", "13"), 3);
    assert_int_equal(cell(once, "Libya", "13"), 2);
    assert_int_equal(cell(multi, "Egypt", "13"), 1);
    assert_int_equal(cell(multi, "Egypt", "10"), 1);
    assert_int_equal(cell(once, "Libya", "10"), 1);
    /* A: 2 values x 1 guideline; B: 2 x 2; C: none */
    assert_int_equal(micic_crosstab_total(multi), 6);
    assert_int_equal(micic_crosstab_total(once), 5);
    /* C has no country: not counted, but it passed (no filter) */
    assert_int_equal(cell(multi, "Libya", "1"), 0);
    assert_int_equal(micic_crosstab_records(multi), 3);
    check_margins(multi);
    check_margins(once);
    micic_crosstab_free(multi);
    micic_crosstab_free(once);
    micic_corpus_free(c);
}

static void test_include_missing(void **state) {
    micic_corpus *c = multi_fixture();
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_crosstab *t = NULL;
    micic_error err;
    (void)state;
    o.include_missing = 1;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_COUNTRY, MICIC_FIELD_PHASE, &o, &t, &err),
                     MICIC_OK);
    /* Libya, Egypt, (none) x 3 phases + (none) */
    assert_int_equal(micic_crosstab_nrows(t), 3);
    assert_int_equal(micic_crosstab_ncols(t), 4);
    assert_string_equal(micic_crosstab_row_label(t, 2), "(none)");
    assert_string_equal(micic_crosstab_col_label(t, 3), "(none)");
    assert_int_equal(cell(t, "(none)", "(none)"), 1);       /* C */
    assert_int_equal(cell(t, "Libya", "(none)"), 3);        /* A twice, B once */
    assert_int_equal(cell(t, "Libya", "Crisis Preparedness"), 0);
    assert_int_equal(micic_crosstab_total(t), 5);
    check_margins(t);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

static void test_filter(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_crosstab *t = NULL;
    micic_error err;
    (void)state;
    o.filter = "guideline:9";
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, &o, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_records(t), 1); /* only 004 */
    assert_int_equal(micic_crosstab_nrows(t), 15);   /* levels still all there */
    assert_int_equal(cell(t, "3", "Post-Crisis Action"), 0);
    assert_int_equal(cell(t, "8", "Post-Crisis Action"), 1);
    assert_int_equal(micic_crosstab_total(t), 3);
    micic_crosstab_free(t);
    t = NULL;
    o.filter = "country:Libya OR crisis:\"natural disaster\"";
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, &o, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_records(t), 2);
    micic_crosstab_free(t);
    t = NULL;
    /* a bad filter is a query error and no table */
    o.filter = "(guideline:9";
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, &o, &t, &err),
                     MICIC_EQUERY);
    assert_int_equal(err.code, MICIC_EQUERY);
    assert_null(t);
    micic_corpus_free(c);
}

static void test_bad_args(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_crosstab *t = NULL;
    micic_error err;
    char *s = NULL;
    (void)state;
    assert_int_equal(micic_crosstab_new(NULL, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, NULL, &t,
                                        &err),
                     MICIC_EINVAL);
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_COUNT, MICIC_FIELD_PHASE, NULL, &t, &err),
                     MICIC_EINVAL);
    o.version = 99;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, &o, &t, &err),
                     MICIC_EVERSION);
    assert_null(t);
    /* an empty corpus still lists every vocabulary level, all zero */
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_THEME, MICIC_FIELD_KIND, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_nrows(t), 15);
    assert_int_equal(micic_crosstab_ncols(t), micic_vocab_size(MICIC_VOCAB_KIND));
    assert_int_equal(micic_crosstab_total(t), 0);
    assert_int_equal(micic_crosstab_records(t), 0);
    assert_int_equal(micic_crosstab_render(t, (micic_table_format)7, &s, &err), MICIC_EINVAL);
    assert_null(s);
    micic_crosstab_free(t);
    micic_crosstab_free(NULL);
    micic_corpus_free(c);
}

/* ---- CSV export parsed back with libcsv ----------------------------- */

typedef struct csv_grid {
    char *cells[32][8]; /* rows x first columns kept */
    size_t ncols[32];
    size_t row, col;
} csv_grid;

static void on_field(void *s, size_t len, void *data) {
    csv_grid *g = data;
    if (g->row < 32 && g->col < 8) {
        g->cells[g->row][g->col] = malloc(len + 1);
        memcpy(g->cells[g->row][g->col], s, len);
        g->cells[g->row][g->col][len] = '\0';
    }
    g->col++;
}

static void on_row(int c, void *data) {
    csv_grid *g = data;
    (void)c;
    if (g->row < 32) g->ncols[g->row] = g->col;
    g->row++;
    g->col = 0;
}

static void test_csv_export(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab *t = NULL;
    micic_error err;
    struct csv_parser p;
    csv_grid g;
    char *s = NULL;
    size_t i, j;
    (void)state;
    memset(&g, 0, sizeof g);
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_render(t, MICIC_TABLE_CSV, &s, &err), MICIC_OK);
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, s, strlen(s), on_field, on_row, &g), strlen(s));
    assert_int_equal(csv_fini(&p, on_field, on_row, &g), 0);
    csv_free(&p);
    /* header + 15 guideline rows + Total row, each 1 + 3 + 1 columns */
    assert_int_equal(g.row, 17);
    for (i = 0; i < g.row; i++) assert_int_equal(g.ncols[i], 5);
    assert_string_equal(g.cells[0][0], "guideline");
    assert_string_equal(g.cells[0][3], "Post-Crisis Action");
    assert_string_equal(g.cells[0][4], "Total");
    assert_string_equal(g.cells[8][0], "8");
    assert_string_equal(g.cells[8][3], "2");
    assert_string_equal(g.cells[8][4], "2");
    assert_string_equal(g.cells[1][1], "0");
    assert_string_equal(g.cells[16][0], "Total");
    assert_string_equal(g.cells[16][3], "7");
    assert_string_equal(g.cells[16][4], "7");
    for (i = 0; i < 32; i++)
        for (j = 0; j < 8; j++) free(g.cells[i][j]);
    micic_free(s);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

static void test_json_export(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab *t = NULL;
    micic_error err;
    json_error_t jerr;
    json_t *root, *counts;
    char *s = NULL;
    size_t i;
    (void)state;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_CRISIS, MICIC_FIELD_GUIDELINE, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_render(t, MICIC_TABLE_JSON, &s, &err), MICIC_OK);
    root = json_loads(s, 0, &jerr);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "rows"), "field")),
                        "crisis");
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "cols"), "field")),
                        "guideline");
    assert_int_equal(json_array_size(json_object_get(json_object_get(root, "rows"), "levels")), 3);
    assert_int_equal(json_array_size(json_object_get(json_object_get(root, "cols"), "levels")), 15);
    counts = json_object_get(root, "counts");
    assert_int_equal(json_array_size(counts), 3);
    /* Conflict x 8 = 2 (both), Natural Disaster x 15 = 1 (001), Other all 0 */
    assert_int_equal(json_integer_value(json_array_get(json_array_get(counts, 0), 7)), 2);
    assert_int_equal(json_integer_value(json_array_get(json_array_get(counts, 1), 14)), 1);
    assert_int_equal(json_integer_value(json_array_get(json_array_get(counts, 1), 8)), 0);
    for (i = 0; i < 15; i++)
        assert_int_equal(json_integer_value(json_array_get(json_array_get(counts, 2), i)), 0);
    /* Conflict: 4 + 3 guidelines; Natural Disaster: 4 */
    assert_int_equal(json_integer_value(json_array_get(json_object_get(root, "row_totals"), 0)), 7);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(root, "row_totals"), 1)), 4);
    /* guideline 14: 001 under Conflict and Natural Disaster, 004 under Conflict */
    assert_int_equal(json_integer_value(json_array_get(json_object_get(root, "col_totals"), 13)), 3);
    assert_int_equal(json_integer_value(json_object_get(root, "total")), 11);
    assert_int_equal(json_integer_value(json_object_get(root, "records")), 2);
    assert_true(json_is_false(json_object_get(root, "once_per_record")));
    json_decref(root);
    micic_free(s);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

static void test_text_render(void **state) {
    micic_corpus *c = load_reported();
    micic_crosstab *t = NULL;
    micic_error err;
    char *s = NULL, *line;
    size_t lines = 0;
    (void)state;
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, NULL, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_render(t, MICIC_TABLE_TEXT, &s, &err), MICIC_OK);
    assert_non_null(strstr(s, "guideline \\ phase"));
    assert_non_null(strstr(s, "Post-Crisis Action"));
    /* header + 15 rows + total, all lines the same width */
    for (line = s; *line; lines++) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        if (lines > 0) assert_int_equal(nl - line, strchr(s, '\n') - s);
        line = nl + 1;
    }
    assert_int_equal(lines, 17);
    line = strstr(s, "\nTotal");
    assert_non_null(line);
    assert_non_null(strstr(line, " 7\n"));
    micic_free(s);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guideline_by_phase_seeds),
        cmocka_unit_test(test_other_facets_seeds),
        cmocka_unit_test(test_multi_vs_once),
        cmocka_unit_test(test_include_missing),
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_csv_export),
        cmocka_unit_test(test_json_export),
        cmocka_unit_test(test_text_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
