/* The built-in catalogue: guidelines, phases, vocabularies (lib/catalogue.c, lib/vocab.c). */
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

/* ---- seed helpers ----------------------------------------------------- */

static char *read_seed(const char *name) {
    char path[512];
    FILE *f;
    long n;
    char *buf;
    snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char *const seeds[] = {"000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt",
                                    "002_6a72a7c89454eb5c.txt", "003_650e86cc90e064d2.txt",
                                    "004_aa20fe2b579e300a.txt"};

/* Call fn(line, previous non-empty line, ctx) for each line of every seed. */
static void each_seed_line(void (*fn)(const char *line, const char *prev, void *ctx), void *ctx) {
    size_t s;
    for (s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        char *text = read_seed(seeds[s]);
        char *line = text, prev[512] = "";
        while (line && *line) {
            char *nl = strchr(line, '\n');
            size_t len;
            if (nl) *nl = '\0';
            len = strlen(line);
            if (len && line[len - 1] == '\r') line[len - 1] = '\0';
            fn(line, prev, ctx);
            if (line[0]) snprintf(prev, sizeof prev, "%s", line);
            line = nl ? nl + 1 : NULL;
        }
        free(text);
    }
}

/* ---- guidelines ------------------------------------------------------- */

static void test_guideline_table(void **state) {
    int n;
    (void)state;
    assert_int_equal(micic_guideline_count(), 15);
    assert_null(micic_guideline_get(0));
    assert_null(micic_guideline_get(16));
    assert_null(micic_guideline_get(-1));
    for (n = 1; n <= 15; n++) {
        const micic_guideline *g = micic_guideline_get(n);
        micic_phase expect = n <= 8 ? MICIC_PHASE_PREPAREDNESS
                             : n <= 13 ? MICIC_PHASE_EMERGENCY
                                       : MICIC_PHASE_POST_CRISIS;
        assert_non_null(g);
        assert_int_equal(micic_guideline_number(g), n);
        assert_int_equal(micic_guideline_phase(g), expect);
        assert_true(strlen(micic_guideline_title(g)) > 10);
        assert_string_equal(micic_guideline_theme(g),
                            micic_vocab_label(MICIC_VOCAB_THEME, (size_t)n - 1));
        /* by title, by theme, by "GUIDELINE N: title" */
        assert_ptr_equal(micic_guideline_by_title(micic_guideline_title(g)), g);
        assert_ptr_equal(micic_guideline_by_theme(micic_guideline_theme(g)), g);
        {
            char heading[300];
            int num = -1, match = -1;
            snprintf(heading, sizeof heading, "GUIDELINE %d: %s", n, micic_guideline_title(g));
            assert_int_equal(micic_guideline_title_match(heading, &num, &match), MICIC_OK);
            assert_int_equal(num, n);
            assert_int_equal(match, n);
            assert_ptr_equal(micic_guideline_by_title(heading), g);
        }
    }
    assert_string_equal(micic_guideline_title(micic_guideline_get(14)),
                        "Address migrants' immediate needs and support migrants to rebuild lives");
    assert_string_equal(micic_guideline_theme(micic_guideline_get(8)), "Capacity building");
    assert_string_equal(micic_guideline_theme(micic_guideline_get(15)),
                        "Support the recovery of migrants\xe2\x80\x99 host communities");
}

static void test_guideline_texts(void **state) {
    static const int known[] = {3, 8, 9, 14, 15};
    size_t i, k;
    int n;
    (void)state;
    for (n = 1; n <= 15; n++) {
        const micic_guideline *g = micic_guideline_get(n);
        int is_known = 0;
        for (i = 0; i < 5; i++) is_known |= known[i] == n;
        if (is_known) {
            assert_non_null(micic_guideline_text(g));
            assert_true(micic_guideline_sample_count(g) >= 5);
            for (k = 0; k < micic_guideline_sample_count(g); k++)
                assert_true(strlen(micic_guideline_sample(g, k)) > 10);
            assert_null(micic_guideline_sample(g, micic_guideline_sample_count(g)));
        } else {
            assert_null(micic_guideline_text(g));
            assert_int_equal(micic_guideline_sample_count(g), 0);
            assert_null(micic_guideline_sample(g, 0));
        }
    }
    /* the texts are the seeds' */
    assert_non_null(strstr(micic_guideline_text(micic_guideline_get(9)),
                           "Multiple formal and informal communication systems"));
    assert_string_equal(micic_guideline_sample(micic_guideline_get(14), 0),
                        "Access to remedies to recover lost property and assets, outstanding "
                        "wages, pensions, and other benefits.");
    assert_int_equal(micic_guideline_sample_count(micic_guideline_get(8)), 6);
}

/* every guideline has a full description of its own (data/guidelines/NN.description.txt) */
static void test_guideline_descriptions(void **state) {
    int n, m;
    (void)state;
    for (n = 1; n <= 15; n++) {
        const char *d = micic_guideline_description(micic_guideline_get(n));
        assert_non_null(d);
        assert_true(strlen(d) > 1500);                /* several paragraphs */
        assert_null(strstr(d, "GUIDELINE"));          /* the heading line is not repeated */
        assert_non_null(strstr(d, "\n\nVocabulary: ")); /* ends with its vocabulary */
        assert_true(d[strlen(d) - 1] != '\n');       /* stripped */
        for (m = 1; m < n; m++)
            assert_string_not_equal(d, micic_guideline_description(micic_guideline_get(m)));
    }
    /* longer than the 4095 bytes a C string literal is guaranteed: complete */
    assert_true(strlen(micic_guideline_description(micic_guideline_get(4))) > 4095);
    assert_non_null(strstr(micic_guideline_description(micic_guideline_get(1)), "early warning"));
    assert_non_null(strstr(micic_guideline_description(micic_guideline_get(13)), "evacuat"));
    assert_string_equal(micic_guideline_description(NULL), "");
}

static void test_guideline_variants(void **state) {
    int n;
    size_t i, total = 0;
    (void)state;
    for (n = 1; n <= 15; n++) {
        const micic_guideline *g = micic_guideline_get(n);
        for (i = 0; i < micic_guideline_variant_count(g); i++) {
            assert_ptr_equal(micic_guideline_by_title(micic_guideline_variant(g, i)), g);
            total++;
        }
        assert_null(micic_guideline_variant(g, micic_guideline_variant_count(g)));
    }
    assert_true(total >= 2);
}

typedef struct seed_titles {
    int headings;    /* "GUIDELINE N: ..." lines */
    int implements;  /* "Practices to Implement Guideline N: ..." lines */
    int themes;      /* thematic-area lines just before a heading */
} seed_titles;

/* Every guideline heading in the seeds resolves to its own number, and the
 * thematic-area line above it names the same guideline. */
static void check_heading(const char *line, const char *prev, void *ctx) {
    seed_titles *st = ctx;
    int declared = 0, num = -1, match = -1;
    const char *p = NULL;
    if (strncmp(line, "GUIDELINE ", 10) == 0 && line[10] >= '0' && line[10] <= '9') {
        p = line + 10;
        st->headings++;
    } else if (strncmp(line, "Practices to Implement Guideline ", 33) == 0) {
        p = line + 33;
        st->implements++;
    }
    if (!p) return;
    declared = atoi(p);
    assert_int_equal(micic_guideline_title_match(line, &num, &match), MICIC_OK);
    assert_int_equal(num, declared);
    assert_int_equal(match, declared);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(line)), declared);
    /* the bare title after the colon too */
    p = strchr(line, ':');
    assert_non_null(p);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(p + 1)), declared);
    if (strncmp(line, "GUIDELINE ", 10) == 0 && strncmp(prev, "Guideline", 9) != 0 &&
        strchr(prev, ':') == NULL) {
        assert_int_equal(micic_guideline_number(micic_guideline_by_theme(prev)), declared);
        st->themes++;
    }
}

