/* Validation (micic_validate, micic_validate_practice): every check has a
 * record that triggers it and one that must not; options; the seeds. */
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
#include "validate_internal.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

#define DESC_OK                                                                            \
    "The project gave cash assistance, psychosocial counselling and job placement to "   \
    "migrant workers who returned from the host country after the floods of 2019."

/* Value canonicalized by the library (value = NULL). */
static void add(micic_practice *p, micic_field f, const char *text) {
    assert_int_equal(micic_practice_add(p, f, text, NULL, "fixture.txt", 1, 1, NULL), MICIC_OK);
}

/* Value stored as given (simulates data that was never canonicalized). */
static void add_raw(micic_practice *p, micic_field f, const char *text) {
    assert_int_equal(micic_practice_add(p, f, text, text, "fixture.txt", 1, 1, NULL), MICIC_OK);
}

/* A complete, valid reported practice. */
static micic_practice *good_record(void) {
    micic_practice *p = micic_practice_new();
    assert_non_null(p);
    add(p, MICIC_FIELD_TITLE, "Return and reintegration assistance");
    add(p, MICIC_FIELD_TYPE, "Assistance programs");
    add(p, MICIC_FIELD_COUNTRY, "Egypt");
    add(p, MICIC_FIELD_COUNTRY, "Global");
    add(p, MICIC_FIELD_STAKEHOLDER, "International Organization for Migration (IOM)");
    add(p, MICIC_FIELD_STAKEHOLDER_TYPE, "International Organizations");
    add(p, MICIC_FIELD_CRISIS, "Conflict");
    add(p, MICIC_FIELD_PHASE, "Post-Crisis Action");
    add(p, MICIC_FIELD_DESCRIPTION, DESC_OK);
    add(p, MICIC_FIELD_LINK, "https://migration4development.org/en/resources/toolbox/training");
    add(p, MICIC_FIELD_LINK, "Guidance note on return (PDF)");
    add(p, MICIC_FIELD_GUIDELINE,
        "GUIDELINE 14: Address migrants\xe2\x80\x99 immediate needs and support migrants to "
        "rebuild lives");
    add(p, MICIC_FIELD_THEME, "Support migrants\xe2\x80\x99 recovery");
    add(p, MICIC_FIELD_POPULATION, "stranded migrants");
    add(p, MICIC_FIELD_NEED, "Return and reintegration needs");
    add(p, MICIC_FIELD_SOURCE, "MENA Consultation report");
    add(p, MICIC_FIELD_KIND, "Reported Practice");
    return p;
}

static micic_report *check(const micic_practice *p, const micic_validate_options *o) {
    micic_report *r = micic_report_new();
    micic_error err;
    assert_non_null(r);
    assert_int_equal(micic_validate_practice(p, 0, o, r, &err), MICIC_OK);
    return r;
}

/* First diagnostic with this code (optionally this field), or NULL. */
static const micic_diagnostic *find(const micic_report *r, int code, const char *field) {
    size_t i;
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        if (micic_diagnostic_code(d) == code &&
            (!field || strcmp(micic_diagnostic_field(d), field) == 0))
            return d;
    }
    return NULL;
}

static size_t count(const micic_report *r, int code) { return micic_report_count_code(r, code); }

/* Print a report (helps when an assertion fails). */
static void dump(const micic_report *r) {
    char *text = NULL;
    if (micic_report_render(r, MICIC_REPORT_TEXT, &text, NULL) == MICIC_OK && text && *text)
        fprintf(stderr, "%s", text);
    micic_free(text);
}

/* Validate a record with one field replaced by raw values. */
static micic_report *check_with(micic_field f, const char *const *raw, size_t n,
                                const micic_validate_options *o) {
    micic_practice *p = good_record();
    micic_report *r;
    size_t i;
    micic_practice_clear(p, f);
    for (i = 0; i < n; i++) add_raw(p, f, raw[i]);
    r = check(p, o);
    micic_practice_free(p);
    return r;
}

static micic_report *check_one(micic_field f, const char *raw) { return check_with(f, &raw, 1, NULL); }

/* ------------------------------------------------------------------ */
/* Baseline                                                             */
/* ------------------------------------------------------------------ */

static void test_good_record_is_clean(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    (void)state;
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "14");
    r = check(p, NULL);
    dump(r);
    assert_int_equal(micic_report_size(r), 0);
    assert_true(micic_validate_ok(r, 1));
    micic_report_free(r);
    micic_practice_free(p);
}

/* ------------------------------------------------------------------ */
/* missing-field                                                        */
/* ------------------------------------------------------------------ */

static void test_missing_fields(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    micic_validate_options o;
    const micic_diagnostic *d;
    (void)state;
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    micic_practice_clear(p, MICIC_FIELD_PHASE);
    micic_practice_clear(p, MICIC_FIELD_CRISIS);
    add_raw(p, MICIC_FIELD_CRISIS, "   "); /* empty after trimming */
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 3);
    d = find(r, MICIC_CODE_MISSING_FIELD, "description");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "phase"));
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "crisis"));
    assert_null(find(r, MICIC_CODE_MISSING_FIELD, "guideline"));
    assert_false(micic_validate_ok(r, 0));
    micic_report_free(r);

    /* the required set is configurable */
    micic_validate_options_init(&o);
    o.required = MICIC_FIELD_BIT(MICIC_FIELD_DESCRIPTION);
    r = check(p, &o);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 1);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "description"));
    micic_report_free(r);
    o.required = MICIC_FIELD_BIT(MICIC_FIELD_TITLE) | MICIC_FIELD_BIT(MICIC_FIELD_SOURCE);
    micic_practice_clear(p, MICIC_FIELD_TITLE);
    r = check(p, &o);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 1);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "title"));
    micic_report_free(r);
    micic_practice_free(p);
}

static void test_missing_guideline_or_theme(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    (void)state;
    /* a thematic area alone satisfies "guideline or theme" */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 0);
    micic_report_free(r);
    /* neither */
    micic_practice_clear(p, MICIC_FIELD_THEME);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 1);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "guideline"));
    micic_report_free(r);
    /* a guideline alone too */
    add(p, MICIC_FIELD_GUIDELINE, "8");
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 0);
    micic_report_free(r);
    micic_practice_free(p);
}

static void test_recommended_practice_needs_no_crisis(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    (void)state;
    micic_practice_clear(p, MICIC_FIELD_CRISIS);
    r = check(p, NULL);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "crisis"));
    micic_report_free(r);
    add(p, MICIC_FIELD_KIND, "Recommended Practice"); /* replaces the kind */
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND), MICIC_KIND_RECOMMENDED);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 0);
    micic_report_free(r);
    /* nor a guideline or thematic area (documents are not always organized
       by guideline); description and phase still are required */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    micic_practice_clear(p, MICIC_FIELD_THEME);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 0);
    micic_report_free(r);
    micic_practice_clear(p, MICIC_FIELD_PHASE);
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 2);
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "phase"));
    assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "description"));
    micic_report_free(r);
    /* the recommended set is configurable on its own */
    {
        micic_validate_options o;
        micic_validate_options_init(&o);
        assert_int_equal(o.required_recommended, MICIC_REQUIRED_RECOMMENDED_DEFAULT);
        o.required_recommended = MICIC_FIELD_BIT(MICIC_FIELD_CRISIS);
        o.required = 0;
        r = check(p, &o);
        assert_int_equal(count(r, MICIC_CODE_MISSING_FIELD), 1);
        assert_non_null(find(r, MICIC_CODE_MISSING_FIELD, "crisis"));
        micic_report_free(r);
    }
    micic_practice_free(p);
}

