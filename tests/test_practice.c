/* Practice records and corpora: field names, values, canonicalization, ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "micic/micic.h"

/* Whole file as a NUL-terminated string (malloc'd), or NULL. */
static char *slurp(const char *path) {
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
    return data;
}

/* Next '\n'-terminated piece of *cursor (NUL-terminated in place), or NULL.
 * A trailing '\r' is dropped. */
static char *next_token(char **cursor, char sep) {
    char *s = *cursor, *e;
    if (!s) return NULL;
    e = strchr(s, sep);
    if (e) {
        *e = '\0';
        *cursor = e + 1;
    } else {
        *cursor = NULL;
    }
    if (sep == '\n' && *s && s[strlen(s) - 1] == '\r') s[strlen(s) - 1] = '\0';
    return s;
}

static const char *const MACHINE_NAMES[MICIC_FIELD_COUNT] = {
    "id",       "title", "type",      "country",    "stakeholder", "stakeholder_type",
    "crisis",   "phase", "description", "link",     "guideline",   "theme",
    "population", "need", "source",   "kind"};

static const char *const LABELS[MICIC_FIELD_COUNT] = {
    "Id",
    "Title",
    "Type of practice",
    "Country",
    "Name of Stakeholder",
    "Type of Stakeholder Implementing the Practice",
    "Type of crisis",
    "Crisis phase",
    "Description",
    "Related Links",
    "Guidelines/Thematic Areas",
    "Thematic area",
    "Migrant population targeted",
    "Migrants' vulnerabilities and needs addressed",
    "Source",
    "Kind"};

static void test_field_names_and_labels(void **state) {
    int f;
    micic_field got;
    (void)state;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        assert_string_equal(micic_field_name((micic_field)f), MACHINE_NAMES[f]);
        assert_string_equal(micic_field_label((micic_field)f), LABELS[f]);
        got = MICIC_FIELD_COUNT;
        assert_int_equal(micic_field_from_name(MACHINE_NAMES[f], &got), MICIC_OK);
        assert_int_equal(got, f);
        got = MICIC_FIELD_COUNT;
        assert_int_equal(micic_field_from_name(LABELS[f], &got), MICIC_OK);
        assert_int_equal(got, f);
    }
    assert_string_equal(micic_field_name(MICIC_FIELD_COUNT), "");
    assert_string_equal(micic_field_label((micic_field)-1), "");
}

typedef struct variant {
    const char *text;
    micic_field field;
} variant;

static void test_field_variants(void **state) {
    static const variant v[] = {
        {"Country (Check all that apply)", MICIC_FIELD_COUNTRY},
        {"Name of Stakeholder Implementing the Practice", MICIC_FIELD_STAKEHOLDER},
        {"Type of Stakeholder Implementing the Practice (Check all that apply)",
         MICIC_FIELD_STAKEHOLDER_TYPE},
        {"Type of crisis (Check all that apply)", MICIC_FIELD_CRISIS},
        {"Crisis phase (Check all that apply)", MICIC_FIELD_PHASE},
        {"Description of the practice", MICIC_FIELD_DESCRIPTION},
        {"Related links", MICIC_FIELD_LINK},
        {"Guideline(s)/Thematic area(s) (Check all that apply)", MICIC_FIELD_GUIDELINE},
        {"Migrant population targeted by the practice", MICIC_FIELD_POPULATION},
        {"Migrants\xE2\x80\x99 vulnerabilities and needs addressed by the practice",
         MICIC_FIELD_NEED},
        {"Migrants' vulnerabilities and needs addressed by the practice", MICIC_FIELD_NEED},
        {"Migrants\xE2\x80\x99 vulnerabilities and needs addressed", MICIC_FIELD_NEED},
        /* case, trailing colon, white space */
        {"COUNTRY", MICIC_FIELD_COUNTRY},
        {"country:", MICIC_FIELD_COUNTRY},
        {"  Type of crisis:  ", MICIC_FIELD_CRISIS},
        {"Country (Check all that apply):", MICIC_FIELD_COUNTRY},
        {"type  of\tPRACTICE", MICIC_FIELD_TYPE},
        {"Stakeholder Type", MICIC_FIELD_STAKEHOLDER_TYPE},
        {"stakeholder-type", MICIC_FIELD_STAKEHOLDER_TYPE},
        /* plurals */
        {"countries", MICIC_FIELD_COUNTRY},
        {"guidelines", MICIC_FIELD_GUIDELINE},
        {"types", MICIC_FIELD_TYPE},
        {"stakeholders", MICIC_FIELD_STAKEHOLDER},
        {"crises", MICIC_FIELD_CRISIS},
        {"phases", MICIC_FIELD_PHASE},
        {"links", MICIC_FIELD_LINK},
        {"themes", MICIC_FIELD_THEME},
        {"populations", MICIC_FIELD_POPULATION},
        {"needs", MICIC_FIELD_NEED},
        {"Thematic areas", MICIC_FIELD_THEME},
    };
    static const char *const unknown[] = {
        "", "   ", ":", "(Check all that apply)", "Countryside", "Sample Practices",
        "GUIDELINE 8: Build capacity", "Empowering migrants", "Name"};
    size_t i;
    micic_field got;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        got = MICIC_FIELD_COUNT;
        if (micic_field_from_name(v[i].text, &got) != MICIC_OK || got != v[i].field)
            fail_msg("'%s' -> %d, expected %d", v[i].text, (int)got, (int)v[i].field);
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (micic_field_from_name(unknown[i], &got) != MICIC_ENOTFOUND)
            fail_msg("'%s' should not name a field", unknown[i]);
    }
    assert_int_equal(micic_field_from_name(NULL, &got), MICIC_ENOTFOUND);
    assert_int_equal(micic_field_from_name("country", NULL), MICIC_OK);
}

