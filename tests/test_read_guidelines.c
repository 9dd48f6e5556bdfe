/* Guideline documents: the practices of seeds 002 and 003 (counted by hand,
 * per stakeholder heading), the sample practices of seed 000, detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "io_internal.h"
#include "micic/micic.h"

#define SEED(name) MICIC_SEEDS_DIR "/" name
#define SEED_000 SEED("000_d16a0690f231f026.txt")
#define SEED_001 SEED("001_87c8b2353408428e.txt")
#define SEED_002 SEED("002_6a72a7c89454eb5c.txt")
#define SEED_003 SEED("003_650e86cc90e064d2.txt")
#define SEED_004 SEED("004_aa20fe2b579e300a.txt")

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *data;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    if (data) data[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return data;
}

static micic_corpus *read_doc_buf(const char *data, size_t len, const char *source) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_non_null(c);
    assert_int_equal(micic__read_guidelines(c, data, len, source, NULL,
                                            micic_corpus_read_report_mutable(c), &err),
                     MICIC_OK);
    return c;
}

static micic_corpus *read_doc(const char *path) {
    size_t len = 0;
    char *data = slurp(path, &len);
    micic_corpus *c;
    assert_non_null(data);
    c = read_doc_buf(data, len, path);
    free(data);
    return c;
}

static const char *extra(const micic_practice *p, const char *label) {
    size_t i;
    for (i = 0; i < micic_practice_extra_count(p); i++)
        if (strcmp(micic_practice_extra_label(p, i), label) == 0)
            return micic_practice_extra_value(p, i);
    return NULL;
}

/* Stakeholder of a guideline-document practice: its type, or "All" for
 * the all/multiple stakeholders headings. */
static const char *group_of(const micic_practice *p) {
    if (micic_practice_count(p, MICIC_FIELD_STAKEHOLDER_TYPE) == 1)
        return micic_practice_first(p, MICIC_FIELD_STAKEHOLDER_TYPE);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER_TYPE), 0);
    assert_non_null(extra(p, "stakeholder_group"));
    assert_string_equal(extra(p, "stakeholder_group"), "All");
    return "All";
}

static int any_record_contains(const micic_corpus *c, const char *needle) {
    size_t i;
    int f;
    for (i = 0; i < micic_corpus_size(c); i++)
        for (f = 0; f < MICIC_FIELD_COUNT; f++) {
            size_t k;
            for (k = 0; k < micic_practice_count(micic_corpus_get(c, i), (micic_field)f); k++)
                if (strstr(micic_practice_value(micic_corpus_get(c, i), (micic_field)f, k),
                           needle))
                    return 1;
        }
    return 0;
}

static const micic_practice *by_title(const micic_corpus *c, const char *title, size_t nth) {
    size_t i;
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        if (strcmp(micic_practice_first(p, MICIC_FIELD_TITLE), title) == 0 && nth-- == 0)
            return p;
    }
    fail_msg("no record titled '%s'", title);
    return NULL;
}

/* One run of practices under the same headings, as counted by hand. */
typedef struct run {
    const char *phase;
    const char *theme; /* consultation theme (seed 003), or NULL */
    const char *group;
    size_t count;
} run;

static void assert_runs(const micic_corpus *c, const run *runs, size_t nruns) {
    size_t r, i = 0, k;
    for (r = 0; r < nruns; r++) {
        for (k = 0; k < runs[r].count; k++, i++) {
            const micic_practice *p = micic_corpus_get(c, i);
            const char *theme;
            if (!p) fail_msg("run %zu: only %zu records", r, i);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_PHASE), runs[r].phase);
            assert_string_equal(group_of(p), runs[r].group);
            theme = extra(p, "consultation_theme");
            if (runs[r].theme) {
                assert_non_null(theme);
                assert_string_equal(theme, runs[r].theme);
            } else {
                assert_null(theme);
            }
        }
    }
    assert_int_equal(micic_corpus_size(c), i);
}

/* ------------------------------------------------------------------ */