static void test_seed_headings(void **state) {
    seed_titles st = {0, 0, 0};
    (void)state;
    each_seed_line(check_heading, &st);
    assert_int_equal(st.headings, 7);   /* 001: 3, 8, 14, 15; 004: 8, 9, 14 */
    assert_int_equal(st.implements, 1); /* 002: 14 */
    assert_int_equal(st.themes, 7);
}

static void test_title_tolerance(void **state) {
    int num = -1, match = -1;
    (void)state;
    /* curly/straight quotes, case, "the", plural, trailing punctuation */
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(
                         "GUIDELINE 14: Address migrants\xe2\x80\x99 immediate needs and support "
                         "migrants to rebuild lives")),
                     14);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(
                         "address migrants' immediate need and support migrant to rebuild lives.")),
                     14);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(
                         "Build Capacity and Learn Lessons for the Emergency Response and "
                         "Post-Crisis Actions")),
                     8);
    assert_int_equal(
        micic_guideline_number(micic_guideline_by_title("SUPPORT MIGRANTS HOST COMMUNITY")), 15);
    /* a truncated heading ("...", "…") matches by prefix */
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(
                         "Communicate widely, effectively, and often with migrants\xe2\x80\xa6")),
                     9);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title(
                         "Facilitate migrants' ability...")),
                     10);
    /* ... but not without the ellipsis, nor when the prefix fits two titles */
    assert_null(micic_guideline_by_title("Communicate widely, effectively"));
    assert_null(micic_guideline_by_title("Communicate\xe2\x80\xa6"));
    assert_null(micic_guideline_by_title("Establish ..."));
    /* the mismatch the validator must see */
    assert_int_equal(micic_guideline_title_match(
                         "GUIDELINE 8: Empower migrants to help themselves\xe2\x80\xa6", &num, &match),
                     MICIC_OK);
    assert_int_equal(num, 8);
    assert_int_equal(match, 3);
    assert_null(micic_guideline_by_title("GUIDELINE 8: Empower migrants to help themselves\xe2\x80\xa6"));
    /* number only, title only, nothing */
    assert_int_equal(micic_guideline_title_match("Guideline 12", &num, &match), MICIC_OK);
    assert_int_equal(num, 12);
    assert_int_equal(match, 0);
    assert_int_equal(micic_guideline_number(micic_guideline_by_title("Guideline 12")), 12);
    assert_null(micic_guideline_by_title("Guideline 12: not a real title"));
    assert_int_equal(micic_guideline_title_match("Guideline 99: Coordination", &num, &match),
                     MICIC_ENOTFOUND);
    assert_int_equal(num, 0);
    assert_int_equal(micic_guideline_title_match("Capacity building", &num, &match),
                     MICIC_ENOTFOUND);
    assert_int_equal(micic_guideline_title_match("banana", &num, &match), MICIC_ENOTFOUND);
    assert_int_equal(num, 0);
    assert_int_equal(match, 0);
    assert_int_equal(micic_guideline_title_match("GUIDELINE 3: \xff", &num, &match), MICIC_EUTF8);
    assert_int_equal(micic_guideline_title_match(NULL, &num, &match), MICIC_EINVAL);
    assert_null(micic_guideline_by_title(NULL));
    assert_null(micic_guideline_by_title(""));
}

