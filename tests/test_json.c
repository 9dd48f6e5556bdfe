/* JSON and JSON Lines (jansson) readers and writers; JSONL streaming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

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

static micic_corpus *read_json(const char *text) {
    return fmt_read_str(micic__read_json, text, strlen(text), "t.json", NULL);
}

static micic_corpus *read_jsonl(const char *text) {
    return fmt_read_str(micic__read_jsonl, text, strlen(text), "t.jsonl", NULL);
}

static micic_corpus *read_file_with(fmt_reader r, const char *path) {
    size_t len;
    char *text = fmt_slurp(path, &len);
    micic_corpus *c = fmt_read_str(r, text, len, path, NULL);
    free(text);
    return c;
}

/* 1-based line of the nth (0-based) occurrence of needle in text. */
static int line_of(const char *text, const char *needle, int nth) {
    const char *hit = text, *s;
    int line = 1;
    for (; nth >= 0; nth--) {
        hit = strstr(hit, needle);
        assert_non_null(hit);
        if (nth) hit++;
    }
    for (s = text; s < hit; s++) line += *s == '\n';
    return line;
}

/* ---------------------------------------------------------------- seeds */

static void test_json_seeds(void **state) {
    micic_corpus *c = read_file_with(micic__read_json, DATA("json_seeds.json"));
    micic_corpus *ref = read_file_with(micic__read_csv, DATA("csv_seeds.csv"));
    char *text = fmt_slurp(DATA("json_seeds.json"), NULL);
    micic_location loc;
    (void)state;
    fmt_expect_counts(c, 2, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    /* the JSON and the CSV transcriptions of seeds 001 and 004 agree */
    fmt_expect_equal(ref, c, "json seeds vs csv seeds");
    /* a record is located at its '{' */
    loc = micic_practice_record_location(micic_corpus_get(c, 0));
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.column, 3);
    loc = micic_practice_record_location(micic_corpus_get(c, 1));
    assert_int_equal(loc.line, line_of(text, "\n  {", 1) + 1);
    assert_int_equal(loc.column, 3);
    assert_int_equal(micic_practice_location(micic_corpus_get(c, 1), MICIC_FIELD_COUNTRY, 3, &loc),
                     MICIC_OK);
    assert_string_equal(loc.source, DATA("json_seeds.json"));
    micic_corpus_free(c);
    micic_corpus_free(ref);
    free(text);
}

static void test_jsonl_seeds(void **state) {
    micic_corpus *c = read_file_with(micic__read_jsonl, DATA("jsonl_seeds.jsonl"));
    micic_corpus *ref = read_file_with(micic__read_csv, DATA("csv_seeds.csv"));
    (void)state;
    fmt_expect_counts(c, 2, 0);
    fmt_expect_equal(ref, c, "jsonl seeds vs csv seeds");
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 1)).line, 2);
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 1)).column, 1);
    micic_corpus_free(c);
    micic_corpus_free(ref);
}

/* ---------------------------------------------------------------- types */

static void test_json_lenient_types(void **state) {
    /* one object (no array); a string for a list field, a one-element array
     * for a single field, numbers for guidelines, labels as keys, nulls */
    micic_corpus *c = read_json("\xEF\xBB\xBF{\"id\": 17, \"country\": \"Chad\","
                                " \"title\": [\"T\"], \"guideline\": [14, \"3\", 9.0],"
                                " \"Type of crisis\": [\"Conflict\"], \"source\": null,"
                                " \"link\": [], \"need\": [\"\", \"x\"], \"kind\": \"\","
                                " \"description\": [null, \"D\"]}\n");
    const micic_practice *p;
    (void)state;
    fmt_expect_counts(c, 1, 0);
    /* read, but said (issue 23): the number 17 as the id, the two nulls,
     * each at its value's line:column; guideline numbers are not said */
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 3);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_TYPE, 1, 8);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_id(p), "17");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_COUNTRY), "Chad");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "T");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 3);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "14");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 2), "9");
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_CRISIS), "Conflict");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_SOURCE), 0);
    /* "" is no value; nulls in arrays are skipped */
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_NEED), 1);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_KIND), 0);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_DESCRIPTION), "D");
    assert_int_equal(micic_practice_record_location(p).line, 1);
    assert_int_equal(micic_practice_record_location(p).column, 1);
    micic_corpus_free(c);
}