/* ------------------------------------------------------------------ */
/* unknown-value                                                        */
/* ------------------------------------------------------------------ */

static void test_unknown_value_closed(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    r = check_one(MICIC_FIELD_CRISIS, "Natural disastres");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "crisis");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_string_equal(micic_diagnostic_value(d), "Natural disastres");
    assert_string_equal(micic_diagnostic_suggestion(d), "Natural Disaster");
    micic_report_free(r);

    r = check_one(MICIC_FIELD_STAKEHOLDER_TYPE, "Internatonal Organisations");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "stakeholder_type");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "International Organizations");
    micic_report_free(r);

    r = check_one(MICIC_FIELD_PHASE, "Post crisis actoin");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "phase");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "Post-Crisis Action");
    micic_report_free(r);

    /* nothing close: reported without a suggestion */
    r = check_one(MICIC_FIELD_TYPE, "Underwater basket weaving");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "type");
    assert_non_null(d);
    assert_null(micic_diagnostic_suggestion(d));
    micic_report_free(r);

    /* accepted synonyms and other spellings are inside the vocabulary */
    r = check_one(MICIC_FIELD_PHASE, "Post crisis");
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_CRISIS, "natural disaster");
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_KIND, "Effective Practice");
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_KIND, "Anecdote");
    assert_non_null(find(r, MICIC_CODE_UNKNOWN_VALUE, "kind"));
    micic_report_free(r);
}

static void test_suggestions_from_issue(void **state) {
    /* the suggestions the issue asks for, as "did you mean" values */
    micic_report *r;
    const micic_diagnostic *d;
    const char *pl[] = {"Natural disasters"};
    (void)state;
    /* "Natural disasters" would be accepted as a synonym; the suggestion
       machinery still maps it to the label (see test_normalize.c for the
       rewrite); a misspelt plural is reported with the label */
    r = check_with(MICIC_FIELD_CRISIS, pl, 1, NULL);
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_CRISIS, "Natural disaster s");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "crisis");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "Natural Disaster");
    micic_report_free(r);
    r = check_one(MICIC_FIELD_COUNTRY, "Phillipines");
    d = find(r, MICIC_CODE_UNKNOWN_COUNTRY, "country");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "Philippines");
    micic_report_free(r);
    r = check_one(MICIC_FIELD_STAKEHOLDER_TYPE, "Internatonal Organisations");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "stakeholder_type");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "International Organizations");
    micic_report_free(r);
}

static void test_unknown_value_open(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    /* a likely typo of a known value: warning with the suggestion */
    r = check_one(MICIC_FIELD_POPULATION, "stranded migrnts");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "population");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_suggestion(d), "stranded migrants");
    micic_report_free(r);
    /* a new value of an open list: info only, no suggestion, record valid */
    r = check_one(MICIC_FIELD_NEED, "Access to drinking water during evacuation");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "need");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_INFO);
    assert_null(micic_diagnostic_suggestion(d));
    assert_true(micic_validate_ok(r, 1));
    micic_report_free(r);
    r = check_one(MICIC_FIELD_SOURCE, "West and Central Africa Consultation");
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
}

/* ------------------------------------------------------------------ */
/* guidelines                                                           */
/* ------------------------------------------------------------------ */

static void test_guideline_range(void **state) {
    static const char *bad[] = {"16", "0", "99", "Guideline of the month"};
    micic_report *r;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const micic_diagnostic *d;
        r = check_one(MICIC_FIELD_GUIDELINE, bad[i]);
        d = find(r, MICIC_CODE_GUIDELINE_RANGE, "guideline");
        assert_non_null(d);
        assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
        assert_string_equal(micic_diagnostic_value(d), bad[i]);
        micic_report_free(r);
    }
    r = check_one(MICIC_FIELD_GUIDELINE, "15");
    assert_int_equal(count(r, MICIC_CODE_GUIDELINE_RANGE), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_GUIDELINE, "1");
    assert_int_equal(count(r, MICIC_CODE_GUIDELINE_RANGE), 0);
    micic_report_free(r);
}

static void test_guideline_title_mismatch(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    const micic_diagnostic *d;
    const char *mismatch = "GUIDELINE 8: Empower migrants to help themselves\xe2\x80\xa6";
    (void)state;
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    micic_practice_clear(p, MICIC_FIELD_THEME);
    add(p, MICIC_FIELD_GUIDELINE, mismatch);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "8");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_GUIDELINE, 0), mismatch);
    r = check(p, NULL);
    d = find(r, MICIC_CODE_TITLE_MISMATCH, "guideline");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_value(d), mismatch);
    assert_string_equal(micic_diagnostic_suggestion(d),
                        "GUIDELINE 8: Build capacity and learn lessons for emergency response "
                        "and post-crisis action");
    assert_non_null(strstr(micic_diagnostic_message(d), "guideline 3"));
    micic_report_free(r);

    /* the matching title (and a truncated one) is fine */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add(p, MICIC_FIELD_GUIDELINE,
        "GUIDELINE 8: Build capacity and learn lessons for emergency response and post-crisis "
        "action");
    add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 3: Empower migrants to help themselves\xe2\x80\xa6");
    add(p, MICIC_FIELD_GUIDELINE, "Guideline 14");
    r = check(p, NULL);
    dump(r);
    assert_int_equal(count(r, MICIC_CODE_TITLE_MISMATCH), 0);
    micic_report_free(r);

    /* a title that is no guideline's title: not closer to another
       guideline's title than to its own number's, so no mismatch */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 8: Plant trees along the coast");
    r = check(p, NULL);
    assert_null(find(r, MICIC_CODE_TITLE_MISMATCH, "guideline"));
    micic_report_free(r);

    /* real pages' wordings of a guideline's own title are not mismatches:
       no "the", "&" for "and", singular/plural, a typo, cut after half */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add(p, MICIC_FIELD_GUIDELINE,
        "GUIDELINE 1: Track information on conflicts and natural disasters, and potential "
        "impact on migrants");
    add(p, MICIC_FIELD_GUIDELINE,
        "GUIDELINE 3: Empower migrant to help themselves, their family & communities during and "
        "in the aftermath of crisis");
    add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 7: Establish coordination agreements in advance");
    add(p, MICIC_FIELD_GUIDELINE,
        "GUIDELINE 14: Address migrants\xe2\x80\x99 immediate needs and support migrants to "
        "rebuild their lives");
    add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 10: Facilitate migrants ability to move to saftey");
    r = check(p, NULL);
    dump(r);
    assert_int_equal(count(r, MICIC_CODE_TITLE_MISMATCH), 0);
    micic_report_free(r);

    /* closer to another guideline's title than to its own: a mismatch that
       names the other */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 6: Communicate widely, effectively and often with migrants");
    r = check(p, NULL);
    d = find(r, MICIC_CODE_TITLE_MISMATCH, "guideline");
    assert_non_null(d);
    assert_non_null(strstr(micic_diagnostic_message(d), "guideline 9"));
    micic_report_free(r);

    /* the same mismatch stored without canonicalization */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add_raw(p, MICIC_FIELD_GUIDELINE, mismatch);
    r = check(p, NULL);
    assert_non_null(find(r, MICIC_CODE_TITLE_MISMATCH, "guideline"));
    micic_report_free(r);
    micic_practice_free(p);
}