static void test_field_properties(void **state) {
    int f, voc;
    (void)state;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        int single = f == MICIC_FIELD_ID || f == MICIC_FIELD_TITLE ||
                     f == MICIC_FIELD_DESCRIPTION || f == MICIC_FIELD_SOURCE ||
                     f == MICIC_FIELD_KIND;
        assert_int_equal(micic_field_is_single((micic_field)f), single);
    }
    assert_int_equal(micic_field_is_single(MICIC_FIELD_COUNT), 0);
    voc = -1;
    assert_true(micic_field_vocab(MICIC_FIELD_TYPE, &voc));
    assert_int_equal(voc, MICIC_VOCAB_TYPE);
    assert_true(micic_field_vocab(MICIC_FIELD_STAKEHOLDER_TYPE, &voc));
    assert_int_equal(voc, MICIC_VOCAB_STAKEHOLDER_TYPE);
    assert_true(micic_field_vocab(MICIC_FIELD_CRISIS, &voc));
    assert_int_equal(voc, MICIC_VOCAB_CRISIS);
    assert_true(micic_field_vocab(MICIC_FIELD_PHASE, &voc));
    assert_int_equal(voc, MICIC_VOCAB_PHASE);
    assert_true(micic_field_vocab(MICIC_FIELD_THEME, &voc));
    assert_int_equal(voc, MICIC_VOCAB_THEME);
    assert_true(micic_field_vocab(MICIC_FIELD_POPULATION, &voc));
    assert_int_equal(voc, MICIC_VOCAB_POPULATION);
    assert_true(micic_field_vocab(MICIC_FIELD_NEED, &voc));
    assert_int_equal(voc, MICIC_VOCAB_NEED);
    assert_true(micic_field_vocab(MICIC_FIELD_SOURCE, &voc));
    assert_int_equal(voc, MICIC_VOCAB_SOURCE);
    assert_true(micic_field_vocab(MICIC_FIELD_KIND, &voc));
    assert_int_equal(voc, MICIC_VOCAB_KIND);
    voc = 99;
    assert_false(micic_field_vocab(MICIC_FIELD_COUNTRY, &voc));
    assert_false(micic_field_vocab(MICIC_FIELD_DESCRIPTION, &voc));
    assert_false(micic_field_vocab(MICIC_FIELD_GUIDELINE, &voc));
    assert_false(micic_field_vocab(MICIC_FIELD_COUNT, &voc));
    assert_int_equal(voc, 99);
}