static void test_json_wrong_types(void **state) {
    micic_corpus *c = read_json("[\n"
                                "  {\"id\": \"r1\", \"country\": 5,"
                                " \"crisis\": [\"Conflict\", true, null],\n"
                                "   \"title\": [\"a\", \"b\"],"
                                " \"extra\": {\"Notes\": \"n\", \"Bad\": 3},\n"
                                "   \"original\": 7, \"Mystery\": [\"m1\", \"m2\"]},\n"
                                "  {\"id\": \"r2\", \"description\": {\"x\": 1}},\n"
                                "  42,\n"
                                "  {\"id\": \"r3\", \"guideline\": 1.5}\n"
                                "]\n");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_diagnostic *d;
    const micic_practice *p;
    size_t i, n = 0;
    (void)state;
    /* the 42 is not a record: rejected; the others are kept without the
     * values of the wrong type */
    fmt_expect_counts(c, 3, 1);
    for (i = 0; i < micic_report_size(r); i++) {
        d = micic_report_get(r, i);
        if (micic_diagnostic_code(d) != MICIC_CODE_JSON_TYPE) continue;
        if (n == 0) {
            /* at the value (issue 23), not at the record's start */
            assert_string_equal(micic_diagnostic_field(d), "original");
            assert_int_equal(micic_diagnostic_record_index(d), 0);
            assert_string_equal(micic_diagnostic_record_id(d), "r1");
            assert_int_equal(micic_diagnostic_line(d), 4);
            assert_int_equal(micic_diagnostic_column(d), 16);
        }
        n++;
    }
    /* original, country (a number, kept as text), true in crisis, null in
     * crisis, 2-element title, Bad (a number, kept), r2's description, the
     * 42, r3's 1.5 (kept as text) */
    assert_int_equal(n, 9);
    d = fmt_diag(r, MICIC_CODE_JSON_TYPE, 1);
    assert_string_equal(micic_diagnostic_field(d), "country");
    assert_string_equal(micic_diagnostic_value(d), "integer");
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 27);
    d = fmt_diag(r, MICIC_CODE_JSON_TYPE, 2); /* true: the array item's position */
    assert_int_equal(micic_diagnostic_column(d), 53);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_COUNTRY), "5");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TITLE), "a");
    assert_int_equal(micic_practice_extra_count(p), 4);
    assert_string_equal(micic_practice_extra_label(p, 0), "Notes");
    assert_string_equal(micic_practice_extra_value(p, 1), "3");
    assert_string_equal(micic_practice_extra_label(p, 3), "Mystery");
    assert_string_equal(micic_practice_extra_value(p, 3), "m2");
    d = fmt_expect_diag(r, MICIC_CODE_UNKNOWN_LABEL, 4, 19);
    assert_string_equal(micic_diagnostic_field(d), "Mystery");
    /* record indexes count the rejected 42 */
    d = fmt_diag(r, MICIC_CODE_JSON_TYPE, 7);
    assert_int_equal(micic_diagnostic_record_index(d), 2);
    assert_int_equal(micic_diagnostic_line(d), 6);
    d = fmt_diag(r, MICIC_CODE_JSON_TYPE, 8);
    assert_int_equal(micic_diagnostic_record_index(d), 3);
    assert_string_equal(micic_diagnostic_record_id(d), "r3");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "r3");
    micic_corpus_free(c);
}

/* ------------------------------------------------------------ bad input */