static void test_guideline_given_as_title(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    r = check_one(MICIC_FIELD_GUIDELINE,
                  "Address migrants' immediate needs and support migrants to rebuild lives");
    d = find(r, MICIC_CODE_UNKNOWN_VALUE, "guideline");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_suggestion(d), "14");
    assert_int_equal(count(r, MICIC_CODE_GUIDELINE_RANGE), 0);
    assert_int_equal(count(r, MICIC_CODE_THEME_MISMATCH), 0); /* resolved to 14 */
    micic_report_free(r);
}

static void test_theme_mismatch(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    add(p, MICIC_FIELD_THEME, "Capacity building"); /* guideline 8's theme; record has 14 */
    r = check(p, NULL);
    d = find(r, MICIC_CODE_THEME_MISMATCH, "theme");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_value(d), "Capacity building");
    micic_report_free(r);
    /* with guideline 8 added, both themes match */
    add(p, MICIC_FIELD_GUIDELINE, "8");
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_THEME_MISMATCH), 0);
    micic_report_free(r);
    /* a wrong theme alone: the suggestion is the theme of the guideline */
    micic_practice_clear(p, MICIC_FIELD_THEME);
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    add(p, MICIC_FIELD_GUIDELINE, "14");
    add(p, MICIC_FIELD_THEME, "Coordination");
    r = check(p, NULL);
    d = find(r, MICIC_CODE_THEME_MISMATCH, "theme");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "Support migrants\xe2\x80\x99 recovery");
    micic_report_free(r);
    /* themes without any guideline number: nothing to compare */
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_THEME_MISMATCH), 0);
    micic_report_free(r);
    micic_practice_free(p);
}

static void test_phase_mismatch(void **state) {
    micic_practice *p = good_record();
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    micic_practice_clear(p, MICIC_FIELD_PHASE);
    add(p, MICIC_FIELD_PHASE, "Crisis Preparedness"); /* guideline 14 is post-crisis */
    r = check(p, NULL);
    d = find(r, MICIC_CODE_PHASE_MISMATCH, "phase");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_INFO);
    assert_string_equal(micic_diagnostic_suggestion(d), "Post-Crisis Action");
    assert_true(micic_validate_ok(r, 0));
    assert_true(micic_validate_ok(r, 1)); /* an info: not even --strict fails on it */
    micic_report_free(r);
    /* guideline 8 (preparedness) added: the phase belongs to one of them */
    add(p, MICIC_FIELD_GUIDELINE, "8");
    add(p, MICIC_FIELD_THEME, "Capacity building");
    r = check(p, NULL);
    assert_int_equal(count(r, MICIC_CODE_PHASE_MISMATCH), 0);
    micic_report_free(r);
    micic_practice_free(p);
}

/* ------------------------------------------------------------------ */
/* countries, links                                                     */
/* ------------------------------------------------------------------ */

static void test_unknown_country(void **state) {
    static const char *good[] = {"Egypt", "EGY", "eg", "Global", "United States of America",
                                 "Republic of Korea", "C\xc3\xb4te d'Ivoire"};
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    r = check_with(MICIC_FIELD_COUNTRY, good, sizeof good / sizeof good[0], NULL);
    dump(r);
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_COUNTRY), 0);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_COUNTRY, "Atlantis");
    d = find(r, MICIC_CODE_UNKNOWN_COUNTRY, "country");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_null(micic_diagnostic_suggestion(d));
    micic_report_free(r);
}

static void test_malformed_url(void **state) {
    static const struct {
        const char *link;
        const char *suggestion; /* NULL: none */
    } bad[] = {
        {"http//example.org/page", "http://example.org/page"},
        {"http:/example.org", "http://example.org"},
        {"www.example.org/guide", "http://www.example.org/guide"},
        {"https://example.org/a report.pdf", "https://example.org/a%20report.pdf"},
        {"htp://example.org", NULL},
        {"http://", NULL},
        {"http://exa_mple.org", NULL},
        {"http://example.org:99999/", NULL},
        {"https://-example.org", NULL},
        {"http://example.org/100%", NULL},
        {"mailto://someone", NULL},
    };
    static const char *good[] = {
        "https://migration4development.org/en/resources/toolbox/training",
        "http://migration4development.org/sites/micicinitiative/files/guide_eng.pdf",
        "ftp://ftp.example.org/pub/file.pdf",
        "http://[2001:db8::1]:8080/x?y=1&z=%20#frag",
        "https://user:pw@example.org:443/path;p?q=a/b#f",
        "https://fr.wikipedia.org/wiki/Migration_\xc3\xa0_l'\xc3\xa9tranger",
        "Guidance note on evacuation",
        "See the IOM website (www section)",
        "Report: Https matters in crisis communication",
        "",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        micic_report *r = check_one(MICIC_FIELD_LINK, bad[i].link);
        const micic_diagnostic *d = find(r, MICIC_CODE_BAD_URL, "link");
        if (!d) fprintf(stderr, "not flagged: %s\n", bad[i].link);
        assert_non_null(d);
        assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
        if (bad[i].suggestion) {
            assert_non_null(micic_diagnostic_suggestion(d));
            assert_string_equal(micic_diagnostic_suggestion(d), bad[i].suggestion);
        } else {
            assert_null(micic_diagnostic_suggestion(d));
        }
        micic_report_free(r);
    }
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        micic_report *r = check_one(MICIC_FIELD_LINK, good[i]);
        if (count(r, MICIC_CODE_BAD_URL)) fprintf(stderr, "flagged: %s\n", good[i]);
        assert_int_equal(count(r, MICIC_CODE_BAD_URL), 0);
        micic_report_free(r);
    }
}

/* ------------------------------------------------------------------ */
/* descriptions                                                         */
/* ------------------------------------------------------------------ */

static void test_short_description(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    micic_validate_options o;
    const char *s = "Training for consuls.";
    (void)state;
    r = check_one(MICIC_FIELD_DESCRIPTION, s);
    d = find(r, MICIC_CODE_SHORT_DESCRIPTION, "description");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_value(d), s);
    micic_report_free(r);
    micic_validate_options_init(&o);
    o.min_description = 10;
    r = check_with(MICIC_FIELD_DESCRIPTION, &s, 1, &o);
    assert_int_equal(count(r, MICIC_CODE_SHORT_DESCRIPTION), 0);
    micic_report_free(r);
    /* characters, not bytes: 39 characters of 2 bytes each are short */
    {
        char buf[200] = "";
        int k;
        for (k = 0; k < 39; k++) strcat(buf, "\xc3\xa9");
        r = check_one(MICIC_FIELD_DESCRIPTION, buf);
        assert_non_null(find(r, MICIC_CODE_SHORT_DESCRIPTION, NULL));
        micic_report_free(r);
        strcat(buf, "\xc3\xa9");
        r = check_one(MICIC_FIELD_DESCRIPTION, buf);
        assert_null(find(r, MICIC_CODE_SHORT_DESCRIPTION, NULL));
        micic_report_free(r);
    }
}