static void test_theme_lookup(void **state) {
    (void)state;
    assert_int_equal(micic_guideline_number(micic_guideline_by_theme("capacity BUILDING")), 8);
    assert_int_equal(
        micic_guideline_number(micic_guideline_by_theme("Support migrants' recovery ")), 14);
    assert_int_equal(micic_guideline_number(micic_guideline_by_theme(
                         "Support the recovery of migrants\xe2\x80\x99 host communities")),
                     15);
    assert_null(micic_guideline_by_theme("Capacity"));
    assert_null(micic_guideline_by_theme(NULL));
}

/* ---- phases ------------------------------------------------------------ */

static void test_phases(void **state) {
    static const struct {
        const char *text;
        micic_phase phase;
    } cases[] = {
        {"Crisis Preparedness", MICIC_PHASE_PREPAREDNESS},
        {"crisis preparedness", MICIC_PHASE_PREPAREDNESS},
        {"Pre-crisis", MICIC_PHASE_PREPAREDNESS},
        {"Pre-Crisis Phase", MICIC_PHASE_PREPAREDNESS},
        {"pre crisis phase", MICIC_PHASE_PREPAREDNESS},
        {"I: PRE-CRISIS PHASE:", MICIC_PHASE_PREPAREDNESS},
        {"Emergency Response", MICIC_PHASE_EMERGENCY},
        {"Emergency", MICIC_PHASE_EMERGENCY},
        {"Emergency Phase", MICIC_PHASE_EMERGENCY},
        {"II. EMERGENCY PHASE:", MICIC_PHASE_EMERGENCY},
        {"Post-Crisis Action", MICIC_PHASE_POST_CRISIS},
        {"post-crisis action", MICIC_PHASE_POST_CRISIS},
        {"Post-crisis", MICIC_PHASE_POST_CRISIS},
        {"post crisis", MICIC_PHASE_POST_CRISIS},
        {"Post\xe2\x80\x93" "Crisis Phase", MICIC_PHASE_POST_CRISIS},
        {"III. POST-CRISIS PHASE:", MICIC_PHASE_POST_CRISIS},
        {"State of Emergency", MICIC_PHASE_NONE},
        {"Emergency Response Systems", MICIC_PHASE_NONE},
        {"crisis", MICIC_PHASE_NONE},
        {"IV. EMERGENCY", MICIC_PHASE_EMERGENCY},
        {"", MICIC_PHASE_NONE},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        micic_phase got = micic_phase_lookup(cases[i].text);
        if (got != cases[i].phase) fail_msg("phase of '%s': %d", cases[i].text, (int)got);
    }
    assert_int_equal(micic_phase_lookup(NULL), MICIC_PHASE_NONE);
    assert_string_equal(micic_phase_label(MICIC_PHASE_PREPAREDNESS), "Crisis Preparedness");
    assert_string_equal(micic_phase_label(MICIC_PHASE_EMERGENCY), "Emergency Response");
    assert_string_equal(micic_phase_label(MICIC_PHASE_POST_CRISIS), "Post-Crisis Action");
    assert_string_equal(micic_phase_label(MICIC_PHASE_NONE), "");
    assert_string_equal(micic_phase_label((micic_phase)7), "");
}

