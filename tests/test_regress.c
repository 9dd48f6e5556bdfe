/*
 * Regression tests for the problems the fuzzers and the hostile-input work
 * found (issue 9; docs/reliability.md lists them). Each test reads its
 * reproducer from tests/data/regress/ and checks the fixed behaviour.
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

#define REGRESS(name) MICIC_TEST_DATA "/regress/" name

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

static micic_corpus *read_as(const char *data, size_t len, micic_format fmt) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    const micic_report *r;
    assert_non_null(c);
    o.format = fmt;
    assert_int_equal(micic_read_buffer(c, data, len, "regress", &o, &err), MICIC_OK);
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_report_records_in(r), micic_corpus_size(c) + micic_report_rejected(r));
    return c;
}

/*
 * lib/practice.c, micic_corpus_add: the k-th copy of an id was renamed by
 * trying "<id>-2", "<id>-3", ... from 2 every time, so n copies of one id
 * cost n^2/2 lookups: 20000 copies took 5 minutes (ASan), any JSON Lines or
 * CSV file repeating one id was a denial of service. Fixed: the corpus
 * remembers the last suffix given to each id. The reproducer is 100 copies
 * of {"id":"r"}, read 500 times over (50000 copies).
 */
static void test_duplicate_id_renaming_is_linear(void **state) {
    size_t len, i, n;
    char *one = slurp(REGRESS("dup_ids.jsonl"), &len);
    micic_buf b = MICIC_BUF_INIT;
    micic_corpus *c;
    clock_t t0;
    double secs;
    (void)state;
    for (i = 0; i < 500; i++) micic_buf_append(&b, one, len);
    micic_buf_puts(&b, "{\"id\":\"r-5\"}\n{\"id\":\"r\"}\n");
    assert_non_null(micic_buf_cstr(&b));
    t0 = clock();
    c = read_as(b.data, b.len, MICIC_FORMAT_JSONL);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    n = 500 * 100;
    /* the old code needed minutes here; the fixed one well under a second */
    assert_true(secs < 10.0);
    assert_int_equal(micic_corpus_size(c), n + 2);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_DUPLICATE_ID),
                     n + 1);
    /* same names as before: the smallest free suffix, in input order */
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 0)), "r");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "r-2");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n - 1)), "r-50000");
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n)), "r-5-2"); /* "r-5" was taken */
    assert_string_equal(micic_practice_id(micic_corpus_get(c, n + 1)), "r-50001");
    for (i = 0; i < micic_corpus_size(c); i++)
        assert_int_equal(micic_corpus_index_of(c, micic_practice_id(micic_corpus_get(c, i))),
                         (long)i);
    micic_corpus_free(c);
    micic_buf_free(&b);
    free(one);
}

/*
 * The renaming hint must not skip a free name: ids given explicitly in the
 * input ("r-3") and renames interleave; each rename takes the smallest
 * free "<id>-k" as before the fix.
 */
static void test_duplicate_id_renaming_names(void **state) {
    static const char input[] = "{\"id\":\"r\"}\n{\"id\":\"r-3\"}\n{\"id\":\"r\"}\n{\"id\":\"r\"}\n"
                                "{\"id\":\"r\"}\n{\"id\":\"r-2\"}\n{\"id\":\"s\"}\n{\"id\":\"s\"}\n"
                                "{\"title\":\"no id\"}\n{\"id\":\"P1\"}\n{\"title\":\"no id\"}\n";
    static const char *want[] = {"r", "r-3", "r-2", "r-4", "r-5", "r-2-2", "s", "s-2",
                                 "P1", "P1-2", "P2"};
    micic_corpus *c = read_as(input, sizeof input - 1, MICIC_FORMAT_JSONL);
    size_t i;
    (void)state;
    assert_int_equal(micic_corpus_size(c), sizeof want / sizeof *want);
    for (i = 0; i < sizeof want / sizeof *want; i++)
        assert_string_equal(micic_practice_id(micic_corpus_get(c, i)), want[i]);
    micic_corpus_free(c);
}