static void test_add_get_location(void **state) {
    micic_practice *p = micic_practice_new();
    micic_location loc;
    micic_error err;
    (void)state;
    assert_non_null(p);
    assert_string_equal(micic_practice_id(p), "");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 0);
    assert_null(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0));
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_COUNTRY), "");
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_COUNTRY, 0, &loc),
                     MICIC_ENOTFOUND);

    assert_int_equal(micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, " IOM ", "IOM", "a.txt",
                                        3, 7, &err),
                     MICIC_OK);
    assert_int_equal(err.code, 0);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "ILO", NULL, "b.txt", 4,
                                        1, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, NULL, "UNDP", NULL, 0, 0,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER), 3);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER, 0), "IOM");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_STAKEHOLDER, 0), " IOM ");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER, 1), "ILO");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_STAKEHOLDER, 2), "UNDP");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_STAKEHOLDER), "IOM");
    assert_null(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER, 3));
    assert_null(micic_practice_original(p, MICIC_FIELD_STAKEHOLDER, 3));

    assert_int_equal(micic_practice_location(p, MICIC_FIELD_STAKEHOLDER, 0, &loc), MICIC_OK);
    assert_string_equal(loc.source, "a.txt");
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.column, 7);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_STAKEHOLDER, 1, &loc), MICIC_OK);
    assert_string_equal(loc.source, "b.txt");
    assert_int_equal(loc.line, 4);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_STAKEHOLDER, 2, &loc), MICIC_OK);
    assert_string_equal(loc.source, "");
    assert_int_equal(loc.line, 0);

    loc = micic_practice_record_location(p);
    assert_string_equal(loc.source, "");
    assert_int_equal(micic_practice_set_record_location(p, "a.txt", 2, 1, NULL), MICIC_OK);
    loc = micic_practice_record_location(p);
    assert_string_equal(loc.source, "a.txt");
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.column, 1);

    /* usage errors */
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNT, "x", NULL, NULL, 0, 0, &err),
                     MICIC_EINVAL);
    assert_int_equal(err.code, MICIC_EINVAL);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, NULL, NULL, NULL, 0, 0, NULL),
                     MICIC_EINVAL);
    assert_int_equal(micic_practice_add(NULL, MICIC_FIELD_TITLE, "x", NULL, NULL, 0, 0, NULL),
                     MICIC_EINVAL);
    assert_int_equal(micic_practice_count(NULL, MICIC_FIELD_TITLE), 0);
    micic_practice_free(p);
}

static void test_original_shared_when_equal(void **state) {
    micic_practice *p = micic_practice_new();
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_LINK, "http://a.example", NULL, NULL,
                                        1, 1, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_LINK, " http://b.example ", NULL, NULL,
                                        2, 1, NULL),
                     MICIC_OK);
    /* one allocation when canonical == original */
    assert_ptr_equal(micic_practice_value(p, MICIC_FIELD_LINK, 0),
                     micic_practice_original(p, MICIC_FIELD_LINK, 0));
    assert_ptr_not_equal(micic_practice_value(p, MICIC_FIELD_LINK, 1),
                         micic_practice_original(p, MICIC_FIELD_LINK, 1));
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_LINK, 1), "http://b.example");
    micic_practice_free(p);
}

/* Values spelled exactly as the catalogue spells them share the catalogue's
 * string (no copy); they are copied, replaced, cleared and freed like any
 * other value (the ASan copy of this test checks no static string is freed). */
static void test_catalogue_values_are_shared(void **state) {
    micic_practice *p = micic_practice_new(), *q;
    const char *libya, *phase, *gl;
    micic_error err;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "Libya", NULL, "t", 1, 1, &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "libya", NULL, "t", 2, 1, &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_PHASE, "Emergency Response", NULL, "t", 3, 1,
                                        &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, "14", NULL, "t", 4, 1, &err),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, "Guideline 8", NULL, "t", 5, 1,
                                        &err),
                     MICIC_OK);
    libya = micic_practice_value(p, MICIC_FIELD_COUNTRY, 0);
    phase = micic_practice_value(p, MICIC_FIELD_PHASE, 0);
    gl = micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0);
    /* the same string in another record: the catalogue's */
    q = micic_practice_new();
    assert_int_equal(micic_practice_add(q, MICIC_FIELD_COUNTRY, "Libya", NULL, "u", 1, 1, &err),
                     MICIC_OK);
    assert_ptr_equal(micic_practice_value(q, MICIC_FIELD_COUNTRY, 0), libya);
    micic_practice_free(q);
    /* a differently written original keeps its own copy */
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 1), "Libya");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_COUNTRY, 1), "libya");
    assert_ptr_not_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 1), libya);
    assert_string_equal(gl, "14");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 1), "8");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_GUIDELINE, 1), "Guideline 8");
    /* copy, replace, clear, free */
    q = micic_practice_copy(p);
    assert_non_null(q);
    assert_true(micic_practice_equal(p, q));
    assert_ptr_equal(micic_practice_value(q, MICIC_FIELD_PHASE, 0), phase);
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_COUNTRY, 0, "Mali", &err), MICIC_OK);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Mali");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_COUNTRY, 0), "Libya");
    micic_practice_clear(p, MICIC_FIELD_PHASE);
    micic_practice_clear(p, MICIC_FIELD_GUIDELINE);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_PHASE), 0);
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_COUNTRY, 0), "Libya");
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_GUIDELINE, 0), "14");
    micic_practice_free(p);
    micic_practice_free(q);
}