static void test_json_syntax_error(void **state) {
    micic_corpus *c = read_json("[\n"
                                "  {\"id\": \"a\"},\n"
                                "  {\"id\": \"b\"},\n"
                                "  {\"id\": \"c\",, \"x\": 1},\n"
                                "  {\"id\": \"d\"}\n"
                                "]\n");
    const micic_diagnostic *d;
    (void)state;
    /* the damaged record is rejected; reading goes on at the next element,
     * and the message says how many bytes were skipped and where */
    fmt_expect_counts(c, 3, 1);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 4, 14);
    assert_int_equal(micic_diagnostic_record_index(d), 2);
    assert_non_null(strstr(micic_diagnostic_message(d),
                           "24 bytes skipped, reading goes on at line 5, column 3"));
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 1);
    assert_int_equal(micic_report_skipped_bytes(micic_corpus_read_report(c)), 24);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "b");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "d");
    micic_corpus_free(c);
    /* braces and brackets inside strings (escaped quotes too) do not count,
     * nested ones do; the last element may be the damaged one */
    c = read_json("[{\"id\": \"a\", \"title\": \"x \\\" } ]\", \"country\": [\"Mali\"] \"x\": 1},\n"
                  " {\"id\": \"b\"},\n"
                  " {\"id\": \"c\" \"title\": \"}\"}]");
    fmt_expect_counts(c, 1, 2);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "b");
    micic_corpus_free(c);
    /* two damaged records in a row: each rejected, the next one read */
    c = read_json("[{\"id\": \"a\",,},\n {\"id\": \"b\",,},\n {\"id\": \"c\"}]");
    fmt_expect_counts(c, 1, 2);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 1, 13);
    d = fmt_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 1);
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 13);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "c");
    micic_corpus_free(c);
    /* an unclosed string ends at the line end: the next line is read */
    c = read_json("[{\"id\": \"a\"},\n {\"id\": \"b, \"title\": 1},\n {\"id\": \"c\"}]");
    fmt_expect_counts(c, 2, 1);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 2, 18);
    assert_non_null(strstr(micic_diagnostic_message(d), "reading goes on at line 3, column 2"));
    micic_corpus_free(c);
    /* a missing comma between elements: reported, nothing lost */
    c = read_json("[{\"id\": \"a\"} {\"id\": \"b\"}]");
    fmt_expect_counts(c, 2, 0);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 1, 14);
    assert_non_null(strstr(micic_diagnostic_message(d), "',' missing"));
    micic_corpus_free(c);
    /* stray tokens between elements are skipped (not records) */
    c = read_json("[{\"id\": \"a\"}, xyz, {\"id\": \"b\"} 13, {\"id\": \"c\"}]");
    fmt_expect_counts(c, 3, 0);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 1, 15);
    assert_non_null(strstr(micic_diagnostic_message(d), "5 bytes skipped"));
    micic_corpus_free(c);
    /* a trailing comma is reported and forgiven */
    c = read_json("[{\"id\": \"a\"},\n ]");
    fmt_expect_counts(c, 1, 0);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_JSON_SYNTAX, 1, 13);
    micic_corpus_free(c);
}

static void test_json_truncated(void **state) {
    micic_corpus *c = read_json("[{\"id\": \"a\"},\n {\"id\": \"b\", \"title\": \"unfinished");
    (void)state;
    fmt_expect_counts(c, 1, 1);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_TRUNCATED, 2, 33);
    micic_corpus_free(c);
    /* the array is not closed but every element is whole */
    c = read_json("[{\"id\": \"a\"}\n");
    fmt_expect_counts(c, 1, 0);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_TRUNCATED, 2, 1);
    micic_corpus_free(c);
}

static void test_json_empty(void **state) {
    static const char *const empties[] = {"", " \n\t", "\xEF\xBB\xBF"};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        micic_corpus *c = read_json(empties[i]);
        fmt_expect_counts(c, 0, 0);
        fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT, 1, 1);
        micic_corpus_free(c);
        c = read_jsonl(empties[i]);
        fmt_expect_counts(c, 0, 0);
        fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT, 1, 1);
        micic_corpus_free(c);
    }
    {
        micic_corpus *c = read_json("[]\n");
        fmt_expect_counts(c, 0, 0);
        assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
        micic_corpus_free(c);
    }
}

