/*
 * Hostile input for every reader (issue 9): tests/data/hostile/ holds the
 * small files — invalid UTF-8 in every field position, NUL bytes, CR-only
 * line ends, byte order marks in the middle, mixed layouts — and the big
 * ones are generated here at test time: huge fields, a 10 MB single line,
 * deep JSON nesting, "billion laughs"-style repetition (one id 20000 times,
 * one unknown label thousands of times).
 *
 * Every case asserts the diagnostics (code, severity, record, line:column)
 * and the counts the documentation promises (docs/formats.md,
 * docs/formats-text.md), and that records accepted + records rejected =
 * records in the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "internal.h"
#include "micic/micic.h"

#define HOSTILE(name) MICIC_TEST_DATA "/hostile/" name
#define FFFD "\xEF\xBF\xBD"
#define MIB ((size_t)1 << 20)

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *b;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

/* Read a buffer (must succeed) and check every value is valid UTF-8 without NUL. */
static micic_corpus *read_buf(const char *data, size_t len, micic_format fmt,
                              const micic_read_options *o_in) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t i, f, k;
    int rc;
    if (o_in) o = *o_in;
    o.format = fmt;
    assert_non_null(c);
    rc = micic_read_buffer(c, data, len, "hostile", &o, &err);
    if (rc != MICIC_OK) fprintf(stderr, "read: %s\n", err.text);
    assert_int_equal(rc, MICIC_OK);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        for (f = 0; f < MICIC_FIELD_COUNT; f++) {
            for (k = 0; k < micic_practice_count(p, (micic_field)f); k++) {
                const char *v = micic_practice_value(p, (micic_field)f, k);
                assert_true(micic__utf8_valid(v, strlen(v)));
            }
        }
        for (k = 0; k < micic_practice_extra_count(p); k++) {
            const char *l = micic_practice_extra_label(p, k);
            const char *v = micic_practice_extra_value(p, k);
            assert_true(micic__utf8_valid(l, strlen(l)));
            assert_true(micic__utf8_valid(v, strlen(v)));
        }
    }
    return c;
}

static micic_corpus *read_file_as(const char *path, micic_format fmt) {
    size_t len;
    char *data = slurp(path, &len);
    micic_corpus *c = read_buf(data, len, fmt, NULL);
    free(data);
    return c;
}

/* accepted + rejected = records in, with the expected numbers. */
static void assert_counts(const micic_corpus *c, size_t accepted, size_t rejected) {
    const micic_report *r = micic_corpus_read_report(c);
    assert_int_equal(micic_corpus_size(c), accepted);
    assert_int_equal(micic_report_rejected(r), rejected);
    assert_int_equal(micic_report_records_in(r), micic_corpus_size(c) + micic_report_rejected(r));
}

static size_t ncode(const micic_corpus *c, int code) {
    return micic_report_count_code(micic_corpus_read_report(c), code);
}

/* The n-th (0-based) diagnostic with this code; fails when there is none. */
static const micic_diagnostic *nth_code(const micic_corpus *c, int code, size_t n) {
    const micic_report *r = micic_corpus_read_report(c);
    size_t i;
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        if (micic_diagnostic_code(d) == code && n-- == 0) return d;
    }
    fail_msg("no diagnostic %s #%zu", micic_code_name(code), n);
    return NULL;
}

static void assert_diag(const micic_diagnostic *d, micic_severity sev, long rec, int line,
                        int col) {
    assert_int_equal(micic_diagnostic_severity(d), sev);
    assert_int_equal(micic_diagnostic_record_index(d), rec);
    assert_int_equal(micic_diagnostic_line(d), line);
    assert_int_equal(micic_diagnostic_column(d), col);
    assert_string_equal(micic_diagnostic_source(d), "hostile");
}

static const char *val(const micic_corpus *c, size_t rec, micic_field f, size_t i) {
    const char *v = micic_practice_value(micic_corpus_get(c, rec), f, i);
    assert_non_null(v);
    return v;
}

/* ---- invalid UTF-8 in every field position ------------------------------ */

