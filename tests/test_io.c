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
#include <sys/stat.h>
#include <cmocka.h>

#include "internal.h" /* micic_buf */
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
    /* other delimiters, sniffed from the header line */
    assert_int_equal(DETECT("\xef\xbb\xbfId;Title;\"Country; or countries\"\r\n"), MICIC_FORMAT_CSV);
    assert_int_equal(DETECT("id\ttitle\ttype\nP1\tx\tFunds\n"), MICIC_FORMAT_CSV);
    assert_int_equal(DETECT("id|title|type\n"), MICIC_FORMAT_CSV);
    assert_int_equal(DETECT("id;field;value\r\nP1;title;x\r\n"), MICIC_FORMAT_LONG);
    assert_int_equal(DETECT("Guidelines: 1; 2; 3\nCountry: Mali\n"), MICIC_FORMAT_TEXT);
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
    assert_int_equal(b.version, 2);
    assert_int_equal(b.delimiter, 0);
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
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c),
                                             MICIC_CODE_EMPTY_INPUT), 0);
    /* files in sorted order: 000 (25 sample practices) first, then 001 */
    p = micic_corpus_get(c, 25);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE),
                        "Training and capacity building");
    assert_string_equal(micic_practice_record_location(p).source, SEED_001);
    p = micic_corpus_get(c, SEED_RECORDS - 1);
    assert_string_equal(micic_practice_first(p, MICIC_FIELD_TYPE), "Assistance programs");
    micic_corpus_free(c);
}

/* The one empty-input diagnostic of a read report (fails when not one). */
static const micic_diagnostic *the_empty_input(const micic_corpus *c) {
    const micic_report *r = micic_corpus_read_report(c);
    size_t i;
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_EMPTY_INPUT), 1);
    for (i = 0; i < micic_report_size(r); i++)
        if (micic_diagnostic_code(micic_report_get(r, i)) == MICIC_CODE_EMPTY_INPUT)
            return micic_report_get(r, i);
    return NULL;
}

/* An input in which no record was found (empty, blank, a CSV header alone,
 * an empty JSON array, text without a label, a directory without record
 * files) is one empty-input error naming the input; the call succeeds. */
static void test_no_record(void **state) {
    static const char dir[] = MICIC_TEST_TMP "/no_record";
    static const char *const names[] = {"empty.csv", "blank.txt", "header.csv", "array.json",
                                        "words.txt"};
    static const char *const texts[] = {"", " \n\t\r\n", "\xEF\xBB\xBFid;title\r\n", "[]\n",
                                        "nothing to see here\n"};
    char path[512];
    micic_corpus *c;
    micic_error err;
    const micic_diagnostic *d;
    size_t i;
    (void)state;
    mkdir(MICIC_TEST_TMP, 0777);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0777);
    for (i = 0; i < 5; i++) {
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        f = fopen(path, "wb");
        assert_non_null(f);
        fputs(texts[i], f);
        fclose(f);
        c = micic_corpus_new();
        assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
        assert_int_equal(micic_corpus_size(c), 0);
        d = the_empty_input(c);
        assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
        assert_int_equal(micic_diagnostic_record_index(d), -1);
        assert_string_equal(micic_diagnostic_source(d), path);
        if (i != 4) /* the text reader's own message (lib/read_text.c) */
            assert_non_null(strstr(micic_diagnostic_message(d), "expected"));
        micic_corpus_free(c);
    }
    /* a directory without record files */
    snprintf(path, sizeof path, "%s/sub", dir);
    c = micic_corpus_new();
    assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
    d = the_empty_input(c);
    assert_string_equal(micic_diagnostic_source(d), path);
    assert_non_null(strstr(micic_diagnostic_message(d), "directory"));
    micic_corpus_free(c);
    /* the directory holding them and one good file: one error per empty
       file, none for the directory */
    snprintf(path, sizeof path, "%s/good.csv", dir);
    {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs("id,title\nr1,T\n", f);
        fclose(f);
    }
    c = micic_corpus_new();
    assert_int_equal(micic_read_file(c, dir, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c),
                                             MICIC_CODE_EMPTY_INPUT), 5);
    for (i = 0; i < micic_report_size(micic_corpus_read_report(c)); i++)
        assert_string_not_equal(
            micic_diagnostic_source(micic_report_get(micic_corpus_read_report(c), i)), dir);
    micic_corpus_free(c);
    /* buffers too */
    c = micic_corpus_new();
    assert_int_equal(micic_read_buffer(c, "[]", 2, NULL, NULL, &err), MICIC_OK);
    assert_string_equal(micic_diagnostic_source(the_empty_input(c)), "<buffer>");
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