static void test_guideline_text_in_description(void **state) {
    /* a sentence of guideline 8's body and one of its Sample Practices */
    const char *body = "Understanding and assessing these limitations is a critical first step "
                       "towards overcoming them.";
    const char *sample = "Training for consular officials, such as on collecting information on "
                         "citizens and crisis management, including evacuation.";
    const micic_guideline *g8 = micic_guideline_get(8);
    char desc[600];
    micic_report *r;
    const micic_diagnostic *d;
    const char *text;
    int found_sample = 0;
    size_t i;
    (void)state;
    assert_non_null(micic_guideline_text(g8));
    assert_non_null(strstr(micic_guideline_text(g8), body));
    for (i = 0; i < micic_guideline_sample_count(g8); i++)
        if (strcmp(micic_guideline_sample(g8, i), sample) == 0) found_sample = 1;
    assert_true(found_sample);

    snprintf(desc, sizeof desc,
             "Our ministry trained its staff. %s We also published a handbook in 2018.", body);
    r = check_one(MICIC_FIELD_DESCRIPTION, desc);
    d = find(r, MICIC_CODE_GUIDELINE_TEXT, "description");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_non_null(strstr(micic_diagnostic_message(d), "guideline 8"));
    text = micic_diagnostic_value(d); /* the copied run, found in the description */
    assert_true(strlen(text) > 40);
    assert_non_null(strstr(desc, text));
    assert_non_null(strstr(body, text));
    micic_report_free(r);

    /* case, punctuation and curly quotes do not hide a copy */
    snprintf(desc, sizeof desc, "Activities: TRAINING FOR CONSULAR OFFICIALS -- such as on "
                                "collecting information on citizens, and crisis management; "
                                "including evacuation!");
    r = check_one(MICIC_FIELD_DESCRIPTION, desc);
    assert_non_null(find(r, MICIC_CODE_GUIDELINE_TEXT, "description"));
    micic_report_free(r);

    /* a recommended practice taken from a guideline document may quote it */
    {
        micic_practice *p = good_record();
        micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
        add(p, MICIC_FIELD_DESCRIPTION, sample);
        r = check(p, NULL);
        assert_non_null(find(r, MICIC_CODE_GUIDELINE_TEXT, "description"));
        micic_report_free(r);
        add(p, MICIC_FIELD_KIND, MICIC_KIND_RECOMMENDED);
        r = check(p, NULL);
        assert_int_equal(count(r, MICIC_CODE_GUIDELINE_TEXT), 0);
        micic_report_free(r);
        micic_practice_free(p);
    }

    /* 11 words of the same sentence are not enough */
    r = check_one(MICIC_FIELD_DESCRIPTION,
                  "We agree that understanding and assessing these limitations is a critical "
                  "first step for our ministry.");
    assert_int_equal(count(r, MICIC_CODE_GUIDELINE_TEXT), 0);
    micic_report_free(r);
    /* the good record's own description */
    r = check_one(MICIC_FIELD_DESCRIPTION, DESC_OK);
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
}

/* ------------------------------------------------------------------ */
/* text hygiene                                                         */
/* ------------------------------------------------------------------ */

static void test_control_characters(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    r = check_one(MICIC_FIELD_TITLE, "Return\x01 assistance");
    d = find(r, MICIC_CODE_CONTROL_CHAR, "title");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_string_equal(micic_diagnostic_suggestion(d), "Return assistance");
    assert_non_null(strstr(micic_diagnostic_message(d), "U+0001"));
    micic_report_free(r);
    /* C1 control (U+0085) and DEL */
    r = check_one(MICIC_FIELD_STAKEHOLDER, "IOM\xc2\x85 Cairo\x7f");
    d = find(r, MICIC_CODE_CONTROL_CHAR, "stakeholder");
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_suggestion(d), "IOM Cairo");
    micic_report_free(r);
    /* line breaks and tabs are fine */
    r = check_one(MICIC_FIELD_DESCRIPTION, DESC_OK "\n\nSecond paragraph:\tdetails.\r\n");
    assert_int_equal(count(r, MICIC_CODE_CONTROL_CHAR), 0);
    micic_report_free(r);
    /* extras are checked too */
    {
        micic_practice *p = good_record();
        assert_int_equal(micic_practice_add_extra(p, "Remarks", "bell\x07", NULL), MICIC_OK);
        r = check(p, NULL);
        d = find(r, MICIC_CODE_CONTROL_CHAR, "Remarks");
        assert_non_null(d);
        micic_report_free(r);
        micic_practice_free(p);
    }
}

static void test_invalid_utf8(void **state) {
    micic_report *r;
    const micic_diagnostic *d;
    char *json = NULL;
    (void)state;
    r = check_one(MICIC_FIELD_TITLE, "caf\xe9 for migrants");
    d = find(r, MICIC_CODE_INVALID_UTF8, "title");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_string_equal(micic_diagnostic_value(d), "caf\xef\xbf\xbd for migrants");
    /* the report stays renderable */
    assert_int_equal(micic_report_render(r, MICIC_REPORT_JSON, &json, NULL), MICIC_OK);
    micic_free(json);
    micic_report_free(r);
    /* overlong encoding and a lone surrogate */
    r = check_one(MICIC_FIELD_STAKEHOLDER, "IOM \xc0\xaf");
    assert_non_null(find(r, MICIC_CODE_INVALID_UTF8, "stakeholder"));
    micic_report_free(r);
    r = check_one(MICIC_FIELD_STAKEHOLDER, "IOM \xed\xa0\x80");
    assert_non_null(find(r, MICIC_CODE_INVALID_UTF8, "stakeholder"));
    micic_report_free(r);
    r = check_one(MICIC_FIELD_STAKEHOLDER, "OIM \xc3\xa9quipe \xf0\x9f\x8c\x8d");
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
}

static void test_field_too_long(void **state) {
    micic_validate_options o;
    micic_report *r;
    const micic_diagnostic *d;
    char *big;
    const char *v;
    (void)state;
    micic_validate_options_init(&o);
    o.max_field_chars = 50;
    r = check_with(MICIC_FIELD_DESCRIPTION, (const char *[]){DESC_OK}, 1, &o);
    d = find(r, MICIC_CODE_FIELD_TOO_LONG, "description");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    micic_report_free(r);
    r = check_one(MICIC_FIELD_DESCRIPTION, DESC_OK);
    assert_int_equal(count(r, MICIC_CODE_FIELD_TOO_LONG), 0);
    micic_report_free(r);
    /* default maximum 20000 characters; the value in the diagnostic is cut */
    big = malloc(20002);
    assert_non_null(big);
    memset(big, 'a', 20001);
    big[20001] = '\0';
    v = big;
    r = check_with(MICIC_FIELD_TITLE, &v, 1, NULL);
    d = find(r, MICIC_CODE_FIELD_TOO_LONG, "title");
    assert_non_null(d);
    assert_true(strlen(micic_diagnostic_value(d)) < 300);
    micic_report_free(r);
    big[20000] = '\0';
    r = check_with(MICIC_FIELD_TITLE, &v, 1, NULL);
    assert_int_equal(count(r, MICIC_CODE_FIELD_TOO_LONG), 0);
    micic_report_free(r);
    free(big);
}

/* ------------------------------------------------------------------ */
/* Diagnostic contents                                                  */
/* ------------------------------------------------------------------ */