static void test_utf8_text(void **state) {
    micic_corpus *c = read_file_as(HOSTILE("utf8.txt"), MICIC_FORMAT_TEXT);
    /* one diagnostic per line with bad bytes, at the first one, record kept */
    static const int lines[] = {1, 2, 3, 6, 7, 9, 13, 16, 17};
    static const int cols[] = {12, 33, 5, 6, 24, 21, 12, 4, 10};
    size_t i;
    (void)state;
    assert_counts(c, 2, 0);
    assert_int_equal(ncode(c, MICIC_CODE_INVALID_UTF8), 9);
    for (i = 0; i < 9; i++)
        assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, i), MICIC_SEVERITY_ERROR,
                    lines[i] < 10 ? 0 : 1, lines[i], cols[i]);
    /* every bad byte is one U+FFFD, in values and labels alike */
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "Bad " FFFD " title");
    assert_string_equal(val(c, 0, MICIC_FIELD_TYPE, 1), "Agree" FFFD "(ments");
    assert_string_equal(val(c, 0, MICIC_FIELD_LINK, 0), "https://example.org/" FFFD);
    assert_string_equal(val(c, 1, MICIC_FIELD_TYPE, 0), "Assistance " FFFD "programs");
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 1), "Lib" FFFD "(ya");
    /* a damaged label is no label: "Coun\xC0\xAFtry" (two bad bytes) is an
     * unknown label, and so is the line after the damaged "Description" */
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 3);
    assert_string_equal(micic_diagnostic_field(nth_code(c, MICIC_CODE_UNKNOWN_LABEL, 0)),
                        "Coun" FFFD FFFD "try");
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 0), 0),
                        "Coun" FFFD FFFD "try");
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 0), 0), "Global");
    assert_string_equal(micic_diagnostic_field(nth_code(c, MICIC_CODE_UNKNOWN_LABEL, 2)),
                        "Implement" FFFD "ing period");
    micic_corpus_free(c);
}

static void test_utf8_csv(void **state) {
    micic_corpus *c = read_file_as(HOSTILE("utf8.csv"), MICIC_FORMAT_CSV);
    (void)state;
    assert_counts(c, 4, 0);
    /* one per record (the header is record -1), at the first bad byte */
    assert_int_equal(ncode(c, MICIC_CODE_INVALID_UTF8), 4);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 0), MICIC_SEVERITY_ERROR, -1, 1, 14);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 1), MICIC_SEVERITY_ERROR, 0, 2, 2);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 2), MICIC_SEVERITY_ERROR, 1, 3, 12);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 3), MICIC_SEVERITY_ERROR, 2, 5, 21);
    assert_string_equal(micic_diagnostic_value(nth_code(c, MICIC_CODE_INVALID_UTF8, 0)), "\\xFF");
    /* header cells with bad bytes are unknown columns, kept as extras */
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 2);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "r" FFFD "1");
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 0), 0), "coun" FFFD "try");
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 0), 0),
                        "Libya; Eg" FFFD FFFD "ypt");
    assert_string_equal(val(c, 1, MICIC_FIELD_TITLE, 0), "quoted " FFFD FFFD FFFD " title");
    assert_string_equal(val(c, 1, MICIC_FIELD_DESCRIPTION, 0), "multi\nline " FFFD);
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 2), 1), "extra " FFFD);
    /* the clean row is untouched */
    assert_string_equal(val(c, 3, MICIC_FIELD_DESCRIPTION, 0), "clean");
    micic_corpus_free(c);
}

static void test_utf8_json(void **state) {
    micic_corpus *c = read_file_as(HOSTILE("utf8.json"), MICIC_FORMAT_JSON);
    (void)state;
    assert_counts(c, 3, 0);
    /* JSON: one diagnostic for the document (record -1) at the first bad byte */
    assert_int_equal(ncode(c, MICIC_CODE_INVALID_UTF8), 1);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 0), MICIC_SEVERITY_ERROR, -1, 1, 16);
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 1); /* the key "ti\xFFtle" */
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 0), 0), "ti" FFFD "tle");
    assert_string_equal(val(c, 0, MICIC_FIELD_COUNTRY, 1), "Eg" FFFD "(ypt");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "j" FFFD FFFD "2");
    assert_string_equal(val(c, 1, MICIC_FIELD_DESCRIPTION, 0), "d " FFFD FFFD FFFD);
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 1), 0), "n" FFFD);
    assert_string_equal(val(c, 2, MICIC_FIELD_TITLE, 0), "clean");
    micic_corpus_free(c);
}