static void test_json_bad_bytes(void **state) {
    static const char nul[] = "[{\"id\": \"n\", \"title\": \"a\0b\"}]";
    micic_corpus *c = read_json("[{\"id\": \"a\",\n  \"title\": \"C\xC3\xB4te\xFFy\"}]");
    const micic_diagnostic *d;
    (void)state;
    fmt_expect_counts(c, 1, 0);
    d = fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_INVALID_UTF8, 2, 17);
    assert_string_equal(micic_diagnostic_value(d), "\\xFF");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "C\xC3\xB4te\xEF\xBF\xBDy");
    micic_corpus_free(c);
    /* a raw NUL byte inside a string */
    c = fmt_read_str(micic__read_json, nul, sizeof nul - 1, "t.json", NULL);
    fmt_expect_counts(c, 1, 0);
    fmt_expect_diag(micic_corpus_read_report(c), MICIC_CODE_NUL_BYTE, 1, 25);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "a\xEF\xBF\xBD" "b");
    micic_corpus_free(c);
    /* an escaped NUL */
    c = read_jsonl("{\"id\": \"e\", \"title\": \"x\\u0000y\"}\n");
    fmt_expect_counts(c, 1, 0);
    d = fmt_diag(micic_corpus_read_report(c), MICIC_CODE_NUL_BYTE, 0);
    assert_non_null(d);
    assert_string_equal(micic_diagnostic_field(d), "title");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "x\xEF\xBF\xBDy");
    micic_corpus_free(c);
}

static void test_jsonl_bad_lines(void **state) {
    micic_corpus *c = read_jsonl("{\"id\":\"a\"}\n"
                                 "\n"
                                 "{\"id\":\"b\",}\n"
                                 "[1,2]\r\n"
                                 "{\"id\":\"c\"} trailing\n"
                                 "{\"id\":\"d\",\"title\":\"\xFF\"}\n"
                                 "  {\"id\":\"e\"}");
    const micic_report *r = micic_corpus_read_report(c);
    const micic_diagnostic *d;
    (void)state;
    /* each bad line is one rejected record; the others are read */
    fmt_expect_counts(c, 3, 3);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_JSON_SYNTAX), 2);
    d = fmt_expect_diag(r, MICIC_CODE_JSON_SYNTAX, 3, 11);
    assert_int_equal(micic_diagnostic_record_index(d), 1);
    d = fmt_diag(r, MICIC_CODE_JSON_SYNTAX, 1);
    assert_int_equal(micic_diagnostic_line(d), 5);
    d = fmt_expect_diag(r, MICIC_CODE_JSON_TYPE, 4, 1);
    assert_int_equal(micic_diagnostic_record_index(d), 2);
    fmt_expect_diag(r, MICIC_CODE_INVALID_UTF8, 6, 20);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "d");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "e");
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 2)).line, 7);
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 2)).column, 3);
    micic_corpus_free(c);
}

/* -------------------------------------------------------------- writers */

static micic_corpus *small_corpus(void) {
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = micic_practice_new();
    micic_practice_add(p, MICIC_FIELD_ID, "r1", "r1", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_TITLE, "T \"q\"\n\xE6\x9D\xB1", "T \"q\"\n\xE6\x9D\xB1",
                       NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "Tchad", "Chad", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_COUNTRY, "Mali", "Mali", NULL, 0, 0, NULL);
    micic_practice_add(p, MICIC_FIELD_GUIDELINE, "GUIDELINE 14", "14", NULL, 0, 0, NULL);
    micic_practice_add_extra(p, "Notes", "a", NULL);
    micic_practice_add_extra(p, "Notes", "b", NULL);
    micic_practice_add_extra(p, "Other", "c", NULL);
    micic_corpus_add(c, p, NULL);
    p = micic_practice_new();
    micic_practice_add(p, MICIC_FIELD_ID, "r2", "r2", NULL, 0, 0, NULL);
    micic_corpus_add(c, p, NULL);
    return c;
}