/* Phase values written in the seeds: "Crisis phase: X" lines and the
 * next line after a "Crisis phase (Check all that apply)" label. */
static void check_phase_line(const char *line, const char *prev, void *ctx) {
    int *count = ctx;
    if (strncmp(line, "Crisis phase:", 13) == 0) {
        size_t len;
        const char *v = micic__trim(line + 13, strlen(line + 13), &len);
        assert_int_equal(micic_phase_lookup(v), MICIC_PHASE_POST_CRISIS);
        (*count)++;
    } else if (strncmp(prev, "Crisis phase (Check", 19) == 0 && line[0]) {
        assert_int_equal(micic_phase_lookup(line), MICIC_PHASE_POST_CRISIS);
        (*count)++;
    } else if (strstr(line, "PHASE:") && strstr(line, ".....") == NULL &&
               strstr(line, "\t") == NULL) {
        assert_int_not_equal(micic_phase_lookup(line), MICIC_PHASE_NONE);
        (*count)++;
    }
}

static void test_seed_phases(void **state) {
    int count = 0;
    (void)state;
    each_seed_line(check_phase_line, &count);
    assert_int_equal(count, 5); /* 001, 004 and 003's three headings */
}

/* ---- vocabularies ---------------------------------------------------- */

static void test_vocab_names(void **state) {
    micic_vocab v = MICIC_VOCAB_COUNT;
    int i;
    (void)state;
    for (i = 0; i < MICIC_VOCAB_COUNT; i++) {
        assert_int_equal(micic_vocab_from_name(micic_vocab_name((micic_vocab)i), &v), MICIC_OK);
        assert_int_equal(v, i);
        assert_true(micic_vocab_size((micic_vocab)i) > 0);
    }
    assert_string_equal(micic_vocab_name(MICIC_VOCAB_STAKEHOLDER_TYPE), "stakeholder_type");
    assert_string_equal(micic_vocab_name(MICIC_VOCAB_COUNT), "");
    assert_int_equal(micic_vocab_from_name("Type of crisis", &v), MICIC_OK);
    assert_int_equal(v, MICIC_VOCAB_CRISIS);
    assert_int_equal(micic_vocab_from_name("Type of Stakeholder Implementing the Practice "
                                           "(Check all that apply)",
                                           &v),
                     MICIC_OK);
    assert_int_equal(v, MICIC_VOCAB_STAKEHOLDER_TYPE);
    assert_int_equal(micic_vocab_from_name("Crisis phase (Check all that apply)", &v), MICIC_OK);
    assert_int_equal(v, MICIC_VOCAB_PHASE);
    assert_int_equal(micic_vocab_from_name("Migrants\xe2\x80\x99 vulnerabilities and needs "
                                           "addressed by the practice",
                                           &v),
                     MICIC_OK);
    assert_int_equal(v, MICIC_VOCAB_NEED);
    assert_int_equal(micic_vocab_from_name("colour", &v), MICIC_ENOTFOUND);
    assert_int_equal(micic_vocab_from_name(NULL, &v), MICIC_EINVAL);
    assert_true(micic_vocab_is_closed(MICIC_VOCAB_CRISIS));
    assert_true(micic_vocab_is_closed(MICIC_VOCAB_TYPE));
    assert_false(micic_vocab_is_closed(MICIC_VOCAB_POPULATION));
    assert_false(micic_vocab_is_closed(MICIC_VOCAB_SOURCE));
    assert_false(micic_vocab_is_closed(MICIC_VOCAB_COUNT));
    assert_int_equal(micic_vocab_size(MICIC_VOCAB_THEME), 15);
    assert_int_equal(micic_vocab_size(MICIC_VOCAB_PHASE), 3);
    assert_int_equal(micic_vocab_size(MICIC_VOCAB_TYPE), 14); /* the form's 12 + 2 met on real pages */
    assert_int_equal(micic_vocab_size(MICIC_VOCAB_COUNT), 0);
    assert_null(micic_vocab_label(MICIC_VOCAB_CRISIS, 3));
    assert_null(micic_vocab_synonym(MICIC_VOCAB_CRISIS, 0, 99));
}