static void test_utf8_jsonl(void **state) {
    micic_corpus *c = read_file_as(HOSTILE("utf8.jsonl"), MICIC_FORMAT_JSONL);
    (void)state;
    assert_counts(c, 4, 0);
    /* JSON Lines: one per line */
    assert_int_equal(ncode(c, MICIC_CODE_INVALID_UTF8), 3);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 0), MICIC_SEVERITY_ERROR, 0, 1, 22);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 1), MICIC_SEVERITY_ERROR, 1, 2, 33);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 2), MICIC_SEVERITY_ERROR, 3, 4, 4);
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "T" FFFD);
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 1), "Ma" FFFD "(li");
    /* the key "i\xC0\xAFd" is no "id": an extra, and the record gets an automatic id */
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 3)), "P1");
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 3), 0), "i" FFFD FFFD "d");
    micic_corpus_free(c);
}

static void test_utf8_long(void **state) {
    micic_corpus *c = read_file_as(HOSTILE("utf8_long.csv"), MICIC_FORMAT_LONG);
    (void)state;
    assert_counts(c, 3, 0);
    assert_int_equal(ncode(c, MICIC_CODE_INVALID_UTF8), 3);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 0), MICIC_SEVERITY_ERROR, 0, 2, 11);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 1), MICIC_SEVERITY_ERROR, 0, 3, 8);
    assert_diag(nth_code(c, MICIC_CODE_INVALID_UTF8, 2), MICIC_SEVERITY_ERROR, 1, 4, 2);
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 1); /* field "coun\xC3(try" */
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "T" FFFD);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "g" FFFD FFFD "2");
    micic_corpus_free(c);
}

/* ---- NUL bytes ------------------------------------------------------------ */

static void test_nul_bytes(void **state) {
    micic_corpus *c;
    (void)state;
    c = read_file_as(HOSTILE("nul.txt"), MICIC_FORMAT_TEXT);
    assert_counts(c, 1, 0);
    assert_int_equal(ncode(c, MICIC_CODE_NUL_BYTE), 3); /* title, type, description lines */
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 0), MICIC_SEVERITY_ERROR, 0, 1, 11);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 2), MICIC_SEVERITY_ERROR, 0, 5, 25);
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "Nul" FFFD " title");
    assert_string_equal(val(c, 0, MICIC_FIELD_DESCRIPTION, 0), "A description with a NUL" FFFD " byte.");
    micic_corpus_free(c);

    c = read_file_as(HOSTILE("nul.csv"), MICIC_FORMAT_CSV);
    assert_counts(c, 3, 0);
    assert_int_equal(ncode(c, MICIC_CODE_NUL_BYTE), 2);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 0), MICIC_SEVERITY_ERROR, 0, 2, 5);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 1), MICIC_SEVERITY_ERROR, 1, 3, 9);
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 0), "Ch" FFFD "ad");
    micic_corpus_free(c);

    /* JSON: a raw NUL (whole document) and an escaped \u0000 (its record and field) */
    c = read_file_as(HOSTILE("nul.json"), MICIC_FORMAT_JSON);
    assert_counts(c, 3, 0);
    assert_int_equal(ncode(c, MICIC_CODE_NUL_BYTE), 2);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 0), MICIC_SEVERITY_ERROR, -1, 1, 25);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_NUL_BYTE, 1)), 1);
    assert_string_equal(micic_diagnostic_field(nth_code(c, MICIC_CODE_NUL_BYTE, 1)), "title");
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "raw" FFFD "nul");
    assert_string_equal(val(c, 1, MICIC_FIELD_TITLE, 0), "escaped" FFFD "nul");
    micic_corpus_free(c);

    c = read_file_as(HOSTILE("nul.jsonl"), MICIC_FORMAT_JSONL);
    assert_counts(c, 3, 0);
    assert_int_equal(ncode(c, MICIC_CODE_NUL_BYTE), 2);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 0), MICIC_SEVERITY_ERROR, 0, 1, 24);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_NUL_BYTE, 1)), 1);
    assert_string_equal(val(c, 1, MICIC_FIELD_TITLE, 0), "esc" FFFD);
    micic_corpus_free(c);

    c = read_file_as(HOSTILE("nul_long.csv"), MICIC_FORMAT_LONG);
    assert_counts(c, 2, 0);
    assert_int_equal(ncode(c, MICIC_CODE_NUL_BYTE), 1);
    assert_diag(nth_code(c, MICIC_CODE_NUL_BYTE, 0), MICIC_SEVERITY_ERROR, 0, 2, 11);
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "T" FFFD "1");
    micic_corpus_free(c);
}

/* ---- CR-only line ends ----------------------------------------------------- */

