/* CSV (libcsv) and tidy long CSV readers and writers; CSV streaming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fmt_test_util.h"

#define DATA(name) MICIC_TEST_DATA "/" name

/* c_<name> and c_<name>_asan run at the same time (ctest -j): their
 * temporary files must not be the same */
#if defined(__SANITIZE_ADDRESS__)
#define TMP_TAG "-asan"
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TMP_TAG "-asan"
#endif
#endif
#ifndef TMP_TAG
#define TMP_TAG ""
#endif

static micic_corpus *read_csv(const char *text, size_t len, const micic_read_options *o) {
    return fmt_read_str(micic__read_csv, text, len, "t.csv", o);
}

static micic_corpus *read_csv_s(const char *text) { return read_csv(text, strlen(text), NULL); }

/* 1-based column (in characters) of needle in the line-th line of text. */
static int column_of(const char *text, int line, const char *needle) {
    const char *s = text, *hit;
    int col = 1;
    while (--line > 0) {
        s = strchr(s, '\n');
        assert_non_null(s);
        s++;
    }
    hit = strstr(s, needle);
    assert_non_null(hit);
    for (; s < hit; s++) col += ((unsigned char)*s & 0xC0) != 0x80;
    return col;
}

static void expect_values(const micic_practice *p, micic_field f, const char *const *vals,
                          size_t n) {
    size_t i;
    assert_int_equal(micic_practice_count(p, f), n);
    for (i = 0; i < n; i++) assert_string_equal(micic_practice_value(p, f, i), vals[i]);
}

/* ---------------------------------------------------------------- seeds */

static void test_csv_seeds(void **state) {
    static const char *const stake[] = {
        "Joint Migration and Development Initiative (JMDI)",
        "International Labour Organization (ILO)",
        "International Organization for Migration (IOM)",
        "United Nations development Programme (UNDP)"};
    static const char *const guide1[] = {"3", "8", "14", "15"};
    static const char *const countries4[] = {"Egypt", "Ghana", "Libya", "Mali", "Niger"};
    static const char *const pop4[] = {"stranded migrants", "irregular migrants",
                                       "rejected asylum seekers", "vulnerable migrants"};
    size_t len;
    char *text = fmt_slurp(DATA("csv_seeds.csv"), &len);
    micic_corpus *c = read_csv(text, len, NULL);
    const micic_practice *p1, *p4;
    micic_location loc;
    (void)state;
    fmt_expect_counts(c, 2, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    p1 = micic_corpus_get(c, 0);
    p4 = micic_corpus_get(c, 1);
    assert_string_equal(micic_practice_id(p1), "seed-001");
    assert_string_equal(micic_practice_id(p4), "seed-004");
    assert_int_equal(micic_practice_count(p1, MICIC_FIELD_TITLE), 0);
    expect_values(p1, MICIC_FIELD_STAKEHOLDER, stake, 4);
    expect_values(p1, MICIC_FIELD_GUIDELINE, guide1, 4);
    assert_string_equal(micic_practice_value(p1, MICIC_FIELD_THEME, 2),
                        "Support migrants\xE2\x80\x99 recovery");
    assert_int_equal(strncmp(micic_practice_first(p1, MICIC_FIELD_DESCRIPTION),
                             "The training on \xE2\x80\x9CIncreasing", 20),
                     0);
    expect_values(p4, MICIC_FIELD_COUNTRY, countries4, 5);
    expect_values(p4, MICIC_FIELD_POPULATION, pop4, 4);
    assert_string_equal(micic_practice_first(p4, MICIC_FIELD_SOURCE), "MENA Consultation report");
    assert_string_equal(micic_practice_first(p4, MICIC_FIELD_KIND), "Reported Practice");
    assert_non_null(strstr(micic_practice_first(p4, MICIC_FIELD_DESCRIPTION),
                           "follows:\nPre-departure phase."));
    assert_int_equal(micic_practice_count(p4, MICIC_FIELD_LINK), 0);
    /* locations: record 004 starts on line 3; its description has five
     * quoted newlines, so its "need" cell is on line 8 */
    loc = micic_practice_record_location(p4);
    assert_string_equal(loc.source, "t.csv");
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.column, 1);
    assert_int_equal(micic_practice_location(p4, MICIC_FIELD_DESCRIPTION, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.column, column_of(text, 3, "\"This project"));
    assert_int_equal(micic_practice_location(p4, MICIC_FIELD_NEED, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 8);
    assert_int_equal(loc.column, column_of(text, 8, "Return and"));
    assert_int_equal(micic_practice_location(p4, MICIC_FIELD_KIND, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 8);
    /* canonical seed values are their own originals */
    assert_string_equal(micic_practice_original(p4, MICIC_FIELD_COUNTRY, 4), "Niger");
    assert_ptr_equal(micic_country_lookup(micic_practice_value(p4, MICIC_FIELD_COUNTRY, 4)),
                     micic_country_lookup("NER"));
    micic_corpus_free(c);
    free(text);
}

static void test_csv_labels_crlf_bom(void **state) {
    size_t len, len2;
    char *text = fmt_slurp(DATA("csv_labels_crlf_bom.csv"), &len);
    char *plain = fmt_slurp(DATA("csv_seeds.csv"), &len2);
    micic_corpus *c, *ref;
    const micic_report *r;
    const micic_diagnostic *d;
    size_t i, f;
    static const micic_field same[] = {MICIC_FIELD_ID, MICIC_FIELD_TYPE,
                                       MICIC_FIELD_COUNTRY, MICIC_FIELD_STAKEHOLDER,
                                       MICIC_FIELD_STAKEHOLDER_TYPE, MICIC_FIELD_CRISIS,
                                       MICIC_FIELD_PHASE, MICIC_FIELD_DESCRIPTION,
                                       MICIC_FIELD_LINK, MICIC_FIELD_GUIDELINE,
                                       MICIC_FIELD_POPULATION, MICIC_FIELD_NEED,
                                       MICIC_FIELD_SOURCE};
    (void)state;
    assert_memory_equal(text, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(text, "\r\n"));
    c = read_csv(text, len, NULL);
    ref = read_csv(plain, len2, NULL);
    fmt_expect_counts(c, 2, 0);
    /* the labels of the repository map to the fields; CRLF row ends do not
     * leak into values; the quoted newlines inside the description stay */
    for (i = 0; i < 2; i++) {
        const micic_practice *p = micic_corpus_get(c, i), *q = micic_corpus_get(ref, i);
        for (f = 0; f < sizeof same / sizeof same[0]; f++) {
            size_t j, n = micic_practice_count(q, same[f]);
            assert_int_equal(micic_practice_count(p, same[f]), n);
            for (j = 0; j < n; j++)
                assert_string_equal(micic_practice_value(p, same[f], j),
                                    micic_practice_value(q, same[f], j));
        }
        assert_int_equal(micic_practice_extra_count(p), 1);
        assert_string_equal(micic_practice_extra_label(p, 0), "Notes");
    }
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 1), 0),
                        "from seed 004; form export");
    /* one unknown-label diagnostic for the file, at the header cell (the BOM
     * is not a character of the line) */
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_LABEL), 1);
    d = fmt_expect_diag(r, MICIC_CODE_UNKNOWN_LABEL, 1, column_of(text + 3, 1, "Notes"));
    assert_string_equal(micic_diagnostic_field(d), "Notes");
    assert_int_equal(micic_diagnostic_record_index(d), -1);
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 1)).line, 3);
    micic_corpus_free(c);
    micic_corpus_free(ref);
    free(text);
    free(plain);
}

