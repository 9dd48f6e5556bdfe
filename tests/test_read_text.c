/* Record text: reading the seed layouts value by value, multi-record files,
 * bad input, and the writer (write -> read gives equal records). */
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

/* Whole file (malloc'd, NUL-terminated), its length in *len. */
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

/* Read a buffer with the text reader into a new corpus. */
static micic_corpus *read_text_buf(const char *data, size_t len, const char *source,
                                   const micic_read_options *opts) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_non_null(c);
    assert_int_equal(micic__read_text(c, data, len, source, opts,
                                      micic_corpus_read_report_mutable(c), &err),
                     MICIC_OK);
    return c;
}

static micic_corpus *read_text_file(const char *path) {
    size_t len = 0;
    char *data = slurp(path, &len);
    micic_corpus *c;
    assert_non_null(data);
    c = read_text_buf(data, len, path, NULL);
    free(data);
    return c;
}

static const char *val(const micic_practice *p, micic_field f, size_t i) {
    const char *v = micic_practice_value(p, f, i);
    assert_non_null(v);
    return v;
}

static void assert_values(const micic_practice *p, micic_field f, const char *const *expect,
                          size_t n) {
    size_t i;
    assert_int_equal(micic_practice_count(p, f), n);
    for (i = 0; i < n; i++) assert_string_equal(val(p, f, i), expect[i]);
}

#define ASSERT_VALUES(p, f, ...)                                                 \
    do {                                                                         \
        static const char *const expect_[] = {__VA_ARGS__};                      \
        assert_values((p), (f), expect_, sizeof expect_ / sizeof expect_[0]);    \
    } while (0)

static void assert_location(const micic_practice *p, micic_field f, size_t i, int line,
                            int column) {
    micic_location loc;
    assert_int_equal(micic_practice_location(p, f, i, &loc), MICIC_OK);
    assert_int_equal(loc.line, line);
    assert_int_equal(loc.column, column);
}

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static size_t count_code(const micic_corpus *c, int code) {
    return micic_report_count_code(micic_corpus_read_report(c), code);
}

/* First diagnostic with this code (fails when there is none). */
static const micic_diagnostic *find_diag(const micic_corpus *c, int code) {
    const micic_report *r = micic_corpus_read_report(c);
    size_t i;
    for (i = 0; i < micic_report_size(r); i++)
        if (micic_diagnostic_code(micic_report_get(r, i)) == code) return micic_report_get(r, i);
    fail_msg("no diagnostic with code %d", code);
    return NULL;
}

/* ------------------------------------------------------------------ */

static void test_seed_001(void **state) {
    micic_corpus *c = read_text_file(SEED_001);
    const micic_practice *p;
    const char *d;
    micic_location loc;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 1);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Training and capacity building");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Global");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER, "Joint Migration and Development Initiative (JMDI)",
                  "International Labour Organization (ILO)",
                  "International Organization for Migration (IOM)",
                  "United Nations development Programme (UNDP)");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER_TYPE, "International Organizations");
    ASSERT_VALUES(p, MICIC_FIELD_CRISIS, "Conflict", "Natural Disaster");
    ASSERT_VALUES(p, MICIC_FIELD_PHASE, "Post-Crisis Action");
    ASSERT_VALUES(p, MICIC_FIELD_LINK,
                  "http://migration4development.org/en/resources/toolbox/training",
                  "http://migration4development.org/sites/micicinitiative/files/guide_eng.pdf");
    ASSERT_VALUES(p, MICIC_FIELD_GUIDELINE, "3", "8", "14", "15");
    ASSERT_VALUES(p, MICIC_FIELD_THEME, "Empowering migrants", "Capacity building",
                  "Support migrants\xe2\x80\x99 recovery",
                  "Support the recovery of migrants\xe2\x80\x99 host communities");
    ASSERT_VALUES(p, MICIC_FIELD_KIND, "Reported Practice");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_POPULATION), 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_SOURCE), 0);
    assert_int_equal(micic_practice_extra_count(p), 0);
    /* the description is the one paragraph under "Description" */
    d = micic_practice_first(p, MICIC_FIELD_DESCRIPTION);
    assert_true(starts_with(d, "The training on \xe2\x80\x9cIncreasing the impact on development"));
    assert_true(ends_with(d, "better harness the development potential of migration."));
    assert_null(strchr(d, '\n'));
    /* nothing of the guidelines' own text or sample practices leaks */
    assert_null(strstr(d, "Sample Practices"));
    assert_null(strstr(d, "In order to help themselves"));
    assert_null(strstr(d, "Limited resources, funding"));
    assert_null(strstr(d, "GUIDELINE"));
    /* where values came from: line and column (in characters; the seed has
       a no-break space after each colon) */
    assert_location(p, MICIC_FIELD_TYPE, 0, 1, 19);
    assert_location(p, MICIC_FIELD_COUNTRY, 0, 3, 10);
    assert_location(p, MICIC_FIELD_STAKEHOLDER, 0, 5, 22);
    assert_location(p, MICIC_FIELD_STAKEHOLDER, 1, 5, 73);
    assert_location(p, MICIC_FIELD_CRISIS, 1, 9, 27);
    assert_location(p, MICIC_FIELD_DESCRIPTION, 0, 15, 1);
    assert_location(p, MICIC_FIELD_LINK, 1, 21, 1);
    assert_location(p, MICIC_FIELD_THEME, 0, 25, 1);
    assert_location(p, MICIC_FIELD_GUIDELINE, 0, 27, 1);
    assert_location(p, MICIC_FIELD_GUIDELINE, 3, 73, 1);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_GUIDELINE, 3, &loc), MICIC_OK);
    assert_string_equal(loc.source, SEED_001);
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_GUIDELINE, 0),
                        "GUIDELINE 3: Empower migrants to help themselves, their families, and "
                        "communities during and in the aftermath of crises");
    assert_int_equal(micic_practice_record_location(p).line, 1);
    micic_corpus_free(c);
}