/* value == NULL: canonicalize with the catalogue. */
static void expect_canon(micic_field f, const char *original, const char *expected) {
    micic_practice *p = micic_practice_new();
    assert_non_null(p);
    assert_int_equal(micic_practice_add(p, f, original, NULL, "t", 1, 1, NULL), MICIC_OK);
    if (strcmp(micic_practice_value(p, f, 0), expected) != 0)
        fail_msg("%s '%s' -> '%s', expected '%s'", micic_field_name(f), original,
                 micic_practice_value(p, f, 0), expected);
    assert_string_equal(micic_practice_original(p, f, 0), original);
    micic_practice_free(p);
}

static void test_canonicalize(void **state) {
    const micic_country *ci = micic_country_lookup("CIV");
    (void)state;
    /* controlled vocabularies: sure matches only */
    expect_canon(MICIC_FIELD_CRISIS, "natural disaster", "Natural Disaster");
    expect_canon(MICIC_FIELD_CRISIS, "  Conflict ", "Conflict");
    expect_canon(MICIC_FIELD_CRISIS, "Earthquake  ", "Earthquake");
    expect_canon(MICIC_FIELD_PHASE, "Post-crisis", "Post-Crisis Action");
    expect_canon(MICIC_FIELD_PHASE, "Pre-Crisis Phase", "Crisis Preparedness");
    expect_canon(MICIC_FIELD_TYPE, "training and capacity building",
                 "Training and capacity building");
    expect_canon(MICIC_FIELD_STAKEHOLDER_TYPE, "international organizations",
                 "International Organizations");
    /* the Repository writes this label with a curly apostrophe */
    expect_canon(MICIC_FIELD_THEME, "support migrants' recovery ",
                 "Support migrants\xE2\x80\x99 recovery");
    expect_canon(MICIC_FIELD_KIND, "reported practice", MICIC_KIND_REPORTED);
    /* countries: ISO short names */
    assert_non_null(ci);
    expect_canon(MICIC_FIELD_COUNTRY, "Cote d'Ivoire", micic_country_name(ci));
    expect_canon(MICIC_FIELD_COUNTRY, "Cote d'Ivoire", "C\xC3\xB4te d'Ivoire");
    expect_canon(MICIC_FIELD_COUNTRY, " Global", "Global");
    expect_canon(MICIC_FIELD_COUNTRY, "EG", "Egypt");
    expect_canon(MICIC_FIELD_COUNTRY, "Atlantis", "Atlantis");
    /* guidelines: numbers */
    expect_canon(MICIC_FIELD_GUIDELINE, "14", "14");
    expect_canon(MICIC_FIELD_GUIDELINE, " 03 ", "3");
    expect_canon(MICIC_FIELD_GUIDELINE, "Guideline 14", "14");
    expect_canon(MICIC_FIELD_GUIDELINE,
                 "GUIDELINE 14: Address migrants\xE2\x80\x99 immediate needs and support "
                 "migrants to rebuild lives",
                 "14");
    expect_canon(MICIC_FIELD_GUIDELINE, "guideline 8", "8");
    expect_canon(MICIC_FIELD_GUIDELINE, "16", "16");
    expect_canon(MICIC_FIELD_GUIDELINE, "0", "0");
    expect_canon(MICIC_FIELD_GUIDELINE, "15 days", "15 days");
    expect_canon(MICIC_FIELD_GUIDELINE, "Guidelines 3", "Guidelines 3");
    expect_canon(MICIC_FIELD_GUIDELINE, "Capacity building", "Capacity building");
    /* free text: trimmed */
    expect_canon(MICIC_FIELD_TITLE, "  A title\n", "A title");
    expect_canon(MICIC_FIELD_DESCRIPTION, "", "");
}

static void test_single_valued_replace(void **state) {
    micic_practice *p = micic_practice_new();
    micic_location loc;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, "First", NULL, "a", 1, 1, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, "Second", NULL, "b", 9, 2, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "Second");
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_TITLE, 0, &loc), MICIC_OK);
    assert_string_equal(loc.source, "b");
    assert_int_equal(loc.line, 9);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, "x1", NULL, NULL, 0, 0, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, "x2", NULL, NULL, 0, 0, NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_id(p), "x2");
    /* multi-valued fields append */
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_CRISIS, "Conflict", NULL, NULL, 0, 0,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_CRISIS, "Conflict", NULL, NULL, 0, 0,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 2);
    micic_practice_free(p);
}

