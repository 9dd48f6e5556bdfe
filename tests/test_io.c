/* I/O dispatch: format names and detection, files, directories, the
 * bundled corpus, streaming and writing. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

#define SEED(name) MICIC_SEEDS_DIR "/" name
#define SEED_001 SEED("001_87c8b2353408428e.txt")
#define SEED_003 SEED("003_650e86cc90e064d2.txt")
#define SEED_004 SEED("004_aa20fe2b579e300a.txt")
/* records in the five seeds, read one by one: 25 + 1 + 19 + 77 + 1 */
#define SEED_RECORDS 123

static void test_format_names(void **state) {
    micic_format f;
    int i;
    (void)state;
    assert_string_equal(micic_format_name(MICIC_FORMAT_AUTO), "auto");
    assert_string_equal(micic_format_name(MICIC_FORMAT_TEXT), "text");
    assert_string_equal(micic_format_name(MICIC_FORMAT_GUIDELINES), "guidelines");
    assert_string_equal(micic_format_name(MICIC_FORMAT_CSV), "csv");
    assert_string_equal(micic_format_name(MICIC_FORMAT_JSON), "json");
    assert_string_equal(micic_format_name(MICIC_FORMAT_JSONL), "jsonl");
    assert_string_equal(micic_format_name(MICIC_FORMAT_LONG), "long");
    assert_string_equal(micic_format_name((micic_format)99), "");
    assert_string_equal(micic_format_name((micic_format)-1), "");
    for (i = MICIC_FORMAT_AUTO; i <= MICIC_FORMAT_LONG; i++) {
        assert_int_equal(micic_format_from_name(micic_format_name((micic_format)i), &f), MICIC_OK);
        assert_int_equal(f, i);
    }
    assert_int_equal(micic_format_from_name("JSONL", &f), MICIC_OK);
    assert_int_equal(f, MICIC_FORMAT_JSONL);
    assert_int_equal(micic_format_from_name("ndjson", &f), MICIC_OK);
    assert_int_equal(f, MICIC_FORMAT_JSONL);
    assert_int_equal(micic_format_from_name("txt", &f), MICIC_OK);
    assert_int_equal(f, MICIC_FORMAT_TEXT);
    assert_int_equal(micic_format_from_name("xml", &f), MICIC_EFORMAT);
    assert_int_equal(micic_format_from_name(NULL, &f), MICIC_EINVAL);
}

static void test_detect(void **state) {
#define DETECT(s) micic_format_detect((s), sizeof(s) - 1)
    (void)state;
    assert_int_equal(micic_format_detect(NULL, 0), MICIC_FORMAT_AUTO);
    assert_int_equal(DETECT(""), MICIC_FORMAT_AUTO);
    assert_int_equal(DETECT(" \n\t\r\n"), MICIC_FORMAT_AUTO);
    assert_int_equal(DETECT("[{\"title\": \"x\"}]"), MICIC_FORMAT_JSON);
    assert_int_equal(DETECT("\xef\xbb\xbf  \n[]"), MICIC_FORMAT_JSON);
    assert_int_equal(DETECT("{\"title\": \"x\",\n \"type\": [\"Funds\"]}\n"), MICIC_FORMAT_JSON);
    assert_int_equal(DETECT("{\"title\": \"x\"}"), MICIC_FORMAT_JSON);
    assert_int_equal(DETECT("{\"title\": \"x\"}\n{\"title\": \"y\"}\n"), MICIC_FORMAT_JSONL);
    assert_int_equal(DETECT("id,title,type,country\nP1,x,Funds,Mali\n"), MICIC_FORMAT_CSV);
    assert_int_equal(DETECT("\"Title\",\"Type of practice\",\"Country\"\r\n"), MICIC_FORMAT_CSV);
    assert_int_equal(DETECT("id,field,value\nP1,title,x\n"), MICIC_FORMAT_LONG);
    /* a text record whose first line holds commas is no CSV */
    assert_int_equal(DETECT("Type of crisis: Conflict, Natural Disaster\nCountry: Mali\n"),
                     MICIC_FORMAT_TEXT);
    assert_int_equal(DETECT("Type of practice: Website\n"), MICIC_FORMAT_TEXT);
    assert_int_equal(DETECT("Home\nPractices to Implement Guideline 14: Address migrants\n"),
                     MICIC_FORMAT_GUIDELINES);
    assert_int_equal(DETECT("\n\nGUIDELINES AND EFFECTIVE PRACTICES\n"), MICIC_FORMAT_GUIDELINES);
#undef DETECT
}

static void test_options_init(void **state) {
    micic_read_options a = MICIC_READ_OPTIONS_INIT, b;
    (void)state;
    memset(&b, 0x55, sizeof b);
    micic_read_options_init(&b);
    assert_int_equal(b.version, a.version);
    assert_int_equal(b.format, MICIC_FORMAT_AUTO);
    assert_int_equal(b.max_field_bytes, 0);
    assert_int_equal(b.max_record_bytes, 0);
    assert_null(b.progress);
    assert_null(b.progress_payload);
    micic_read_options_init(NULL);
}