static void test_seed_004(void **state) {
    micic_corpus *c = read_text_file(SEED_004);
    const micic_practice *p;
    const char *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    p = micic_corpus_get(c, 0);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Assistance programs");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Egypt", "Ghana", "Libya", "Mali", "Niger");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER, "International Organization for Migration (IOM)");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER_TYPE, "International Organizations");
    ASSERT_VALUES(p, MICIC_FIELD_CRISIS, "Conflict");
    ASSERT_VALUES(p, MICIC_FIELD_PHASE, "Post-Crisis Action");
    ASSERT_VALUES(p, MICIC_FIELD_GUIDELINE, "8", "9", "14");
    ASSERT_VALUES(p, MICIC_FIELD_THEME, "Capacity building", "Communication during a crisis",
                  "Support migrants\xe2\x80\x99 recovery");
    ASSERT_VALUES(p, MICIC_FIELD_POPULATION, "stranded migrants", "irregular migrants",
                  "rejected asylum seekers", "vulnerable migrants");
    ASSERT_VALUES(p, MICIC_FIELD_NEED, "Return and reintegration needs");
    ASSERT_VALUES(p, MICIC_FIELD_SOURCE, "MENA Consultation report");
    ASSERT_VALUES(p, MICIC_FIELD_KIND, "Reported Practice");
    d = micic_practice_first(p, MICIC_FIELD_DESCRIPTION);
    assert_true(starts_with(d, "This project provided assistance to 841 migrants"));
    assert_true(ends_with(d, "extremely vulnerable migrants."));
    /* six lines of the form export, one paragraph each line */
    assert_non_null(strstr(d, "as follows:\nPre-departure phase. Initial interview"));
    assert_null(strstr(d, "Limited resources, funding"));
    assert_null(strstr(d, "Sample Practices"));
    assert_null(strstr(d, "Capacity building"));
    assert_null(strstr(d, "Dedicated funding to protect migrants"));
    /* locations: values one per line */
    assert_location(p, MICIC_FIELD_TYPE, 0, 2, 1);
    assert_location(p, MICIC_FIELD_COUNTRY, 4, 8, 1);
    assert_location(p, MICIC_FIELD_DESCRIPTION, 0, 19, 1);
    assert_location(p, MICIC_FIELD_THEME, 0, 27, 1);
    assert_location(p, MICIC_FIELD_GUIDELINE, 1, 46, 1);
    assert_location(p, MICIC_FIELD_POPULATION, 3, 88, 1);
    assert_location(p, MICIC_FIELD_SOURCE, 0, 92, 1);
    micic_corpus_free(c);
}

static void test_older_layout(void **state) {
    micic_corpus *c = read_text_file(MICIC_TEST_DATA "/text_older_layout.txt");
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    ASSERT_VALUES(p, MICIC_FIELD_TITLE, "Hotline for migrants during the 2006 crisis in Lebanon");
    assert_location(p, MICIC_FIELD_TITLE, 0, 1, 1);
    assert_int_equal(micic_practice_record_location(p).line, 1);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Mobile and internet-based technologies");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Lebanon", "Philippines");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER, "Department of Foreign Affairs (DFA)",
                  "Overseas Workers Welfare Administration (OWWA)");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER_TYPE, "State", "State of Origin");
    ASSERT_VALUES(p, MICIC_FIELD_CRISIS, "Conflict");
    ASSERT_VALUES(p, MICIC_FIELD_PHASE, "Emergency Response");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION,
                  "A 24-hour hotline let migrant workers and their families ask for help and "
                  "register for evacuation.\n\nCalls were answered in Tagalog and English.");
    /* "Related Links" with nothing under it: no link, no diagnostic */
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_LINK), 0);
    ASSERT_VALUES(p, MICIC_FIELD_GUIDELINE, "9");
    ASSERT_VALUES(p, MICIC_FIELD_THEME, "Communication during a crisis");
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    micic_corpus_free(c);
}