static void test_json_write_exact(void **state) {
    micic_corpus *c = small_corpus(), *back;
    micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
    char *out;
    (void)state;
    out = fmt_write_str(micic__write_json, c, NULL, NULL);
    assert_string_equal(out, "[\n"
                             "  {\n"
                             "    \"id\": \"r1\",\n"
                             "    \"title\": \"T \\\"q\\\"\\n\xE6\x9D\xB1\",\n"
                             "    \"country\": [\n"
                             "      \"Chad\",\n"
                             "      \"Mali\"\n"
                             "    ],\n"
                             "    \"guideline\": [\n"
                             "      \"14\"\n"
                             "    ],\n"
                             "    \"extra\": {\n"
                             "      \"Notes\": [\n"
                             "        \"a\",\n"
                             "        \"b\"\n"
                             "      ],\n"
                             "      \"Other\": \"c\"\n"
                             "    }\n"
                             "  },\n"
                             "  {\n"
                             "    \"id\": \"r2\"\n"
                             "  }\n"
                             "]\n");
    back = read_json(out);
    fmt_expect_equal(c, back, "json pretty");
    micic_corpus_free(back);
    free(out);
    o.pretty = 0;
    o.with_originals = 1;
    out = fmt_write_str(micic__write_json, c, &o, NULL);
    assert_string_equal(out, "[{\"id\":\"r1\",\"title\":\"T \\\"q\\\"\\n\xE6\x9D\xB1\","
                             "\"country\":[\"Chad\",\"Mali\"],\"guideline\":[\"14\"],"
                             "\"extra\":{\"Notes\":[\"a\",\"b\"],\"Other\":\"c\"},"
                             "\"original\":{\"country\":[\"Tchad\",\"Mali\"],"
                             "\"guideline\":[\"GUIDELINE 14\"]}},{\"id\":\"r2\"}]\n");
    /* the originals come back */
    back = read_json(out);
    fmt_expect_equal(c, back, "json compact with originals");
    assert_string_equal(micic_practice_original(micic_corpus_get(back, 0), MICIC_FIELD_COUNTRY, 0),
                        "Tchad");
    assert_string_equal(micic_practice_original(micic_corpus_get(back, 0), MICIC_FIELD_GUIDELINE,
                                                0),
                        "GUIDELINE 14");
    micic_corpus_free(back);
    free(out);
    /* JSON Lines: compact, one object per line (pretty is ignored) */
    o.pretty = 1;
    o.with_originals = 0;
    out = fmt_write_str(micic__write_jsonl, c, &o, NULL);
    assert_string_equal(out, "{\"id\":\"r1\",\"title\":\"T \\\"q\\\"\\n\xE6\x9D\xB1\","
                             "\"country\":[\"Chad\",\"Mali\"],\"guideline\":[\"14\"],"
                             "\"extra\":{\"Notes\":[\"a\",\"b\"],\"Other\":\"c\"}}\n"
                             "{\"id\":\"r2\"}\n");
    back = read_jsonl(out);
    fmt_expect_equal(c, back, "jsonl");
    /* without originals, the original is the value */
    assert_string_equal(micic_practice_original(micic_corpus_get(back, 0), MICIC_FIELD_COUNTRY, 0),
                        "Chad");
    micic_corpus_free(back);
    free(out);
    /* an empty corpus */
    micic_corpus_free(c);
    c = micic_corpus_new();
    out = fmt_write_str(micic__write_json, c, NULL, NULL);
    assert_string_equal(out, "[]\n");
    free(out);
    out = fmt_write_str(micic__write_jsonl, c, NULL, NULL);
    assert_string_equal(out, "");
    free(out);
    micic_corpus_free(c);
}


/* ----------------------------------------------------- canonicalization */