static void test_set_value_and_clear(void **state) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_CRISIS, "Conflit", NULL, "f", 5, 3,
                                        NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_CRISIS, 0), "Conflit");
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_CRISIS, 0, "Conflict", &err),
                     MICIC_OK);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_CRISIS, 0), "Conflict");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_CRISIS, 0), "Conflit");
    /* back to the original text: still both readable */
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_CRISIS, 0, "Conflit", NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_CRISIS, 0), "Conflit");
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_CRISIS, 1, "x", &err),
                     MICIC_ENOTFOUND);
    assert_int_equal(err.code, MICIC_ENOTFOUND);
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_CRISIS, 0, NULL, NULL),
                     MICIC_EINVAL);
    micic_practice_clear(p, MICIC_FIELD_CRISIS);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 0);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_CRISIS, "Other", NULL, NULL, 0, 0,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 1);
    micic_practice_clear(NULL, MICIC_FIELD_CRISIS);
    micic_practice_free(p);
}

/* Values added to fields in any order come back per field, in order;
 * clearing one field leaves the others intact. */
static void test_interleaved_fields(void **state) {
    static const micic_field order[] = {MICIC_FIELD_NEED,    MICIC_FIELD_COUNTRY,
                                        MICIC_FIELD_TITLE,   MICIC_FIELD_COUNTRY,
                                        MICIC_FIELD_ID,      MICIC_FIELD_NEED,
                                        MICIC_FIELD_LINK,    MICIC_FIELD_COUNTRY,
                                        MICIC_FIELD_KIND,    MICIC_FIELD_LINK};
    micic_practice *p = micic_practice_new();
    char text[32];
    size_t i, k[MICIC_FIELD_COUNT] = {0};
    micic_location loc;
    (void)state;
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        snprintf(text, sizeof text, "%s-%zu", micic_field_name(order[i]), i);
        assert_int_equal(micic_practice_add(p, order[i], text, text, "f", (int)i + 1, 1, NULL),
                         MICIC_OK);
    }
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 3);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_NEED), 2);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_LINK), 2);
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        micic_field f = order[i];
        snprintf(text, sizeof text, "%s-%zu", micic_field_name(f), i);
        assert_string_equal(micic_practice_value(p, f, k[f]), text);
        assert_int_equal(micic_practice_location(p, f, k[f], &loc), MICIC_OK);
        assert_int_equal(loc.line, (int)i + 1);
        k[f]++;
    }
    micic_practice_clear(p, MICIC_FIELD_LINK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_LINK), 0);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 2), "country-7");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_NEED, 1), "need-5");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND), "kind-8");
    assert_string_equal(micic_practice_id(p), "id-4");
    micic_practice_clear(p, MICIC_FIELD_ID);
    assert_string_equal(micic_practice_id(p), "");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "title-2");
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_LINK, "again", NULL, NULL, 0, 0, NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_LINK), "again");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_NEED, 0), "need-0");
    micic_practice_free(p);
}

static void test_extras(void **state) {
    micic_practice *p = micic_practice_new();
    (void)state;
    assert_int_equal(micic_practice_extra_count(p), 0);
    assert_null(micic_practice_extra_label(p, 0));
    assert_int_equal(micic_practice_add_extra(p, "Sample Practices", "Briefings", NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, "Funding", NULL, NULL), MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, NULL, "x", NULL), MICIC_EINVAL);
    assert_int_equal(micic_practice_extra_count(p), 2);
    assert_string_equal(micic_practice_extra_label(p, 0), "Sample Practices");
    assert_string_equal(micic_practice_extra_value(p, 0), "Briefings");
    assert_string_equal(micic_practice_extra_label(p, 1), "Funding");
    assert_string_equal(micic_practice_extra_value(p, 1), "");
    assert_null(micic_practice_extra_value(p, 2));
    micic_practice_free(p);
}

static micic_practice *sample_practice(const char *id) {
    micic_practice *p = micic_practice_new();
    assert_non_null(p);
    if (id) assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, NULL, "s.txt", 1, 1,
                                                NULL),
                             MICIC_OK);
    assert_int_equal(micic_practice_set_record_location(p, "s.txt", 1, 1, NULL), MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "Egypt", NULL, "s.txt", 2, 1,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, "Libya", NULL, "other.txt", 3,
                                        1, NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_CRISIS, "conflict", NULL, "s.txt", 4, 1,
                                        NULL),
                     MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, "Note", "kept", NULL), MICIC_OK);
    return p;
}