static void test_cr_only(void **state) {
    micic_corpus *c;
    (void)state;
    /* record text: a lone CR ends a line */
    c = read_file_as(HOSTILE("cr_only.txt"), MICIC_FORMAT_TEXT);
    assert_counts(c, 2, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_string_equal(val(c, 0, MICIC_FIELD_DESCRIPTION, 0), "First record, CR line ends.");
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 0), "Nepal");
    assert_int_equal(micic_practice_record_location(micic_corpus_get(c, 1)).line, 7);
    micic_corpus_free(c);
    /* and auto-detection still says text */
    {
        size_t len;
        char *d = slurp(HOSTILE("cr_only.txt"), &len);
        assert_int_equal(micic_format_detect(d, len), MICIC_FORMAT_TEXT);
        free(d);
    }

    /* CSV: a lone CR ends a row (libcsv); inside quotes it is data */
    c = read_file_as(HOSTILE("cr_only.csv"), MICIC_FORMAT_CSV);
    assert_counts(c, 3, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_string_equal(val(c, 1, MICIC_FIELD_TITLE, 0), "two\rlines");
    assert_string_equal(val(c, 2, MICIC_FIELD_COUNTRY, 0), "Mali");
    micic_corpus_free(c);

    /* JSON Lines end with LF: CR-only input is one line, a syntax error, one
     * rejected record (docs/formats.md: "a trailing CR is ignored", nothing more) */
    c = read_file_as(HOSTILE("cr_only.jsonl"), MICIC_FORMAT_JSONL);
    assert_counts(c, 0, 1);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 1);
    assert_diag(nth_code(c, MICIC_CODE_JSON_SYNTAX, 0), MICIC_SEVERITY_ERROR, 0, 1, 13);
    micic_corpus_free(c);
}

/* ---- byte order marks in the middle ---------------------------------------- */

static void test_bom_middle(void **state) {
    micic_corpus *c;
    (void)state;
    /* text: a BOM is skipped at the start; elsewhere it is a character that
     * line trimming and country matching see through */
    c = read_file_as(HOSTILE("bom_middle.txt"), MICIC_FORMAT_TEXT);
    assert_counts(c, 2, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_string_equal(val(c, 1, MICIC_FIELD_TITLE, 0), "Second");
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 0), "Nepal");
    assert_string_equal(micic_practice_original(micic_corpus_get(c, 1), MICIC_FIELD_COUNTRY, 0),
                        "Ne\xEF\xBB\xBFpal");
    micic_corpus_free(c);

    /* CSV: kept inside a value, trimmed around an id */
    c = read_file_as(HOSTILE("bom_middle.csv"), MICIC_FORMAT_CSV);
    assert_counts(c, 3, 0);
    assert_int_equal(micic_report_size(micic_corpus_read_report(c)), 0);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "b1"); /* header BOM skipped */
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "b2");
    assert_string_equal(val(c, 2, MICIC_FIELD_TITLE, 0), "T\xEF\xBB\xBF" "3");
    micic_corpus_free(c);

    /* JSON Lines: a line starting with a BOM is not JSON: that line is rejected */
    c = read_file_as(HOSTILE("bom_middle.jsonl"), MICIC_FORMAT_JSONL);
    assert_counts(c, 2, 1);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 1);
    assert_diag(nth_code(c, MICIC_CODE_JSON_SYNTAX, 0), MICIC_SEVERITY_ERROR, 1, 2, 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "b3");
    micic_corpus_free(c);

    /* JSON: the BOM between two elements is a stray token, skipped (3 bytes)
     * and reported; both records are read */
    c = read_file_as(HOSTILE("bom_middle.json"), MICIC_FORMAT_JSON);
    assert_counts(c, 2, 0);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 1);
    assert_int_equal(micic_report_skipped_bytes(micic_corpus_read_report(c)), 3);
    micic_corpus_free(c);
}

/* ---- mixed layouts --------------------------------------------------------- */