static void expect_canon(const micic_practice *p, micic_field f, size_t i, const char *value,
                         const char *original) {
    assert_string_equal(micic_practice_value(p, f, i), value);
    assert_string_equal(micic_practice_original(p, f, i), original);
}

/* Without "original", sure matches become canonical values and the text as
 * read is the original (as in every reader); with "original", the values
 * are taken as written and the originals restored, so JSON written with
 * originals reads back exactly. */
static void test_json_canonical(void **state) {
    static const char doc[] =
        "{\"id\": \"r1\", \"crisis\": [\"natural disaster\", \"conflict\"],"
        " \"country\": \"cote d'ivoire\", \"guideline\": [14, \"Guideline 3\"],"
        " \"description\": \"  text  \", \"kind\": \"reported\", \"title\": \"  \"}";
    static const char with_orig[] =
        "{\"id\": \"r2\", \"crisis\": [\"natural disaster\", \"conflict\", \"Floods\"],"
        " \"country\": [\"Chad\", \"mali\"],"
        " \"original\": {\"crisis\": [\"nat. disaster\", \"Conflicts\"],"
        " \"country\": [\"Tchad\"]}}";
    micic_corpus *c;
    const micic_practice *p;
    size_t pass;
    char line[1024];
    (void)state;
    for (pass = 0; pass < 2; pass++) {
        snprintf(line, sizeof line, "%s\n%s\n", doc, with_orig);
        if (pass == 0) {
            char arr[1100];
            snprintf(arr, sizeof arr, "[%s, %s]", doc, with_orig);
            c = read_json(arr);
        } else {
            c = read_jsonl(line);
        }
        fmt_expect_counts(c, 2, 0);
        p = micic_corpus_get(c, 0);
        expect_canon(p, MICIC_FIELD_CRISIS, 0, "Natural Disaster", "natural disaster");
        expect_canon(p, MICIC_FIELD_CRISIS, 1, "Conflict", "conflict");
        expect_canon(p, MICIC_FIELD_COUNTRY, 0, "C\xC3\xB4te d'Ivoire", "cote d'ivoire");
        expect_canon(p, MICIC_FIELD_GUIDELINE, 0, "14", "14");
        expect_canon(p, MICIC_FIELD_GUIDELINE, 1, "3", "Guideline 3");
        expect_canon(p, MICIC_FIELD_DESCRIPTION, 0, "text", "  text  ");
        expect_canon(p, MICIC_FIELD_KIND, 0, "Reported Practice", "reported");
        assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
        p = micic_corpus_get(c, 1);
        /* values with an original: as written, original restored */
        expect_canon(p, MICIC_FIELD_CRISIS, 0, "natural disaster", "nat. disaster");
        expect_canon(p, MICIC_FIELD_CRISIS, 1, "conflict", "Conflicts");
        /* past the end of the "original" array: canonicalized */
        expect_canon(p, MICIC_FIELD_CRISIS, 2, "Floods", "Floods");
        expect_canon(p, MICIC_FIELD_COUNTRY, 0, "Chad", "Tchad");
        expect_canon(p, MICIC_FIELD_COUNTRY, 1, "Mali", "mali");
        micic_corpus_free(c);
    }
}

/* A corpus of canonical values with differing originals (as a reader of
 * hand-made data makes it) survives JSON and JSON Lines with originals
 * exactly, and without originals keeps its values. */