static void test_copy_equal(void **state) {
    micic_practice *a = sample_practice("A1");
    micic_practice *b = micic_practice_copy(a);
    micic_location loc;
    (void)state;
    assert_non_null(b);
    assert_true(micic_practice_equal(a, b));
    assert_true(micic_practice_equal(a, a));
    assert_false(micic_practice_equal(a, NULL));
    assert_string_equal(micic_practice_id(b), "A1");
    assert_string_equal(micic_practice_original(b, MICIC_FIELD_CRISIS, 0), "conflict");
    assert_int_equal(micic_practice_location(b, MICIC_FIELD_COUNTRY, 1, &loc), MICIC_OK);
    assert_string_equal(loc.source, "other.txt");
    assert_int_equal(loc.line, 3);
    assert_string_equal(micic_practice_record_location(b).source, "s.txt");
    assert_string_equal(micic_practice_extra_value(b, 0), "kept");
    /* the copy is independent */
    micic_practice_free(a);
    assert_string_equal(micic_practice_value(b, MICIC_FIELD_COUNTRY, 0), "Egypt");
    a = micic_practice_copy(b);
    /* originals and locations are not compared */
    assert_int_equal(micic_practice_set_record_location(a, "elsewhere", 9, 9, NULL), MICIC_OK);
    assert_true(micic_practice_equal(a, b));
    /* canonical values are */
    assert_int_equal(micic_practice_set_value(a, MICIC_FIELD_COUNTRY, 1, "Mali", NULL),
                     MICIC_OK);
    assert_false(micic_practice_equal(a, b));
    assert_int_equal(micic_practice_set_value(a, MICIC_FIELD_COUNTRY, 1, "Libya", NULL),
                     MICIC_OK);
    assert_true(micic_practice_equal(a, b));
    assert_int_equal(micic_practice_add_extra(a, "Note", "more", NULL), MICIC_OK);
    assert_false(micic_practice_equal(a, b));
    assert_null(micic_practice_copy(NULL));
    micic_practice_free(a);
    micic_practice_free(b);
}

static void test_corpus_ids(void **state) {
    micic_corpus *c = micic_corpus_new();
    const micic_report *rep;
    const micic_diagnostic *d;
    micic_error err;
    (void)state;
    assert_non_null(c);
    rep = micic_corpus_read_report(c);
    assert_non_null(rep);
    assert_ptr_equal(rep, micic_corpus_read_report_mutable(c));
    assert_int_equal(micic_corpus_size(c), 0);
    assert_null(micic_corpus_get(c, 0));
    assert_null(micic_corpus_find(c, "P1"));

    assert_int_equal(micic_corpus_add(c, sample_practice(NULL), &err), MICIC_OK); /* P1 */
    assert_int_equal(micic_corpus_add(c, sample_practice("X"), NULL), MICIC_OK);  /* X */
    assert_int_equal(micic_corpus_add(c, sample_practice("X"), NULL), MICIC_OK);  /* */
    assert_int_equal(micic_corpus_add(c, sample_practice(NULL), NULL), MICIC_OK); /* P2 */
    assert_int_equal(micic_corpus_add(c, sample_practice(" X "), NULL), MICIC_OK); /* */
    assert_int_equal(micic_corpus_add(c, sample_practice("P3"), NULL), MICIC_OK); /* P3 */
    assert_int_equal(micic_corpus_add(c, sample_practice(NULL), NULL), MICIC_OK); /* P3-2 */
    assert_int_equal(micic_corpus_size(c), 7);

    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "P1");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "X");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "X-2");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 3)), "P2");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 4)), "X-3");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 5)), "P3");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 6)), "P3-2");
    /* the renamed id keeps what was read as its original */
    assert_string_equal(micic_practice_original(micic_corpus_get(c, 4), MICIC_FIELD_ID, 0),
                        " X ");

    assert_int_equal(micic_corpus_index_of(c, "X-2"), 2);
    assert_int_equal(micic_corpus_index_of(c, "P2"), 3);
    assert_int_equal(micic_corpus_index_of(c, "nope"), -1);
    assert_int_equal(micic_corpus_index_of(c, NULL), -1);
    assert_ptr_equal(micic_corpus_find(c, "X-3"), micic_corpus_get(c, 4));
    assert_null(micic_corpus_find(c, "x"));

    /* two renamed explicit ids -> two warnings naming the first use */
    assert_int_equal(micic_report_count_code(rep, MICIC_CODE_DUPLICATE_ID), 2);
    d = micic_report_get(rep, 0);
    assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_DUPLICATE_ID);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_WARNING);
    assert_int_equal(micic_diagnostic_record_index(d), 2);
    assert_string_equal(micic_diagnostic_record_id(d), "X-2");
    assert_string_equal(micic_diagnostic_value(d), "X");
    assert_string_equal(micic_diagnostic_field(d), "id");
    assert_string_equal(micic_diagnostic_source(d), "s.txt");
    assert_int_equal(micic_diagnostic_line(d), 1);
    assert_string_equal(micic_diagnostic_message(d),
                        "duplicate id 'X' renamed to 'X-2' (first used on line 1)");
    d = micic_report_get(rep, 1);
    assert_int_equal(micic_diagnostic_record_index(d), 4);
    assert_string_equal(micic_diagnostic_record_id(d), "X-3");
    assert_int_equal(micic_corpus_rejected(c), 0);

    micic_corpus_free(c);
}