static void test_diagnostic_location(void **state) {
    micic_practice *p = good_record();
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL;
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "Phillipines", "Phillipines",
                                        "records.txt", 7, 3, NULL),
                     MICIC_OK);
    add(p, MICIC_FIELD_ID, "REC-42");
    assert_int_equal(micic_practice_set_record_location(p, "records.txt", 2, 1, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, micic_practice_new(), NULL), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    d = find(r, MICIC_CODE_UNKNOWN_COUNTRY, "country");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    assert_string_equal(micic_diagnostic_record_id(d), "REC-42");
    assert_string_equal(micic_diagnostic_source(d), "records.txt");
    assert_int_equal(micic_diagnostic_line(d), 7);
    assert_int_equal(micic_diagnostic_column(d), 3);
    assert_string_equal(micic_diagnostic_value(d), "Phillipines");
    assert_string_equal(micic_diagnostic_code_name(d), "unknown-country");
    assert_true(strlen(micic_diagnostic_message(d)) > 10);
    /* a missing field points at the record */
    d = find(r, MICIC_CODE_MISSING_FIELD, "description");
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_record_index(d), 0);
    micic_report_free(r);
    micic_corpus_free(c);
}

/* ------------------------------------------------------------------ */
/* Duplicates                                                           */
/* ------------------------------------------------------------------ */

static const char *const WORDS[] = {
    "migrants", "crisis", "assistance", "training", "consular", "evacuation", "host",
    "community", "return", "shelter", "information", "registration", "ministry", "funding",
    "workers", "employers", "hotline", "languages", "volunteers", "mapping", "referral",
    "health", "cash", "documents", "border", "transit", "origin", "embassy", "coordination",
    "recovery", "disaster", "conflict", "flood", "earthquake", "relocation", "data",
    "privacy", "planning", "drills", "radio", "sms", "app", "website", "local", "national",
    "regional", "program", "support", "legal", "wages", "housing", "school", "children",
    "women", "labour", "recruiters", "insurance", "savings", "remittances", "diaspora"};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

/* Deterministic pseudo-random description of n words. */
static void random_description(char *buf, size_t cap, unsigned *seed, int n) {
    int i;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        if (strlen(buf) + 20 >= cap) break;
        strcat(buf, WORDS[(*seed >> 16) % NWORDS]);
        strcat(buf, i + 1 < n ? " " : ".");
    }
}

static micic_practice *record_with(const char *title, const char *stakeholder,
                                   const char *description) {
    micic_practice *p = good_record();
    micic_practice_clear(p, MICIC_FIELD_TITLE);
    micic_practice_clear(p, MICIC_FIELD_STAKEHOLDER);
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    if (title) add(p, MICIC_FIELD_TITLE, title);
    if (stakeholder) add(p, MICIC_FIELD_STAKEHOLDER, stakeholder);
    if (description) add(p, MICIC_FIELD_DESCRIPTION, description);
    return p;
}

static void test_duplicates(void **state) {
    const char *d1 =
        "The embassy opened a 24-hour hotline in six languages and sent text messages to "
        "registered workers with the locations of shelters and evacuation points.";
    /* one word changed out of 26 distinct words: Jaccard 22/24 = 0.917 */
    const char *d1_near =
        "The embassy opened a 24-hour hotline in six languages and sent text messages to "
        "registered workers with the locations of shelters and assembly points.";
    const char *d2 =
        "A regional fund paid for the charter flights that brought stranded workers home and "
        "for their first month of reintegration support.";
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL;
    micic_validate_options o;
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_add(c, record_with("Hotline", "Embassy of X", d1), NULL),
                     MICIC_OK);
    /* 1: same description with other case and punctuation */
    assert_int_equal(micic_corpus_add(c, record_with("Hotline 2", "Embassy of Y",
                                                     "THE EMBASSY opened a 24 hour hotline, in "
                                                     "six languages, and sent text messages to "
                                                     "registered workers with the locations of "
                                                     "shelters and evacuation points!"),
                                      NULL),
                     MICIC_OK);
    /* 2: near-identical description */
    assert_int_equal(micic_corpus_add(c, record_with("Text alerts", "Embassy of Z", d1_near), NULL),
                     MICIC_OK);
    /* 3: different description, different title */
    assert_int_equal(micic_corpus_add(c, record_with("Charter flights", "Fund", d2), NULL),
                     MICIC_OK);
    /* 4: same title and stakeholder as 3 (case differs), different description */
    assert_int_equal(micic_corpus_add(c, record_with("CHARTER FLIGHTS", "fund",
                                                     "Flights were chartered by the fund to "
                                                     "bring back migrants stranded at the "
                                                     "border crossing after the conflict."),
                                      NULL),
                     MICIC_OK);
    /* 5: same title as 3, other stakeholder */
    assert_int_equal(micic_corpus_add(c, record_with("Charter flights", "Ministry of Labour",
                                                     "The ministry chartered ferries to move "
                                                     "migrant workers from the island to the "
                                                     "capital during the cyclone season."),
                                      NULL),
                     MICIC_OK);
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    dump(r);
    assert_int_equal(count(r, MICIC_CODE_DUPLICATE_RECORD), 3);
    d = micic_report_get(r, 0);
    assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_DUPLICATE_RECORD);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    assert_string_equal(micic_diagnostic_field(d), "description");
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_non_null(strstr(micic_diagnostic_message(d), "record 0"));
    d = micic_report_get(r, 1);
    assert_int_equal(micic_diagnostic_record_index(d), 2);
    assert_non_null(strstr(micic_diagnostic_message(d), "record 0"));
    assert_non_null(strstr(micic_diagnostic_message(d), "0.92"));
    d = micic_report_get(r, 2);
    assert_int_equal(micic_diagnostic_record_index(d), 4);
    assert_string_equal(micic_diagnostic_field(d), "title");
    assert_non_null(strstr(micic_diagnostic_message(d), "record 3"));
    micic_report_free(r);

    /* a higher threshold keeps the near duplicate apart, not the exact one */
    micic_validate_options_init(&o);
    o.duplicate_threshold = 0.95;
    assert_int_equal(micic_validate(c, &o, &r, NULL), MICIC_OK);
    assert_int_equal(count(r, MICIC_CODE_DUPLICATE_RECORD), 2);
    micic_report_free(r);
    /* disabled */
    micic_validate_options_init(&o);
    o.disabled[0] = MICIC_CODE_DUPLICATE_RECORD;
    assert_int_equal(micic_validate(c, &o, &r, NULL), MICIC_OK);
    assert_int_equal(count(r, MICIC_CODE_DUPLICATE_RECORD), 0);
    micic_report_free(r);
    micic_corpus_free(c);
}

/* n words drawn from a synthetic vocabulary of `vocab` words. */
static void synthetic_description(char *buf, size_t cap, unsigned *seed, int n, unsigned vocab) {
    size_t len = 0;
    int i;
    buf[0] = '\0';
    for (i = 0; i < n && len + 16 < cap; i++) {
        *seed = *seed * 1103515245u + 12345u;
        len += (size_t)snprintf(buf + len, cap - len, "w%u ", (*seed >> 8) % vocab);
    }
}

/* n records with random descriptions and three planted near duplicates
 * (copies of record i - 900 with their last word dropped). */