/* --------------------------------------------------------- multi-values */

static void test_csv_list_escapes(void **state) {
    micic_corpus *c = read_csv_s("id,country,title\n"
                                 "r1,A\\;B; C\\\\D ;  ; E;x\\y,T\\;x\n");
    const micic_practice *p = micic_corpus_get(c, 0);
    static const char *const want[] = {"A;B", "C\\D", "E", "x\\y"};
    (void)state;
    fmt_expect_counts(c, 1, 0);
    /* items split at unescaped ';', trimmed, empty ones dropped, "\;" and
     * "\\" unescaped, any other backslash kept */
    expect_values(p, MICIC_FIELD_COUNTRY, want, 4);
    /* single-valued cells are not split nor unescaped */
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "T\\;x");
    micic_corpus_free(c);
}


/* A row is read into one block of text (micic__practice_reserve): values
 * carved from it must behave like any other when replaced, cleared, added
 * to past the reserved room and copied (run under ASan as c_csv_asan). */
static void test_csv_row_pool(void **state) {
    micic_corpus *c = read_csv_s("id,title,stakeholder,link,crisis,description\n"
                                 "r1, Padded title ,IOM; UNHCR;  Red Cross ,"
                                 "https://a.example; https://b.example,"
                                 "Natural disasters,A description of the practice.\n");
    micic_practice *p = micic_corpus_get_mutable(c, 0);
    micic_practice *copy;
    static const char *const names[] = {"IOM", "UNHCR", "Red Cross"};
    static const char *const links[] = {"https://a.example", "https://b.example"};
    size_t i;
    (void)state;
    fmt_expect_counts(c, 1, 0);
    assert_non_null(p);
    expect_values(p, MICIC_FIELD_STAKEHOLDER, names, 3);
    expect_values(p, MICIC_FIELD_LINK, links, 2);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "Padded title");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_CRISIS), "Natural Disaster");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_CRISIS, 0), "Natural disasters");
    /* replace a pooled value, keeping its original */
    assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_TITLE, 0, "New title", NULL),
                     MICIC_OK);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "New title");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_TITLE, 0), "Padded title");
    /* clear pooled values, then add past the reserved room */
    micic_practice_clear(p, MICIC_FIELD_STAKEHOLDER);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER), 0);
    for (i = 0; i < 40; i++)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, "Agency", NULL, "x", 1,
                                            1, NULL),
                         MICIC_OK);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_STAKEHOLDER), 40);
    /* the single-valued description replaced through add */
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_DESCRIPTION, "Other text.", NULL, "x", 1,
                                        1, NULL),
                     MICIC_OK);
    copy = micic_practice_copy(p);
    assert_non_null(copy);
    micic_corpus_free(c); /* the copy owns its own text */
    assert_string_equal(micic_practice_first(copy, MICIC_FIELD_TITLE), "New title");
    assert_string_equal(micic_practice_original(copy, MICIC_FIELD_TITLE, 0), "Padded title");
    assert_string_equal(micic_practice_first(copy, MICIC_FIELD_DESCRIPTION), "Other text.");
    expect_values(copy, MICIC_FIELD_LINK, links, 2);
    assert_string_equal(micic_practice_value(copy, MICIC_FIELD_STAKEHOLDER, 39), "Agency");
    micic_practice_free(copy);
}

typedef struct collect_state_fwd {
    micic_corpus *c;
} collect_state_fwd;

static int collect_fwd(const micic_practice *p, void *payload) {
    collect_state_fwd *s = payload;
    return micic_corpus_add(s->c, micic_practice_copy(p), NULL) != MICIC_OK;
}

/* ----------------------------------------------------- canonicalization */

static void expect_canon(const micic_practice *p, micic_field f, size_t i, const char *value,
                         const char *original) {
    assert_string_equal(micic_practice_value(p, f, i), value);
    assert_string_equal(micic_practice_original(p, f, i), original);
}

/* Sure matches become canonical values, the text as read is the original
 * (the same rules as micic_practice_add() with value NULL). */
