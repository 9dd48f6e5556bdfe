/*
 * Helpers for the CSV / JSON / long-format tests (test_csv.c, test_json.c,
 * test_roundtrip.c). Include after <cmocka.h>. Everything is static inline
 * so a test file may use any subset.
 */
#ifndef MICIC_FMT_TEST_UTIL_H
#define MICIC_FMT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io_internal.h"
#include "micic/micic.h"

typedef int (*fmt_writer)(const micic_corpus *, FILE *, const micic_write_options *,
                          micic_error *);
typedef int (*fmt_reader)(micic_corpus *, const char *, size_t, const char *,
                          const micic_read_options *, micic_report *, micic_error *);

/* Whole file (or stream) into a malloc'ed NUL-terminated buffer. */
static inline char *fmt_slurp_stream(FILE *f, size_t *len) {
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap);
    assert_non_null(b);
    while ((got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
    }
    b[n] = '\0';
    if (len) *len = n;
    return b;
}

static inline char *fmt_slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *b;
    if (!f) fail_msg("cannot open %s", path);
    b = fmt_slurp_stream(f, len);
    fclose(f);
    return b;
}

/* Run a writer into a tmpfile and return what it wrote (malloc'ed). */
static inline char *fmt_write_str(fmt_writer w, const micic_corpus *c,
                                  const micic_write_options *opts, size_t *len) {
    FILE *f = tmpfile();
    micic_error err;
    char *s;
    assert_non_null(f);
    if (w(c, f, opts, &err) != MICIC_OK) fail_msg("writer failed: %s", err.text);
    rewind(f);
    s = fmt_slurp_stream(f, len);
    fclose(f);
    return s;
}

/* Read a NUL-terminated text with a reader into a new corpus. */
static inline micic_corpus *fmt_read_str(fmt_reader r, const char *text, size_t len,
                                         const char *source, const micic_read_options *opts) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    assert_non_null(c);
    if (r(c, text, len, source, opts, micic_corpus_read_report_mutable(c), &err) != MICIC_OK)
        fail_msg("reader failed: %s", err.text);
    return c;
}

/* nth (0-based) diagnostic with this code, or NULL. */
static inline const micic_diagnostic *fmt_diag(const micic_report *r, int code, size_t nth) {
    size_t i;
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        if (micic_diagnostic_code(d) == code && nth-- == 0) return d;
    }
    return NULL;
}

/* Assert a diagnostic with code at line:column exists and return it. */
static inline const micic_diagnostic *fmt_expect_diag(const micic_report *r, int code, int line,
                                                      int column) {
    const micic_diagnostic *d = fmt_diag(r, code, 0);
    if (!d) fail_msg("no diagnostic %s", micic_code_name(code));
    assert_int_equal(micic_diagnostic_line(d), line);
    assert_int_equal(micic_diagnostic_column(d), column);
    return d;
}

/* accepted + rejected == records in, with the expected numbers. */
static inline void fmt_expect_counts(const micic_corpus *c, size_t accepted, size_t rejected) {
    const micic_report *r = micic_corpus_read_report(c);
    assert_int_equal(micic_corpus_size(c), accepted);
    assert_int_equal(micic_report_rejected(r), rejected);
    assert_int_equal(micic_report_records_in(r), accepted + rejected);
}

static inline void fmt_print_practice(const micic_practice *p) {
    size_t f, i;
    for (f = 0; f < MICIC_FIELD_COUNT; f++)
        for (i = 0; i < micic_practice_count(p, (micic_field)f); i++)
            fprintf(stderr, "  %s[%zu] = <%s>\n", micic_field_name((micic_field)f), i,
                    micic_practice_value(p, (micic_field)f, i));
    for (i = 0; i < micic_practice_extra_count(p); i++)
        fprintf(stderr, "  extra <%s> = <%s>\n", micic_practice_extra_label(p, i),
                micic_practice_extra_value(p, i));
}