static void test_navigation_prefix(void **state) {
    micic_corpus *c = read_text_file(MICIC_TEST_DATA "/text_nav_prefix.txt");
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    /* the menu lines are dropped: no title, nothing in any field */
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
    assert_int_equal(micic_practice_extra_count(p), 0);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Registration systems");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Vietnam");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_COUNTRY, 0), "Viet Nam");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER, "Department of Overseas Labour (DOL)",
                  "Embassy of Viet Nam in Japan");
    ASSERT_VALUES(p, MICIC_FIELD_CRISIS, "Natural Disaster");
    ASSERT_VALUES(p, MICIC_FIELD_PHASE, "Crisis Preparedness");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION,
                  "Migrant workers register with their embassy before departure so that they "
                  "can be found quickly when a typhoon strikes.");
    assert_location(p, MICIC_FIELD_DESCRIPTION, 0, 14, 14);
    assert_int_equal(micic_practice_record_location(p).line, 9);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    micic_corpus_free(c);
}

static void test_multi_record(void **state) {
    micic_corpus *c = read_text_file(MICIC_TEST_DATA "/text_multi.txt");
    const micic_practice *p;
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 5);
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 5);
    p = micic_corpus_get(c, 0);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Website");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION,
                  "First record: a website with crisis information for migrants.");
    p = micic_corpus_get(c, 1); /* after "====" */
    ASSERT_VALUES(p, MICIC_FIELD_TITLE, "Second record");
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Agreements");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Philippines", "Kuwait");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION, "Second record, after a line of equals signs.");
    assert_int_equal(micic_practice_record_location(p).line, 6);
    p = micic_corpus_get(c, 2); /* a new "Type of practice" after a complete record */
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Funds");
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Mexico");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION,
                  "Third record: a new \"Type of practice\" after a complete record starts it.");
    p = micic_corpus_get(c, 3); /* its title stands alone before the label */
    ASSERT_VALUES(p, MICIC_FIELD_TITLE, "Emergency fund for nationals abroad");
    assert_location(p, MICIC_FIELD_TITLE, 0, 17, 1);
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Nepal");
    p = micic_corpus_get(c, 4); /* after "---", with an unknown label */
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Research and reports");
    ASSERT_VALUES(p, MICIC_FIELD_CRISIS, "Other");
    assert_int_equal(micic_practice_extra_count(p), 1);
    assert_string_equal(micic_practice_extra_label(p, 0), "Implementing period");
    assert_string_equal(micic_practice_extra_value(p, 0), "2015-2016");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION,
                  "Fifth record, after a line of dashes, with an unknown label.");
    assert_int_equal(count_code(c, MICIC_CODE_UNKNOWN_LABEL), 1);
    d = find_diag(c, MICIC_CODE_UNKNOWN_LABEL);
    assert_int_equal(micic_diagnostic_line(d), 26);
    assert_int_equal(micic_diagnostic_column(d), 1);
    assert_int_equal(micic_diagnostic_record_index(d), 4);
    assert_string_equal(micic_diagnostic_record_id(d), "P5");
    assert_string_equal(micic_diagnostic_field(d), "Implementing period");
    assert_string_equal(micic_diagnostic_value(d), "2015-2016");
    micic_corpus_free(c);
}

static void test_label_variants_and_unknown(void **state) {
    static const char text[] =
        "Types of practice: Website, Funds\n"
        "Countries: Korea, Republic of, Japan\n"
        "Type of Stakeholder Implementing the Practice (Check all that apply): States\n"
        "Type of crisys: Conflict\n"
        "Crisis phases: Emergency\n"
        "Description of the practice:\n"
        "Line one.\n";
    micic_corpus *c = read_text_buf(text, sizeof text - 1, "<buffer>", NULL);
    const micic_practice *p = micic_corpus_get(c, 0);
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    ASSERT_VALUES(p, MICIC_FIELD_TYPE, "Website", "Funds");
    /* "Korea, Republic of" is one country although it holds a comma */
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "South Korea", "Japan");
    ASSERT_VALUES(p, MICIC_FIELD_STAKEHOLDER_TYPE, "State");
    ASSERT_VALUES(p, MICIC_FIELD_PHASE, "Emergency Response");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION, "Line one.");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 0);
    assert_int_equal(micic_practice_extra_count(p), 1);
    assert_string_equal(micic_practice_extra_label(p, 0), "Type of crisys");
    assert_string_equal(micic_practice_extra_value(p, 0), "Conflict");
    d = find_diag(c, MICIC_CODE_UNKNOWN_LABEL);
    assert_int_equal(micic_diagnostic_line(d), 4);
    assert_string_equal(micic_diagnostic_suggestion(d), "Type of crisis");
    micic_corpus_free(c);
}