static void test_csv_canonical(void **state) {
    static const char text[] =
        "id,crisis,country,phase,guideline,type,stakeholder_type,description,title,source,kind\n"
        "r1,natural disaster; conflict,\"cote d'ivoire; USA;  C\xC3\xB4te d\xE2\x80\x99Ivoire \","
        "Pre-crisis; EMERGENCY; Floods,Guideline 14; 3; 16,Websites,civil society,"
        "\"  Two spaces around  \",\"   \",MENA Consultation,effective practices\n"
        "r2,Natural Disaster,Egypt,,14,,,,,,\n";
    micic_corpus *c = read_csv_s(text), *streamed;
    const micic_practice *p = micic_corpus_get(c, 0), *q = micic_corpus_get(c, 1);
    (void)state;
    fmt_expect_counts(c, 2, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 2);
    expect_canon(p, MICIC_FIELD_CRISIS, 0, "Natural Disaster", "natural disaster");
    expect_canon(p, MICIC_FIELD_CRISIS, 1, "Conflict", "conflict");
    /* countries: the ISO short name */
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 3);
    expect_canon(p, MICIC_FIELD_COUNTRY, 0, "C\xC3\xB4te d'Ivoire", "cote d'ivoire");
    expect_canon(p, MICIC_FIELD_COUNTRY, 1, "United States", "USA");
    expect_canon(p, MICIC_FIELD_COUNTRY, 2, "C\xC3\xB4te d'Ivoire",
                 "C\xC3\xB4te d\xE2\x80\x99Ivoire");
    /* a miss keeps its text */
    expect_canon(p, MICIC_FIELD_PHASE, 0, "Crisis Preparedness", "Pre-crisis");
    expect_canon(p, MICIC_FIELD_PHASE, 1, "Emergency Response", "EMERGENCY");
    expect_canon(p, MICIC_FIELD_PHASE, 2, "Floods", "Floods");
    /* guidelines: the number (1..15 only) */
    expect_canon(p, MICIC_FIELD_GUIDELINE, 0, "14", "Guideline 14");
    expect_canon(p, MICIC_FIELD_GUIDELINE, 1, "3", "3");
    expect_canon(p, MICIC_FIELD_GUIDELINE, 2, "16", "16");
    expect_canon(p, MICIC_FIELD_TYPE, 0, "Website", "Websites");
    expect_canon(p, MICIC_FIELD_STAKEHOLDER_TYPE, 0, "Civil Society", "civil society");
    /* single-valued fields: trimmed (original kept), canonical where a
     * vocabulary applies; a cell of white space only is no value */
    expect_canon(p, MICIC_FIELD_DESCRIPTION, 0, "Two spaces around", "  Two spaces around  ");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
    expect_canon(p, MICIC_FIELD_SOURCE, 0, "MENA Consultation report", "MENA Consultation");
    expect_canon(p, MICIC_FIELD_KIND, 0, "Recommended Practice", "effective practices");
    /* canonical text is its own original */
    expect_canon(q, MICIC_FIELD_CRISIS, 0, "Natural Disaster", "Natural Disaster");
    expect_canon(q, MICIC_FIELD_COUNTRY, 0, "Egypt", "Egypt");
    assert_ptr_equal(micic_practice_original(q, MICIC_FIELD_COUNTRY, 0),
                     micic_practice_value(q, MICIC_FIELD_COUNTRY, 0));
    /* the stream reader gives the same values and originals */
    {
        FILE *f = tmpfile();
        collect_state_fwd s;
        micic_error err;
        assert_non_null(f);
        fputs(text, f);
        rewind(f);
        streamed = micic_corpus_new();
        s.c = streamed;
        assert_int_equal(micic__stream_csv(f, "t.csv", NULL, collect_fwd, &s, NULL, &err),
                         MICIC_OK);
        fclose(f);
        fmt_expect_equal(c, streamed, "stream");
        expect_canon(micic_corpus_get(streamed, 0), MICIC_FIELD_CRISIS, 0, "Natural Disaster",
                     "natural disaster");
        micic_corpus_free(streamed);
    }
    micic_corpus_free(c);
}

static void test_csv_write_exact(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    char *out;
    (void)state;
    micic_practice_add(p, MICIC_FIELD_ID, "r1", "r1", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_TITLE, "Say \"hi\", ok", "Say \"hi\", ok", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "A;B", "A;B", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "C\\D", "C\\D", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_DESCRIPTION, "two\nlines", "two\nlines", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "14", "14", NULL, 0, 0, NULL);
    micic_practice_add_extra(p, "Notes", " padded ", NULL);
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    p = micic_practice_new();
    micic_practice_add(p, MICIC_FIELD_ID, "r2", "r2", NULL, 0, 0, NULL);
    micic_practice_add_extra(p, "Other", "x", NULL);
    assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    out = fmt_write_str(micic__write_csv, c, NULL, NULL);
    assert_string_equal(out,
                        "id,title,type,country,stakeholder,stakeholder_type,crisis,phase,"
                        "description,link,guideline,theme,population,need,source,kind,Notes,"
                        "Other\n"
                        "r1,\"Say \"\"hi\"\", ok\",,A\\;B; C\\\\D,,,,,\"two\nlines\",,14,,,,,,"
                        "\" padded \",\n"
                        "r2,,,,,,,,,,,,,,,,,x\n");
    /* and it reads back to the same records */
    {
        micic_corpus *back = read_csv_s(out);
        fmt_expect_equal(c, back, "csv write/read");
        assert_int_equal(micic_report_size(micic_corpus_read_report(back)), 2); /* unknown x2 */
        micic_corpus_free(back);
    }
    free(out);
    micic_corpus_free(c);
}

static void test_csv_locations(void **state) {
    micic_corpus *c = read_csv_s("id,title,country\n"
                                 "r1,\"multi\nline\",A; B\n"
                                 "\n"
                                 "  r2 ,T,C\n"
                                 ",,\n");
    micic_location loc;
    const micic_practice *p;
    (void)state;
    /* the blank line and the all-empty row are not records */
    fmt_expect_counts(c, 2, 0);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_TITLE, 0, &loc), MICIC_OK);
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.column, 4);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_COUNTRY, 1, &loc), MICIC_OK);
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.column, 7);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "multi\nline");
    p = micic_corpus_get(c, 1);
    /* unquoted cells lose surrounding blanks (libcsv); the record starts at
     * its first non-blank character */
    assert_string_equal(micic_practice_id(p), "r2");
    loc = micic_practice_record_location(p);
    assert_int_equal(loc.line, 5);
    assert_int_equal(loc.column, 3);
    micic_corpus_free(c);
}

static void test_csv_line_endings(void **state) {
    micic_corpus *c = read_csv_s("id,title\r\n"
                                 "r1,a\r\n"
                                 "r2,\"x\r\ny\"\r\n"
                                 "r3,b\rr4,c\n"
                                 "r5,\"d\" \r\n");
    micic_location loc;
    (void)state;
    fmt_expect_counts(c, 5, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    /* CRLF inside quotes is part of the value; CR before LF is not */
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "a");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 1), MICIC_FIELD_TITLE), "x\r\ny");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 2), MICIC_FIELD_TITLE), "b");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 4), MICIC_FIELD_TITLE), "d");
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 1)).line, 3);
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 2)).line, 5);
    /* a lone CR ends a row but not the line */
    loc = micic_practice_record_location(micic_corpus_get(c, 3));
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 3)), "r4");
    assert_int_equal(loc.line, 5);
    assert_int_equal(loc.column, 6);
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 4)).line, 6);
    micic_corpus_free(c);
}