static void test_read_file_errors(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    (void)state;
    assert_int_equal(micic_read_file(c, MICIC_TEST_TMP "/no/such/file.txt", NULL, &err),
                     MICIC_EIO);
    assert_string_equal(err.source, MICIC_TEST_TMP "/no/such/file.txt");
    assert_int_equal(err.code, MICIC_EIO);
    o.version = 99;
    assert_int_equal(micic_read_file(c, SEED_001, &o, &err), MICIC_EVERSION);
    micic_read_options_init(&o);
    o.format = (micic_format)42;
    assert_int_equal(micic_read_file(c, SEED_001, &o, &err), MICIC_EFORMAT);
    assert_int_equal(micic_read_file(NULL, SEED_001, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_read_file(c, NULL, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_read_buffer(c, NULL, 3, NULL, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_corpus_size(c), 0);
    micic_corpus_free(c);
}

static void test_read_files_and_buffers(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    static const char rec[] = "Type of practice: Website\nCountry: Mali\n";
    (void)state;
    assert_int_equal(micic_read_file(c, SEED_001, NULL, &err), MICIC_OK);
    assert_int_equal(err.code, 0);
    assert_int_equal(micic_read_file(c, SEED_003, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 78);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 1), MICIC_FIELD_KIND),
                        "Recommended Practice");
    /* a buffer, named in locations; "<buffer>" when unnamed */
    assert_int_equal(micic_read_buffer(c, rec, sizeof rec - 1, "mine", NULL, &err), MICIC_OK);
    assert_int_equal(micic_read_buffer(c, rec, sizeof rec - 1, NULL, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 80);
    assert_string_equal(micic_practice_record_location(micic_corpus_get(c, 78)).source, "mine");
    assert_string_equal(micic_practice_record_location(micic_corpus_get(c, 79)).source,
                        "<buffer>");
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), 80);
    /* an explicit format wins over detection: a text record read as a
       guideline document holds no practice */
    o.format = MICIC_FORMAT_GUIDELINES;
    assert_int_equal(micic_read_buffer(c, rec, sizeof rec - 1, "g", &o, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 80);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT),
                     1);
    /* empty input: a diagnostic, no failure */
    assert_int_equal(micic_read_buffer(c, "", 0, "empty", NULL, &err), MICIC_OK);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_EMPTY_INPUT),
                     2);
    micic_corpus_free(c);
}

static void test_read_directory(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    const micic_practice *p;
    (void)state;
    assert_int_equal(micic_read_file(c, MICIC_SEEDS_DIR, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), SEED_RECORDS);
    assert_int_equal(micic_report_records_in(micic_corpus_read_report(c)), SEED_RECORDS);
    /* files in sorted order: 000 (25 sample practices) first, then 001 */
    p = micic_corpus_get(c, 25);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE),
                        "Training and capacity building");
    assert_string_equal(micic_practice_record_location(p).source, SEED_001);
    p = micic_corpus_get(c, SEED_RECORDS - 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE), "Assistance programs");
    micic_corpus_free(c);
}

static void test_bundled(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    char *saved = getenv("MICIC_DATA_DIR") ? strdup(getenv("MICIC_DATA_DIR")) : NULL;
    (void)state;
    setenv("MICIC_DATA_DIR", MICIC_SEEDS_DIR "/..", 1);
    assert_string_equal(micic_bundled_dir(), MICIC_SEEDS_DIR "/..");
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), SEED_RECORDS);
    /* a data directory without corpus/ is skipped for the next candidate */
    setenv("MICIC_DATA_DIR", MICIC_TEST_TMP "/no-such-dir", 1);
    assert_string_not_equal(micic_bundled_dir(), MICIC_TEST_TMP "/no-such-dir");
    unsetenv("MICIC_DATA_DIR");
    {
        /* with nothing set, the installed copy or the source tree */
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/corpus/001_87c8b2353408428e.txt", micic_bundled_dir());
        f = fopen(path, "rb");
        assert_non_null(f);
        fclose(f);
    }
    if (saved) {
        setenv("MICIC_DATA_DIR", saved, 1);
        free(saved);
    }
    micic_corpus_free(c);
}

typedef struct counter {
    size_t n;
    size_t stop_at;
    micic_corpus *keep;
} counter;

static int count_cb(const micic_practice *p, void *payload) {
    counter *k = payload;
    micic_error err;
    k->n++;
    if (k->keep) assert_int_equal(micic_corpus_add(k->keep, micic_practice_copy(p), &err), MICIC_OK);
    return k->stop_at && k->n >= k->stop_at;
}