static void test_mixed_layouts(void **state) {
    micic_corpus *c;
    size_t len;
    char *d;
    (void)state;
    /* seed 001's inline layout, seed 004's form-export layout, and stray CSV,
     * JSON and guideline lines, read with detection: record text, 3 records */
    d = slurp(HOSTILE("mixed.txt"), &len);
    assert_int_equal(micic_format_detect(d, len), MICIC_FORMAT_TEXT);
    c = read_buf(d, len, MICIC_FORMAT_AUTO, NULL);
    free(d);
    assert_counts(c, 3, 0);
    assert_string_equal(val(c, 0, MICIC_FIELD_CRISIS, 1), "Natural Disaster");
    assert_string_equal(val(c, 1, MICIC_FIELD_COUNTRY, 1), "Ghana");
    assert_non_null(strstr(val(c, 1, MICIC_FIELD_DESCRIPTION, 0), "r1,csv row,Libya"));
    assert_string_equal(val(c, 1, MICIC_FIELD_GUIDELINE, 0), "14");
    assert_string_equal(val(c, 2, MICIC_FIELD_COUNTRY, 0), "Nepal");
    micic_corpus_free(c);

    /* JSON Lines with CSV, text, an array and a bare string among the objects:
     * each bad line is one rejected record, the objects are kept */
    c = read_file_as(HOSTILE("mixed.jsonl"), MICIC_FORMAT_JSONL);
    assert_counts(c, 3, 5);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 4);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_TYPE), 1);
    assert_diag(nth_code(c, MICIC_CODE_JSON_TYPE, 0), MICIC_SEVERITY_WARNING, 3, 4, 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "m3");
    micic_corpus_free(c);
    /* the same file detected: its first line is an object and more follows,
     * so it is JSON Lines whatever the next lines hold (issue 23; it used to
     * be read as JSON: the first record, one rejected, the rest lost) */
    d = slurp(HOSTILE("mixed.jsonl"), &len);
    assert_int_equal(micic_format_detect(d, len), MICIC_FORMAT_JSONL);
    c = read_buf(d, len, MICIC_FORMAT_AUTO, NULL);
    free(d);
    assert_counts(c, 3, 5);
    micic_corpus_free(c);

    /* CSV with JSON and text rows, a wide row, a blank line and an empty row */
    c = read_file_as(HOSTILE("mixed.csv"), MICIC_FORMAT_CSV);
    assert_counts(c, 5, 0);
    assert_int_equal(ncode(c, MICIC_CODE_RAGGED_ROW), 4);
    assert_int_equal(ncode(c, MICIC_CODE_CSV_SYNTAX), 1);
    assert_string_equal(micic_practice_extra_label(micic_corpus_get(c, 3), 0), "column 4");
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 3), 1), "more");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 4)), "r3");
    micic_corpus_free(c);
}

/* ---- huge fields and a 10 MB single line (generated) ------------------------ */

static char *repeat(const char *head, char fill, size_t n, const char *tail, size_t *len) {
    size_t h = strlen(head), t = strlen(tail);
    char *b = malloc(h + n + t + 1);
    assert_non_null(b);
    memcpy(b, head, h);
    memset(b + h, fill, n);
    memcpy(b + h + n, tail, t + 1);
    *len = h + n + t;
    return b;
}

static void assert_cut(const micic_corpus *c, size_t rec, micic_field f, size_t limit) {
    const char *v = val(c, rec, f, 0);
    assert_int_equal(strlen(v), limit);
    assert_int_equal(ncode(c, MICIC_CODE_LIMIT), 1);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_LIMIT, 0)), (long)rec);
    assert_string_equal(micic_diagnostic_field(nth_code(c, MICIC_CODE_LIMIT, 0)),
                        micic_field_name(f));
}

static void test_ten_mb_single_line(void **state) {
    size_t len;
    char *d;
    micic_corpus *c;
    (void)state;
    /* text: one 10 MB line holding a label and its value, no line end:
     * the value is cut at max_field_bytes (default 1 MiB), the record kept */
    d = repeat("Title: big\nDescription: ", 'a', 10 * MIB, "", &len);
    c = read_buf(d, len, MICIC_FORMAT_TEXT, NULL);
    free(d);
    assert_counts(c, 1, 0);
    assert_cut(c, 0, MICIC_FIELD_DESCRIPTION, MIB);
    assert_diag(nth_code(c, MICIC_CODE_LIMIT, 0), MICIC_SEVERITY_ERROR, 0, 2, 14);
    micic_corpus_free(c);

    /* text: a 10 MB line without any label: no record, one empty-input */
    d = repeat("", 'x', 10 * MIB, "", &len);
    c = read_buf(d, len, MICIC_FORMAT_TEXT, NULL);
    free(d);
    assert_counts(c, 0, 0);
    assert_int_equal(ncode(c, MICIC_CODE_EMPTY_INPUT), 1);
    micic_corpus_free(c);

    /* JSON Lines: a 10 MB line (under max_record_bytes, 16 MiB) between two small ones */
    d = repeat("{\"id\":\"a\"}\n{\"id\":\"x\",\"description\":\"", 'a', 10 * MIB,
               "\"}\n{\"id\":\"b\"}\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_JSONL, NULL);
    free(d);
    assert_counts(c, 3, 0);
    assert_cut(c, 1, MICIC_FIELD_DESCRIPTION, MIB);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 2)), "b");
    micic_corpus_free(c);

    /* CSV: a 10 MB row */
    d = repeat("id,description\nx,", 'a', 10 * MIB, "\ny,short\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_CSV, NULL);
    free(d);
    assert_counts(c, 2, 0);
    assert_cut(c, 0, MICIC_FIELD_DESCRIPTION, MIB);
    assert_string_equal(val(c, 1, MICIC_FIELD_DESCRIPTION, 0), "short");
    micic_corpus_free(c);
}

