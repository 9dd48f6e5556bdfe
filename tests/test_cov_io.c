/*
 * Focused tests for paths of lib/io.c and lib/read_text.c that the other
 * tests left uncovered (scripts/coverage.sh): writer argument and I/O
 * errors, streaming a whole-read format with a callback that stops, and the
 * inline guideline list of record text (numbers, themes, bare guideline
 * titles, quoted items).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

static micic_corpus *small_corpus(void) {
    static const char text[] = "Title: One\nType of practice: Funds\nCountry: Nepal\nDescription\n"
                               "First.\n====\nTitle: Two\nType of practice: Website\n"
                               "Country: Global\nDescription\nSecond.\n";
    micic_corpus *c = micic_corpus_new();
    assert_non_null(c);
    assert_int_equal(micic_read_buffer(c, text, sizeof text - 1, NULL, NULL, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 2);
    return c;
}

static void test_write_file_errors(void **state) {
    micic_corpus *c = small_corpus();
    micic_error err;
    char path[512];
    FILE *f;
    (void)state;
    snprintf(path, sizeof path, "%s/cov_io_out.json", MICIC_TEST_TMP);
    /* guideline documents and auto cannot be written */
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_GUIDELINES, NULL, &err),
                     MICIC_EFORMAT);
    assert_non_null(strstr(err.text, "not written"));
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_AUTO, NULL, &err), MICIC_EFORMAT);
    assert_int_equal(micic_write_file(c, path, (micic_format)42, NULL, &err), MICIC_EFORMAT);
    assert_int_equal(micic_write_file(NULL, path, MICIC_FORMAT_JSON, NULL, &err), MICIC_EINVAL);
    /* a path in a directory that does not exist: EIO naming the path */
    assert_int_equal(micic_write_file(c, MICIC_TEST_TMP "/no/such/dir/out.json", MICIC_FORMAT_JSON,
                                      NULL, &err),
                     MICIC_EIO);
    assert_non_null(strstr(err.text, "cannot create"));
    assert_non_null(strstr(err.source, "out.json"));
    /* and a good write still works and reads back */
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_JSON, NULL, &err), MICIC_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    fclose(f);
    {
        micic_corpus *back = micic_corpus_new();
        assert_int_equal(micic_read_file(back, path, NULL, &err), MICIC_OK);
        assert_int_equal(micic_corpus_size(back), 2);
        micic_corpus_free(back);
    }
    remove(path);
    micic_corpus_free(c);
}

static int stop_after_first(const micic_practice *p, void *payload) {
    size_t *n = payload;
    (void)p;
    return ++*n >= 1;
}

static int count_cb(const micic_practice *p, void *payload) {
    (void)p;
    ++*(size_t *)payload;
    return 0;
}

static void test_stream_whole_formats(void **state) {
    micic_corpus *c = small_corpus();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    micic_report *rep = micic_report_new();
    char path[512];
    size_t n = 0;
    (void)state;
    snprintf(path, sizeof path, "%s/cov_io_stream.txt", MICIC_TEST_TMP);
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_TEXT, NULL, &err), MICIC_OK);
    /* record text is read whole, then streamed: a callback that stops ends
     * the call with ECANCELLED after one record */
    assert_int_equal(micic_stream_file(path, NULL, stop_after_first, &n, NULL, &err),
                     MICIC_ECANCELLED);
    assert_int_equal(n, 1);
    assert_non_null(strstr(err.text, "callback"));
    /* with an explicit format and a report: both records */
    n = 0;
    o.format = MICIC_FORMAT_TEXT;
    assert_int_equal(micic_stream_file(path, &o, count_cb, &n, rep, &err), MICIC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(micic_report_records_in(rep), 2);
    /* usage errors */
    assert_int_equal(micic_stream_file(path, NULL, NULL, NULL, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_stream_file(MICIC_TEST_TMP, NULL, count_cb, &n, NULL, &err),
                     MICIC_EINVAL);
    assert_non_null(strstr(err.text, "directory"));
    assert_int_equal(micic_stream_file(MICIC_TEST_TMP "/missing.csv", NULL, count_cb, &n, NULL,
                                       &err),
                     MICIC_EIO);
    remove(path);
    micic_report_free(rep);
    micic_corpus_free(c);
}

static void test_inline_guideline_list(void **state) {
    /* numbers, a thematic area, a bare guideline title (no "GUIDELINE N"),
     * and a quoted item taken as it is */
    static const char text[] =
        "Type of practice: Funds\n"
        "Guidelines/Thematic Areas: 14, Capacity building, "
        "Support migrants\xE2\x80\x99 host communities, \"8\"\n"
        "Description\nd\n";
    micic_corpus *c = micic_corpus_new();
    const micic_practice *p;
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    (void)state;
    o.format = MICIC_FORMAT_TEXT;
    assert_int_equal(micic_read_buffer(c, text, sizeof text - 1, NULL, &o, NULL), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_GUIDELINE), 3);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "14");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 1), "15");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_GUIDELINE, 1),
                        "Support migrants\xE2\x80\x99 host communities");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 2), "8");
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_THEME), 1);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_THEME, 0), "Capacity building");
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_file_errors),
        cmocka_unit_test(test_stream_whole_formats),
        cmocka_unit_test(test_inline_guideline_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