/* Every label and synonym maps to its label, in any case and spacing. */
static void test_vocab_all_terms(void **state) {
    int v;
    size_t i, j, total = 0;
    (void)state;
    for (v = 0; v < MICIC_VOCAB_COUNT; v++) {
        for (i = 0; i < micic_vocab_size((micic_vocab)v); i++) {
            const char *label = micic_vocab_label((micic_vocab)v, i);
            for (j = 0; j <= micic_vocab_synonym_count((micic_vocab)v, i); j++) {
                const char *s = j == 0 ? label : micic_vocab_synonym((micic_vocab)v, i, j - 1);
                char upper[256];
                size_t k;
                int d = -1;
                assert_ptr_equal(micic_vocab_lookup((micic_vocab)v, s), label);
                assert_int_equal(micic_vocab_index((micic_vocab)v, s), (int)i);
                assert_ptr_equal(micic_vocab_suggest((micic_vocab)v, s, &d), label);
                assert_int_equal(d, 0);
                snprintf(upper, sizeof upper, "  %s ", s);
                for (k = 0; upper[k]; k++)
                    if (upper[k] >= 'a' && upper[k] <= 'z') upper[k] = (char)(upper[k] - 32);
                assert_ptr_equal(micic_vocab_lookup((micic_vocab)v, upper), label);
                total++;
            }
        }
    }
    assert_true(total > 60);
}

static void test_vocab_lookup(void **state) {
    static const struct {
        micic_vocab v;
        const char *text;
        const char *label; /* NULL: must not match */
    } cases[] = {
        {MICIC_VOCAB_CRISIS, "Conflicts", "Conflict"},
        {MICIC_VOCAB_CRISIS, "natural disasters", "Natural Disaster"},
        {MICIC_VOCAB_CRISIS, "Natural-Disaster", "Natural Disaster"},
        {MICIC_VOCAB_CRISIS, "Conflicts and wars", NULL},
        {MICIC_VOCAB_CRISIS, "natural hazards", NULL},
        {MICIC_VOCAB_CRISIS, "Disaster", NULL},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "States", "State"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "Host States", "Host State"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "States of Origin", "State of Origin"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "International Organisations", "International Organizations"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "International Organization", "International Organizations"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "Private sector", "Private Sector Actors"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "Civil Society Organizations", "Civil Society"},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "NGOs", NULL},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "State, State of Origin", NULL},
        {MICIC_VOCAB_STAKEHOLDER_TYPE, "All/Multiple stakeholders", NULL},
        {MICIC_VOCAB_PHASE, "State of Emergency", NULL},
        {MICIC_VOCAB_PHASE, "Post crisis", "Post-Crisis Action"},
        {MICIC_VOCAB_TYPE, "training and capacity-building", "Training and capacity building"},
        {MICIC_VOCAB_TYPE, "Assistance programmes", "Assistance programs"},
        {MICIC_VOCAB_TYPE, "Training", NULL},
        {MICIC_VOCAB_POPULATION, "rejected asylum-seekers", "rejected asylum seekers"},
        {MICIC_VOCAB_POPULATION, "Stranded Migrants", "stranded migrants"},
        {MICIC_VOCAB_POPULATION, "migrants", NULL},
        {MICIC_VOCAB_NEED, "return and reintegration needs", "Return and reintegration needs"},
        {MICIC_VOCAB_SOURCE, "MENA consultation report", "MENA Consultation report"},
        {MICIC_VOCAB_SOURCE, "North Africa and the Middle East", "MENA Consultation report"},
        {MICIC_VOCAB_SOURCE, "West and Central Africa consultation", "West and Central Africa"},
        {MICIC_VOCAB_KIND, "reported", "Reported Practice"},
        {MICIC_VOCAB_KIND, "Recommended practices", "Recommended Practice"},
        {MICIC_VOCAB_KIND, "practice", "Reported Practice"},
        {MICIC_VOCAB_THEME, "Capacity building", "Capacity building"},
        {MICIC_VOCAB_THEME, "support migrants' recovery", "Support migrants\xe2\x80\x99 recovery"},
        {MICIC_VOCAB_THEME, "Capacity", NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = micic_vocab_lookup(cases[i].v, cases[i].text);
        if (cases[i].label == NULL && got != NULL)
            fail_msg("'%s' must not match, got '%s'", cases[i].text, got);
        if (cases[i].label != NULL && (got == NULL || strcmp(got, cases[i].label) != 0))
            fail_msg("'%s' -> '%s', expected '%s'", cases[i].text, got ? got : "(null)",
                     cases[i].label);
    }
    assert_null(micic_vocab_lookup(MICIC_VOCAB_CRISIS, NULL));
    assert_null(micic_vocab_lookup(MICIC_VOCAB_CRISIS, ""));
    assert_null(micic_vocab_lookup(MICIC_VOCAB_CRISIS, "Conflict\xff"));
    assert_null(micic_vocab_lookup(MICIC_VOCAB_COUNT, "Conflict"));
    assert_int_equal(micic_vocab_index(MICIC_VOCAB_CRISIS, "Other"), 2);
    assert_int_equal(micic_vocab_index(MICIC_VOCAB_CRISIS, "banana"), -1);
}