/* ------------------------------------------------------------ bad input */

static void test_csv_ragged(void **state) {
    micic_corpus *c = read_csv_s("id,title,kind\n"
                                 "r1,T1\n"
                                 "r2,T2,K2,extra1,\n"
                                 "r3,T3,K3\n");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_diagnostic *d;
    const micic_practice *p;
    (void)state;
    fmt_expect_counts(c, 3, 0);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_RAGGED_ROW), 2);
    d = fmt_diag(r, MICIC_CODE_RAGGED_ROW, 0);
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 1);
    assert_int_equal(micic_diagnostic_record_index(d), 0);
    assert_string_equal(micic_diagnostic_record_id(d), "r1");
    d = fmt_diag(r, MICIC_CODE_RAGGED_ROW, 1);
    assert_int_equal(micic_diagnostic_line(d), 3);
    assert_int_equal(micic_diagnostic_column(d), 10);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_KIND), 0);
    p = micic_corpus_get(c, 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_KIND), "K2");
    assert_int_equal(micic_practice_extra_count(p), 1);
    assert_string_equal(micic_practice_extra_label(p, 0), "column 4");
    assert_string_equal(micic_practice_extra_value(p, 0), "extra1");
    micic_corpus_free(c);
}

static void test_csv_invalid_utf8(void **state) {
    micic_corpus *c = read_csv_s("id,title\n"
                                 "r1,C\xC3\xB4te\xFF!\n"
                                 "r2,ok \xE2\x82\n");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_diagnostic *d;
    (void)state;
    fmt_expect_counts(c, 2, 0);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_INVALID_UTF8), 2);
    d = fmt_expect_diag(r, MICIC_CODE_INVALID_UTF8, 2, 8);
    assert_string_equal(micic_diagnostic_record_id(d), "r1");
    assert_string_equal(micic_diagnostic_value(d), "\\xFF");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "C\xC3\xB4te\xEF\xBF\xBD!");
    /* a sequence cut by the end of the line */
    d = fmt_diag(r, MICIC_CODE_INVALID_UTF8, 1);
    assert_int_equal(micic_diagnostic_line(d), 3);
    assert_int_equal(micic_diagnostic_column(d), 7);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 1), MICIC_FIELD_TITLE),
                        "ok \xEF\xBF\xBD\xEF\xBF\xBD");
    micic_corpus_free(c);
}

static void test_csv_nul_byte(void **state) {
    static const char text[] = "id,title\nr1,a\0b\nr2,c\n";
    micic_corpus *c = read_csv(text, sizeof text - 1, NULL);
    const micic_report *r = micic_corpus_read_report(c);
    (void)state;
    fmt_expect_counts(c, 2, 0);
    fmt_expect_diag(r, MICIC_CODE_NUL_BYTE, 2, 5);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "a\xEF\xBF\xBD" "b");
    micic_corpus_free(c);
}

static void test_csv_empty(void **state) {
    static const char *const empties[] = {"", "\xEF\xBB\xBF", "\r\n  \n\t\n"};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        micic_corpus *c = read_csv_s(empties[i]);
        fmt_expect_counts(c, 0, 0);
        fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT, 1, 1);
        micic_corpus_free(c);
    }
    /* a header alone holds no record: an empty-input error at the header,
       saying what was expected (blank rows after it change nothing) */
    {
        static const char *const heads[] = {"id,title\n", "\n\nid,title\r\n,\r\n\r\n"};
        for (i = 0; i < 2; i++) {
            micic_corpus *c = read_csv_s(heads[i]);
            const micic_report *r = micic_corpus_read_report(c);
            const micic_diagnostic *d;
            fmt_expect_counts(c, 0, 0);
            assert_int_equal(micic_report_size(r), 1);
            fmt_expect_diag(r, MICIC_CODE_EMPTY_INPUT, i ? 3 : 1, 1);
            d = micic_report_get(r, 0);
            assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
            assert_non_null(strstr(micic_diagnostic_message(d), "header row but no record"));
            assert_non_null(strstr(micic_diagnostic_message(d), "expected one row per"));
            micic_corpus_free(c);
        }
    }
}

static void test_csv_truncated(void **state) {
    micic_corpus *c = read_csv_s("id,title\n"
                                 "r1,ok\n"
                                 "r2,\"never closed\n"
                                 "more text\n");
    const micic_diagnostic *d;
    (void)state;
    fmt_expect_counts(c, 1, 1);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_TRUNCATED, 3, 4);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "r1");
    micic_corpus_free(c);
}

static void test_csv_stray_quote(void **state) {
    micic_corpus *c = read_csv_s("id,title\n"
                                 "r1,ab\"c\n"
                                 "r2,\"x\"y\n"
                                 "r3,\"fine\"\"quote\"\n");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_diagnostic *d;
    (void)state;
    fmt_expect_counts(c, 3, 0);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_CSV_SYNTAX), 2);
    fmt_expect_diag(r, MICIC_CODE_CSV_SYNTAX, 2, 6);
    d = fmt_diag(r, MICIC_CODE_CSV_SYNTAX, 1);
    assert_int_equal(micic_diagnostic_line(d), 3);
    assert_int_equal(micic_diagnostic_column(d), 7);
    assert_string_equal(micic_diagnostic_record_id(d), "r2");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "ab\"c");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 1), MICIC_FIELD_TITLE), "x\"y");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 2), MICIC_FIELD_TITLE),
                        "fine\"quote");
    micic_corpus_free(c);
}

static void test_csv_limits(void **state) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c;
    const micic_diagnostic *d;
    (void)state;
    o.max_record_bytes = 40;
    {
        const char *text = "id,title\n"
                           "r1,short\n"
                           "r2,this title is far too long for a forty byte record\n"
                           "r3,ok\n";
        c = read_csv(text, strlen(text), &o);
    }
    fmt_expect_counts(c, 2, 1);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_LIMIT, 3, 1);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "r3");
    micic_corpus_free(c);
    /* values longer than max_field_bytes are cut (never inside a character) */
    o.max_record_bytes = 0;
    o.max_field_bytes = 5;
    c = read_csv("id,title\nr1,\xC3\xA9\xC3\xA9\xC3\xA9\n", 19, &o);
    fmt_expect_counts(c, 1, 0);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "\xC3\xA9\xC3\xA9");
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_LIMIT, 2, 4);
    micic_corpus_free(c);
}