static void test_seed_002(void **state) {
    /* counted in the file: Multiple Stakeholders 1 (a plain title line),
       Host States 4, States of Origin 7, Private Sector Actors 1 (plain
       title), International Organizations 3, Civil Society 3 (its first
       line is a note, not a practice) */
    static const run runs[] = {
        {"Post-Crisis Action", NULL, "All", 1},
        {"Post-Crisis Action", NULL, "Host State", 4},
        {"Post-Crisis Action", NULL, "State of Origin", 7},
        {"Post-Crisis Action", NULL, "Private Sector Actors", 1},
        {"Post-Crisis Action", NULL, "International Organizations", 3},
        {"Post-Crisis Action", NULL, "Civil Society", 3},
    };
    micic_corpus *c = read_doc(SEED_002);
    const micic_practice *p;
    const char *d;
    micic_location loc;
    size_t i;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 19);
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 19);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_runs(c, runs, sizeof runs / sizeof runs[0]);
    for (i = 0; i < micic_corpus_size(c); i++) {
        p = micic_corpus_get(c, i);
        assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND), "Recommended Practice");
        assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 1);
        assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "14");
        assert_string_equal(micic_practice_first(p, MICIC_FIELD_THEME),
                            "Support migrants\xe2\x80\x99 recovery");
        assert_true(strlen(micic_practice_first(p, MICIC_FIELD_TITLE)) > 0);
        assert_true(strlen(micic_practice_first(p, MICIC_FIELD_DESCRIPTION)) > 100);
    }
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE),
                        "Access to remedies to recover lost property or assets");
    assert_true(strncmp(micic_practice_first(p, MICIC_FIELD_DESCRIPTION),
                        "Stakeholders can assist migrants in accessing avenues", 53) == 0);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_TITLE, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 20);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_GUIDELINE, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 17);
    /* "- Title" + "-" + text + bullets */
    p = by_title(c, "Temporary relaxation of immigration procedures", 0);
    d = micic_practice_first(p, MICIC_FIELD_DESCRIPTION);
    assert_true(strncmp(d, "Crises may have disrupted normal immigration processes", 54) == 0);
    assert_non_null(strstr(d, "employers include:\n\n- Lifting enforcement of sanctions"));
    assert_non_null(strstr(d, ";\n- Allowing fee waivers in relevant situations."));
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_STAKEHOLDER_TYPE), "Host State");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_STAKEHOLDER_TYPE, 0),
                        "Host States");
    /* the same title under two headings gives two records */
    assert_string_equal(group_of(by_title(c, "Access to remedies to recover lost property or "
                                             "assets", 1)),
                        "Host State");
    /* a sentence cut over lines is joined again */
    d = micic_practice_first(by_title(c, "Psychosocial support programs for the reintegration "
                                         "of vulnerable migrants", 0),
                             MICIC_FIELD_DESCRIPTION);
    assert_non_null(strstr(d, "returned migrants and implement programs that can support"));
    /* navigation, the guideline summary and the civil-society note are no practice */
    assert_false(any_record_contains(c, "Our Work"));
    assert_false(any_record_contains(c, "The dislocation caused by conflicts"));
    assert_false(any_record_contains(c, "The above-mentioned practices"));
    assert_string_equal(micic_practice_first(by_title(c, "Post evacuation assistance", 0),
                                             MICIC_FIELD_STAKEHOLDER_TYPE),
                        "Private Sector Actors");
    micic_corpus_free(c);
}

