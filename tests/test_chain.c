/* The round trip the records issue asks for, through the public API:
 * record text -> JSON -> CSV -> JSONL -> record text gives equal records,
 * for every seed document and for generated records with quotes, commas,
 * semicolons, newlines and non-ASCII text in every field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

static const char *const seeds[] = {
    "000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt", "002_6a72a7c89454eb5c.txt",
    "003_650e86cc90e064d2.txt", "004_aa20fe2b579e300a.txt",
};

/* Write c in fmt, read it back (explicit format), return the new corpus. */
static micic_corpus *through(const micic_corpus *c, micic_format fmt) {
    micic_read_options ro = MICIC_READ_OPTIONS_INIT;
    micic_corpus *back = micic_corpus_new();
    micic_error err;
    char *text = NULL;
    assert_non_null(back);
    assert_int_equal(micic_write_buffer(c, fmt, NULL, &text, &err), MICIC_OK);
    ro.format = fmt;
    assert_int_equal(micic_read_buffer(back, text, strlen(text), micic_format_name(fmt), &ro, &err),
                     MICIC_OK);
    micic_free(text);
    assert_int_equal(micic_report_rejected(micic_corpus_read_report(back)), 0);
    return back;
}

static void expect_equal(const micic_corpus *a, const micic_corpus *b, const char *what) {
    size_t i;
    assert_int_equal(micic_corpus_size(a), micic_corpus_size(b));
    for (i = 0; i < micic_corpus_size(a); i++) {
        const micic_practice *pa = micic_corpus_get(a, i), *pb = micic_corpus_get(b, i);
        if (!micic_practice_equal(pa, pb)) {
            fprintf(stderr, "%s: record %zu (%s) differs\n", what, i, micic_practice_id(pa));
            fail();
        }
    }
}

/* text -> JSON -> CSV -> JSONL -> text, each stage equal to the start */
static void chain(const micic_corpus *c0, const char *what) {
    static const micic_format order[] = {MICIC_FORMAT_TEXT, MICIC_FORMAT_JSON, MICIC_FORMAT_CSV,
                                         MICIC_FORMAT_JSONL, MICIC_FORMAT_TEXT};
    const micic_corpus *cur = c0;
    micic_corpus *owned[5] = {NULL, NULL, NULL, NULL, NULL};
    size_t k;
    for (k = 0; k < sizeof order / sizeof order[0]; k++) {
        owned[k] = through(cur, order[k]);
        expect_equal(c0, owned[k], what);
        cur = owned[k];
    }
    for (k = 0; k < 5; k++) micic_corpus_free(owned[k]);
}

static void test_chain_seeds(void **state) {
    size_t i, total = 0;
    (void)state;
    for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[512];
        micic_corpus *c = micic_corpus_new();
        micic_error err;
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, seeds[i]);
        assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
        assert_true(micic_corpus_size(c) > 0);
        total += micic_corpus_size(c);
        chain(c, seeds[i]);
        micic_corpus_free(c);
    }
    assert_int_equal(total, 123); /* 25 + 1 + 19 + 77 + 1 */
}

/* Awkward text for field f of record k: quotes, commas, semicolons,
 * backslashes, non-ASCII in every field; newlines and paragraph breaks in
 * the free-text fields. The record-text layout keeps one list value per
 * line and writes line ends as LF (docs/formats-text.md), so CRLF inside
 * values is checked by the CSV/JSON chain in test_roundtrip.c instead. */
static void nasty(char *buf, size_t size, micic_field f, size_t k) {
    static const char *const bits[] = {
        "\"quoted\" value", "comma, inside", "semi; colon", "back\\slash",
        "C\xc3\xb4te d\xe2\x80\x99Ivoire", "\xe6\x9d\xb1\xe4\xba\xac", "emoji \xf0\x9f\x8c\x8d",
    };
    const char *b1 = bits[(k + (size_t)f) % 7], *b2 = bits[(k + 3 * (size_t)f + 1) % 7];
    if (f == MICIC_FIELD_DESCRIPTION || f == MICIC_FIELD_TITLE)
        snprintf(buf, size, "Line one %s %zu\nline two %s\n\nline three", b1, k, b2);
    else
        snprintf(buf, size, "%s %s %zu", b1, b2, k);
}

static void test_chain_generated(void **state) {
    micic_corpus *c = micic_corpus_new();
    size_t k;
    (void)state;
    for (k = 0; k < 40; k++) {
        micic_practice *p = micic_practice_new();
        int f;
        char id[32], buf[256];
        snprintf(id, sizeof id, "G%zu", k);
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, NULL), 0);
        for (f = MICIC_FIELD_TITLE; f < MICIC_FIELD_COUNT; f++) {
            if (f == MICIC_FIELD_KIND || f == MICIC_FIELD_GUIDELINE) continue;
            nasty(buf, sizeof buf, (micic_field)f, k);
            assert_int_equal(micic_practice_add(p, (micic_field)f, buf, buf, NULL, 0, 0, NULL), 0);
            if (!micic_field_is_single((micic_field)f)) {
                nasty(buf, sizeof buf, (micic_field)f, k + 11);
                assert_int_equal(micic_practice_add(p, (micic_field)f, buf, buf, NULL, 0, 0, NULL),
                                 0);
            }
        }
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, "14", NULL, NULL, 0, 0, NULL),
                         0);
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_KIND, MICIC_KIND_REPORTED, NULL, NULL,
                                            0, 0, NULL),
                         0);
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    chain(c, "generated");
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_seeds),
        cmocka_unit_test(test_chain_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
