/* Normalization (micic_normalize): sure rewrites only, each one logged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

/* Stored as given: the library does not canonicalize it. */
static void add_raw(micic_practice *p, micic_field f, const char *text) {
    assert_int_equal(micic_practice_add(p, f, text, text, "raw.txt", 4, 2, NULL), MICIC_OK);
}

/* A corpus of one record holding one raw value in field f. */
static micic_corpus *one_value(micic_field f, const char *text) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    assert_non_null(c);
    assert_non_null(p);
    add_raw(p, MICIC_FIELD_ID, "R1");
    add_raw(p, f, text);
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    return c;
}

/* Normalize one raw value; returns the value afterwards (static buffer). */
static const char *normalized(micic_field f, const char *text, size_t *changed,
                              micic_report *log) {
    static char out[256];
    micic_corpus *c = one_value(f, text);
    micic_error err;
    assert_int_equal(micic_normalize(c, log, changed, &err), MICIC_OK);
    assert_int_equal(err.code, 0);
    snprintf(out, sizeof out, "%s", micic_practice_value(micic_corpus_get(c, 0), f, 0));
    /* the original text is kept */
    assert_string_equal(micic_practice_original(micic_corpus_get(c, 0), f, 0), text);
    micic_corpus_free(c);
    return out;
}

static void expect_rewrite(micic_field f, const char *from, const char *to) {
    micic_report *log = micic_report_new();
    const micic_diagnostic *d;
    size_t changed = 99;
    const char *got = normalized(f, from, &changed, log);
    if (strcmp(got, to) != 0) fprintf(stderr, "'%s' -> '%s', expected '%s'\n", from, got, to);
    assert_string_equal(got, to);
    assert_int_equal(changed, 1);
    assert_int_equal(micic_report_size(log), 1);
    d = micic_report_get(log, 0);
    assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_NORMALIZED);
    assert_string_equal(micic_diagnostic_code_name(d), "normalized");
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_INFO);
    assert_string_equal(micic_diagnostic_value(d), from);
    assert_string_equal(micic_diagnostic_suggestion(d), to);
    assert_string_equal(micic_diagnostic_field(d), micic_field_name(f));
    assert_string_equal(micic_diagnostic_record_id(d), "R1");
    assert_int_equal(micic_diagnostic_record_index(d), 0);
    assert_string_equal(micic_diagnostic_source(d), "raw.txt");
    assert_int_equal(micic_diagnostic_line(d), 4);
    assert_int_equal(micic_diagnostic_column(d), 2);
    micic_report_free(log);
}

static void expect_kept(micic_field f, const char *text) {
    micic_report *log = micic_report_new();
    size_t changed = 99;
    const char *got = normalized(f, text, &changed, log);
    if (strcmp(got, text) != 0) fprintf(stderr, "'%s' was rewritten to '%s'\n", text, got);
    assert_string_equal(got, text);
    assert_int_equal(changed, 0);
    assert_int_equal(micic_report_size(log), 0);
    micic_report_free(log);
}

/* ------------------------------------------------------------------ */

static void test_issue_examples(void **state) {
    (void)state;
    expect_rewrite(MICIC_FIELD_CRISIS, "Natural disasters", "Natural Disaster");
    expect_rewrite(MICIC_FIELD_PHASE, "Post crisis", "Post-Crisis Action");
    expect_rewrite(MICIC_FIELD_COUNTRY, "Phillipines", "Philippines");
    expect_rewrite(MICIC_FIELD_STAKEHOLDER_TYPE, "Internatonal Organisations",
                   "International Organizations");
}