static void test_guideline_block_without_label(void **state) {
    /* a guideline block right after the description, without the
       "Guidelines/Thematic Areas" label: still never part of the description */
    static const char text[] =
        "Type of practice: Website\n\n"
        "Description\n\n"
        "Our own text.\n\n"
        "Capacity building\n\n"
        "GUIDELINE 8: Build capacity and learn lessons for emergency response and post-crisis "
        "action\n\n"
        "Limited resources, funding, and technical skills can all affect the robustness.\n\n"
        "Sample Practices\n\n"
        "Training and capacity building of stakeholders.\n\n"
        "Source: MENA Consultation report\n";
    micic_corpus *c = read_text_buf(text, sizeof text - 1, "<buffer>", NULL);
    const micic_practice *p = micic_corpus_get(c, 0);
    (void)state;
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION, "Our own text.");
    ASSERT_VALUES(p, MICIC_FIELD_GUIDELINE, "8");
    ASSERT_VALUES(p, MICIC_FIELD_THEME, "Capacity building");
    ASSERT_VALUES(p, MICIC_FIELD_SOURCE, "MENA Consultation report");
    micic_corpus_free(c);
}

/* ---- bad input ----------------------------------------------------- */

static void test_invalid_utf8(void **state) {
    static const char text[] = "Type of practice: Website\n"
                               "Country: Gh\xff" "ana\n"
                               "Description\n"
                               "Caf\xc3 au lait.\n";
    micic_corpus *c = read_text_buf(text, sizeof text - 1, "bad.txt", NULL);
    const micic_practice *p;
    const micic_diagnostic *d;
    (void)state;
    /* decision: the record is kept, bad bytes become U+FFFD */
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    ASSERT_VALUES(p, MICIC_FIELD_COUNTRY, "Gh\xef\xbf\xbd" "ana");
    ASSERT_VALUES(p, MICIC_FIELD_DESCRIPTION, "Caf\xef\xbf\xbd au lait.");
    assert_int_equal(count_code(c, MICIC_CODE_INVALID_UTF8), 2);
    d = find_diag(c, MICIC_CODE_INVALID_UTF8);
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 12);
    assert_string_equal(micic_diagnostic_source(d), "bad.txt");
    assert_int_equal(micic_diagnostic_record_index(d), 0);
    assert_string_equal(micic_diagnostic_record_id(d), "P1");
    micic_corpus_free(c);
}

static void test_nul_bytes(void **state) {
    static const char text[] = "Type of practice: Web\0site\nDescription\nText.\n";
    micic_corpus *c = read_text_buf(text, sizeof text - 1, "<buffer>", NULL);
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_TYPE, "Web\xef\xbf\xbdsite");
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION, "Text.");
    d = find_diag(c, MICIC_CODE_NUL_BYTE);
    assert_int_equal(micic_diagnostic_line(d), 1);
    assert_int_equal(micic_diagnostic_column(d), 22);
    micic_corpus_free(c);
}

static void test_truncated_input(void **state) {
    /* cut inside a UTF-8 sequence: the partial character is reported */
    static const char cut_char[] = "Type of practice: Website\nDescription\nMigrants\xe2\x80";
    /* cut right after a label: its value is missing */
    static const char cut_label[] = "Type of practice: Website\nCountry: Mali\nDescription";
    micic_corpus *c = read_text_buf(cut_char, sizeof cut_char - 1, "<buffer>", NULL);
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 1);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION, "Migrants\xef\xbf\xbd");
    d = find_diag(c, MICIC_CODE_TRUNCATED);
    assert_int_equal(micic_diagnostic_line(d), 3);
    assert_int_equal(micic_diagnostic_column(d), 9);
    assert_int_equal(count_code(c, MICIC_CODE_INVALID_UTF8), 0);
    micic_corpus_free(c);

    c = read_text_buf(cut_label, sizeof cut_label - 1, "<buffer>", NULL);
    assert_int_equal(micic_corpus_size(c), 1);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY, "Mali");
    assert_int_equal(micic_practice_count(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION), 0);
    d = find_diag(c, MICIC_CODE_TRUNCATED);
    assert_int_equal(micic_diagnostic_line(d), 3);
    assert_string_equal(micic_diagnostic_field(d), "description");
    micic_corpus_free(c);
}