static void test_json_canonical_roundtrip(void **state) {
    micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
    micic_corpus *c = fmt_read_str(micic__read_csv,
                                   "id,crisis,country,phase\n"
                                   "r1,natural disaster; Conflict,cote d'ivoire; Egypt,post crisis\n",
                                   strlen("id,crisis,country,phase\n"
                                          "r1,natural disaster; Conflict,cote d'ivoire; Egypt,"
                                          "post crisis\n"),
                                   "t.csv", NULL);
    size_t pass;
    (void)state;
    expect_canon(micic_corpus_get(c, 0), MICIC_FIELD_PHASE, 0, "Post-Crisis Action",
                 "post crisis");
    for (pass = 0; pass < 4; pass++) {
        char *out;
        micic_corpus *back;
        const micic_practice *a = micic_corpus_get(c, 0), *b;
        size_t f, i;
        o.with_originals = pass < 2;
        out = fmt_write_str(pass % 2 ? micic__write_jsonl : micic__write_json, c, &o, NULL);
        back = pass % 2 ? read_jsonl(out) : read_json(out);
        fmt_expect_equal(c, back, "canonical json");
        b = micic_corpus_get(back, 0);
        for (f = 0; f < MICIC_FIELD_COUNT; f++)
            for (i = 0; i < micic_practice_count(a, (micic_field)f); i++)
                assert_string_equal(micic_practice_original(b, (micic_field)f, i),
                                    o.with_originals
                                        ? micic_practice_original(a, (micic_field)f, i)
                                        : micic_practice_value(a, (micic_field)f, i));
        micic_corpus_free(back);
        free(out);
    }
    micic_corpus_free(c);
}

/* ------------------------------------------------------------ streaming */

typedef struct stream_state {
    size_t calls;
    int order_ok;
} stream_state;

static int count_cb(const micic_practice *p, void *payload) {
    stream_state *s = payload;
    char want[32];
    snprintf(want, sizeof want, "r%zu", s->calls);
    if (strcmp(micic_practice_id(p), want) != 0) s->order_ok = 0;
    s->calls++;
    return 0;
}

static const char *write_big_jsonl(void) {
    static const char path[] = MICIC_TEST_TMP "/stream_20000" TMP_TAG ".jsonl";
    FILE *f = fopen(path, "wb");
    size_t k;
    assert_non_null(f);
    for (k = 0; k < 20000; k++) {
        fprintf(f, "{\"id\":\"r%zu\","
                   "\"title\":\"T\xC5\x8Dky\xC5\x8D \xE6\x9D\xB1\xE4\xBA\xAC %zu\","
                   "\"country\":[\"C\xC3\xB4te d\xE2\x80\x99Ivoire\",\"Chad\"],"
                   "\"description\":\"line one\\nline two \xF0\x9F\x98\x80\"}%s\n",
                k, k, k % 2 ? "\r" : "");
        if (k == 12345) fputs("{\"broken\": \n", f); /* one bad line */
    }
    fclose(f);
    return path;
}

static void test_jsonl_stream_20000(void **state) {
    const char *path = write_big_jsonl();
    FILE *in = fopen(path, "rb");
    stream_state s = {0, 1};
    micic_report *r = micic_report_new();
    micic_error err;
    const micic_diagnostic *d;
    (void)state;
    assert_non_null(in);
    assert_int_equal(micic__stream_jsonl(in, path, NULL, count_cb, &s, r, &err), MICIC_OK);
    fclose(in);
    assert_int_equal(s.calls, 20000);
    assert_true(s.order_ok);
    assert_int_equal(micic_report_records_in(r), 20001);
    assert_int_equal(micic_report_rejected(r), 1);
    d = fmt_diag(r, MICIC_CODE_TRUNCATED, 0);
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_line(d), 12347);
    micic_report_free(r);
    /* the buffer reader sees the same */
    {
        size_t len;
        char *text = fmt_slurp(path, &len);
        micic_corpus *c = fmt_read_str(micic__read_jsonl, text, len, path, NULL);
        fmt_expect_counts(c, 20000, 1);
        assert_string_equal(micic_practice_first(micic_corpus_get(c, 19999),
                                                 MICIC_FIELD_DESCRIPTION),
                            "line one\nline two \xF0\x9F\x98\x80");
        assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 19999)).line, 20001);
        micic_corpus_free(c);
        free(text);
    }
}