static void test_sure_lookups(void **state) {
    (void)state;
    /* vocabulary: case, spacing, hyphens, synonyms */
    expect_rewrite(MICIC_FIELD_CRISIS, "conflict", "Conflict");
    expect_rewrite(MICIC_FIELD_PHASE, "  EMERGENCY  phase ", "Emergency Response");
    expect_rewrite(MICIC_FIELD_PHASE, "I: PRE-CRISIS PHASE", "Crisis Preparedness");
    expect_rewrite(MICIC_FIELD_TYPE, "Assistance programmes", "Assistance programs");
    expect_rewrite(MICIC_FIELD_STAKEHOLDER_TYPE, "Host States", "Host State");
    expect_rewrite(MICIC_FIELD_KIND, "recommended", "Recommended Practice");
    expect_rewrite(MICIC_FIELD_POPULATION, "Stranded Migrant", "stranded migrants");
    expect_rewrite(MICIC_FIELD_THEME, "capacity  building", "Capacity building");
    /* countries: codes, aliases, official names */
    expect_rewrite(MICIC_FIELD_COUNTRY, "EGY", "Egypt");
    expect_rewrite(MICIC_FIELD_COUNTRY, "eg", "Egypt");
    expect_rewrite(MICIC_FIELD_COUNTRY, "global", "Global");
    expect_rewrite(MICIC_FIELD_COUNTRY, "Arab Republic of Egypt", "Egypt");
    /* guidelines: numbers written differently, headings and titles */
    expect_rewrite(MICIC_FIELD_GUIDELINE, "08", "8");
    expect_rewrite(MICIC_FIELD_GUIDELINE, " 14 ", "14");
    expect_rewrite(MICIC_FIELD_GUIDELINE,
                   "Build capacity and learn lessons for emergency response and post-crisis action",
                   "8");
    expect_rewrite(MICIC_FIELD_GUIDELINE,
                   "GUIDELINE 14: Address migrants\xe2\x80\x99 immediate needs and support migrants "
                   "to rebuild lives",
                   "14");
    expect_rewrite(MICIC_FIELD_GUIDELINE, "Guideline 3", "3");
}

static void test_close_matches(void **state) {
    (void)state;
    /* unique closest label at distance 1 or 2 */
    expect_rewrite(MICIC_FIELD_CRISIS, "Natural disastre", "Natural Disaster");
    expect_rewrite(MICIC_FIELD_TYPE, "Registraton systems", "Registration systems");
    expect_rewrite(MICIC_FIELD_COUNTRY, "Bangaldesh", "Bangladesh");
    expect_rewrite(MICIC_FIELD_PHASE, "Emergency Responce", "Emergency Response");
}

static void test_not_sure(void **state) {
    (void)state;
    /* nothing close */
    expect_kept(MICIC_FIELD_COUNTRY, "Atlantis");
    expect_kept(MICIC_FIELD_CRISIS, "Pandemic");
    expect_kept(MICIC_FIELD_NEED, "Access to drinking water during evacuation");
    /* close, but three edits away: suggested by the validator, not rewritten */
    expect_kept(MICIC_FIELD_TYPE, "Traning and capacty bulding");
    /* ambiguous: "Nigera" is one edit from both Niger and Nigeria */
    expect_kept(MICIC_FIELD_COUNTRY, "Nigera");
    /* codes are never guessed */
    expect_kept(MICIC_FIELD_COUNTRY, "EGX");
    /* a guideline whose number and title disagree, or an unknown title */
    expect_kept(MICIC_FIELD_GUIDELINE, "GUIDELINE 8: Empower migrants to help themselves\xe2\x80\xa6");
    expect_kept(MICIC_FIELD_GUIDELINE, "GUIDELINE 8: Plant trees along the coast");
    expect_kept(MICIC_FIELD_GUIDELINE, "16");
    /* already canonical */
    expect_kept(MICIC_FIELD_COUNTRY, "Philippines");
    expect_kept(MICIC_FIELD_PHASE, "Post-Crisis Action");
    expect_kept(MICIC_FIELD_GUIDELINE, "8");
    /* invalid UTF-8 is never touched */
    expect_kept(MICIC_FIELD_CRISIS, "Conflict\xff");
}