static void test_huge_fields_limits(void **state) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    size_t len;
    char *d;
    micic_corpus *c;
    (void)state;
    o.max_field_bytes = 1000;
    o.max_record_bytes = 64 * 1024;

    /* a field over max_field_bytes is cut at a character boundary: 'é' is 2
     * bytes, so 1000 bytes hold 500 of them exactly, 999 only 499 */
    {
        size_t i, n = 3000, k;
        char *s = malloc(32 + 2 * n);
        assert_non_null(s);
        strcpy(s, "id,title\nr1,");
        k = strlen(s);
        for (i = 0; i < n; i++, k += 2) memcpy(s + k, "\xC3\xA9", 2);
        memcpy(s + k, "\n", 2);
        o.max_field_bytes = 999;
        c = read_buf(s, strlen(s), MICIC_FORMAT_CSV, &o);
        assert_counts(c, 1, 0);
        assert_cut(c, 0, MICIC_FIELD_TITLE, 998);
        micic_corpus_free(c);
        free(s);
        o.max_field_bytes = 1000;
    }

    /* record text: the same limit per value */
    d = repeat("Title: t\nType of practice: ", 'w', 5000, "\nDescription\nd\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_TEXT, &o);
    free(d);
    assert_counts(c, 1, 0);
    assert_cut(c, 0, MICIC_FIELD_TYPE, 1000);
    micic_corpus_free(c);

    /* a CSV row over max_record_bytes is rejected, the next row read */
    d = repeat("id,description\nx,", 'a', 100 * 1024, "\ny,short\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_CSV, &o);
    free(d);
    assert_counts(c, 1, 1);
    assert_int_equal(ncode(c, MICIC_CODE_LIMIT), 1);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_LIMIT, 0)), 0);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "y");
    micic_corpus_free(c);

    /* a JSON Lines line over max_record_bytes is rejected, the next line read */
    d = repeat("{\"id\":\"x\",\"description\":\"", 'a', 100 * 1024, "\"}\n{\"id\":\"y\"}\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_JSONL, &o);
    free(d);
    assert_counts(c, 1, 1);
    assert_int_equal(ncode(c, MICIC_CODE_LIMIT), 1);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "y");
    micic_corpus_free(c);

    /* a JSON array element over max_record_bytes is rejected (with its
     * line:column), the next element read; so is a top-level object */
    d = repeat("[{\"id\":\"small1\"},\n {\"id\":\"x\",\"description\":\"", 'a', 100 * 1024,
               "\"},\n {\"id\":\"small2\"}]\n{\"id\":\"big2\",\"title\":\"", &len);
    {
        size_t k = len;
        char *e = realloc(d, len + 100 * 1024 + 8);
        assert_non_null(e);
        d = e;
        memset(d + k, 'b', 100 * 1024);
        memcpy(d + k + 100 * 1024, "\"}\n", 3);
        len = k + 100 * 1024 + 3;
    }
    c = read_buf(d, len, MICIC_FORMAT_JSON, &o);
    free(d);
    assert_counts(c, 2, 2);
    assert_int_equal(ncode(c, MICIC_CODE_LIMIT), 2);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_LIMIT, 0)), 1);
    assert_int_equal(micic_diagnostic_line(nth_code(c, MICIC_CODE_LIMIT, 0)), 2);
    assert_int_equal(micic_diagnostic_column(nth_code(c, MICIC_CODE_LIMIT, 0)), 2);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_LIMIT, 1)), 3);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "small1");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "small2");
    micic_corpus_free(c);

    /* record text: a record over max_record_bytes is rejected
     * (limit-exceeded + record-rejected), the next record read */
    d = repeat("Title: big\nType of practice: Funds\nDescription\n", 'a', 100 * 1024,
               "\n====\nTitle: small\nType of practice: Funds\nDescription\nd\n", &len);
    c = read_buf(d, len, MICIC_FORMAT_TEXT, &o);
    free(d);
    assert_counts(c, 1, 1);
    assert_true(ncode(c, MICIC_CODE_LIMIT) >= 1);
    assert_int_equal(ncode(c, MICIC_CODE_RECORD_REJECTED), 1);
    assert_string_equal(val(c, 0, MICIC_FIELD_TITLE, 0), "small");
    micic_corpus_free(c);
}