/* Vocabulary values in the seed records all resolve. */
static void check_value_lines(const char *line, const char *prev, void *ctx) {
    static const struct {
        const char *prefix;
        micic_vocab v;
    } labels[] = {
        {"Type of practice", MICIC_VOCAB_TYPE},
        {"Type of Stakeholder Implementing the Practice", MICIC_VOCAB_STAKEHOLDER_TYPE},
        {"Type of crisis", MICIC_VOCAB_CRISIS},
        {"Migrant population targeted", MICIC_VOCAB_POPULATION},
        {"Source", MICIC_VOCAB_SOURCE},
        {"Migrants\xe2\x80\x99 vulnerabilities and needs", MICIC_VOCAB_NEED},
    };
    int *count = ctx;
    size_t i;
    for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i].prefix);
        char values[512], *tok, *next;
        const char *list = NULL;
        if (strncmp(line, labels[i].prefix, n) == 0 && line[n] == ':')
            list = line + n + 1; /* "Label:\u00a0a, b" (seed 001) */
        else if (strncmp(prev, labels[i].prefix, n) == 0 && !strchr(prev, ':') && line[0])
            list = line; /* label line, then the first value (seed 004) */
        if (!list) continue;
        snprintf(values, sizeof values, "%s", list);
        for (tok = values; tok; tok = next) {
            next = strchr(tok, ',');
            if (next) *next++ = '\0';
            if (!micic_vocab_lookup(labels[i].v, tok))
                fail_msg("seed value '%s' not in vocabulary %s", tok,
                         micic_vocab_name(labels[i].v));
            (*count)++;
        }
    }
}

static void test_seed_values(void **state) {
    int count = 0;
    (void)state;
    each_seed_line(check_value_lines, &count);
    assert_int_equal(count, 10); /* 001: 4 values, 004: 6 */
}