static void test_csv_unknown_once(void **state) {
    micic_corpus *c = read_csv_s("id,Notes,Notes,Other,,title\n"
                                 "r1,a,b,c,d,T\n"
                                 "r2,e,,g,,\n");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_practice *p;
    (void)state;
    fmt_expect_counts(c, 2, 0);
    /* "Notes" once, "Other" once, the nameless column once */
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_LABEL), 3);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_extra_count(p), 4);
    assert_string_equal(micic_practice_extra_label(p, 1), "Notes");
    assert_string_equal(micic_practice_extra_value(p, 1), "b");
    assert_string_equal(micic_practice_extra_label(p, 3), "column 5");
    p = micic_corpus_get(c, 1);
    assert_int_equal(micic_practice_extra_count(p), 2); /* empty cells are no extras */
    micic_corpus_free(c);
}

static void test_csv_bad_options(void **state) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    (void)state;
    o.version = 99;
    assert_int_equal(micic__read_csv(c, "id\n", 3, NULL, &o, NULL, &err), MICIC_EVERSION);
    assert_int_equal(err.code, MICIC_EVERSION);
    assert_int_equal(micic__read_csv(NULL, "id\n", 3, NULL, NULL, NULL, &err), MICIC_EINVAL);
    micic_corpus_free(c);
}

/* ------------------------------------------------------------ streaming */

typedef struct stream_state {
    size_t calls;
    size_t stop_after; /* 0 = never */
    int order_ok;
} stream_state;

static int count_cb(const micic_practice *p, void *payload) {
    stream_state *s = payload;
    char want[32];
    snprintf(want, sizeof want, "r%zu", s->calls);
    if (strcmp(micic_practice_id(p), want) != 0) s->order_ok = 0;
    s->calls++;
    return s->stop_after && s->calls >= s->stop_after;
}

/* 20 000 records with multi-byte characters, quoted newlines and CRLF rows,
 * so that chunk boundaries fall inside characters, quotes and rows. */
static const char *write_big_csv(void) {
    static const char path[] = MICIC_TEST_TMP "/stream_20000" TMP_TAG ".csv";
    FILE *f = fopen(path, "wb");
    size_t k;
    assert_non_null(f);
    fputs("\xEF\xBB\xBFid,title,country,description\r\n", f);
    for (k = 0; k < 20000; k++)
        fprintf(f, "r%zu,T\xC5\x8Dky\xC5\x8D \xE6\x9D\xB1\xE4\xBA\xAC %zu,"
                   "C\xC3\xB4te d\xE2\x80\x99Ivoire; Chad,\"line one, \"\"q\"\"\r\nline two "
                   "\xF0\x9F\x98\x80\"\r\n",
                k, k);
    fclose(f);
    return path;
}

static void test_csv_stream_20000(void **state) {
    const char *path = write_big_csv();
    FILE *in = fopen(path, "rb");
    stream_state s = {0, 0, 1};
    micic_report *r = micic_report_new();
    micic_error err;
    (void)state;
    assert_non_null(in);
    assert_int_equal(micic__stream_csv(in, path, NULL, count_cb, &s, r, &err), MICIC_OK);
    fclose(in);
    assert_int_equal(s.calls, 20000);
    assert_true(s.order_ok);
    assert_int_equal(micic_report_records_in(r), 20000);
    assert_int_equal(micic_report_rejected(r), 0);
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
    /* the callback can stop the stream */
    in = fopen(path, "rb");
    s.calls = 0;
    s.stop_after = 10;
    assert_int_equal(micic__stream_csv(in, path, NULL, count_cb, &s, NULL, &err),
                     MICIC_ECANCELLED);
    assert_int_equal(err.code, MICIC_ECANCELLED);
    assert_int_equal(s.calls, 10);
    fclose(in);
}

typedef struct collect_state {
    micic_corpus *c;
} collect_state;

static int collect_cb(const micic_practice *p, void *payload) {
    collect_state *s = payload;
    micic_practice *copy = micic_practice_copy(p);
    return micic_corpus_add(s->c, copy, NULL) != MICIC_OK;
}

/* Streaming and reading a buffer share the code path: same records, same
 * diagnostics, on the big file and on the seeds. */
static void test_csv_stream_matches_buffer(void **state) {
    const char *paths[] = {DATA("csv_seeds.csv"), DATA("csv_labels_crlf_bom.csv"), NULL};
    size_t i;
    (void)state;
    paths[2] = write_big_csv();
    for (i = 0; i < 3; i++) {
        size_t len;
        char *text = fmt_slurp(paths[i], &len);
        micic_corpus *whole = fmt_read_str(micic__read_csv, text, len, paths[i], NULL);
        collect_state s;
        micic_report *r = micic_report_new();
        FILE *in = fopen(paths[i], "rb");
        size_t k;
        s.c = micic_corpus_new();
        assert_int_equal(micic__stream_csv(in, paths[i], NULL, collect_cb, &s, r, NULL), MICIC_OK);
        fclose(in);
        fmt_expect_equal(whole, s.c, "stream vs buffer");
        for (k = 0; k < micic_corpus_size(whole); k += 997) {
            micic_location a, b;
            assert_int_equal(micic_practice_location(micic_corpus_get(whole, k),
                                                     MICIC_FIELD_DESCRIPTION, 0, &a), MICIC_OK);
            assert_int_equal(micic_practice_location(micic_corpus_get(s.c, k),
                                                     MICIC_FIELD_DESCRIPTION, 0, &b), MICIC_OK);
            assert_int_equal(a.line, b.line);
            assert_int_equal(a.column, b.column);
        }
        assert_int_equal(micic_report_size(r),
                         micic_report_size(micic_corpus_read_report(whole)));
        if (i == 2) {
            micic_location loc = micic_practice_record_location(micic_corpus_get(whole, 19999));
            assert_int_equal(loc.line, 2 + 2 * 19999); /* two lines per record */
            assert_string_equal(micic_practice_first(micic_corpus_get(whole, 19999),
                                                     MICIC_FIELD_DESCRIPTION),
                                "line one, \"q\"\r\nline two \xF0\x9F\x98\x80");
        }
        micic_report_free(r);
        micic_corpus_free(s.c);
        micic_corpus_free(whole);
        free(text);
    }
}

