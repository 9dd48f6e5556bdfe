/* Columnar getters (micic/columns.h) on the seeds, cross-checked against
 * the per-value getters they flatten. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "micic/columns.h"
#include "micic/micic.h"

#define SEED_004 MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt"

static micic_corpus *read_path(const char *path) {
    micic_error err;
    micic_corpus *c = micic_corpus_new();
    assert_non_null(c);
    assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
    return c;
}

/* Seed 004: one record with five countries, in the order of the document. */
static void test_seed_004_countries(void **state) {
    micic_corpus *c = read_path(SEED_004);
    micic_error err;
    size_t *counts = NULL, n = 99;
    const char **values = NULL;
    static const char *const expect[] = {"Egypt", "Ghana", "Libya", "Mali", "Niger"};
    size_t i;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    assert_int_equal(micic_column_counts(c, MICIC_FIELD_COUNTRY, &counts, &n, &err), MICIC_OK);
    assert_int_equal(err.code, MICIC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(counts[0], 5);
    assert_int_equal(micic_column_values(c, MICIC_FIELD_COUNTRY, 0, &values, &n, &err), MICIC_OK);
    assert_int_equal(n, 5);
    for (i = 0; i < 5; i++) assert_string_equal(values[i], expect[i]);
    micic_free(values);
    micic_free(counts);
    /* a single-valued field: stakeholder type "International Organizations" */
    assert_int_equal(micic_column_values(c, MICIC_FIELD_STAKEHOLDER_TYPE, 0, &values, &n, &err),
                     MICIC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(values[0], "International Organizations");
    micic_free(values);
    micic_corpus_free(c);
}

/* Every field of the bundled corpus: the flat column equals the per-record
 * getters, counts add up, originals line up with the values. */
static void test_bundled_matches_getters(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    int f;
    size_t total_values = 0;
    (void)state;
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    assert_true(micic_corpus_size(c) > 100);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        size_t *counts = NULL, nc = 0, nv = 0, no = 0, r, k = 0, sum = 0;
        const char **values = NULL, **originals = NULL;
        assert_int_equal(micic_column_counts(c, (micic_field)f, &counts, &nc, &err), MICIC_OK);
        assert_int_equal(nc, micic_corpus_size(c));
        assert_int_equal(micic_column_values(c, (micic_field)f, 0, &values, &nv, &err), MICIC_OK);
        assert_int_equal(micic_column_values(c, (micic_field)f, 1, &originals, &no, &err),
                         MICIC_OK);
        assert_int_equal(nv, no);
        for (r = 0; r < nc; r++) {
            const micic_practice *p = micic_corpus_get(c, r);
            size_t i;
            assert_int_equal(counts[r], micic_practice_count(p, (micic_field)f));
            for (i = 0; i < counts[r]; i++, k++) {
                assert_string_equal(values[k], micic_practice_value(p, (micic_field)f, i));
                assert_string_equal(originals[k], micic_practice_original(p, (micic_field)f, i));
                assert_ptr_equal(values[k], micic_practice_value(p, (micic_field)f, i));
            }
            sum += counts[r];
        }
        assert_int_equal(sum, nv);
        assert_int_equal(k, nv);
        if (nv == 0) assert_null(values);
        total_values += nv;
        micic_free(counts);
        micic_free(values);
        micic_free(originals);
    }
    /* the corpus has ids, descriptions, phases...: far more values than records */
    assert_true(total_values > 3 * micic_corpus_size(c));
    micic_corpus_free(c);
}

/* Originals differ from canonical values when a value was canonicalized. */
static void test_originals_and_extras(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new(), *q = micic_practice_new();
    micic_error err;
    size_t *counts = NULL, n = 0;
    const char **values = NULL, **labels = NULL;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "egypt", NULL, NULL, 0, 0, &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "LBY", NULL, NULL, 0, 0, &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, "Funding", "EU", &err), MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, "Budget", "1 M", &err), MICIC_OK);
    assert_int_equal(micic_practice_add_extra(q, "Funding", "none", &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, micic_practice_new(), &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, q, &err), MICIC_OK);

    assert_int_equal(micic_column_values(c, MICIC_FIELD_COUNTRY, 0, &values, &n, &err), MICIC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(values[0], "Egypt");
    assert_string_equal(values[1], "Libya");
    micic_free(values);
    assert_int_equal(micic_column_values(c, MICIC_FIELD_COUNTRY, 1, &values, &n, &err), MICIC_OK);
    assert_string_equal(values[0], "egypt");
    assert_string_equal(values[1], "LBY");
    micic_free(values);
    /* ids are given automatically: P1, P2, P3 */
    assert_int_equal(micic_column_values(c, MICIC_FIELD_ID, 0, &values, &n, &err), MICIC_OK);
    assert_int_equal(n, 3);
    assert_string_equal(values[2], "P3");
    micic_free(values);

    assert_int_equal(micic_column_extra_counts(c, &counts, &n, &err), MICIC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[2], 1);
    micic_free(counts);
    assert_int_equal(micic_column_extras(c, 1, &labels, &n, &err), MICIC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(micic_column_extras(c, 0, &values, &n, &err), MICIC_OK);
    assert_int_equal(n, 3);
    assert_string_equal(labels[0], "Funding");
    assert_string_equal(values[0], "EU");
    assert_string_equal(labels[1], "Budget");
    assert_string_equal(values[1], "1 M");
    assert_string_equal(labels[2], "Funding");
    assert_string_equal(values[2], "none");
    micic_free(labels);
    micic_free(values);
    micic_corpus_free(c);
}

static void test_empty_and_bad_arguments(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t *counts = (size_t *)&err, n = 7;
    const char **values = (const char **)&err;
    long *numbers = (long *)&err;
    (void)state;
    /* empty corpus: NULL arrays of length 0 */
    assert_int_equal(micic_column_counts(c, MICIC_FIELD_TITLE, &counts, &n, &err), MICIC_OK);
    assert_null(counts);
    assert_int_equal(n, 0);
    n = 7;
    assert_int_equal(micic_column_values(c, MICIC_FIELD_TITLE, 0, &values, &n, &err), MICIC_OK);
    assert_null(values);
    assert_int_equal(n, 0);
    /* invalid field, NULL corpus, NULL outputs */
    assert_int_equal(micic_column_counts(c, MICIC_FIELD_COUNT, &counts, &n, &err), MICIC_EINVAL);
    assert_int_equal(err.code, MICIC_EINVAL);
    assert_non_null(strstr(err.text, "invalid field"));
    assert_int_equal(micic_column_values(c, (micic_field)-1, 0, &values, &n, &err), MICIC_EINVAL);
    assert_int_equal(micic_column_values(NULL, MICIC_FIELD_ID, 0, &values, &n, &err), MICIC_EINVAL);
    assert_null(values);
    assert_int_equal(micic_column_extras(c, 1, NULL, &n, NULL), MICIC_EINVAL);
    assert_int_equal(micic_column_extra_counts(NULL, &counts, &n, &err), MICIC_EINVAL);
    assert_int_equal(micic_column_report_text(NULL, MICIC_ATTR_MESSAGE, &values, &n, &err),
                     MICIC_EINVAL);
    assert_int_equal(micic_column_report_numbers(NULL, MICIC_ATTR_LINE, &numbers, &n, &err),
                     MICIC_EINVAL);
    assert_null(numbers);
    assert_int_equal(micic_column_crosstab_counts(NULL, &numbers, &n, &err), MICIC_EINVAL);
    micic_corpus_free(c);
}

/* Validation report of the bundled corpus plus a file of faulty records
 * (the seeds alone validate clean): every column equals the diagnostic
 * getters; suggestions keep their NULLs. */
static void test_report_columns(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL;
    micic_error err;
    int a;
    size_t i, n, with_suggestion = 0;
    (void)state;
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    assert_int_equal(micic_read_file(c, MICIC_TEST_DATA "/validate/errors.txt", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_validate(c, NULL, &r, &err), MICIC_OK);
    n = micic_report_size(r);
    assert_true(n > 0);
    for (a = 0; a < MICIC_ATTR_COUNT; a++) {
        const char **texts = NULL;
        long *numbers = NULL;
        size_t nt = 0, nn = 0;
        int rt = micic_column_report_text(r, (micic_report_attr)a, &texts, &nt, &err);
        int rn = micic_column_report_numbers(r, (micic_report_attr)a, &numbers, &nn, &err);
        assert_true(strlen(micic_report_attr_name((micic_report_attr)a)) > 0);
        if (micic_report_attr_is_number((micic_report_attr)a)) {
            assert_int_equal(rt, MICIC_EINVAL);
            assert_null(texts);
        } else {
            assert_int_equal(rt, MICIC_OK);
            assert_int_equal(nt, n);
        }
        if (rn == MICIC_OK) assert_int_equal(nn, n);
        for (i = 0; i < n; i++) {
            const micic_diagnostic *d = micic_report_get(r, i);
            switch ((micic_report_attr)a) {
            case MICIC_ATTR_CODE:
                assert_int_equal(rn, MICIC_OK);
                assert_int_equal(numbers[i], micic_diagnostic_code(d));
                assert_string_equal(texts[i], micic_code_name(micic_diagnostic_code(d)));
                break;
            case MICIC_ATTR_SEVERITY:
                assert_int_equal(numbers[i], (long)micic_diagnostic_severity(d));
                assert_string_equal(texts[i], micic_severity_name(micic_diagnostic_severity(d)));
                break;
            case MICIC_ATTR_RECORD_INDEX:
                assert_int_equal(numbers[i], micic_diagnostic_record_index(d));
                break;
            case MICIC_ATTR_LINE: assert_int_equal(numbers[i], micic_diagnostic_line(d)); break;
            case MICIC_ATTR_COLUMN: assert_int_equal(numbers[i], micic_diagnostic_column(d)); break;
            case MICIC_ATTR_RECORD_ID:
                assert_int_equal(rn, MICIC_EINVAL);
                assert_string_equal(texts[i], micic_diagnostic_record_id(d));
                break;
            case MICIC_ATTR_FIELD: assert_string_equal(texts[i], micic_diagnostic_field(d)); break;
            case MICIC_ATTR_SOURCE: assert_string_equal(texts[i], micic_diagnostic_source(d)); break;
            case MICIC_ATTR_VALUE: assert_string_equal(texts[i], micic_diagnostic_value(d)); break;
            case MICIC_ATTR_MESSAGE:
                assert_string_equal(texts[i], micic_diagnostic_message(d));
                break;
            case MICIC_ATTR_SUGGESTION:
                assert_ptr_equal(texts[i], micic_diagnostic_suggestion(d));
                if (texts[i]) with_suggestion++;
                break;
            default: fail();
            }
        }
        micic_free(texts);
        micic_free(numbers);
    }
    /* some bundled-corpus problems come with a "did you mean", most not */
    assert_true(with_suggestion < n);
    assert_string_equal(micic_report_attr_name(MICIC_ATTR_COUNT), "");
    assert_string_equal(micic_report_attr_name(MICIC_ATTR_RECORD_ID), "record_id");
    micic_report_free(r);
    micic_corpus_free(c);
}

/* guideline x phase over the bundled corpus, row-major, 15 x 3 cells. */
static void test_crosstab_counts(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_crosstab *t = NULL;
    micic_error err;
    long *cells = NULL, sum = 0;
    size_t n = 0, i, j, nr, nc;
    (void)state;
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, NULL, &t, &err),
                     MICIC_OK);
    nr = micic_crosstab_nrows(t);
    nc = micic_crosstab_ncols(t);
    assert_int_equal(nr, 15);
    assert_int_equal(nc, 3);
    assert_int_equal(micic_column_crosstab_counts(t, &cells, &n, &err), MICIC_OK);
    assert_int_equal(n, nr * nc);
    for (i = 0; i < nr; i++)
        for (j = 0; j < nc; j++) {
            assert_int_equal(cells[i * nc + j], micic_crosstab_count(t, i, j));
            sum += cells[i * nc + j];
        }
    assert_int_equal(sum, micic_crosstab_total(t));
    assert_true(sum > 0);
    /* guideline 14 (row 13) is a post-crisis guideline: its practices sit in column 2 */
    assert_true(cells[13 * nc + 2] > 0);
    micic_free(cells);
    micic_crosstab_free(t);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_004_countries),
        cmocka_unit_test(test_bundled_matches_getters),
        cmocka_unit_test(test_originals_and_extras),
        cmocka_unit_test(test_empty_and_bad_arguments),
        cmocka_unit_test(test_report_columns),
        cmocka_unit_test(test_crosstab_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
