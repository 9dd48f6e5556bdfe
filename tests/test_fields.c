/* micic/fields.h: exact field lookup with "did you mean", field levels, and
 * list cells split with the CSV reader's rule (checked against the reader). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

static void test_lookup_exact(void **state) {
    micic_field f = MICIC_FIELD_COUNT;
    micic_error err;
    (void)state;
    assert_int_equal(micic_field_lookup("stakeholder_type", &f, &err), MICIC_OK);
    assert_int_equal(f, MICIC_FIELD_STAKEHOLDER_TYPE);
    assert_int_equal(micic_field_lookup(micic_field_label(MICIC_FIELD_CRISIS), &f, &err),
                     MICIC_OK);
    assert_int_equal(f, MICIC_FIELD_CRISIS);
    /* the readers' variants are not API names */
    assert_int_equal(micic_field_from_name("stakeholder_types", &f), MICIC_OK);
    assert_int_equal(micic_field_lookup("stakeholder_types", &f, &err), MICIC_ENOTFOUND);
    assert_non_null(strstr(err.text, "'stakeholder_types'"));
    assert_non_null(strstr(err.text, "did you mean 'stakeholder_type'?"));
    assert_int_equal(micic_field_lookup("titel", &f, &err), MICIC_ENOTFOUND);
    assert_string_equal(err.text, "unknown field 'titel' (did you mean 'title'?); fields: id, "
                                  "title, type, country, stakeholder, stakeholder_type, crisis, "
                                  "phase, description, link, guideline, theme, population, need, "
                                  "source, kind");
    assert_int_equal(micic_field_lookup("stakehodler_type", &f, &err), MICIC_ENOTFOUND);
    assert_non_null(strstr(err.text, "did you mean 'stakeholder_type'?"));
    assert_int_equal(micic_field_lookup("Guideline", &f, &err), MICIC_ENOTFOUND);
    assert_non_null(strstr(err.text, "did you mean 'guideline'?"));
    assert_int_equal(micic_field_lookup("zzzzzzzzzz", &f, &err), MICIC_ENOTFOUND);
    assert_null(strstr(err.text, "did you mean"));
    assert_non_null(strstr(err.text, "'zzzzzzzzzz'; fields: id, title,"));
    assert_int_equal(micic_field_lookup(NULL, &f, &err), MICIC_ENOTFOUND);
    assert_string_equal(micic_field_suggest("countrys"), "country");
    assert_null(micic_field_suggest("ab"));
    assert_null(micic_field_suggest(""));
}

static void test_vocab_lookup_name(void **state) {
    micic_vocab v = MICIC_VOCAB_COUNT;
    micic_error err;
    (void)state;
    assert_int_equal(micic_vocab_lookup_name("crisis", &v, &err), MICIC_OK);
    assert_int_equal(v, MICIC_VOCAB_CRISIS);
    assert_int_equal(micic_vocab_lookup_name("crisiss", &v, &err), MICIC_ENOTFOUND);
    assert_non_null(strstr(err.text, "unknown vocabulary 'crisiss' (did you mean 'crisis'?)"));
    assert_non_null(strstr(err.text, "; vocabularies: "));
    assert_non_null(strstr(err.text, "crisis"));
    assert_int_equal(micic_vocab_lookup_name("zzzzzzzzzzzz", &v, &err), MICIC_ENOTFOUND);
    assert_null(strstr(err.text, "did you mean"));
    assert_int_equal(micic_vocab_lookup_name(NULL, &v, &err), MICIC_ENOTFOUND);
}

static void test_levels(void **state) {
    int v;
    size_t i;
    (void)state;
    assert_int_equal(micic_field_level_count(MICIC_FIELD_GUIDELINE), 15);
    assert_string_equal(micic_field_level(MICIC_FIELD_GUIDELINE, 0), "1");
    assert_string_equal(micic_field_level(MICIC_FIELD_GUIDELINE, 14), "15");
    assert_null(micic_field_level(MICIC_FIELD_GUIDELINE, 15));
    assert_int_equal(micic_field_level_count(MICIC_FIELD_TITLE), 0);
    assert_null(micic_field_level(MICIC_FIELD_TITLE, 0));
    assert_true(micic_field_vocab(MICIC_FIELD_PHASE, &v));
    assert_int_equal(micic_field_level_count(MICIC_FIELD_PHASE), micic_vocab_size(v));
    for (i = 0; i < micic_vocab_size(v); i++)
        assert_string_equal(micic_field_level(MICIC_FIELD_PHASE, i), micic_vocab_label(v, i));
}

/* Cells read by the CSV reader and by micic_practice_add_cell give equal records. */
static void test_add_cell_matches_csv(void **state) {
    static const char *const countries[] = {
        "Egypt; Ghana; Libya", " egypt ;;LBY; ", "", "   ", "A\\;B; C\\\\; D",
        "Tom\\x; Mali", ";", "Mali;"};
    static const char *const guidelines[] = {"8; 9; 14", "14", " 3 ;", "", "1;2;3", "Guideline 14",
                                             "15; 1", "x\\;y"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof countries / sizeof countries[0]; i++) {
        char csv[512], q1[128], q2[128];
        const char *s;
        size_t k = 0;
        micic_corpus *c = micic_corpus_new();
        micic_practice *p = micic_practice_new();
        micic_error err;
        /* CSV-quote the cells */
        for (s = countries[i]; *s; s++) { if (*s == '"') q1[k++] = '"'; q1[k++] = *s; }
        q1[k] = '\0';
        k = 0;
        for (s = guidelines[i]; *s; s++) { if (*s == '"') q2[k++] = '"'; q2[k++] = *s; }
        q2[k] = '\0';
        snprintf(csv, sizeof csv, "id,title,country,guideline\nX1,\" T \",\"%s\",\"%s\"\n", q1,
                 q2);
        assert_int_equal(micic_read_buffer(c, csv, strlen(csv), NULL, NULL, &err), MICIC_OK);
        assert_int_equal(micic_corpus_size(c), 1);
        assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_ID, "X1", &err), MICIC_OK);
        assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_TITLE, " T ", &err), MICIC_OK);
        assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_COUNTRY, countries[i], &err),
                         MICIC_OK);
        assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_GUIDELINE, guidelines[i], &err),
                         MICIC_OK);
        if (!micic_practice_equal(p, micic_corpus_get(c, 0)))
            fail_msg("cell %zu differs from the CSV reader: '%s' / '%s'", i, countries[i],
                     guidelines[i]);
        micic_practice_free(p);
        micic_corpus_free(c);
    }
}

static void test_add_cell_values(void **state) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    (void)state;
    assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_COUNTRY, "egypt; Ghana;; LBY", &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 3);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Egypt");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 2), "Libya");
    assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_LINK, "a\\;b; c\\\\d", &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_LINK), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_LINK, 0), "a;b");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_LINK, 1), "c\\d");
    /* single-valued fields are not split */
    assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_TITLE, " a; b ", &err), MICIC_OK);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_TITLE, 0), "a; b");
    assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_COUNT, "x", &err), MICIC_EINVAL);
    assert_int_equal(micic_practice_add_cell(NULL, MICIC_FIELD_TITLE, "x", &err), MICIC_EINVAL);
    assert_int_equal(micic_practice_add_cell(p, MICIC_FIELD_NEED, NULL, &err), MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_NEED), 0);
    micic_practice_free(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_exact),
        cmocka_unit_test(test_vocab_lookup_name),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_add_cell_matches_csv),
        cmocka_unit_test(test_add_cell_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