static micic_corpus *planted_corpus(size_t n, unsigned vocab, int words) {
    micic_corpus *c = micic_corpus_new();
    char buf[1024], title[32];
    unsigned seed = 7;
    size_t i;
    for (i = 0; i < n; i++) {
        micic_practice *p;
        if (i == 1000 || i == 2000 || i == n - 1) {
            const micic_practice *src = micic_corpus_get(c, i - 900);
            char *sp;
            snprintf(buf, sizeof buf, "%s", micic_practice_first(src, MICIC_FIELD_DESCRIPTION));
            sp = strrchr(buf, ' ');
            assert_non_null(sp);
            *sp = '\0';
        } else if (vocab) {
            synthetic_description(buf, sizeof buf, &seed, words, vocab);
        } else {
            random_description(buf, sizeof buf, &seed, words);
        }
        snprintf(title, sizeof title, "Practice %zu", i);
        p = record_with(title, "Stakeholder", buf);
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    return c;
}

static void test_duplicates_many_records(void **state) {
    /* 3000 random 40-word descriptions over 2000 words: exactly the three
       planted near duplicates are found, each naming its source */
    micic_corpus *c = planted_corpus(3000, 2000, 40);
    micic_report *r = NULL;
    size_t i, k = 0;
    static const long expect[][2] = {{1000, 100}, {2000, 1100}, {2999, 2099}};
    (void)state;
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    assert_int_equal(count(r, MICIC_CODE_DUPLICATE_RECORD), 3);
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        char want[32];
        if (micic_diagnostic_code(d) != MICIC_CODE_DUPLICATE_RECORD) continue;
        assert_int_equal(micic_diagnostic_record_index(d), expect[k][0]);
        snprintf(want, sizeof want, "record %ld ", expect[k][1]);
        assert_non_null(strstr(micic_diagnostic_message(d), want));
        k++;
    }
    micic_report_free(r);
    micic_corpus_free(c);
}

static void test_duplicates_low_entropy(void **state) {
    /* 3000 descriptions drawn from only 60 words: every pair shares a lot
       (Jaccard around 0.3), which floods the LSH buckets; no pair reaches
       the threshold except the planted ones, so nothing else may be
       reported, and the run must stay fast */
    micic_corpus *c = planted_corpus(3000, 0, 40);
    micic_report *r = NULL;
    size_t i;
    (void)state;
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    for (i = 0; i < micic_report_size(r); i++) {
        long idx = micic_diagnostic_record_index(micic_report_get(r, i));
        assert_true(idx == 1000 || idx == 2000 || idx == 2999);
    }
    micic_report_free(r);
    micic_corpus_free(c);
}

/* ------------------------------------------------------------------ */
/* Options                                                              */
/* ------------------------------------------------------------------ */

static void test_options_errors(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL, *rep = micic_report_new();
    micic_practice *p = good_record();
    micic_validate_options o;
    micic_error err;
    (void)state;
    micic_validate_options_init(&o);
    o.version = 99;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EVERSION);
    assert_int_equal(err.code, MICIC_EVERSION);
    assert_null(r);
    assert_int_equal(micic_validate_practice(p, 0, &o, rep, &err), MICIC_EVERSION);
    assert_int_equal(micic_validate(NULL, NULL, &r, &err), MICIC_EINVAL);
    assert_int_equal(micic_validate(c, NULL, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_validate_practice(NULL, 0, NULL, rep, &err), MICIC_EINVAL);
    assert_int_equal(micic_validate_practice(p, 0, NULL, NULL, &err), MICIC_EINVAL);
    micic_validate_options_init(&o);
    o.disabled[3] = 12345;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EINVAL);
    micic_validate_options_init(&o);
    o.override_code[0] = MICIC_CODE_SHORT_DESCRIPTION;
    o.override_severity[0] = (micic_severity)7;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EINVAL);
    micic_validate_options_init(&o);
    o.duplicate_threshold = 0.0;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EINVAL);
    o.duplicate_threshold = 1.5;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EINVAL);
    micic_validate_options_init(&o);
    o.required = 1u << 30;
    assert_int_equal(micic_validate(c, &o, &r, &err), MICIC_EINVAL);
    assert_int_equal(micic_report_size(rep), 0);
    /* the defaults, and the INIT macro agrees with _init() */
    {
        micic_validate_options m = MICIC_VALIDATE_OPTIONS_INIT;
        micic_validate_options_init(&o);
        assert_int_equal(o.version, MICIC_VALIDATE_OPTIONS_VERSION);
        assert_int_equal(o.required, MICIC_REQUIRED_DEFAULT);
        assert_int_equal(o.max_diagnostics, 10000);
        assert_int_equal(o.min_description, 40);
        assert_int_equal(o.max_field_chars, 20000);
        assert_true(o.duplicate_threshold == 0.9);
        assert_int_equal(m.required, o.required);
        assert_int_equal(m.strict, o.strict);
    }
    /* an empty corpus is valid */
    assert_int_equal(micic_validate(c, NULL, &r, &err), MICIC_OK);
    assert_int_equal(err.code, 0);
    assert_int_equal(micic_report_size(r), 0);
    assert_true(micic_validate_ok(r, 1));
    micic_report_free(r);
    assert_false(micic_validate_ok(NULL, 0));
    micic_report_free(rep);
    micic_practice_free(p);
    micic_corpus_free(c);
}

/* A record with four problems: short description (warning), unknown
 * crisis (error), unknown country (error), control character (warning). */
static micic_practice *four_problems(void) {
    micic_practice *p = good_record();
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    add(p, MICIC_FIELD_DESCRIPTION, "Too short.");
    micic_practice_clear(p, MICIC_FIELD_CRISIS);
    add_raw(p, MICIC_FIELD_CRISIS, "Pandemic");
    add_raw(p, MICIC_FIELD_COUNTRY, "Atlantis");
    micic_practice_clear(p, MICIC_FIELD_TITLE);
    add(p, MICIC_FIELD_TITLE, "Tab\x1b title");
    return p;
}

static void test_severity_override_and_disable(void **state) {
    micic_practice *p = four_problems();
    micic_validate_options o;
    micic_report *r;
    (void)state;
    r = check(p, NULL);
    assert_int_equal(micic_report_size(r), 4);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 2);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_WARNING), 2);
    micic_report_free(r);
    micic_validate_options_init(&o);
    o.override_code[0] = MICIC_CODE_SHORT_DESCRIPTION;
    o.override_severity[0] = MICIC_SEVERITY_ERROR;
    o.override_code[1] = MICIC_CODE_UNKNOWN_COUNTRY;
    o.override_severity[1] = MICIC_SEVERITY_INFO;
    r = check(p, &o);
    assert_int_equal(micic_diagnostic_severity(find(r, MICIC_CODE_SHORT_DESCRIPTION, NULL)),
                     MICIC_SEVERITY_ERROR);
    assert_int_equal(micic_diagnostic_severity(find(r, MICIC_CODE_UNKNOWN_COUNTRY, NULL)),
                     MICIC_SEVERITY_INFO);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 2);
    micic_report_free(r);
    micic_validate_options_init(&o);
    o.disabled[0] = MICIC_CODE_UNKNOWN_VALUE;
    o.disabled[5] = MICIC_CODE_CONTROL_CHAR;
    r = check(p, &o);
    assert_int_equal(micic_report_size(r), 2);
    assert_int_equal(count(r, MICIC_CODE_UNKNOWN_VALUE), 0);
    assert_int_equal(count(r, MICIC_CODE_CONTROL_CHAR), 0);
    micic_report_free(r);
    micic_practice_free(p);
}