/* ---- deep JSON nesting (generated) ----------------------------------------- */

static void test_deep_nesting(void **state) {
    size_t depth = 100000, len, i;
    char *d = malloc(2 * depth + 64);
    micic_corpus *c;
    (void)state;
    assert_non_null(d);
    /* a document of 100000 nested arrays: jansson stops at its depth limit;
     * one rejected element, no crash, no stack overflow */
    memset(d, '[', depth);
    memset(d + depth, ']', depth);
    len = 2 * depth;
    c = read_buf(d, len, MICIC_FORMAT_JSON, NULL);
    assert_counts(c, 0, 1);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 1);
    micic_corpus_free(c);
    /* detection copes too */
    c = read_buf(d, len, MICIC_FORMAT_AUTO, NULL);
    assert_counts(c, 0, 1);
    micic_corpus_free(c);

    /* deep nesting inside a value of the second line of JSON Lines: only
     * that line is rejected */
    strcpy(d, "{\"id\":\"a\"}\n{\"id\":\"x\",\"country\":");
    len = strlen(d);
    for (i = 0; i < 5000; i++) d[len++] = '[';
    for (i = 0; i < 5000; i++) d[len++] = ']';
    memcpy(d + len, "}\n{\"id\":\"b\"}\n", 14);
    len += 13;
    c = read_buf(d, len, MICIC_FORMAT_JSONL, NULL);
    assert_counts(c, 2, 1);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_SYNTAX), 1);
    assert_int_equal(micic_diagnostic_record_index(nth_code(c, MICIC_CODE_JSON_SYNTAX, 0)), 1);
    micic_corpus_free(c);

    /* nesting just under jansson's limit inside a field: a wrong type, the
     * value dropped, the record kept */
    strcpy(d, "[{\"id\":\"x\",\"country\":[");
    len = strlen(d);
    for (i = 0; i < 100; i++) d[len++] = '[';
    for (i = 0; i < 101; i++) d[len++] = ']';
    memcpy(d + len, "}]", 3);
    len += 2;
    c = read_buf(d, len, MICIC_FORMAT_JSON, NULL);
    assert_counts(c, 1, 0);
    assert_int_equal(micic_practice_count(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY), 0);
    assert_int_equal(ncode(c, MICIC_CODE_JSON_TYPE), 1);
    micic_corpus_free(c);
    free(d);
}

/* ---- "billion laughs": repetition (generated) ------------------------------- */

static double seconds_since(clock_t t0) { return (double)(clock() - t0) / CLOCKS_PER_SEC; }