static void test_corpus_frozen_ids(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p;
    micic_error err;
    (void)state;
    assert_int_equal(micic_corpus_add(c, sample_practice("K"), NULL), MICIC_OK);
    p = micic_corpus_get_mutable(c, 0);
    assert_non_null(p);
    assert_null(micic_corpus_get_mutable(c, 1));
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_ID, 0, "L", &err), MICIC_EINVAL);
    assert_int_equal(err.code, MICIC_EINVAL);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, "L", NULL, NULL, 0, 0, NULL),
                     MICIC_EINVAL);
    micic_practice_clear(p, MICIC_FIELD_ID);
    assert_string_equal(micic_practice_id(p), "K");
    assert_ptr_equal(micic_corpus_find(c, "K"), p);
    /* other fields stay editable */
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_COUNTRY, 0, "Mali", NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_value(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY, 0),
                        "Mali");
    /* a practice already in a corpus cannot be added again */
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_EINVAL);
    assert_int_equal(micic_corpus_size(c), 1);
    /* bad arguments: the practice is still consumed */
    assert_int_equal(micic_corpus_add(NULL, sample_practice("Z"), NULL), MICIC_EINVAL);
    assert_int_equal(micic_corpus_add(c, NULL, NULL), MICIC_EINVAL);
    micic_corpus_free(c);
}

static void test_corpus_extend(void **state) {
    micic_corpus *a = micic_corpus_new(), *b = micic_corpus_new();
    (void)state;
    assert_int_equal(micic_corpus_add(a, sample_practice("R1"), NULL), MICIC_OK);
    assert_int_equal(micic_corpus_add(a, sample_practice("R2"), NULL), MICIC_OK);
    assert_int_equal(micic_corpus_add(b, sample_practice("R2"), NULL), MICIC_OK);
    assert_int_equal(micic_corpus_add(b, sample_practice("R3"), NULL), MICIC_OK);
    assert_int_equal(micic_corpus_extend(a, b, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_size(a), 4);
    assert_string_equal(micic_practice_id(micic_corpus_get(a, 2)), "R2-2");
    assert_string_equal(micic_practice_id(micic_corpus_get(a, 3)), "R3");
    assert_ptr_not_equal(micic_corpus_get(a, 3), micic_corpus_get(b, 1));
    assert_true(micic_practice_equal(micic_corpus_get(a, 3), micic_corpus_get(b, 1)));
    /* b is untouched */
    assert_int_equal(micic_corpus_size(b), 2);
    assert_string_equal(micic_practice_id(micic_corpus_get(b, 0)), "R2");
    /* extending a corpus with itself doubles it once */
    assert_int_equal(micic_corpus_extend(b, b, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_size(b), 4);
    assert_string_equal(micic_practice_id(micic_corpus_get(b, 2)), "R2-2");
    assert_string_equal(micic_practice_id(micic_corpus_get(b, 3)), "R3-2");
    assert_int_equal(micic_corpus_extend(NULL, b, NULL), MICIC_EINVAL);
    micic_corpus_free(a);
    micic_corpus_free(b);
}

/* Many records: the id table grows and every id stays findable. */
static void test_corpus_many(void **state) {
    enum { N = 20000 };
    micic_corpus *c = micic_corpus_new();
    char id[32];
    size_t i;
    (void)state;
    for (i = 0; i < N; i++) {
        micic_practice *p = micic_practice_new();
        assert_non_null(p);
        if (i % 2) {
            snprintf(id, sizeof id, "R%zu", i);
            assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, NULL, NULL, 0, 0, NULL),
                             MICIC_OK);
        }
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    assert_int_equal(micic_corpus_size(c), N);
    for (i = 0; i < N; i++) {
        if (i % 2)
            snprintf(id, sizeof id, "R%zu", i);
        else
            snprintf(id, sizeof id, "P%zu", i / 2 + 1);
        assert_int_equal(micic_corpus_index_of(c, id), (long)i);
    }
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    micic_corpus_free(c);
}

/* The record of seed 004 (a form export: each label on its own line, one
 * value per line): every label is recognized and values canonicalize. */
static void test_seed_004_labels(void **state) {
    char *text = slurp(MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt");
    micic_practice *p = micic_practice_new();
    char *line, *save;
    int lineno = 0, have_field = 0, labels = 0;
    micic_field cur = MICIC_FIELD_COUNT;
    size_t i;
    int found8 = 0;
    (void)state;
    assert_non_null(text);
    save = text;
    while ((line = next_token(&save, '\n')) != NULL) {
        micic_field f;
        lineno++;
        if (strlen(line) < 100 && micic_field_from_name(line, &f) == MICIC_OK) {
            cur = f;
            have_field = 1;
            labels++;
            continue;
        }
        if (have_field && *line)
            assert_int_equal(micic_practice_add(p, cur, line, NULL, "004", lineno, 1, NULL),
                             MICIC_OK);
    }
    /* 11 labels in the seed, all in the form's own wording */
    assert_int_equal(labels, 11);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE), "Assistance programs");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 5);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Egypt");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 4), "Niger");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_STAKEHOLDER_TYPE),
                        "International Organizations");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_CRISIS), "Conflict");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_PHASE), "Post-Crisis Action");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_POPULATION), 4);
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_POPULATION, 0),
                        "stranded migrants");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_NEED, 0),
                        "Return and reintegration needs");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_SOURCE, 0),
                        "MENA Consultation report");
    for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE); i++)
        if (strcmp(micic_practice_value(p, MICIC_FIELD_GUIDELINE, i), "8") == 0) found8 = 1;
    assert_true(found8);
    micic_practice_free(p);
    free(text);
}