static void test_seed_003(void **state) {
    /* counted in the file, section by section (each "- **Title.**" line
       under its stakeholder heading) */
    static const run runs[] = {
        {"Crisis Preparedness", "Data on migrants", "All", 5},
        {"Crisis Preparedness", "Data on migrants", "State of Origin", 1},
        {"Crisis Preparedness", "Data on migrants", "International Organizations", 1},
        {"Crisis Preparedness", "Information to and communication with and about migrants",
         "All", 6},
        {"Crisis Preparedness", "Information to and communication with and about migrants",
         "State of Origin", 1},
        {"Crisis Preparedness", "Information to and communication with and about migrants",
         "Private Sector Actors", 1},
        {"Crisis Preparedness", "Information to and communication with and about migrants",
         "International Organizations", 1},
        {"Crisis Preparedness", "Empower migrants", "All", 5},
        {"Crisis Preparedness", "Empower migrants", "State", 1},
        {"Crisis Preparedness", "Empower migrants", "Host State", 2},
        {"Crisis Preparedness", "Empower migrants", "International Organizations", 3},
        {"Crisis Preparedness", "Capacity building and support", "All", 2},
        {"Crisis Preparedness", "Capacity building and support", "State", 2},
        {"Crisis Preparedness", "Capacity building and support", "Private Sector Actors", 2},
        {"Crisis Preparedness", "Capacity building and support", "International Organizations",
         6},
        {"Crisis Preparedness", "Preparedness and contingency planning", "All", 1},
        {"Crisis Preparedness", "Preparedness and contingency planning", "State", 2},
        {"Crisis Preparedness", "Preparedness and contingency planning", "Private Sector Actors",
         1},
        {"Crisis Preparedness", "Preparedness and contingency planning",
         "International Organizations", 4},
        {"Crisis Preparedness",
         "Build frameworks, mechanisms, and capacity to address post-crisis needs", "State", 1},
        {"Crisis Preparedness",
         "Build frameworks, mechanisms, and capacity to address post-crisis needs",
         "State of Origin", 3},
        {"Crisis Preparedness",
         "Build frameworks, mechanisms, and capacity to address post-crisis needs",
         "International Organizations", 4},
        {"Emergency Response", NULL, "All", 6},
        {"Emergency Response", NULL, "Host State", 1},
        {"Emergency Response", NULL, "Private Sector Actors", 1},
        {"Emergency Response", NULL, "International Organizations", 4},
        {"Post-Crisis Action", NULL, "All", 7},
        {"Post-Crisis Action", NULL, "Private Sector Actors", 1},
        {"Post-Crisis Action", NULL, "International Organizations", 2},
    };
    micic_corpus *c = read_doc(SEED_003);
    const micic_practice *p;
    const char *d;
    size_t i;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 77);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_runs(c, runs, sizeof runs / sizeof runs[0]);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const char *theme;
        p = micic_corpus_get(c, i);
        assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND), "Recommended Practice");
        assert_string_equal(micic_practice_first(p, MICIC_FIELD_SOURCE),
                            "International Organizations Consultation");
        /* themes 1-4 are mapped to guidelines 2, 6, 3, 8; the others are not */
        theme = extra(p, "consultation_theme");
        if (theme && strcmp(theme, "Data on migrants") == 0) {
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "2");
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_THEME),
                                "Information on migrants");
        } else if (theme && strcmp(theme, "Empower migrants") == 0) {
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "3");
        } else if (theme && strcmp(theme, "Capacity building and support") == 0) {
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "8");
        } else if (theme && strncmp(theme, "Information to", 14) == 0) {
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "6");
        } else {
            assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 0);
            assert_int_equal(micic_practice_count(p, MICIC_FIELD_THEME), 0);
        }
        d = micic_practice_first(p, MICIC_FIELD_DESCRIPTION);
        assert_null(strstr(d, "**"));
        assert_null(strstr(d, "](#)"));
        assert_null(strstr(d, "Contact:"));
        assert_null(strstr(d, "Among others"));
    }
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE),
                        "Disaggregation of data by sex, age, and status");
    assert_true(strncmp(micic_practice_first(p, MICIC_FIELD_DESCRIPTION),
                        "Capture migrants in baseline information", 40) == 0);
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_PHASE, 0), "I: PRE-CRISIS PHASE");
    /* a paragraph cut by a blank line is joined again */
    d = micic_practice_first(by_title(c, "Access to health services", 0),
                             MICIC_FIELD_DESCRIPTION);
    assert_non_null(strstr(d, "including by assisting vulnerable migrants to pay insurance fees"));
    /* sub-bullets stay lines of the description; links keep their text */
    d = micic_practice_first(by_title(c, "Applicable international standards on privacy and "
                                         "individual data protection", 0),
                             MICIC_FIELD_DESCRIPTION);
    assert_non_null(strstr(d, "\n\n- The OHCHR Guidance Note to Data Collection and "
                              "Disaggregation provides guidance"));
    assert_non_null(strstr(d, "\n- The ICRC Professional Standards for Protection Work,"));
    /* the "- Insurance products ..." line is a bullet of the practice above */
    d = micic_practice_first(by_title(c, "Financial products and services", 0),
                             MICIC_FIELD_DESCRIPTION);
    assert_non_null(strstr(d, "\n- Insurance products for migrants' families"));
    /* last practice ends before the contact footer */
    d = micic_practice_first(micic_corpus_get(c, 76), MICIC_FIELD_DESCRIPTION);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 76), MICIC_FIELD_TITLE),
                        "Community development projects");
    assert_true(strlen(d) > 50 && d[strlen(d) - 1] == '.');
    /* objectives ("- i. ...") and the table of contents are no practice */
    assert_false(any_record_contains(c, "Establish formal and informal systems"));
    assert_false(any_record_contains(c, "TABLE OF CONTENTS"));
    micic_corpus_free(c);
}