/* ----------------------------------------------------------------- long */

static void test_long_seeds(void **state) {
    size_t len, len2;
    char *text = fmt_slurp(DATA("long_seeds.csv"), &len);
    char *wide = fmt_slurp(DATA("csv_seeds.csv"), &len2);
    micic_corpus *c = fmt_read_str(micic__read_long, text, len, "long.csv", NULL);
    micic_corpus *ref = read_csv(wide, len2, NULL);
    const micic_report *r = micic_corpus_read_report(c);
    micic_practice *p4;
    (void)state;
    /* rows of seed-001 come before and after those of seed-004: records are
     * grouped by id in first-seen order */
    fmt_expect_counts(c, 2, 0);
    assert_true(micic_practice_equal(micic_corpus_get(c, 0), micic_corpus_get(ref, 0)));
    p4 = micic_practice_copy(micic_corpus_get(c, 1));
    assert_int_equal(micic_practice_extra_count(p4), 1);
    assert_string_equal(micic_practice_extra_label(p4, 0), "Notes");
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_UNKNOWN_LABEL), 1);
    /* without its extra, seed-004 equals the wide CSV record */
    {
        micic_practice *q = micic_practice_copy(micic_corpus_get(ref, 1));
        micic_practice_add_extra(q, "Notes", "from seed 004", NULL);
        assert_true(micic_practice_equal(p4, q));
        micic_practice_free(q);
    }
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 0)).line, 2);
    micic_practice_free(p4);
    micic_corpus_free(c);
    micic_corpus_free(ref);
    free(text);
    free(wide);
}

static void test_long_bad_rows(void **state) {
    const char *text = "id,field,value\n"
                       "r1,title,T\n"
                       ",title,X\n"
                       "r1,country,A,B\n"
                       "r2,bogus,V\n"
                       "r1,country\n"
                       "r1,Country (Check all that apply),Chad\n";
    micic_corpus *c = fmt_read_str(micic__read_long, text, strlen(text), "l.csv", NULL);
    const micic_report *r = micic_corpus_read_report(c);
    const micic_practice *p;
    const micic_diagnostic *d;
    (void)state;
    fmt_expect_counts(c, 2, 1);
    d = fmt_expect_diag(r, MICIC_CODE_RECORD_REJECTED, 3, 1);
    assert_string_equal(micic_diagnostic_value(d), "X");
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_RAGGED_ROW), 2);
    d = fmt_expect_diag(r, MICIC_CODE_RAGGED_ROW, 4, 14);
    assert_string_equal(micic_diagnostic_record_id(d), "r1");
    d = fmt_diag(r, MICIC_CODE_RAGGED_ROW, 1);
    assert_int_equal(micic_diagnostic_line(d), 6);
    fmt_expect_diag(r, MICIC_CODE_UNKNOWN_LABEL, 5, 4);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_id(p), "r1");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "T");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 1), "Chad");
    assert_string_equal(micic_practice_extra_label(p, 0), "column 4");
    assert_string_equal(micic_practice_extra_value(p, 0), "B");
    p = micic_corpus_get(c, 1);
    assert_string_equal(micic_practice_extra_label(p, 0), "bogus");
    micic_corpus_free(c);
    /* no header row: the first row is data */
    c = fmt_read_str(micic__read_long, "r9,title,T\n", 11, "l.csv", NULL);
    fmt_expect_counts(c, 1, 0);
    micic_corpus_free(c);
    c = fmt_read_str(micic__read_long, "", 0, "l.csv", NULL);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT, 1, 1);
    micic_corpus_free(c);
}


/* ------------------------------------------------------------ delimiters */

/* Layout diagnostics (the delimiter note) in a report. */
static size_t n_layout(const micic_corpus *c) {
    return micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_LAYOUT);
}

static micic_corpus *read_path_auto(const char *path) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_non_null(c);
    if (micic_read_file(c, path, NULL, &err) != MICIC_OK) fail_msg("%s: %s", path, err.text);
    return c;
}

/* A semicolon CSV as spreadsheet software writes it (BOM, CRLF, quoted
 * cells holding ';', ',', doubled quotes and a line break, empty trailing
 * cells) reads, format and delimiter detected, to the same records as the
 * comma CSV; the report names the delimiter in one info diagnostic. */
static void test_csv_semicolon_like_comma(void **state) {
    static const char *const pairs[][2] = {
        {DATA("csv_excel_comma.csv"), DATA("csv_excel_semicolon.csv")},
        {DATA("csv_labels_crlf_bom.csv"), DATA("csv_labels_semicolon.csv")}};
    size_t i, len;
    (void)state;
    for (i = 0; i < 2; i++) {
        micic_corpus *a = read_path_auto(pairs[i][0]), *b = read_path_auto(pairs[i][1]);
        const micic_diagnostic *d;
        char *text = fmt_slurp(pairs[i][1], &len);
        assert_int_equal(micic_format_detect(text, len), MICIC_FORMAT_CSV);
        free(text);
        assert_true(micic_corpus_size(a) >= 2);
        fmt_expect_equal(a, b, pairs[i][1]);
        assert_int_equal(micic_report_records_in(micic_corpus_read_report(b)),
                         micic_corpus_size(a));
        assert_int_equal(n_layout(a), 0);
        assert_int_equal(n_layout(b), 1);
        d = fmt_expect_diag(micic_corpus_read_report(b), MICIC_CODE_LAYOUT, 1, 1);
        assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_INFO);
        assert_string_equal(micic_diagnostic_value(d), ";");
        assert_non_null(strstr(micic_diagnostic_message(d), "';'"));
        /* nothing else to say about either file */
        assert_int_equal(micic_report_count(micic_corpus_read_report(b), MICIC_SEVERITY_WARNING) +
                             micic_report_count(micic_corpus_read_report(b), MICIC_SEVERITY_ERROR),
                         micic_report_count(micic_corpus_read_report(a), MICIC_SEVERITY_WARNING) +
                             micic_report_count(micic_corpus_read_report(a), MICIC_SEVERITY_ERROR));
        if (i == 0) {
            const micic_practice *p = micic_corpus_get(b, 0);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE),
                                "Evacuation; with a comma, too");
            assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 2);
            assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 2);
            assert_string_equal(micic_practice_first(p, MICIC_FIELD_DESCRIPTION),
                                "A description, with \"quotes\" and a; semicolon\r\n"
                                "over two lines");
            assert_string_equal(micic_practice_extra_value(micic_corpus_get(b, 1), 0),
                                "note, with a comma");
            assert_string_equal(micic_practice_id(micic_corpus_get(b, 2)), "X-3");
        }
        micic_corpus_free(a);
        micic_corpus_free(b);
    }
}