static void test_empty_input(void **state) {
    micic_corpus *c = read_text_buf("", 0, "<buffer>", NULL);
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 0);
    d = find_diag(c, MICIC_CODE_EMPTY_INPUT);
    assert_int_equal(micic_diagnostic_record_index(d), -1);
    micic_corpus_free(c);
    /* white space and a BOM only */
    c = read_text_buf("\xef\xbb\xbf \n\r\n\t\n", 7, "<buffer>", NULL);
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(count_code(c, MICIC_CODE_EMPTY_INPUT), 1);
    micic_corpus_free(c);
    /* text without any label: no record */
    c = read_text_buf("Home\nAbout us\n", 14, "<buffer>", NULL);
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(count_code(c, MICIC_CODE_EMPTY_INPUT), 1);
    micic_corpus_free(c);
}

static void test_crlf_and_cr(void **state) {
    static const char crlf[] = "Type of practice: Website\r\nCountry: Mali\r\n\r\nDescription\r\n"
                               "One.\r\n\r\nTwo.\r\n";
    static const char cr[] = "Type of practice: Website\rCountry: Mali\rDescription\rOne.";
    micic_corpus *c = read_text_buf(crlf, sizeof crlf - 1, "<buffer>", NULL);
    (void)state;
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION, "One.\n\nTwo.");
    assert_location(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION, 0, 5, 1);
    micic_corpus_free(c);
    c = read_text_buf(cr, sizeof cr - 1, "<buffer>", NULL);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY, "Mali");
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION, "One.");
    micic_corpus_free(c);
}

static void test_limits(void **state) {
    static const char text[] = "Type of practice: Website\nDescription\n"
                               "A description that is longer than thirty-two bytes.\n"
                               "====\n"
                               "Type of practice: Funds\nDescription\nShort.\n";
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c;
    (void)state;
    o.max_field_bytes = 32;
    c = read_text_buf(text, sizeof text - 1, "<buffer>", &o);
    assert_int_equal(micic_corpus_size(c), 2);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_DESCRIPTION,
                  "A description that is longer tha");
    assert_int_equal(count_code(c, MICIC_CODE_LIMIT), 1);
    micic_corpus_free(c);
    /* a record over max_record_bytes is rejected; the next one is kept */
    micic_read_options_init(&o);
    o.max_record_bytes = 80;
    c = read_text_buf(text, sizeof text - 1, "<buffer>", &o);
    assert_int_equal(micic_corpus_size(c), 1);
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_TYPE, "Funds");
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 2);
    assert_int_equal(micic_report_rejected(micic_corpus_read_report(c)), 1);
    assert_int_equal(micic_diagnostic_record_index(find_diag(c, MICIC_CODE_RECORD_REJECTED)), 0);
    micic_corpus_free(c);
}

/* ---- writer -------------------------------------------------------- */

/* Number of different extra labels in c. */
static size_t distinct_extra_labels(const micic_corpus *c) {
    const char *seen[32];
    size_t n = 0, i, j, k;
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        for (j = 0; j < micic_practice_extra_count(p); j++) {
            const char *l = micic_practice_extra_label(p, j);
            for (k = 0; k < n && strcmp(seen[k], l) != 0; k++) {
            }
            if (k == n && n < 32) seen[n++] = l;
        }
    }
    return n;
}

/* Write c as text, read it back: same records; writing again gives the
 * same text. */
static void assert_round_trip(const micic_corpus *c) {
    char *text = NULL, *again = NULL;
    micic_error err;
    micic_corpus *back;
    size_t i;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &text, &err), MICIC_OK);
    back = read_text_buf(text, strlen(text), "<written>", NULL);
    assert_int_equal(micic_corpus_size(back), micic_corpus_size(c));
    /* the only diagnostics: each extra label is reported once as unknown */
    for (i = 0; i < micic_report_size(micic_corpus_read_report(back)); i++) {
        const micic_diagnostic *d = micic_report_get(micic_corpus_read_report(back), i);
        if (micic_diagnostic_code(d) != MICIC_CODE_UNKNOWN_LABEL)
            fail_msg("unexpected diagnostic %s at %d:%d: %s", micic_diagnostic_code_name(d),
                     micic_diagnostic_line(d), micic_diagnostic_column(d),
                     micic_diagnostic_message(d));
    }
    assert_int_equal(micic_report_size(micic_corpus_read_report(back)), distinct_extra_labels(c));
    for (i = 0; i < micic_corpus_size(c); i++) {
        if (!micic_practice_equal(micic_corpus_get(c, i), micic_corpus_get(back, i)))
            fail_msg("record %zu differs after write/read", i);
    }
    assert_int_equal(micic_write_buffer(back, MICIC_FORMAT_TEXT, NULL, &again, &err), MICIC_OK);
    assert_string_equal(text, again);
    micic_free(text);
    micic_free(again);
    micic_corpus_free(back);
}