static void test_free_text_untouched(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    micic_report *log = micic_report_new();
    size_t changed = 0;
    const micic_practice *q;
    (void)state;
    add_raw(p, MICIC_FIELD_TITLE, "natural disasters");
    add_raw(p, MICIC_FIELD_DESCRIPTION, "post crisis");
    add_raw(p, MICIC_FIELD_STAKEHOLDER, "international organisations");
    add_raw(p, MICIC_FIELD_LINK, "www.example.org");
    add_raw(p, MICIC_FIELD_CRISIS, "natural disasters");
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    assert_int_equal(micic_normalize(c, log, &changed, NULL), MICIC_OK);
    assert_int_equal(changed, 1);
    q = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(q, MICIC_FIELD_TITLE), "natural disasters");
    assert_string_equal(micic_practice_first(q, MICIC_FIELD_DESCRIPTION), "post crisis");
    assert_string_equal(micic_practice_first(q, MICIC_FIELD_STAKEHOLDER),
                        "international organisations");
    assert_string_equal(micic_practice_first(q, MICIC_FIELD_LINK), "www.example.org");
    assert_string_equal(micic_practice_first(q, MICIC_FIELD_CRISIS), "Natural Disaster");
    micic_report_free(log);
    micic_corpus_free(c);
}

static void test_many_values_and_idempotence(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_report *log = micic_report_new(), *r = NULL;
    size_t changed = 0, i;
    (void)state;
    for (i = 0; i < 50; i++) {
        micic_practice *p = micic_practice_new();
        add_raw(p, MICIC_FIELD_COUNTRY, "Phillipines");
        add_raw(p, MICIC_FIELD_COUNTRY, "Egypt");
        add_raw(p, MICIC_FIELD_COUNTRY, "USA");
        add_raw(p, MICIC_FIELD_CRISIS, "Natural disasters");
        add_raw(p, MICIC_FIELD_CRISIS, "Conflict");
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    assert_int_equal(micic_normalize(c, log, &changed, NULL), MICIC_OK);
    assert_int_equal(changed, 150);
    assert_int_equal(micic_report_count_code(log, MICIC_CODE_NORMALIZED), 150);
    assert_string_equal(micic_practice_value(micic_corpus_get(c, 49), MICIC_FIELD_COUNTRY, 2),
                        "United States");
    /* the validator finds nothing left to say about these values */
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_COUNTRY), 0);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    micic_report_free(r);
    /* a second run changes nothing */
    assert_int_equal(micic_normalize(c, NULL, &changed, NULL), MICIC_OK);
    assert_int_equal(changed, 0);
    micic_report_free(log);
    micic_corpus_free(c);
}

static void test_arguments(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t changed = 5;
    (void)state;
    assert_int_equal(micic_normalize(NULL, NULL, &changed, &err), MICIC_EINVAL);
    assert_int_equal(err.code, MICIC_EINVAL);
    assert_int_equal(changed, 0);
    /* report and changed_out may be NULL; an empty corpus is fine */
    assert_int_equal(micic_normalize(c, NULL, NULL, NULL), MICIC_OK);
    micic_corpus_free(c);
}

static void test_seeds(void **state) {
    /* the seeds are read canonical already: normalization changes nothing
       it is not sure of, and the result still validates without errors */
    static const char *const seeds[] = {"000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt",
                                        "002_6a72a7c89454eb5c.txt", "003_650e86cc90e064d2.txt",
                                        "004_aa20fe2b579e300a.txt"};
    micic_corpus *c = micic_corpus_new();
    micic_report *log = micic_report_new(), *r = NULL;
    size_t i, changed = 99;
    (void)state;
    for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, seeds[i]);
        assert_int_equal(micic_read_file(c, path, NULL, NULL), MICIC_OK);
    }
    assert_int_equal(micic_normalize(c, log, &changed, NULL), MICIC_OK);
    assert_int_equal(changed, micic_report_size(log));
    for (i = 0; i < micic_report_size(log); i++) {
        const micic_diagnostic *d = micic_report_get(log, i);
        fprintf(stderr, "normalized %s: '%s' -> '%s'\n", micic_diagnostic_field(d),
                micic_diagnostic_value(d), micic_diagnostic_suggestion(d));
    }
    assert_int_equal(changed, 0);
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 0);
    micic_report_free(r);
    micic_report_free(log);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_examples),
        cmocka_unit_test(test_sure_lookups),
        cmocka_unit_test(test_close_matches),
        cmocka_unit_test(test_not_sure),
        cmocka_unit_test(test_free_text_untouched),
        cmocka_unit_test(test_many_values_and_idempotence),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