/* Tab and pipe; a delimiter given in the options; ties go to the comma;
 * quoted delimiters do not count; an unknown delimiter is refused. */
static void test_csv_delimiter_choice(void **state) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c;
    micic_error err;
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic__csv_sniff_delimiter("a;b,c", 5), ',');
    assert_int_equal(micic__csv_sniff_delimiter("\"a;b;c\",d", 9), ',');
    assert_int_equal(micic__csv_sniff_delimiter("a\tb\tc|d", 7), '\t');
    /* a tie goes to the first of , ; tab | */
    assert_int_equal(micic__csv_sniff_delimiter("a|b|c;d;e,f", 11), ';');
    assert_int_equal(micic__csv_sniff_delimiter("title", 5), ',');
    /* tab: a cell with ',' and ';' needs no quotes */
    c = read_csv_s("id\ttitle\tcountry\r\nr1\tT, with; both\tEgypt; Chad\r\n");
    fmt_expect_counts(c, 1, 0);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "T, with; both");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 2);
    assert_string_equal(micic_diagnostic_value(fmt_diag(micic_corpus_read_report(c),
                                                        MICIC_CODE_LAYOUT, 0)), "\t");
    micic_corpus_free(c);
    /* tab in an empty first cell is a delimiter, not a blank */
    c = read_csv_s("title\tid\n\tr2\n");
    fmt_expect_counts(c, 1, 0);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "r2");
    micic_corpus_free(c);
    /* pipe, detected by micic_format_detect() and read by micic_read_buffer() */
    assert_int_equal(micic_format_detect("id|title|country\nr1|a;b|Chad\n", 29),
                     MICIC_FORMAT_CSV);
    c = micic_corpus_new();
    assert_int_equal(micic_read_buffer(c, "id|title|country\nr1|a, b|Chad\n", 30, "p.csv", NULL,
                                       &err),
                     MICIC_OK);
    fmt_expect_counts(c, 1, 0);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "a, b");
    assert_int_equal(n_layout(c), 1);
    micic_corpus_free(c);
    /* given: ';' read as asked (and said so); ',' over a semicolon file
       reads one column, as asked, with no delimiter note */
    o.format = MICIC_FORMAT_CSV;
    o.delimiter = ';';
    c = micic_corpus_new();
    assert_int_equal(micic_read_buffer(c, "id;title\nr1;a, b\n", 17, NULL, &o, &err), MICIC_OK);
    fmt_expect_counts(c, 1, 0);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "a, b");
    assert_non_null(strstr(micic_diagnostic_message(fmt_diag(micic_corpus_read_report(c),
                                                             MICIC_CODE_LAYOUT, 0)),
                           "option"));
    micic_corpus_free(c);
    o.delimiter = ',';
    c = micic_corpus_new();
    assert_int_equal(micic_read_buffer(c, "id;title\nr1;a\n", 14, NULL, &o, &err), MICIC_OK);
    assert_int_equal(n_layout(c), 0);
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 0), 0), "r1;a");
    /* a given delimiter is also the one format detection tries: sniffed,
       this header would be '|'-separated cells naming two fields of six,
       no id (text) */
    o.format = MICIC_FORMAT_AUTO;
    o.delimiter = ';';
    micic_corpus_free(c);
    c = micic_corpus_new();
    {
        static const char both[] = "id;title;x|country|source|w|v|u\nr1;T;a|b|c|d|e|f\n";
        assert_int_equal(micic_format_detect(both, sizeof both - 1), MICIC_FORMAT_TEXT);
        assert_int_equal(micic_read_buffer(c, both, sizeof both - 1, NULL, &o, &err), MICIC_OK);
    }
    fmt_expect_counts(c, 1, 0);
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 0), 0), "a|b|c|d|e|f");
    /* anything but , ; tab | is a usage error */
    o.delimiter = ':';
    assert_int_equal(micic_read_buffer(c, "id:title\n", 9, NULL, &o, &err), MICIC_EINVAL);
    assert_int_equal(err.code, MICIC_EINVAL);
    micic_corpus_free(c);
}

/* A version 1 options struct (before `delimiter`) is still accepted, and
 * only its fields are read: an old binary's smaller struct. */
static void test_csv_options_v1(void **state) {
    size_t n = offsetof(micic_read_options, delimiter);
    unsigned char *o = malloc(n); /* exactly the old size: ASan sees an over-read */
    const micic_read_options *opts = (const micic_read_options *)(void *)o;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    int version = 1;
    (void)state;
    assert_non_null(o);
    memset(o, 0, n);
    memcpy(o + offsetof(micic_read_options, version), &version, sizeof version);
    assert_int_equal(micic_read_buffer(c, "id;title\nr1;T\n", 14, NULL, opts, &err), MICIC_OK);
    fmt_expect_counts(c, 1, 0);
    assert_int_equal(n_layout(c), 1); /* sniffed */
    version = 3;
    memcpy(o + offsetof(micic_read_options, version), &version, sizeof version);
    assert_int_equal(micic_read_buffer(c, "id\n", 3, NULL, opts, &err), MICIC_EVERSION);
    free(o);
    micic_corpus_free(c);
}

/* A semicolon file larger than the first block is read by the streaming
 * reader (micic_read_file, micic_stream_file): same records as the comma
 * version. */