/* ---- big files: micic_read_file streams CSV and JSON Lines ------------- */

typedef struct progress_log {
    size_t calls, last_done, last_total, bad;
    size_t want_total;
} progress_log;

static int log_progress(size_t done, size_t total, void *payload) {
    progress_log *l = payload;
    if (total != l->want_total || done > total || done < l->last_done) l->bad++;
    l->calls++;
    l->last_done = done;
    l->last_total = total;
    return 0;
}

static char *write_temp(const char *data, size_t len) {
    static const char tmpl[] = "/tmp/micic_test_io_XXXXXX";
    char *path = malloc(sizeof tmpl);
    FILE *f;
    int fd;
    assert_non_null(path);
    memcpy(path, tmpl, sizeof tmpl);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The same records, values, originals, locations and diagnostics. */
static void assert_same_read(const micic_corpus *a, const micic_corpus *b) {
    const micic_report *ra = micic_corpus_read_report(a), *rb = micic_corpus_read_report(b);
    size_t i;
    int f;
    assert_int_equal(micic_corpus_size(a), micic_corpus_size(b));
    for (i = 0; i < micic_corpus_size(a); i++) {
        const micic_practice *pa = micic_corpus_get(a, i), *pb = micic_corpus_get(b, i);
        assert_true(micic_practice_equal(pa, pb));
        assert_int_equal(micic_practice_record_location(pa).line,
                         micic_practice_record_location(pb).line);
        for (f = 0; f < MICIC_FIELD_COUNT; f++) {
            size_t k;
            for (k = 0; k < micic_practice_count(pa, (micic_field)f); k++) {
                micic_location la, lb;
                assert_int_equal(micic_practice_location(pa, (micic_field)f, k, &la), MICIC_OK);
                assert_int_equal(micic_practice_location(pb, (micic_field)f, k, &lb), MICIC_OK);
                assert_string_equal(micic_practice_original(pa, (micic_field)f, k),
                                    micic_practice_original(pb, (micic_field)f, k));
                assert_int_equal(la.line, lb.line);
                assert_int_equal(la.column, lb.column);
            }
        }
    }
    assert_int_equal(micic_report_size(ra), micic_report_size(rb));
    assert_int_equal(micic_report_records_in(ra), micic_report_records_in(rb));
    assert_int_equal(micic_report_rejected(ra), micic_report_rejected(rb));
    for (i = 0; i < micic_report_size(ra); i++) {
        const micic_diagnostic *da = micic_report_get(ra, i), *db = micic_report_get(rb, i);
        assert_int_equal(micic_diagnostic_code(da), micic_diagnostic_code(db));
        assert_int_equal(micic_diagnostic_record_index(da), micic_diagnostic_record_index(db));
        assert_int_equal(micic_diagnostic_line(da), micic_diagnostic_line(db));
        assert_int_equal(micic_diagnostic_column(da), micic_diagnostic_column(db));
        assert_string_equal(micic_diagnostic_message(da), micic_diagnostic_message(db));
    }
}

static int copy_into(const micic_practice *p, void *payload) {
    return micic_corpus_add(payload, micic_practice_copy(p), NULL) != MICIC_OK;
}

/* Read a file with micic_read_file (streamed for CSV / JSON Lines over
 * 64 KiB) and its text with micic_read_buffer: the same result; progress
 * reports bytes of the file up to (size, size). */
static void check_file_equals_buffer(const char *data, size_t len, size_t want_records) {
    char *path = write_temp(data, len);
    micic_corpus *a = micic_corpus_new(), *b = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    progress_log log;
    micic_error err;
    memset(&log, 0, sizeof log);
    log.want_total = len;
    o.progress = log_progress;
    o.progress_payload = &log;
    assert_int_equal(micic_read_file(a, path, &o, &err), MICIC_OK);
    assert_int_equal(micic_read_buffer(b, data, len, path, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(a), want_records);
    assert_same_read(a, b);
    assert_true(log.calls >= 1);
    assert_int_equal(log.bad, 0);
    assert_int_equal(log.last_done, len);
    assert_int_equal(log.last_total, len);
    /* micic_stream_file hands over the same records and reports progress
       against the file's size too */
    {
        micic_corpus *c = micic_corpus_new();
        micic_report *rep = micic_report_new();
        size_t i;
        memset(&log, 0, sizeof log);
        log.want_total = len;
        assert_int_equal(micic_stream_file(path, &o, copy_into, c, rep, &err), MICIC_OK);
        assert_int_equal(micic_corpus_size(c), want_records);
        for (i = 0; i < want_records; i++)
            assert_true(micic_practice_equal(micic_corpus_get(a, i), micic_corpus_get(c, i)));
        assert_int_equal(micic_report_size(rep),
                         micic_report_size(micic_corpus_read_report(a)));
        assert_true(log.calls >= 1);
        assert_int_equal(log.bad, 0);
        assert_int_equal(log.last_done, len);
        assert_int_equal(log.last_total, len);
        micic_report_free(rep);
        micic_corpus_free(c);
    }
    micic_corpus_free(a);
    micic_corpus_free(b);
    remove(path);
    free(path);
}

static void test_big_files_stream_into_the_corpus(void **state) {
    micic_buf csv = MICIC_BUF_INIT, jsonl = MICIC_BUF_INIT, big = MICIC_BUF_INIT;
    size_t i, rows = 700;
    (void)state;
    /* CSV and JSON Lines of 700 records (over 64 KiB): canonical and
     * sloppy vocabulary, a ragged row, invalid UTF-8, a bad JSON line */
    micic_buf_puts(&csv, "id,title,type,country,phase,guideline,description\r\n");
    for (i = 0; i < rows; i++) {
        micic_buf_printf(&csv,
                         "R%zu,\"Practice %zu, \"\"quoted\"\"\",%s,%s,%s,%zu,"
                         "Evacuation of stranded migrants caught in a crisis, record %zu %s\r\n",
                         i, i, i % 3 ? "Website" : "funds", i % 2 ? "Libya" : "Phillipines",
                         i % 5 ? "Emergency" : "post crisis", 1 + i % 15, i,
                         i == 300 ? "bad \xff byte" : "and their families");
        if (i == 400) micic_buf_puts(&csv, "R400b,only two\r\n");
        micic_buf_printf(&jsonl,
                         "{\"id\":\"J%zu\",\"title\":\"Practice %zu\",\"country\":[\"%s\"],"
                         "\"phase\":[\"%s\"],\"guideline\":[%zu],\"description\":\"Evacuation "
                         "of stranded migrants caught in a crisis, record %zu\"}\n",
                         i, i, i % 2 ? "Libya" : "Mali", i % 5 ? "Emergency" : "Post-Crisis Action",
                         1 + i % 15, i);
        if (i == 500) micic_buf_puts(&jsonl, "{\"id\": oops}\n");
    }
    assert_true(csv.len > 65536 && jsonl.len > 65536);
    check_file_equals_buffer(csv.data, csv.len, rows + 1);
    check_file_equals_buffer(jsonl.data, jsonl.len, rows);
    /* a first JSON line longer than the 64 KiB looked at first: still
     * detected as JSON Lines (the file is then read whole) */
    micic_buf_puts(&big, "{\"id\":\"long\",\"description\":\"");
    for (i = 0; i < 70000; i++) micic_buf_putc(&big, 'a');
    micic_buf_puts(&big, "\"}\n{\"id\":\"short\"}\n");
    check_file_equals_buffer(big.data, big.len, 2);
    micic_buf_free(&csv);
    micic_buf_free(&jsonl);
    micic_buf_free(&big);
}

/* out = a copy of in whose first byte `from` after the middle is `to`. */
static void damage_middle(micic_buf *out, const micic_buf *in, char from, char to) {
    size_t at = in->len / 2;
    micic_buf_clear(out);
    micic_buf_append(out, in->data, in->len);
    while (out->data[at] != from) at++;
    out->data[at] = to;
}

/* A JSON file is read in place (mapped, its pages let go of as they are
 * read): the same records and diagnostics as reading its text, for an
 * array over 1 MiB with a UTF-8 sequence across the 1 MiB mark (the bytes
 * are checked a block at a time), with an invalid byte (checked whole),
 * and with a syntax error (the rest of the document not read). */
static void test_json_files_read_in_place(void **state) {
    micic_buf json = MICIC_BUF_INIT, bad = MICIC_BUF_INIT;
    size_t i, rows = 6000;
    (void)state;
    for (i = 0; i < rows; i++) {
        size_t k;
        micic_buf_puts(&json, i ? ",\n" : "[\n");
        micic_buf_printf(&json,
                         "{\"id\":\"J%zu\",\"title\":\"Pr\u00e1ctica %zu\",\"country\":[\"%s\"],"
                         "\"guideline\":[%zu],\"description\":\"",
                         i, i, i % 2 ? "C\u00f4te d'Ivoire" : "Mali", 1 + i % 15);
        for (k = 0; k < 90; k++) micic_buf_puts(&json, "\xC3\xA9"); /* e acute */
        micic_buf_puts(&json, "\"}");
    }
    micic_buf_puts(&json, "\n]\n");
    assert_true(json.len > ((size_t)1 << 20) + 4096);
    /* put a continuation byte at the 1 MiB mark (blank space before the
       array shifts the text by one byte) */
    if (((unsigned char)json.data[(size_t)1 << 20] & 0xC0) != 0x80) {
        micic_buf_clear(&bad);
        micic_buf_putc(&bad, ' ');
        micic_buf_append(&bad, json.data, json.len);
        micic_buf_clear(&json);
        micic_buf_append(&json, bad.data, bad.len);
    }
    assert_int_equal((unsigned char)json.data[(size_t)1 << 20] & 0xC0, 0x80);
    check_file_equals_buffer(json.data, json.len, rows);
    /* an invalid byte in the middle */
    damage_middle(&bad, &json, '\xC3', '\xFF');
    check_file_equals_buffer(bad.data, bad.len, rows);
    /* a syntax error: the records before it */
    damage_middle(&bad, &json, '{', '(');
    {
        micic_corpus *c = micic_corpus_new();
        assert_int_equal(micic_read_buffer(c, bad.data, bad.len, "x", NULL, NULL), MICIC_OK);
        assert_true(micic_corpus_size(c) > 0 && micic_corpus_size(c) < rows);
        check_file_equals_buffer(bad.data, bad.len, micic_corpus_size(c));
        micic_corpus_free(c);
    }
    micic_buf_free(&json);
    micic_buf_free(&bad);
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
        cmocka_unit_test(test_no_record),
        cmocka_unit_test(test_bundled),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_progress_cancel),
        cmocka_unit_test(test_big_files_stream_into_the_corpus),
        cmocka_unit_test(test_json_files_read_in_place),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_write_empty_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