static void test_vocab_suggest(void **state) {
    int d = -1;
    (void)state;
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "Natural disasters", &d),
                        "Natural Disaster");
    assert_int_equal(d, 0);
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "Natural disastres", &d),
                        "Natural Disaster");
    assert_true(d > 0);
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_PHASE, "Post crisis", &d),
                        "Post-Crisis Action");
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_PHASE, "Post-crisis actions", &d),
                        "Post-Crisis Action");
    assert_int_equal(d, 1);
    assert_string_equal(
        micic_vocab_suggest(MICIC_VOCAB_STAKEHOLDER_TYPE, "Internatonal Organisations", &d),
        "International Organizations");
    assert_int_equal(d, 1);
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_TYPE, "Agreement", &d), "Agreements");
    assert_int_equal(d, 1);
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_TYPE, "Contingency plan", NULL),
                        "Contingency plans");
    d = 5;
    assert_null(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "banana", &d));
    assert_int_equal(d, -1);
    assert_null(micic_vocab_suggest(MICIC_VOCAB_STAKEHOLDER_TYPE, "banana", NULL));
    assert_null(micic_vocab_suggest(MICIC_VOCAB_TYPE, "banana", NULL));
    assert_null(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "Conflicts and wars", NULL));
    assert_null(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "", NULL));
    assert_null(micic_vocab_suggest(MICIC_VOCAB_CRISIS, NULL, NULL));
    assert_null(micic_vocab_suggest(MICIC_VOCAB_COUNT, "Conflict", NULL));
}

/* A title longer than the folding stack buffer is folded on the heap; the
 * word-level fallback must not read it after it is freed (found by
 * fuzz_csv; run under ASan by c_catalogue_asan). */
static void test_long_title_match(void **state) {
    char text[3000];
    int num = -1, tm = -1;
    size_t i;
    (void)state;
    strcpy(text, "GUIDELINE 8: Build capacity and learn lessons");
    for (i = strlen(text); i < sizeof text - 8; i += 6) memcpy(text + i, " words", 6);
    text[i] = '\0';
    assert_int_equal(micic_guideline_title_match(text, &num, &tm), MICIC_OK);
    assert_int_equal(num, 8);
    assert_int_equal(tm, 0);
}

/* Did-you-mean on the misspellings and short forms real pages and users
 * write (issue: real-world input): transpositions, sound-alikes, exonyms,
 * and the short forms the query language accepts. */
static void test_real_world_suggestions(void **state) {
    static const struct {
        const char *text, *want;
    } countries[] = {
        {"Lybia", "Libya"},          {"Phillipines", "Philippines"}, {"Viet Nam", "Vietnam"},
        {"Ivory Coast", "C\xc3\xb4te d'Ivoire"}, {"South Korea", "South Korea"},
        {"UK", "United Kingdom"},    {"USA", "United States"},       {"Syria", "Syria"},
        {"Lebannon", "Lebanon"},     {"Ethiopa", "Ethiopia"},
    };
    size_t i;
    int d = -1;
    (void)state;
    for (i = 0; i < sizeof countries / sizeof countries[0]; i++) {
        const micic_country *c = micic_country_suggest(countries[i].text, &d);
        assert_non_null(c);
        assert_string_equal(micic_country_name(c), countries[i].want);
    }
    assert_non_null(micic_country_lookup("Congo-Kinshasa"));
    assert_string_equal(micic_country_alpha3(micic_country_lookup("Congo-Kinshasa")), "COD");
    /* an adjacent transposition is one edit */
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_CRISIS, "Conflcit", &d), "Conflict");
    assert_int_equal(d, 1);
    assert_string_equal(micic_vocab_lookup(MICIC_VOCAB_CRISIS, "Natural disasters"),
                        "Natural Disaster");
    /* short forms: a suggestion, never a sure match, and far enough that
       micic_normalize() does not rewrite it by itself */
    assert_null(micic_vocab_lookup(MICIC_VOCAB_PHASE, "Preparedness"));
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_PHASE, "Preparedness", &d),
                        "Crisis Preparedness");
    assert_true(d > 2);
    assert_string_equal(micic_vocab_suggest(MICIC_VOCAB_TYPE, "Training", &d),
                        "Training and capacity building");
    /* words several labels share suggest nothing */
    assert_null(micic_vocab_suggest(MICIC_VOCAB_THEME, "migrants", &d));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guideline_table),  cmocka_unit_test(test_guideline_texts),
        cmocka_unit_test(test_guideline_descriptions),
        cmocka_unit_test(test_guideline_variants), cmocka_unit_test(test_seed_headings),
        cmocka_unit_test(test_title_tolerance),  cmocka_unit_test(test_theme_lookup),
        cmocka_unit_test(test_phases),           cmocka_unit_test(test_seed_phases),
        cmocka_unit_test(test_vocab_names),      cmocka_unit_test(test_vocab_all_terms),
        cmocka_unit_test(test_vocab_lookup),     cmocka_unit_test(test_seed_values),
        cmocka_unit_test(test_vocab_suggest), cmocka_unit_test(test_real_world_suggestions),
        cmocka_unit_test(test_long_title_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