static void test_seed_000(void **state) {
    /* counted in the file: Sample Practices of guideline 3: 7, 8: 6, 14: 7,
       15: 5; the first paragraph (a handbook blurb) is no practice */
    static const int expect[][2] = {{3, 7}, {8, 6}, {14, 7}, {15, 5}};
    micic_corpus *c = read_doc(SEED_000);
    size_t i = 0, g, k;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 25);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    for (g = 0; g < 4; g++) {
        const micic_guideline *gl = micic_guideline_get(expect[g][0]);
        char num[4];
        snprintf(num, sizeof num, "%d", expect[g][0]);
        for (k = 0; k < (size_t)expect[g][1]; k++, i++) {
            const micic_practice *p = micic_corpus_get(c, i);
            const char *sample = micic_guideline_sample(gl, k);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), num);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_THEME),
                                micic_guideline_theme(gl));
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_PHASE),
                                micic_phase_label(micic_guideline_phase(gl)));
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND),
                                "Recommended Practice");
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_SOURCE), "MICIC Guidelines");
            /* the description is the sample practice as the catalogue has it */
            assert_non_null(sample);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_DESCRIPTION), sample);
            assert_int_equal(strncmp(micic_practice_first(p, MICIC_FIELD_TITLE), sample,
                                     strlen(sample) - 1),
                             0);
        }
    }
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "Pre-departure and post-arrival training for migrants that includes "
                        "crisis-related information");
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 0)).line, 8);
    assert_false(any_record_contains(c, "Handbook"));
    assert_false(any_record_contains(c, "In order to help themselves"));
    micic_corpus_free(c);
}

static void test_detection(void **state) {
    const char *paths[] = {SEED_000, SEED_001, SEED_002, SEED_003, SEED_004};
    const micic_format expect[] = {MICIC_FORMAT_GUIDELINES, MICIC_FORMAT_TEXT,
                                   MICIC_FORMAT_GUIDELINES, MICIC_FORMAT_GUIDELINES,
                                   MICIC_FORMAT_TEXT};
    size_t i;
    (void)state;
    for (i = 0; i < 5; i++) {
        size_t len = 0;
        char *data = slurp(paths[i], &len);
        assert_non_null(data);
        assert_int_equal(micic_format_detect(data, len), expect[i]);
        free(data);
    }
}

static void test_small_documents(void **state) {
    static const char pti[] =
        "Practices to Implement Guideline 9: Communicate widely, effectively, and often with "
        "migrants on evolving crises and how to access help\n"
        "Summary of the guideline.\n"
        "States\n"
        "- Hotlines\n"
        "-\n"
        "Hotlines in several languages:\n"
        "- staffed day and night;\n"
        "- free of charge.\n"
        "All stakeholders\n"
        "Shared messages\n"
        "Agree on messages before a crisis.\n";
    static const char bad[] = "Practices to Implement Guideline 14: x\nStates\n- T\xff\n-\nText.\n";
    micic_corpus *c = read_doc_buf(pti, sizeof pti - 1, "<pti>");
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 2);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "Hotlines");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_DESCRIPTION),
                        "Hotlines in several languages:\n\n- staffed day and night;\n"
                        "- free of charge.");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_STAKEHOLDER_TYPE), "State");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "9");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_PHASE), "Emergency Response");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_THEME),
                        "Communication during a crisis");
    p = micic_corpus_get(c, 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "Shared messages");
    assert_string_equal(group_of(p), "All");
    micic_corpus_free(c);
    /* bad bytes: reported with their place, the practice kept */
    c = read_doc_buf(bad, sizeof bad - 1, "<bad>");
    assert_int_equal(micic_corpus_size(c), 1);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "T\xef\xbf\xbd");
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c),
                                             MICIC_CODE_INVALID_UTF8),
                     1);
    assert_int_equal(micic_diagnostic_line(micic_report_get(micic_corpus_read_report(c), 0)), 3);
    assert_int_equal(micic_diagnostic_column(micic_report_get(micic_corpus_read_report(c), 0)),
                     4);
    micic_corpus_free(c);
    /* nothing recognizable: no record, one diagnostic */
    c = read_doc_buf("Just a line.\n", 13, "<none>");
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c),
                                             MICIC_CODE_EMPTY_INPUT),
                     1);
    micic_corpus_free(c);
    c = read_doc_buf("", 0, "<empty>");
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c),
                                             MICIC_CODE_EMPTY_INPUT),
                     1);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_002),
        cmocka_unit_test(test_seed_003),
        cmocka_unit_test(test_seed_000),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_small_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