static void test_round_trip_text_seeds(void **state) {
    micic_corpus *c = read_text_file(SEED_001);
    (void)state;
    assert_round_trip(c);
    micic_corpus_free(c);
    c = read_text_file(SEED_004);
    assert_round_trip(c);
    micic_corpus_free(c);
    c = read_text_file(MICIC_TEST_DATA "/text_multi.txt");
    assert_round_trip(c);
    micic_corpus_free(c);
    c = read_text_file(MICIC_TEST_DATA "/text_older_layout.txt");
    assert_round_trip(c);
    micic_corpus_free(c);
}

static void test_round_trip_guideline_seeds(void **state) {
    const char *paths[] = {SEED_000, SEED_002, SEED_003};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        micic_corpus *c = micic_corpus_new();
        micic_error err;
        assert_int_equal(micic_read_file(c, paths[i], NULL, &err), MICIC_OK);
        assert_true(micic_corpus_size(c) > 0);
        assert_round_trip(c);
        micic_corpus_free(c);
    }
}

static void test_writer_seed_001_layout(void **state) {
    micic_corpus *c = read_text_file(SEED_001);
    char *text = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &text, &err), MICIC_OK);
    assert_non_null(strstr(text, "Type of practice: Training and capacity building\n\n"));
    assert_non_null(strstr(text, "Type of crisis: Conflict, Natural Disaster\n\n"));
    assert_non_null(strstr(text, "Name of Stakeholder: Joint Migration and Development "
                                 "Initiative (JMDI), International Labour Organization (ILO), "));
    assert_non_null(strstr(text, "\nDescription\n\nThe training on"));
    assert_non_null(strstr(text, "\nRelated Links\n\nhttp://migration4development.org/en/"
                                 "resources/toolbox/training\n\n"));
    assert_non_null(strstr(text, "\nGuidelines/Thematic Areas\n\nEmpowering migrants\n\n"
                                 "GUIDELINE 3: Empower migrants"));
    /* the guideline block is the theme and the heading only */
    assert_null(strstr(text, "Sample Practices"));
    assert_null(strstr(text, "===="));
    micic_free(text);
    micic_corpus_free(c);
}

static void test_writer_awkward_values(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new(), *q = micic_practice_new();
    micic_error err;
    char *text = NULL;
    (void)state;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, "Two-line\ntitle", NULL, NULL, 0, 0,
                                        &err), MICIC_OK);
    micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "Ministry of Labour, Invalids and Social "
                       "Affairs (MOLISA)", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "IOM", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "Group (with an open paren", NULL, NULL, 0, 0,
                       &err);
    micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "\"Quoted\" name", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "Palestine, State of", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "Mali", NULL, NULL, 0, 0, &err);
    /* description lines that look like labels, separators, headings */
    micic_practice_add(p, MICIC_FIELD_DESCRIPTION,
                       "Country: this line is text.\n====\nGUIDELINE 3: not a guideline here\n"
                       "Capacity building\n\\backslash first\n\nSecond paragraph.",
                       NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_LINK, "Source: http://example.org/a,b", NULL, NULL, 0, 0,
                       &err);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "16", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "14", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_THEME, "Support migrants' recovery", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "Empower migrants, first", NULL, NULL, 0, 0,
                       &err);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "8", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_THEME, "Data protection", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_THEME, "Capacity building", NULL, NULL, 0, 0, &err);
    micic_practice_add(p, MICIC_FIELD_KIND, "Recommended Practice", NULL, NULL, 0, 0, &err);
    micic_practice_add_extra(p, "stakeholder_group", "All", &err);
    micic_practice_add_extra(p, "Note", "line one\nType of practice: still the note", &err);
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    micic_practice_add(q, MICIC_FIELD_ID, "custom-id", NULL, NULL, 0, 0, &err);
    micic_practice_add(q, MICIC_FIELD_TYPE, "Website", NULL, NULL, 0, 0, &err);
    micic_practice_add(q, MICIC_FIELD_KIND, "Reported Practice", NULL, NULL, 0, 0, &err);
    assert_int_equal(micic_corpus_add(c, q, &err), MICIC_OK);
    assert_round_trip(c);
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &text, &err), MICIC_OK);
    /* a list value holding a comma is quoted; escaped lines start with '\' */
    assert_non_null(strstr(text, "\"Ministry of Labour, Invalids and Social Affairs (MOLISA)\""));
    assert_non_null(strstr(text, "\n\\Country: this line is text.\n\\====\n"));
    assert_non_null(strstr(text, "\n====\n\nId: custom-id\n"));
    /* guideline values and themes the block cannot show: quoted label lines */
    assert_non_null(strstr(text, "Guidelines/Thematic Areas: \"16\"\n"));
    assert_non_null(strstr(text, "Thematic area: \"Data protection\"\n"));
    ASSERT_VALUES(micic_corpus_get(c, 0), MICIC_FIELD_GUIDELINE, "16", "14",
                  "Empower migrants, first", "8");
    micic_free(text);
    micic_corpus_free(c);
}