static void test_csv_semicolon_stream(void **state) {
    static const char *const paths[2] = {MICIC_TEST_TMP "/delim_comma" TMP_TAG ".csv",
                                         MICIC_TEST_TMP "/delim_semi" TMP_TAG ".csv"};
    micic_corpus *c[2];
    stream_state st;
    size_t i, k;
    (void)state;
    for (i = 0; i < 2; i++) {
        FILE *f = fopen(paths[i], "wb");
        const char *d = i ? ";" : ",";
        assert_non_null(f);
        fprintf(f, "\xEF\xBB\xBFid%stitle%scountry\r\n", d, d);
        for (k = 0; k < 4000; k++)
            fprintf(f, "r%zu%s\"T; %zu, \"\"x\"\"\"%s\"Chad; Mali\"\r\n", k, d, k, d);
        fclose(f);
        c[i] = read_path_auto(paths[i]);
        assert_int_equal(micic_corpus_size(c[i]), 4000);
        assert_int_equal(n_layout(c[i]), i);
    }
    fmt_expect_equal(c[0], c[1], "semicolon file");
    memset(&st, 0, sizeof st);
    st.order_ok = 1;
    assert_int_equal(micic_stream_file(paths[1], NULL, count_cb, &st, NULL, NULL), MICIC_OK);
    assert_int_equal(st.calls, 4000);
    assert_true(st.order_ok);
    for (i = 0; i < 2; i++) {
        micic_corpus_free(c[i]);
        remove(paths[i]);
    }
}

/* The long reader canonicalizes like the CSV reader. */
static void test_long_canonical(void **state) {
    micic_corpus *c = fmt_read_str(micic__read_long,
                                   "id,field,value\n"
                                   "r1,crisis,natural disaster\n"
                                   "r1,country,cote d'ivoire\n"
                                   "r1,guideline,GUIDELINE 14: Address migrants' needs\n"
                                   "r1,description, padded \n"
                                   "r1,crisis,Floods\n",
                                   strlen("id,field,value\n"
                                          "r1,crisis,natural disaster\n"
                                          "r1,country,cote d'ivoire\n"
                                          "r1,guideline,GUIDELINE 14: Address migrants' needs\n"
                                          "r1,description, padded \n"
                                          "r1,crisis,Floods\n"),
                                   "t.long", NULL);
    const micic_practice *p = micic_corpus_get(c, 0);
    (void)state;
    fmt_expect_counts(c, 1, 0);
    expect_canon(p, MICIC_FIELD_CRISIS, 0, "Natural Disaster", "natural disaster");
    expect_canon(p, MICIC_FIELD_CRISIS, 1, "Floods", "Floods");
    expect_canon(p, MICIC_FIELD_COUNTRY, 0, "C\xC3\xB4te d'Ivoire", "cote d'ivoire");
    expect_canon(p, MICIC_FIELD_GUIDELINE, 0, "14", "GUIDELINE 14: Address migrants' needs");
    /* libcsv drops the blanks around an unquoted cell */
    expect_canon(p, MICIC_FIELD_DESCRIPTION, 0, "padded", "padded");
    micic_corpus_free(c);
}

static void test_long_write_exact(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    char *out;
    (void)state;
    micic_practice_add(p, MICIC_FIELD_ID, "r1", "r1", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "A;B", "A;B", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "Chad", "Chad", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_DESCRIPTION, "say \"x\"\nok", "say \"x\"\nok", NULL, 0, 0,
                       NULL);
    micic_practice_add_extra(p, "Notes", "n", NULL);
    micic_corpus_add(c, p, NULL);
    micic_corpus_add(c, micic_practice_new(), NULL); /* gets id P1 */
    out = fmt_write_str(micic__write_long, c, NULL, NULL);
    assert_string_equal(out, "id,field,value\n"
                             "r1,id,r1\n"
                             "r1,country,A;B\n"
                             "r1,country,Chad\n"
                             "r1,description,\"say \"\"x\"\"\nok\"\n"
                             "r1,Notes,n\n"
                             "P1,id,P1\n");
    {
        micic_corpus *back = fmt_read_str(micic__read_long, out, strlen(out), "l.csv", NULL);
        fmt_expect_equal(c, back, "long write/read");
        micic_corpus_free(back);
    }
    free(out);
    micic_corpus_free(c);
}

/* micic's own comma CSV whose extra column is named with more ';' than
 * the header has commas stays a comma CSV: the sniffer picks the
 * delimiter that splits the header into field names (found by fuzz_json's
 * round trip). */
static void test_sniff_prefers_field_names(void **state) {
    static const char text[] = "id,title,country,notes;a;b;c;d;e;f\nr1,T,Libya,x\n";
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    (void)state;
    assert_int_equal(micic_read_buffer(c, text, sizeof text - 1, "own.csv", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "r1");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY),
                        "Libya");
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 0), 0),
                        "notes;a;b;c;d;e;f");
    micic_corpus_free(c);
    /* a header of field names split by ';' is still a semicolon CSV */
    c = micic_corpus_new();
    {
        static const char semi[] = "id;title;country\nr1;T, U;Libya\n";
        assert_int_equal(micic_read_buffer(c, semi, sizeof semi - 1, "semi.csv", NULL, &err),
                         MICIC_OK);
    }
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "T, U");
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_seeds),
        cmocka_unit_test(test_sniff_prefers_field_names),
        cmocka_unit_test(test_csv_labels_crlf_bom),
        cmocka_unit_test(test_csv_list_escapes),
        cmocka_unit_test(test_csv_row_pool),
        cmocka_unit_test(test_csv_canonical),
        cmocka_unit_test(test_csv_write_exact),
        cmocka_unit_test(test_csv_locations),
        cmocka_unit_test(test_csv_line_endings),
        cmocka_unit_test(test_csv_ragged),
        cmocka_unit_test(test_csv_invalid_utf8),
        cmocka_unit_test(test_csv_nul_byte),
        cmocka_unit_test(test_csv_empty),
        cmocka_unit_test(test_csv_truncated),
        cmocka_unit_test(test_csv_stray_quote),
        cmocka_unit_test(test_csv_limits),
        cmocka_unit_test(test_csv_unknown_once),
        cmocka_unit_test(test_csv_bad_options),
        cmocka_unit_test(test_csv_stream_20000),
        cmocka_unit_test(test_csv_stream_matches_buffer),
        cmocka_unit_test(test_csv_semicolon_like_comma),
        cmocka_unit_test(test_csv_delimiter_choice),
        cmocka_unit_test(test_csv_options_v1),
        cmocka_unit_test(test_csv_semicolon_stream),
        cmocka_unit_test(test_long_seeds),
        cmocka_unit_test(test_long_bad_rows),
        cmocka_unit_test(test_long_canonical),
        cmocka_unit_test(test_long_write_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