static void test_cap_and_strict(void **state) {
    micic_practice *p = four_problems();
    micic_validate_options o;
    micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    micic_validate_options_init(&o);
    o.max_diagnostics = 2;
    r = check(p, &o);
    /* two diagnostics, then one summary saying how many were left out,
       with the worst severity among them */
    assert_int_equal(micic_report_size(r), 3);
    d = micic_report_get(r, 2);
    assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_LIMIT);
    assert_non_null(strstr(micic_diagnostic_message(d), "2 more"));
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_false(micic_validate_ok(r, 0));
    micic_report_free(r);
    o.max_diagnostics = 0; /* unlimited */
    r = check(p, &o);
    assert_int_equal(micic_report_size(r), 4);
    micic_report_free(r);

    /* strict: warnings are reported as errors */
    micic_practice_free(p);
    p = good_record();
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    add(p, MICIC_FIELD_DESCRIPTION, "Too short.");
    micic_validate_options_init(&o);
    r = check(p, &o);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_WARNING), 1);
    assert_true(micic_validate_ok(r, 0));
    assert_false(micic_validate_ok(r, 1));
    micic_report_free(r);
    o.strict = 1;
    r = check(p, &o);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_WARNING), 0);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 1);
    assert_false(micic_validate_ok(r, 0));
    micic_report_free(r);
    /* info stays info in strict mode */
    micic_practice_clear(p, MICIC_FIELD_DESCRIPTION);
    add(p, MICIC_FIELD_DESCRIPTION, DESC_OK);
    add_raw(p, MICIC_FIELD_NEED, "Access to drinking water during evacuation");
    r = check(p, &o);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_INFO), 1);
    assert_true(micic_validate_ok(r, 1));
    micic_report_free(r);
    micic_practice_free(p);
}

/* ------------------------------------------------------------------ */
/* JSON report vs data/report.schema.json                               */
/* ------------------------------------------------------------------ */

static void assert_has_required(json_t *obj, json_t *schema_obj) {
    json_t *req = json_object_get(schema_obj, "required");
    size_t i;
    assert_true(json_is_array(req));
    assert_true(json_array_size(req) > 0);
    for (i = 0; i < json_array_size(req); i++) {
        const char *key = json_string_value(json_array_get(req, i));
        if (!json_object_get(obj, key)) fprintf(stderr, "missing key: %s\n", key);
        assert_non_null(json_object_get(obj, key));
    }
}

static void test_json_report_schema(void **state) {
    micic_practice *p = four_problems();
    micic_report *r;
    json_t *schema, *doc, *diags, *item_schema;
    json_error_t jerr;
    char *json = NULL;
    size_t i;
    (void)state;
    r = check(p, NULL);
    assert_int_equal(micic_report_render(r, MICIC_REPORT_JSON, &json, NULL), MICIC_OK);
    doc = json_loads(json, 0, &jerr);
    assert_non_null(doc);
    schema = json_load_file(MICIC_SEEDS_DIR "/../report.schema.json", 0, &jerr);
    assert_non_null(schema);
    assert_has_required(doc, schema);
    assert_has_required(json_object_get(doc, "summary"),
                        json_object_get(json_object_get(schema, "properties"), "summary"));
    item_schema = json_object_get(json_object_get(schema, "$defs"), "diagnostic");
    diags = json_object_get(doc, "diagnostics");
    assert_int_equal(json_array_size(diags), 4);
    for (i = 0; i < json_array_size(diags); i++) {
        json_t *d = json_array_get(diags, i);
        const char *sev = json_string_value(json_object_get(d, "severity"));
        assert_has_required(d, item_schema);
        assert_true(strcmp(sev, "error") == 0 || strcmp(sev, "warning") == 0 ||
                    strcmp(sev, "info") == 0);
        assert_true(json_integer_value(json_object_get(d, "code")) >= 200);
        assert_true(json_is_string(json_object_get(d, "suggestion")) ||
                    json_is_null(json_object_get(d, "suggestion")));
    }
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "summary"), "errors")),
                     2);
    json_decref(doc);
    json_decref(schema);
    micic_free(json);
    micic_report_free(r);
    micic_practice_free(p);
}

/* ------------------------------------------------------------------ */
/* The seeds                                                            */
/* ------------------------------------------------------------------ */

static const char *const SEEDS[] = {"000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt",
                                    "002_6a72a7c89454eb5c.txt", "003_650e86cc90e064d2.txt",
                                    "004_aa20fe2b579e300a.txt"};

static micic_corpus *read_seeds(void) {
    micic_corpus *c = micic_corpus_new();
    size_t i;
    assert_non_null(c);
    for (i = 0; i < sizeof SEEDS / sizeof SEEDS[0]; i++) {
        char path[512];
        micic_error err;
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, SEEDS[i]);
        if (micic_read_file(c, path, NULL, &err) != MICIC_OK) {
            fprintf(stderr, "%s: %s\n", path, err.text);
            fail();
        }
    }
    return c;
}

static void test_seeds_validate(void **state) {
    micic_corpus *c = read_seeds();
    micic_report *r = NULL;
    size_t i, reported = 0, recommended = 0;
    (void)state;
    assert_true(micic_corpus_size(c) >= 2);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const char *kind = micic_practice_first(micic_corpus_get(c, i), MICIC_FIELD_KIND);
        if (strcmp(kind, MICIC_KIND_RECOMMENDED) == 0) recommended++;
        else reported++;
    }
    assert_true(reported >= 2);
    assert_true(recommended >= 1);
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 0);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_WARNING), 0);
    assert_true(micic_validate_ok(r, 1));
    /* what is left is information: values of open lists not known yet */
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        micic_field f;
        int vocab;
        assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_UNKNOWN_VALUE);
        assert_int_equal(micic_field_from_name(micic_diagnostic_field(d), &f), MICIC_OK);
        assert_true(micic_field_vocab(f, &vocab));
        assert_false(micic_vocab_is_closed((micic_vocab)vocab));
    }
    micic_report_free(r);
    micic_corpus_free(c);
}

static void test_seed_004_record(void **state) {
    /* the form-export seed: a reported practice with guidelines 8, 9, 14,
       Post-Crisis Action; every value canonical, nothing to report */
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL;
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt", NULL, NULL),
                     MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 3);
    assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
    dump(r);
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
    /* the same record with its phase changed to one none of 8, 9, 14 has */
    {
        micic_practice *q = micic_corpus_get_mutable(c, 0);
        assert_int_equal(micic_practice_set_value(q, MICIC_FIELD_PHASE, 0, "Crisis Preparedness",
                                                  NULL),
                         MICIC_OK);
        assert_int_equal(micic_validate(c, NULL, &r, NULL), MICIC_OK);
        assert_int_equal(count(r, MICIC_CODE_PHASE_MISMATCH), 0); /* 8 is preparedness */
        micic_report_free(r);
    }
    micic_corpus_free(c);
}


/* ------------------------------------------------------------------ */
/* Word hashing: the 8-byte fast path and the per-character path agree  */
/* ------------------------------------------------------------------ */

/* Hashes of the words of s. */
static size_t word_hashes(const char *s, uint64_t *out, size_t max) {
    size_t pos = 0, k = 0;
    micic__word w;
    while (k < max && micic__next_word(s, strlen(s), &pos, &w)) out[k++] = w.hash;
    return k;
}