/* ---- layouts of real pages (docs/formats-text.md) ---------------------- */

#define STR(s) s, sizeof s - 1

static micic_corpus *read_str(const char *s, size_t n) { return read_text_buf(s, n, "page", NULL); }

/* Prose under the last labelled field starts the description, in both
 * label styles; the decision is an info with its line:column. */
static void test_description_without_heading(void **state) {
    static const char inline_style[] =
        "Type of practice: Funds\n\nCountry: Libya\n\nType of crisis: Conflict\n\n"
        "Crisis phase: Emergency Response\n\n"
        "The fund paid for the flights home of workers stranded by the fighting.\n"
        "- It also covered their first month.\n\nRelated Links\n\nhttp://example.org/fund\n";
    static const char form_style[] =
        "Type of practice\nFunds\nCrisis phase (Check all that apply)\nEmergency Response\n"
        "Post-Crisis Action\nThe fund paid for the flights home of workers stranded by the "
        "fighting, and for their first month.\n";
    micic_corpus *c;
    const micic_practice *p;
    const micic_diagnostic *d;
    (void)state;
    c = read_str(STR(inline_style));
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_PHASE), 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_DESCRIPTION),
                        "The fund paid for the flights home of workers stranded by the "
                        "fighting.\n- It also covered their first month.");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_LINK), "http://example.org/fund");
    d = find_diag(c, MICIC_CODE_LAYOUT);
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_INFO);
    assert_int_equal(micic_diagnostic_line(d), 9);
    assert_int_equal(micic_diagnostic_column(d), 1);
    micic_corpus_free(c);

    c = read_str(STR(form_style));
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_PHASE), 2);
    assert_non_null(strstr(micic_practice_first(p, MICIC_FIELD_DESCRIPTION), "stranded"));
    assert_int_equal(micic_diagnostic_line(find_diag(c, MICIC_CODE_LAYOUT)), 6);
    micic_corpus_free(c);
}

/* A value that is a near miss is a value, not prose. */
static void test_near_miss_is_no_prose(void **state) {
    static const char text[] = "Type of crisis\nConflcit\nNatural disastres\nDescription\n"
                               "A long enough description of what was done for migrants.\n";
    micic_corpus *c = read_str(STR(text));
    const micic_practice *p = micic_corpus_get(c, 0);
    (void)state;
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 2);
    assert_int_equal(count_code(c, MICIC_CODE_LAYOUT), 0);
    micic_corpus_free(c);
}

/* Label-less pages: boilerplate of a guideline, a search listing, and a
 * list of publications (no record). */
static void test_labelless_pages(void **state) {
    char page[4096];
    const char *g3 = micic_guideline_text(micic_guideline_get(3));
    const char *nl = strchr(g3, '\n');
    micic_corpus *c;
    const micic_practice *p;
    static const char listing[] =
        "Hotline for migrants in Lebanon\n\nA telephone line in four languages let stranded "
        "migrant workers ask for help and register for evacuation.\n\n"
        "Communication during a crisis\n\nStakeholders should keep migrants informed about how "
        "a crisis evolves and where they can get help.\n";
    static const char form_page[] =
        "Share a Practice\n\nThe initiative asks you to tell it about good practices you "
        "know of.\n1 Start 2 Complete\nContact information\n";
    static const char publications[] =
        "Resources\n\nThis page lists what the initiative has published over the years.\n"
        "GUIDELINE 9: Communicate widely, effectively, and often with migrants on evolving crises "
        "and how to access help\nGuidelines in Action\n(2018)\n";
    static const char news[] = "-\nAbout\nMICIC\n-\nOur Work\nA short note.\n";
    (void)state;
    snprintf(page, sizeof page,
             "Migrant resource centres\nThe centres give migrants advice before they leave and "
             "after they arrive.\n%.*s\n",
             (int)(nl ? (size_t)(nl - g3) : strlen(g3)), g3);
    c = read_str(page, strlen(page));
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "Migrant resource centres");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "3");
    assert_null(strstr(micic_practice_first(p, MICIC_FIELD_DESCRIPTION), "themselves"));
    assert_int_equal(count_code(c, MICIC_CODE_EMPTY_INPUT), 0);
    micic_corpus_free(c);

    c = read_str(STR(listing));
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE),
                        "Hotline for migrants in Lebanon");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_GUIDELINE), "9");
    assert_null(strstr(micic_practice_first(p, MICIC_FIELD_DESCRIPTION), "Communication"));
    assert_non_null(find_diag(c, MICIC_CODE_LAYOUT));
    micic_corpus_free(c);
    c = read_str(STR(form_page)); /* a title and prose, but no guideline: no practice */
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(count_code(c, MICIC_CODE_EMPTY_INPUT), 1);
    micic_corpus_free(c);

    c = read_str(STR(publications));
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(count_code(c, MICIC_CODE_EMPTY_INPUT), 1);
    micic_corpus_free(c);
    c = read_str(STR(news));
    assert_int_equal(micic_corpus_size(c), 0);
    assert_int_equal(micic_diagnostic_severity(find_diag(c, MICIC_CODE_EMPTY_INPUT)),
                     MICIC_SEVERITY_ERROR);
    micic_corpus_free(c);
}