static void test_stream(void **state) {
    counter k = {0, 0, NULL};
    micic_report *r = micic_report_new();
    micic_error err;
    micic_corpus *c = micic_corpus_new();
    const char *csv = MICIC_TEST_TMP "/test_io_stream.csv";
    size_t i;
    (void)state;
    /* a guideline document is read whole, then handed over record by record */
    assert_int_equal(micic_stream_file(SEED_003, NULL, count_cb, &k, r, &err), MICIC_OK);
    assert_int_equal(k.n, 77);
    assert_int_equal(micic_report_records_in(r), 77);
    k.n = 0;
    k.stop_at = 10;
    assert_int_equal(micic_stream_file(SEED_003, NULL, count_cb, &k, NULL, &err),
                     MICIC_ECANCELLED);
    assert_int_equal(k.n, 10);
    /* CSV goes through the streaming CSV reader: same records */
    assert_int_equal(micic_read_file(c, SEED_003, NULL, &err), MICIC_OK);
    assert_int_equal(micic_write_file(c, csv, MICIC_FORMAT_CSV, NULL, &err), MICIC_OK);
    k.n = 0;
    k.stop_at = 0;
    k.keep = micic_corpus_new();
    assert_int_equal(micic_stream_file(csv, NULL, count_cb, &k, NULL, &err), MICIC_OK);
    assert_int_equal(k.n, 77);
    for (i = 0; i < 77; i++)
        assert_true(micic_practice_equal(micic_corpus_get(c, i), micic_corpus_get(k.keep, i)));
    micic_corpus_free(k.keep);
    remove(csv);
    assert_int_equal(micic_stream_file(MICIC_SEEDS_DIR, NULL, count_cb, &k, NULL, &err),
                     MICIC_EINVAL);
    assert_int_equal(micic_stream_file(MICIC_TEST_TMP "/nope.csv", NULL, count_cb, &k, NULL,
                                       &err),
                     MICIC_EIO);
    micic_report_free(r);
    micic_corpus_free(c);
}

static int stop_progress(size_t done, size_t total, void *payload) {
    size_t *calls = payload;
    (void)done;
    (void)total;
    return ++*calls >= 3;
}

static void test_progress_cancel(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    size_t calls = 0;
    (void)state;
    o.progress = stop_progress;
    o.progress_payload = &calls;
    assert_int_equal(micic_read_file(c, SEED_003, &o, &err), MICIC_ECANCELLED);
    assert_int_equal(err.code, MICIC_ECANCELLED);
    /* the records read before the stop are kept */
    assert_int_equal(micic_corpus_size(c), 3);
    micic_corpus_free(c);
}

static void test_write(void **state) {
    micic_corpus *c = micic_corpus_new(), *back;
    micic_error err;
    char *text = NULL, *json = NULL, *again = NULL;
    const char *path = MICIC_TEST_TMP "/test_io_write.txt";
    micic_write_options bad = MICIC_WRITE_OPTIONS_INIT;
    size_t i;
    (void)state;
    assert_int_equal(micic_read_file(c, SEED_004, NULL, &err), MICIC_OK);
    assert_int_equal(micic_read_file(c, SEED_001, NULL, &err), MICIC_OK);
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &text, &err), MICIC_OK);
    assert_non_null(strstr(text, "Country: Egypt, Ghana, Libya, Mali, Niger\n"));
    assert_non_null(strstr(text, "\n====\n"));
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_JSON, NULL, &json, &err), MICIC_OK);
    assert_int_equal(json[0], '[');
    micic_free(json);
    json = NULL;
    /* a file written, then read back through detection */
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_TEXT, NULL, &err), MICIC_OK);
    back = micic_corpus_new();
    assert_int_equal(micic_read_file(back, path, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(back), 2);
    for (i = 0; i < 2; i++)
        assert_true(micic_practice_equal(micic_corpus_get(c, i), micic_corpus_get(back, i)));
    assert_int_equal(micic_write_buffer(back, MICIC_FORMAT_TEXT, NULL, &again, &err), MICIC_OK);
    assert_string_equal(text, again);
    remove(path);
    /* usage errors */
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_AUTO, NULL, &json, &err), MICIC_EFORMAT);
    assert_null(json);
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_GUIDELINES, NULL, &json, &err),
                     MICIC_EFORMAT);
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_AUTO, NULL, &err), MICIC_EFORMAT);
    assert_null(fopen(path, "rb"));
    bad.version = 7;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, &bad, &json, &err),
                     MICIC_EVERSION);
    assert_int_equal(micic_write_file(c, MICIC_TEST_TMP "/no/such/dir/x.txt", MICIC_FORMAT_TEXT,
                                      NULL, &err),
                     MICIC_EIO);
    assert_int_equal(micic_write_buffer(NULL, MICIC_FORMAT_TEXT, NULL, &json, &err),
                     MICIC_EINVAL);
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, NULL, &err), MICIC_EINVAL);
    micic_free(text);
    micic_free(again);
    micic_corpus_free(back);
    micic_corpus_free(c);
}

static void test_write_empty_corpus(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    char *text = NULL;
    (void)state;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_TEXT, NULL, &text, &err), MICIC_OK);
    assert_string_equal(text, "");
    micic_free(text);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_read_file_errors),
        cmocka_unit_test(test_read_files_and_buffers),
        cmocka_unit_test(test_read_directory),
        cmocka_unit_test(test_bundled),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_progress_cancel),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_write_empty_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