static void test_jsonl_stream_long_line(void **state) {
    static const char path[] = MICIC_TEST_TMP "/long_line" TMP_TAG ".jsonl";
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    FILE *f = fopen(path, "wb");
    stream_state s = {0, 1};
    micic_report *r = micic_report_new();
    size_t k;
    (void)state;
    assert_non_null(f);
    fputs("{\"id\":\"r0\"}\n{\"id\":\"big\",\"title\":\"", f);
    for (k = 0; k < 200000; k++) fputc('x', f); /* longer than a 64 KiB chunk */
    fputs("\"}\n{\"id\":\"r1\"}\n", f);
    fclose(f);
    /* within the limit: read whole */
    f = fopen(path, "rb");
    assert_int_equal(micic__stream_jsonl(f, path, &o, count_cb, &s, r, NULL), MICIC_OK);
    fclose(f);
    assert_int_equal(s.calls, 3);
    assert_int_equal(micic_report_rejected(r), 0);
    micic_report_free(r);
    /* over the limit: the line is rejected, the next one read */
    o.max_record_bytes = 1000;
    r = micic_report_new();
    s.calls = 0;
    s.order_ok = 1;
    f = fopen(path, "rb");
    assert_int_equal(micic__stream_jsonl(f, path, &o, count_cb, &s, r, NULL), MICIC_OK);
    fclose(f);
    assert_int_equal(s.calls, 2);
    assert_true(s.order_ok);
    assert_int_equal(micic_report_records_in(r), 3);
    assert_int_equal(micic_report_rejected(r), 1);
    assert_non_null(fmt_diag(r, MICIC_CODE_LIMIT, 0));
    assert_int_equal(micic_diagnostic_line(fmt_diag(r, MICIC_CODE_LIMIT, 0)), 2);
    micic_report_free(r);
}

/* data/practice.schema.json names every field of the library. */
static void test_json_schema_fields(void **state) {
    json_error_t e;
    json_t *schema = json_load_file(MICIC_SEEDS_DIR "/../practice.schema.json", 0, &e);
    json_t *defs, *rec, *canon, *names;
    size_t f, i;
    (void)state;
    if (!schema) fail_msg("practice.schema.json: %d:%d: %s", e.line, e.column, e.text);
    assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    defs = json_object_get(schema, "$defs");
    rec = json_object_get(json_object_get(defs, "record"), "properties");
    canon = json_object_get(json_object_get(defs, "canonicalRecord"), "properties");
    names = json_object_get(json_object_get(json_object_get(rec, "original"), "propertyNames"),
                            "enum");
    assert_non_null(rec);
    assert_non_null(canon);
    assert_int_equal(json_array_size(names), MICIC_FIELD_COUNT);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        const char *name = micic_field_name((micic_field)f);
        const json_t *c = json_object_get(canon, name);
        assert_non_null(json_object_get(rec, name));
        assert_non_null(c);
        /* single-valued fields are strings, the others arrays */
        assert_string_equal(json_string_value(json_object_get(c, "type")),
                            micic_field_is_single((micic_field)f) ? "string" : "array");
        assert_string_equal(json_string_value(json_array_get(names, f)), name);
    }
    assert_int_equal(json_object_size(rec), MICIC_FIELD_COUNT + 2); /* + extra, original */
    for (i = 0; i < 2; i++) {
        assert_non_null(json_object_get(rec, i ? "original" : "extra"));
        assert_non_null(json_object_get(canon, i ? "original" : "extra"));
    }
    json_decref(schema);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_seeds),
        cmocka_unit_test(test_jsonl_seeds),
        cmocka_unit_test(test_json_lenient_types),
        cmocka_unit_test(test_json_wrong_types),
        cmocka_unit_test(test_json_syntax_error),
        cmocka_unit_test(test_json_truncated),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_json_bad_bytes),
        cmocka_unit_test(test_jsonl_bad_lines),
        cmocka_unit_test(test_json_write_exact),
        cmocka_unit_test(test_json_canonical),
        cmocka_unit_test(test_json_canonical_roundtrip),
        cmocka_unit_test(test_jsonl_stream_20000),
        cmocka_unit_test(test_jsonl_stream_long_line),
        cmocka_unit_test(test_json_schema_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