static void test_word_hashing(void **state) {
    /* the same words at every alignment, in every case, with accents, in
       runs longer and shorter than 8 bytes, next to non-ASCII punctuation */
    static const char *const variants[] = {
        "internationalization of migrants",
        "INTERNATIONALIZATION OF MIGRANTS",
        "  Internationalization, of\tmigrants!",
        "x internationalization of migrants",
        "\xe2\x80\x9cInternationalization\xe2\x80\x9d of m\xc3\xafgrants",
        "Internationaliz\xc3\xa0tion of MIGRANTS\xe2\x80\xa6",
        "internationalization\xe2\x80\x94of\xc2\xa0migrants",
    };
    uint64_t ref[8], h[8];
    size_t i, n;
    micic__word w;
    size_t pos = 0;
    (void)state;
    n = word_hashes(variants[0], ref, 8);
    assert_int_equal(n, 3);
    for (i = 1; i < sizeof variants / sizeof variants[0]; i++) {
        size_t k = word_hashes(variants[i], h, 8);
        if (i == 3) { /* leading "x" */
            assert_int_equal(k, 4);
            assert_memory_equal(h + 1, ref, 3 * sizeof ref[0]);
        } else {
            if (k != 3 || memcmp(h, ref, sizeof ref[0] * 3) != 0)
                fprintf(stderr, "variant %zu differs\n", i);
            assert_int_equal(k, 3);
            assert_memory_equal(h, ref, 3 * sizeof ref[0]);
        }
    }
    /* word boundaries and offsets */
    assert_int_equal(micic__next_word("  ab-cd", 7, &pos, &w), 1);
    assert_int_equal(w.start, 2);
    assert_int_equal(w.end, 4);
    assert_int_equal(micic__next_word("  ab-cd", 7, &pos, &w), 1);
    assert_int_equal(w.start, 5);
    assert_int_equal(w.end, 7);
    assert_int_equal(micic__next_word("  ab-cd", 7, &pos, &w), 0);
    /* different words differ, and so do words of 8 and 16 bytes that share
       their first chunk */
    n = word_hashes("abcdefgh abcdefghijklmnop abcdefgi migrant migrants", h, 8);
    assert_int_equal(n, 5);
    assert_true(h[0] != h[1] && h[0] != h[2] && h[1] != h[2] && h[3] != h[4]);
}

/* ------------------------------------------------------------------ */
/* Progress and cancellation                                            */
/* ------------------------------------------------------------------ */

typedef struct progress_log {
    size_t calls, last_done, last_total, stop_after;
    int monotonic;
} progress_log;

static int on_progress(size_t done, size_t total, void *payload) {
    progress_log *l = payload;
    if (done < l->last_done) l->monotonic = 0;
    l->calls++;
    l->last_done = done;
    l->last_total = total;
    return l->stop_after && l->calls >= l->stop_after;
}

static void test_progress_and_cancel(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL, *plain = NULL;
    progress_log log = {0, 0, 0, 0, 1};
    micic_error err;
    size_t i;
    (void)state;
    for (i = 0; i < 2500; i++) {
        char title[32];
        micic_practice *p = good_record();
        snprintf(title, sizeof title, "Practice %zu", i);
        micic_practice_clear(p, MICIC_FIELD_TITLE);
        add(p, MICIC_FIELD_TITLE, title);
        if (i % 1000 == 7) add_raw(p, MICIC_FIELD_COUNTRY, "Atlantis");
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    /* every 1024 records and once at the end; the same report as without */
    assert_int_equal(micic_validate_with_progress(c, NULL, on_progress, &log, &r, &err), MICIC_OK);
    assert_int_equal(log.calls, 3); /* 1024, 2048, 2500 */
    assert_int_equal(log.last_done, 2500);
    assert_int_equal(log.last_total, 2500);
    assert_true(log.monotonic);
    assert_int_equal(micic_validate(c, NULL, &plain, NULL), MICIC_OK);
    assert_int_equal(micic_report_size(r), micic_report_size(plain));
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_COUNTRY), 3);
    micic_report_free(r);
    micic_report_free(plain);
    /* a NULL callback is plain validation */
    assert_int_equal(micic_validate_with_progress(c, NULL, NULL, NULL, &r, &err), MICIC_OK);
    micic_report_free(r);
    /* a non-zero return cancels: no report */
    memset(&log, 0, sizeof log);
    log.stop_after = 1;
    r = (micic_report *)&log; /* must be reset to NULL */
    assert_int_equal(micic_validate_with_progress(c, NULL, on_progress, &log, &r, &err),
                     MICIC_ECANCELLED);
    assert_null(r);
    assert_int_equal(err.code, MICIC_ECANCELLED);
    assert_int_equal(log.calls, 1);
    micic_corpus_free(c);
}

/* ------------------------------------------------------------------ */
/* docs/diagnostics.md lists every code with its number and severity    */
/* ------------------------------------------------------------------ */

static void test_docs_table(void **state) {
    FILE *f = fopen(MICIC_SEEDS_DIR "/../../docs/diagnostics.md", "r");
    char line[2048];
    int seen[400] = {0};
    int code;
    size_t rows = 0;
    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        int number;
        char name[64], sev[16];
        /* | 206 | `unknown-country` | error | ... */
        if (sscanf(line, "| %d | `%63[a-z0-9-]` | %15[a-z]", &number, name, sev) != 3) continue;
        assert_true(number > 0 && number < 400);
        if (strcmp(micic_code_name(number), name) != 0)
            fprintf(stderr, "docs: %d is '%s', library says '%s'\n", number, name,
                    micic_code_name(number));
        assert_string_equal(micic_code_name(number), name);
        assert_string_equal(micic_severity_name(micic_code_severity(number)), sev);
        seen[number]++;
        rows++;
    }
    fclose(f);
    /* every code of the library, exactly once */
    for (code = 100; code < 400; code++) {
        if (micic_code_name(code)[0]) {
            if (seen[code] != 1) fprintf(stderr, "docs: code %d listed %d times\n", code, seen[code]);
            assert_int_equal(seen[code], 1);
        }
    }
    assert_int_equal(rows, 28);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_record_is_clean),
        cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_missing_guideline_or_theme),
        cmocka_unit_test(test_recommended_practice_needs_no_crisis),
        cmocka_unit_test(test_unknown_value_closed),
        cmocka_unit_test(test_suggestions_from_issue),
        cmocka_unit_test(test_unknown_value_open),
        cmocka_unit_test(test_guideline_range),
        cmocka_unit_test(test_guideline_title_mismatch),
        cmocka_unit_test(test_guideline_given_as_title),
        cmocka_unit_test(test_theme_mismatch),
        cmocka_unit_test(test_phase_mismatch),
        cmocka_unit_test(test_unknown_country),
        cmocka_unit_test(test_malformed_url),
        cmocka_unit_test(test_short_description),
        cmocka_unit_test(test_guideline_text_in_description),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_diagnostic_location),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_duplicates_many_records),
        cmocka_unit_test(test_duplicates_low_entropy),
        cmocka_unit_test(test_options_errors),
        cmocka_unit_test(test_severity_override_and_disable),
        cmocka_unit_test(test_cap_and_strict),
        cmocka_unit_test(test_json_report_schema),
        cmocka_unit_test(test_seeds_validate),
        cmocka_unit_test(test_seed_004_record),
        cmocka_unit_test(test_docs_table),
        cmocka_unit_test(test_word_hashing),
        cmocka_unit_test(test_progress_and_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