/*
 * lib/fmt_common.c (micic__rd_add_value) via lib/json.c: max_field_bytes
 * cuts a JSON value but not the text of its explicit "original", so a
 * JSON / JSON Lines input can store an original of any length (found by
 * fuzz_json: a 179-byte original with max_field_bytes 28). Expected: the
 * original is cut at a character boundary like the value, with a
 * limit-exceeded diagnostic. Reproducers: tests/data/regress/
 * json_long_original.json and .jsonl (a 100-byte original, limit 10).
 * Fixed in micic__rd_add_value: the original is cut the same way.
 */
static void check_long_original(const char *file, micic_format fmt) {
    size_t len;
    char *data = slurp(file, &len);
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    const micic_practice *p;
    o.format = fmt;
    o.max_field_bytes = 10;
    assert_int_equal(micic_read_buffer(c, data, len, "regress", &o, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Libya");
    assert_true(strlen(micic_practice_original(p, MICIC_FIELD_COUNTRY, 0)) <= 10);
    assert_true(micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_LIMIT) >= 1);
    micic_corpus_free(c);
    free(data);
}

/*
 * lib/json.c, add_extra: an extra (a label that is not a field) whose value
 * is empty was written to JSON ("extra":{"X":""}) but dropped when read
 * back, so text -> JSON -> text lost it (found by fuzz_validate's round-trip
 * property in the test suite's smoke run, 2026-12-04). Fixed: the JSON
 * readers keep an empty extra value.
 */
static void test_json_keeps_empty_extra(void **state) {
    size_t len, i;
    char *text = slurp(REGRESS("empty_extra.txt"), &len);
    micic_corpus *a = read_as(text, len, MICIC_FORMAT_TEXT), *b, *c;
    char *json = NULL, *jsonl = NULL;
    size_t found = 0;
    micic_error err;
    (void)state;
    for (i = 0; i < micic_corpus_size(a); i++) {
        const micic_practice *p = micic_corpus_get(a, i);
        size_t k;
        for (k = 0; k < micic_practice_extra_count(p); k++)
            if (!*micic_practice_extra_value(p, k)) found++;
    }
    assert_true(found >= 1); /* the reproducer holds an empty extra */
    assert_int_equal(micic_write_buffer(a, MICIC_FORMAT_JSON, NULL, &json, &err), MICIC_OK);
    assert_int_equal(micic_write_buffer(a, MICIC_FORMAT_JSONL, NULL, &jsonl, &err), MICIC_OK);
    b = read_as(json, strlen(json), MICIC_FORMAT_JSON);
    c = read_as(jsonl, strlen(jsonl), MICIC_FORMAT_JSONL);
    assert_int_equal(micic_corpus_size(b), micic_corpus_size(a));
    assert_int_equal(micic_corpus_size(c), micic_corpus_size(a));
    for (i = 0; i < micic_corpus_size(a); i++) {
        assert_true(micic_practice_equal(micic_corpus_get(a, i), micic_corpus_get(b, i)));
        assert_true(micic_practice_equal(micic_corpus_get(a, i), micic_corpus_get(c, i)));
    }
    micic_free(json);
    micic_free(jsonl);
    micic_corpus_free(a);
    micic_corpus_free(b);
    micic_corpus_free(c);
    free(text);
}

static void test_json_original_obeys_max_field_bytes(void **state) {
    (void)state;
    check_long_original(REGRESS("json_long_original.json"), MICIC_FORMAT_JSON);
    check_long_original(REGRESS("json_long_original.jsonl"), MICIC_FORMAT_JSONL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicate_id_renaming_is_linear),
        cmocka_unit_test(test_duplicate_id_renaming_names),
        cmocka_unit_test(test_json_original_obeys_max_field_bytes),
        cmocka_unit_test(test_json_keeps_empty_extra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