static inline void fmt_expect_equal(const micic_corpus *a, const micic_corpus *b,
                                    const char *stage) {
    size_t i;
    if (micic_corpus_size(a) != micic_corpus_size(b))
        fail_msg("%s: %zu records instead of %zu", stage, micic_corpus_size(b),
                 micic_corpus_size(a));
    for (i = 0; i < micic_corpus_size(a); i++) {
        if (!micic_practice_equal(micic_corpus_get(a, i), micic_corpus_get(b, i))) {
            fprintf(stderr, "%s: record %zu differs\nexpected:\n", stage, i);
            fmt_print_practice(micic_corpus_get(a, i));
            fprintf(stderr, "got:\n");
            fmt_print_practice(micic_corpus_get(b, i));
            fail_msg("%s: record %zu differs", stage, i);
        }
    }
}

/* Awkward text: quotes, commas, semicolons, backslashes, LF, CRLF, tabs and
 * non-ASCII ("Côte d’Ivoire", "東京", an emoji); no leading/trailing space. */
static inline void fmt_nasty(char *buf, size_t size, const char *tag, size_t k, size_t j) {
    static const char *const parts[] = {
        "C\xC3\xB4te d\xE2\x80\x99Ivoire",         /* Côte d’Ivoire */
        "\xE6\x9D\xB1\xE4\xBA\xAC",                 /* 東京 */
        "\xF0\x9F\x98\x80",                         /* emoji */
        "say \"hi\", then",                         /* quotes, comma */
        "a;b; c \\; d",                             /* semicolons, escaped-looking */
        "back\\slash\\\\ and \\",                   /* backslashes */
        "line1\nline2",                             /* LF */
        "crlf1\r\ncrlf2",                           /* CRLF */
        "tab\there",                                /* tab */
        "\"quoted\"",                               /* starts and ends with a quote */
    };
    size_t n = sizeof parts / sizeof parts[0];
    snprintf(buf, size, "%s-%zu-%zu %s | %s | %s end", tag, k, j, parts[(k + j) % n],
             parts[(k + 3 * j + 1) % n], parts[(k + j + 5) % n]);
}

/* A generated record k with awkward text in every field, plus extras. */
static inline micic_practice *fmt_make_nasty(size_t k) {
    micic_practice *p = micic_practice_new();
    char buf[512];
    size_t f, j;
    assert_non_null(p);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        size_t nvals = micic_field_is_single((micic_field)f) ? 1 : 1 + (k + f) % 3;
        for (j = 0; j < nvals; j++) {
            fmt_nasty(buf, sizeof buf, micic_field_name((micic_field)f), k, j);
            assert_int_equal(micic_practice_add(p, (micic_field)f, buf, buf, "gen", 0, 0, NULL),
                             MICIC_OK);
        }
    }
    /* a repeated label (adjacent), a label with awkward characters; some
     * records lack the first label */
    if (k % 3 != 2) {
        fmt_nasty(buf, sizeof buf, "x1", k, 0);
        assert_int_equal(micic_practice_add_extra(p, "Notes", buf, NULL), MICIC_OK);
        fmt_nasty(buf, sizeof buf, "x2", k, 1);
        assert_int_equal(micic_practice_add_extra(p, "Notes", buf, NULL), MICIC_OK);
    }
    fmt_nasty(buf, sizeof buf, "x3", k, 2);
    assert_int_equal(micic_practice_add_extra(p, "Odd \"label\", with; \xE6\x9D\xB1", buf, NULL),
                     MICIC_OK);
    return p;
}

static inline micic_corpus *fmt_make_nasty_corpus(size_t n) {
    micic_corpus *c = micic_corpus_new();
    size_t k;
    assert_non_null(c);
    for (k = 0; k < n; k++)
        assert_int_equal(micic_corpus_add(c, fmt_make_nasty(k), NULL), MICIC_OK);
    return c;
}

#endif /* MICIC_FMT_TEST_UTIL_H */