/* A heading wrapped onto the next line is one value; links the site puts
 * on one line with "I" between them are several. */
static void test_wrapped_heading_and_links(void **state) {
    static const char text[] =
        "Type of practice: Funds\n\nDescription\n\nA long enough description of the "
        "practice.\n\nRelated Links: Documentation (Page 39)I Global Filipino Movement\n\n"
        "Guidelines/Thematic Areas\n\nInformation on migrants\n"
        "GUIDELINE 2: Collect and share information\n"
        "on migrants, subject to privacy, confidentiality, and the security and safety of "
        "migrants\n\nThe guideline's own text.\n";
    micic_corpus *c = read_str(STR(text));
    const micic_practice *p = micic_corpus_get(c, 0);
    (void)state;
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 1);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "2");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_GUIDELINE, 0),
                        "GUIDELINE 2: Collect and share information on migrants, subject to "
                        "privacy, confidentiality, and the security and safety of migrants");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_LINK), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_LINK, 0), "Documentation (Page 39)");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_LINK, 1), "Global Filipino Movement");
    micic_corpus_free(c);
}

/* "Title: -" is a label with the value "-", not a bare label whose
 * punctuation folds away (json -> text -> json lost such titles). */
static void test_punctuation_values(void **state) {
    static const char text[] = "Title: ----\n\nName of Stakeholder: -, X\n\nType of practice: Funds\n";
    micic_corpus *c = read_str(STR(text));
    const micic_practice *p = micic_corpus_get(c, 0);
    (void)state;
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "----");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER, 0), "-");
    micic_corpus_free(c);
}

/* Extra labels that differ only by a zero-width character at the end
 * (U+200B, U+FEFF) stay two labels through text (the reader kept to trim
 * them, and the writer left them out). */
static void test_zero_width_extra_labels(void **state) {
    static const char text[] = "Title: T\n\nBudget\xe2\x80\x8b: 1\n\nBudget: 2\n\n"
                               "Note\xef\xbb\xbf: 3\n\nType of practice: Funds\n";
    micic_corpus *c = read_str(STR(text)), *back;
    const micic_practice *p = micic_corpus_get(c, 0);
    char *out = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_practice_extra_count(p), 3);
    assert_string_equal(micic_practice_extra_label(p, 0), "Budget\xe2\x80\x8b");
    assert_string_equal(micic_practice_extra_label(p, 1), "Budget");
    assert_string_equal(micic_practice_extra_label(p, 2), "Note\xef\xbb\xbf");
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &out, &err), MICIC_OK);
    back = read_str(out, strlen(out));
    assert_int_equal(micic_practice_extra_count(micic_corpus_get(back, 0)), 3);
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(back, 0), 0),
                        "Budget\xe2\x80\x8b");
    micic_free(out);
    micic_corpus_free(back);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_001),
        cmocka_unit_test(test_seed_004),
        cmocka_unit_test(test_older_layout),
        cmocka_unit_test(test_navigation_prefix),
        cmocka_unit_test(test_multi_record),
        cmocka_unit_test(test_label_variants_and_unknown),
        cmocka_unit_test(test_guideline_block_without_label),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_truncated_input),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_round_trip_text_seeds),
        cmocka_unit_test(test_round_trip_guideline_seeds),
        cmocka_unit_test(test_writer_seed_001_layout),
        cmocka_unit_test(test_writer_awkward_values),
        cmocka_unit_test(test_description_without_heading),
        cmocka_unit_test(test_near_miss_is_no_prose),
        cmocka_unit_test(test_labelless_pages),
        cmocka_unit_test(test_wrapped_heading_and_links),
        cmocka_unit_test(test_punctuation_values),
        cmocka_unit_test(test_zero_width_extra_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