static void test_repetition(void **state) {
    size_t n = 20000, i;
    micic_buf b = MICIC_BUF_INIT;
    micic_corpus *c;
    clock_t t0;
    char want[32];
    (void)state;

    /* one id 20000 times: every copy is renamed ("r-2" .. "r-20000") and
     * reported, in linear time (this took minutes before the fix: each
     * rename searched "r-2", "r-3", ... from the start) */
    for (i = 0; i < n; i++) micic_buf_puts(&b, "{\"id\":\"r\"}\n");
    micic_buf_puts(&b, "{\"id\":\"r-7\"}\n"); /* taken by a rename: becomes r-7-2 */
    t0 = clock();
    c = read_buf(b.data, b.len, MICIC_FORMAT_JSONL, NULL);
    assert_true(seconds_since(t0) < 20.0);
    assert_counts(c, n + 1, 0);
    assert_int_equal(ncode(c, MICIC_CODE_DUPLICATE_ID), n);
    snprintf(want, sizeof want, "r-%zu", n);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n - 1)), want);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n)), "r-7-2");
    assert_int_equal(micic_corpus_index_of(c, "r-12345"), 12344);
    micic_corpus_free(c);
    micic_buf_free(&b);

    /* one unknown label 5000 times in a CSV header: one diagnostic, 5000 extras */
    micic_buf_puts(&b, "id");
    for (i = 0; i < 5000; i++) micic_buf_puts(&b, ",Notes");
    micic_buf_puts(&b, "\nr1");
    for (i = 0; i < 5000; i++) micic_buf_printf(&b, ",v%zu", i);
    micic_buf_puts(&b, "\n");
    c = read_buf(b.data, b.len, MICIC_FORMAT_CSV, NULL);
    assert_counts(c, 1, 0);
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 1);
    assert_int_equal(micic_practice_extra_count(micic_corpus_get(c, 0)), 5000);
    assert_string_equal(micic_practice_extra_value(micic_corpus_get(c, 0), 4999), "v4999");
    micic_corpus_free(c);
    micic_buf_free(&b);

    /* record text: an unknown label on 20000 lines: one diagnostic, 20000 extras */
    micic_buf_puts(&b, "Title: t\nType of practice: Website\n");
    for (i = 0; i < n; i++) micic_buf_puts(&b, "Notes: v\n");
    micic_buf_puts(&b, "Description\nd\n");
    c = read_buf(b.data, b.len, MICIC_FORMAT_TEXT, NULL);
    assert_counts(c, 1, 0);
    assert_int_equal(ncode(c, MICIC_CODE_UNKNOWN_LABEL), 1);
    assert_int_equal(micic_practice_extra_count(micic_corpus_get(c, 0)), n);
    micic_corpus_free(c);
    micic_buf_free(&b);

    /* long format: 50000 rows of one id are one record with 50000 values */
    micic_buf_puts(&b, "id,field,value\n");
    for (i = 0; i < 50000; i++) micic_buf_puts(&b, "r1,country,Libya\n");
    c = read_buf(b.data, b.len, MICIC_FORMAT_LONG, NULL);
    assert_counts(c, 1, 0);
    assert_int_equal(micic_practice_count(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY), 50000);
    micic_corpus_free(c);
    micic_buf_free(&b);

    /* 20000 records without an id get P1 .. P20000 */
    for (i = 0; i < n; i++) micic_buf_puts(&b, "{\"title\":\"t\"}\n");
    c = read_buf(b.data, b.len, MICIC_FORMAT_JSONL, NULL);
    assert_counts(c, n, 0);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n - 1)), "P20000");
    micic_corpus_free(c);
    micic_buf_free(&b);
}

/* ---- every reader on every hostile file ------------------------------------ */

/* Whatever the format, any file reads without failing and the counts add up. */
static void test_every_reader_every_file(void **state) {
    static const char *files[] = {"utf8.txt", "utf8.csv", "utf8.json", "utf8.jsonl",
                                  "utf8_long.csv", "nul.txt", "nul.csv", "nul.json",
                                  "nul.jsonl", "nul_long.csv", "cr_only.txt", "cr_only.csv",
                                  "cr_only.jsonl", "bom_middle.txt", "bom_middle.csv",
                                  "bom_middle.jsonl", "bom_middle.json", "mixed.txt",
                                  "mixed.jsonl", "mixed.csv"};
    size_t i;
    int f;
    (void)state;
    for (i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        size_t len;
        char *d;
        snprintf(path, sizeof path, "%s/hostile/%s", MICIC_TEST_DATA, files[i]);
        d = slurp(path, &len);
        for (f = MICIC_FORMAT_AUTO; f <= MICIC_FORMAT_LONG; f++) {
            micic_corpus *c = read_buf(d, len, (micic_format)f, NULL);
            const micic_report *r = micic_corpus_read_report(c);
            assert_int_equal(micic_report_records_in(r),
                             micic_corpus_size(c) + micic_report_rejected(r));
            micic_corpus_free(c);
        }
        free(d);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_text),
        cmocka_unit_test(test_utf8_csv),
        cmocka_unit_test(test_utf8_json),
        cmocka_unit_test(test_utf8_jsonl),
        cmocka_unit_test(test_utf8_long),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_bom_middle),
        cmocka_unit_test(test_mixed_layouts),
        cmocka_unit_test(test_ten_mb_single_line),
        cmocka_unit_test(test_huge_fields_limits),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_repetition),
        cmocka_unit_test(test_every_reader_every_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