/* Seed 001 ("Label: value" lines with comma lists; the first ": " is
 * followed by a no-break space, which canonicalization trims). */
static void test_seed_001_label_value(void **state) {
    char *text = slurp(MICIC_SEEDS_DIR "/001_87c8b2353408428e.txt");
    micic_practice *p = micic_practice_new();
    char *line, *save;
    int lineno = 0;
    (void)state;
    assert_non_null(text);
    save = text;
    while ((line = next_token(&save, '\n')) != NULL) {
        char *colon = strchr(line, ':');
        char *item, *save2;
        micic_field f;
        lineno++;
        if (!colon) continue;
        *colon = '\0';
        if (micic_field_from_name(line, &f) != MICIC_OK) continue;
        save2 = colon + 1;
        while ((item = next_token(&save2, ',')) != NULL)
            assert_int_equal(micic_practice_add(p, f, item, NULL, "001", lineno, 1, NULL),
                             MICIC_OK);
    }
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE),
                        "Training and capacity building");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_COUNTRY), "Global");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER), 4);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER, 1),
                        "International Labour Organization (ILO)");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_STAKEHOLDER, 1),
                        " International Labour Organization (ILO)");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_CRISIS, 1), "Natural Disaster");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_PHASE), "Post-Crisis Action");
    micic_practice_free(p);
    free(text);
}

static void test_free_null(void **state) {
    (void)state;
    micic_practice_free(NULL);
    micic_corpus_free(NULL);
    assert_int_equal(micic_corpus_size(NULL), 0);
    assert_null(micic_corpus_read_report(NULL));
    assert_int_equal(micic_corpus_rejected(NULL), 0);
    assert_string_equal(micic_practice_id(NULL), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_names_and_labels),
        cmocka_unit_test(test_field_variants),
        cmocka_unit_test(test_field_properties),
        cmocka_unit_test(test_add_get_location),
        cmocka_unit_test(test_original_shared_when_equal),
        cmocka_unit_test(test_catalogue_values_are_shared),
        cmocka_unit_test(test_canonicalize),
        cmocka_unit_test(test_single_valued_replace),
        cmocka_unit_test(test_set_value_and_clear),
        cmocka_unit_test(test_interleaved_fields),
        cmocka_unit_test(test_extras),
        cmocka_unit_test(test_copy_equal),
        cmocka_unit_test(test_corpus_ids),
        cmocka_unit_test(test_corpus_frozen_ids),
        cmocka_unit_test(test_corpus_extend),
        cmocka_unit_test(test_corpus_many),
        cmocka_unit_test(test_seed_004_labels),
        cmocka_unit_test(test_seed_001_label_value),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
