/*
 * Data safety (issue 23, "Nothing lost"): every data-loss scenario of the
 * hostile-input probe as a test that failed before the fix. ctest label
 * "safety" (tests/CMakeLists.txt); the CLI scenarios are in
 * tests/cli_safety_test.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt_test_util.h"
#include "micic/micic.h"

#define TMP MICIC_TEST_TMP

/* ---- helpers ---------------------------------------------------------- */


static void put_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* A corpus of n records with a long description each. */
static micic_corpus *make_corpus(size_t n) {
    micic_corpus *c = micic_corpus_new();
    size_t i;
    char line[600];
    char *text = malloc(n * sizeof line + 1);
    micic_error err;
    size_t len = 0;
    assert_non_null(c);
    assert_non_null(text);
    for (i = 0; i < n; i++) {
        int k = snprintf(line, sizeof line,
                         "{\"id\":\"r%zu\",\"title\":\"Record %zu\",\"country\":[\"Libya\"],"
                         "\"description\":\"%0400zu\"}\n",
                         i, i, i);
        memcpy(text + len, line, (size_t)k);
        len += (size_t)k;
    }
    {
        micic_read_options o = MICIC_READ_OPTIONS_INIT;
        o.format = MICIC_FORMAT_JSONL;
        assert_int_equal(micic_read_buffer(c, text, len, "gen", &o, &err), MICIC_OK);
    }
    free(text);
    assert_int_equal(micic_corpus_size(c), n);
    return c;
}

/* Number of entries of TMP whose name contains "micic-tmp". */
static int temp_files_left(void) {
    DIR *d = opendir(TMP);
    struct dirent *de;
    int n = 0;
    assert_non_null(d);
    while ((de = readdir(d)) != NULL)
        if (strstr(de->d_name, "micic-tmp")) n++;
    closedir(d);
    return n;
}

/* ---- 1. safe, atomic writes -------------------------------------------- */

/* A write that fails (here: a file size limit) leaves an existing file as
 * it was and leaves no temporary file; the error names the file and the
 * system error. Before: the file was removed. */
static void test_failed_write_keeps_existing_file(void **state) {
    const char *path = TMP "/safety_keep.csv";
    struct rlimit old, lim;
    void (*old_handler)(int);
    micic_corpus *c = make_corpus(200);
    micic_error err;
    char *back;
    int rc;
    (void)state;
    put_file(path, "id,title\nold,Old content\n");
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 4096;
    old_handler = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    rc = micic_write_file(c, path, MICIC_FORMAT_CSV, NULL, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);
    assert_int_equal(rc, MICIC_EIO);
    assert_non_null(strstr(err.text, path));
    assert_non_null(strstr(err.text, strerror(EFBIG)));
    back = fmt_slurp(path, NULL);
    assert_non_null(back);
    assert_string_equal(back, "id,title\nold,Old content\n");
    free(back);
    assert_int_equal(temp_files_left(), 0);
    remove(path);
    micic_corpus_free(c);
}

/* A character device is written directly and never removed; the error
 * names it and the system error (ENOSPC). Written through a link of ours
 * to /dev/full, so that a library that removes its target on failure (as
 * before) removes the link, not the device. */
static void test_device_target_not_removed(void **state) {
    const char *link = TMP "/safety_full_link";
    micic_corpus *c = make_corpus(300);
    micic_error err;
    struct stat st;
    int rc;
    (void)state;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) {
        micic_corpus_free(c);
        skip();
    }
    remove(link);
    assert_int_equal(symlink("/dev/full", link), 0);
    rc = micic_write_file(c, link, MICIC_FORMAT_JSON, NULL, &err);
    assert_int_equal(rc, MICIC_EIO);
    assert_non_null(strstr(err.text, link));
    assert_non_null(strstr(err.text, strerror(ENOSPC)));
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(link, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    remove(link);
    /* and a link to /dev/null is written through and kept */
    assert_int_equal(symlink("/dev/null", link), 0);
    assert_int_equal(micic_write_file(c, link, MICIC_FORMAT_JSON, NULL, &err), MICIC_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    remove(link);
    micic_corpus_free(c);
}

/* A successful write replaces the file in one rename: a new inode, the old
 * permission bits, the content complete; a link to a regular file is kept
 * and its target replaced. */
static void test_write_is_atomic_rename(void **state) {
    const char *path = TMP "/safety_atomic.jsonl", *link = TMP "/safety_atomic_link";
    micic_corpus *c = make_corpus(50), *back = micic_corpus_new();
    micic_error err;
    struct stat before, after;
    (void)state;
    put_file(path, "old\n");
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(micic_write_file(c, path, MICIC_FORMAT_JSONL, NULL, &err), MICIC_OK);
    assert_int_equal(stat(path, &after), 0);
    assert_true(before.st_ino != after.st_ino);
    assert_int_equal(after.st_mode & 07777, 0640);
    assert_int_equal(micic_read_file(back, path, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(back), 50);
    remove(link);
    assert_int_equal(symlink("safety_atomic.jsonl", link), 0);
    assert_int_equal(micic_write_file(c, link, MICIC_FORMAT_CSV, NULL, &err), MICIC_OK);
    assert_int_equal(lstat(link, &after), 0);
    assert_true(S_ISLNK(after.st_mode));
    {
        char *text = fmt_slurp(path, NULL);
        assert_non_null(text);
        assert_true(strncmp(text, "id,", 3) == 0); /* the target is CSV now */
        free(text);
    }
    assert_int_equal(temp_files_left(), 0);
    remove(link);
    remove(path);
    micic_corpus_free(back);
    micic_corpus_free(c);
}


/* ---- 6. linear time ------------------------------------------------------ */

/* "Country: Libya, Libya, ..." with 140000 items on one 1 MB line: each item
 * read, with its column. Before: split_commas counted the columns from the
 * line start for every item (about 45 minutes for such a line; the test
 * would hit ctest's timeout). */
static void test_long_list_line(void **state) {
    const size_t n = 140000;
    size_t i, len = 0;
    char *text = malloc(64 + n * 7);
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    micic_location where;
    const micic_practice *p;
    (void)state;
    assert_non_null(text);
    len += (size_t)sprintf(text, "Title: T\nCountry: ");
    for (i = 0; i < n; i++) {
        memcpy(text + len, i ? ", Chad" : "Chad", i ? 6 : 4);
        len += i ? 6 : 4;
    }
    text[len++] = '\n';
    o.format = MICIC_FORMAT_TEXT;
    assert_int_equal(micic_read_buffer(c, text, len, "long", &o, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 1);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), n);
    assert_int_equal(micic_practice_location(p, MICIC_FIELD_COUNTRY, n - 1, &where), MICIC_OK);
    assert_int_equal(where.line, 2);
    assert_int_equal(where.column, 10 + 6 * (int)(n - 1));
    micic_corpus_free(c);
    free(text);
}


/* ---- 4. JSON Lines detection ---------------------------------------------- */

static micic_corpus *read_path_auto(const char *path, size_t *rejected) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    const micic_report *r;
    assert_non_null(c);
    assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_report_records_in(r), micic_corpus_size(c) + micic_report_rejected(r));
    if (rejected) *rejected = micic_report_rejected(r);
    return c;
}

/* Line 2 is not an object: still JSON Lines, one line rejected, a and c
 * kept. Before: detected as one JSON document, read stopped at line 2. */
static void test_jsonl_bad_second_line(void **state) {
    static const char *const seconds[] = {"[1, 2]", "\"text\"", "not json", "{\"id\": ",
                                          "42", "}"};
    size_t k, rejected;
    (void)state;
    for (k = 0; k < sizeof seconds / sizeof seconds[0]; k++) {
        char text[256];
        micic_corpus *c = micic_corpus_new();
        micic_error err;
        int n = snprintf(text, sizeof text, "{\"id\":\"a\"}\n%s\n{\"id\":\"c\"}\n",
                         seconds[k]);
        assert_int_equal(micic_format_detect(text, (size_t)n), MICIC_FORMAT_JSONL);
        assert_int_equal(micic_read_buffer(c, text, (size_t)n, "b", NULL, &err), MICIC_OK);
        assert_int_equal(micic_corpus_size(c), 2);
        assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "c");
        assert_int_equal(micic_report_rejected(micic_corpus_read_report(c)), 1);
        micic_corpus_free(c);
        put_file(TMP "/safety_bad2.jsonl", text);
        c = read_path_auto(TMP "/safety_bad2.jsonl", &rejected);
        assert_int_equal(micic_corpus_size(c), 2);
        assert_int_equal(rejected, 1);
        micic_corpus_free(c);
    }
    /* one object, pretty-printed over several lines: one JSON document */
    assert_int_equal(micic_format_detect("{\n \"id\": \"a\"\n}\n", strlen("{\n \"id\": \"a\"\n}\n")),
                     MICIC_FORMAT_JSON);
    /* one object alone: JSON (either reader reads it) */
    assert_int_equal(micic_format_detect("{\"id\":\"a\"}\n\n", strlen("{\"id\":\"a\"}\n\n")),
                     MICIC_FORMAT_JSON);
    remove(TMP "/safety_bad2.jsonl");
}

/* A first line over 64 KiB (the block format detection looks at): still JSON
 * Lines. Before: one JSON document, b and c lost. */
static void test_jsonl_long_first_line(void **state) {
    const char *path = TMP "/safety_long1.jsonl";
    FILE *f = fopen(path, "wb");
    size_t i, rejected;
    micic_corpus *c;
    (void)state;
    assert_non_null(f);
    fputs("{\"id\":\"a\",\"description\":\"", f);
    for (i = 0; i < 100000; i++) fputc('x', f);
    fputs("\"}\n{\"id\":\"b\"}\n[\"bad\"]\n{\"id\":\"c\"}\n", f);
    assert_int_equal(fclose(f), 0);
    c = read_path_auto(path, &rejected);
    assert_int_equal(micic_corpus_size(c), 3);
    assert_int_equal(rejected, 1);
    micic_corpus_free(c);
    remove(path);
}


/* ---- 4. JSON arrays: resynchronise after damage ------------------------------ */

/* ten records written by micic (pretty or compact), record 5 damaged */
static void check_damaged_array(int pretty, const char *what, size_t accepted,
                                size_t rejected) {
    micic_corpus *c = make_corpus(10), *back = micic_corpus_new();
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    micic_read_options ro = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    char *text = NULL, *at, *copy;
    size_t len;
    wo.pretty = pretty;
    assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_JSON, &wo, &text, &err), MICIC_OK);
    len = strlen(text);
    copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    if (strcmp(what, "unclosed string") == 0) {
        /* drop the closing quote of record 5's title */
        at = strstr(copy, "Record 4\"");
        assert_non_null(at);
        memmove(at + 8, at + 9, strlen(at + 9) + 1);
    } else if (strcmp(what, "missing comma") == 0) {
        /* drop the ',' between records 5 and 6 */
        at = strstr(copy, "\"r5\"");
        assert_non_null(at);
        while (at > copy && *at != ',') at--;
        *at = ' ';
    } else { /* a stray token in place of the ',' after record 5 */
        at = strstr(copy, "\"r5\"");
        assert_non_null(at);
        while (at > copy && *at != ',') at--;
        *at = '@';
    }
    ro.format = MICIC_FORMAT_JSON;
    assert_int_equal(micic_read_buffer(back, copy, strlen(copy), "damaged", &ro, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(back), accepted);
    assert_int_equal(micic_report_rejected(micic_corpus_read_report(back)), rejected);
    assert_true(micic_report_lost(micic_corpus_read_report(back)) == (rejected > 0 || strcmp(what, "stray token") == 0));
    assert_string_equal(micic_practice_id(micic_corpus_get(back, accepted - 1)), "r9");
    micic_free(text);
    free(copy);
    micic_corpus_free(back);
    micic_corpus_free(c);
}

/* Before: an unclosed string in record 5 of 10 gave 4 records, a missing
 * comma 5, the rest of the document silently not read. */
static void test_json_array_resync(void **state) {
    (void)state;
    check_damaged_array(1, "unclosed string", 9, 1);
    check_damaged_array(0, "unclosed string", 9, 1);
    check_damaged_array(1, "missing comma", 10, 0);
    check_damaged_array(0, "missing comma", 10, 0);
    check_damaged_array(1, "stray token", 10, 0);
    check_damaged_array(0, "stray token", 10, 0);
}


/* ---- 4. CSV: an unbalanced quote ----------------------------------------------- */

static void check_unbalanced(const char *text, size_t len, const char *how) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    const micic_report *r;
    const micic_diagnostic *d = NULL;
    size_t i;
    o.format = MICIC_FORMAT_CSV;
    if (strcmp(how, "buffer") == 0) {
        assert_int_equal(micic_read_buffer(c, text, len, "q.csv", &o, &err), MICIC_OK);
    } else {
        FILE *f = fopen(TMP "/safety_quote.csv", "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(micic_read_file(c, TMP "/safety_quote.csv", &o, &err), MICIC_OK);
        remove(TMP "/safety_quote.csv");
    }
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_report_rejected(r), 0);
    assert_true(micic_corpus_size(c) >= 4);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE),
                        "Unclosed title");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_COUNTRY),
                        "Libya");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 1), MICIC_FIELD_COUNTRY),
                        "Chad");
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 2), MICIC_FIELD_TITLE), "Third");
    for (i = 0; i < micic_report_size(r); i++)
        if (micic_diagnostic_code(micic_report_get(r, i)) == MICIC_CODE_CSV_SYNTAX)
            d = micic_report_get(r, i);
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_line(d), 2); /* the opening quote */
    assert_int_equal(micic_diagnostic_column(d), 4);
    micic_corpus_free(c);
}

/* Before: the rows after the quote were merged into r1's title (which took
 * r3's country), the diagnostic pointed at 4:4; or, with the quote never
 * closed, the whole rest was one rejected record. */
static void test_csv_unbalanced_quote(void **state) {
    static const char *const texts[] = {
        "id,title,country\nr1,\"Unclosed title,Libya\nr2,Second,Chad\nr3,\"Third\",Mali\n"
        "r4,Four,Chad\n",
        "id,title,country\nr1,\"Unclosed title,Libya\nr2,Second,Chad\nr3,Third,Mali\n"
        "r4,Four,Chad\n"};
    size_t k, i;
    (void)state;
    for (k = 0; k < 2; k++) {
        /* small (read whole) and over 64 KiB (streamed) */
        size_t len = strlen(texts[k]);
        char *big = malloc(len + 200000);
        assert_non_null(big);
        memcpy(big, texts[k], len);
        for (i = 0; i < 5000; i++) len += (size_t)sprintf(big + len, "x%zu,Filler,Chad\n", i);
        check_unbalanced(texts[k], strlen(texts[k]), "buffer");
        check_unbalanced(big, len, "buffer");
        check_unbalanced(big, len, "file");
        free(big);
    }
}


/* ---- 5. micic reads its own CSV ------------------------------------------------ */

/* Records with many extras, written as CSV by micic, are read back with
 * format detection: the header has the 16 field columns, then one column
 * per extra label (here up to 300, with labels long enough for a header
 * over 8 KiB). Before: 17 extras made the header "mostly unknown", the
 * file was read as record text (0 records, or a garbage one). */
static void test_own_csv_with_extras(void **state) {
    static const size_t counts[] = {1, 17, 40, 300};
    size_t k, i;
    (void)state;
    for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        micic_corpus *c = micic_corpus_new(), *back = micic_corpus_new();
        micic_practice *p = micic_practice_new();
        micic_error err;
        char *text = NULL, label[64];
        assert_non_null(p);
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, "own-1", NULL, NULL, 0, 0, &err),
                         MICIC_OK);
        for (i = 0; i < counts[k]; i++) {
            snprintf(label, sizeof label, "An extra column with a long label %zu", i);
            assert_int_equal(micic_practice_add_extra(p, label, "value", &err), MICIC_OK);
        }
        assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
        assert_int_equal(micic_write_buffer(c, MICIC_FORMAT_CSV, NULL, &text, &err), MICIC_OK);
        assert_int_equal(micic_format_detect(text, strlen(text)), MICIC_FORMAT_CSV);
        assert_int_equal(micic_read_buffer(back, text, strlen(text), "own.csv", NULL, &err),
                         MICIC_OK);
        assert_int_equal(micic_corpus_size(back), 1);
        assert_string_equal(micic_practice_id(micic_corpus_get(back, 0)), "own-1");
        assert_int_equal(micic_practice_extra_count(micic_corpus_get(back, 0)), counts[k]);
        micic_free(text);
        micic_corpus_free(back);
        micic_corpus_free(c);
    }
}


/* ---- 7. JSON types said, at the value ------------------------------------------- */

static const micic_diagnostic *find_diag(const micic_report *r, int code, int nth) {
    size_t i;
    for (i = 0; i < micic_report_size(r); i++)
        if (micic_diagnostic_code(micic_report_get(r, i)) == code && nth-- == 0)
            return micic_report_get(r, i);
    return NULL;
}

/* Before: duplicate keys (last wins), "id": 5, null, guideline 99 were all
 * taken without a word, and json-type diagnostics pointed at the record. */
static void test_json_types_said(void **state) {
    const char *text = "{\"id\": \"a\", \"title\": \"x\", \"title\": \"y\"}\n"
                       "{\"id\": 5, \"title\": null, \"guideline\": [3, 99, -1]}\n";
    micic_corpus *c = micic_corpus_new(), *csv = micic_corpus_new();
    micic_report *vr = NULL, *vcsv = NULL;
    micic_error err;
    const micic_report *r;
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_read_buffer(c, text, strlen(text), "t.jsonl", NULL, &err), MICIC_OK);
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_corpus_size(c), 2);
    /* a duplicate key: at the second key */
    d = find_diag(r, MICIC_CODE_JSON_TYPE, 0);
    assert_non_null(d);
    assert_non_null(strstr(micic_diagnostic_message(d), "duplicate key 'title'"));
    assert_int_equal(micic_diagnostic_line(d), 1);
    assert_int_equal(micic_diagnostic_column(d), 27);
    assert_string_equal(micic_practice_first(micic_corpus_get(c, 0), MICIC_FIELD_TITLE), "y");
    /* a number for the id: kept as text, said, at the value */
    d = find_diag(r, MICIC_CODE_JSON_TYPE, 1);
    assert_non_null(d);
    assert_non_null(strstr(micic_diagnostic_message(d), "number"));
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 8);
    assert_string_equal(micic_practice_id(micic_corpus_get(c, 1)), "5");
    /* null: said, at the value */
    d = find_diag(r, MICIC_CODE_JSON_TYPE, 2);
    assert_non_null(d);
    assert_non_null(strstr(micic_diagnostic_message(d), "null"));
    assert_int_equal(micic_diagnostic_column(d), 20);
    /* guideline numbers outside 1..15: the validator's error, as for CSV,
     * at the array item */
    assert_int_equal(micic_validate(c, NULL, &vr, &err), MICIC_OK);
    d = find_diag(vr, MICIC_CODE_GUIDELINE_RANGE, 0);
    assert_non_null(d);
    assert_int_equal(micic_diagnostic_line(d), 2);
    assert_int_equal(micic_diagnostic_column(d), 43);
    assert_non_null(find_diag(vr, MICIC_CODE_GUIDELINE_RANGE, 1));
    assert_int_equal(micic_read_buffer(csv, "id,guideline\nb,3; 99; -1\n", 25, "t.csv", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_validate(csv, NULL, &vcsv, &err), MICIC_OK);
    assert_int_equal(micic_report_count_code(vcsv, MICIC_CODE_GUIDELINE_RANGE),
                     micic_report_count_code(vr, MICIC_CODE_GUIDELINE_RANGE));
    micic_report_free(vr);
    micic_report_free(vcsv);
    micic_corpus_free(csv);
    micic_corpus_free(c);
}


/* ---- 8. a directory: FIFOs and unreadable files skipped, the rest read ------------ */

/* Before: a FIFO in a directory hung the read (fopen blocks), and one
 * unreadable file aborted the whole directory. */
static void test_directory_skips_bad_files(void **state) {
    const char *dir = TMP "/safety_dir";
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    const micic_report *r;
    (void)state;
    mkdir(dir, 0755);
    remove(TMP "/safety_dir/b.jsonl");
    remove(TMP "/safety_dir/c.json");
    put_file(TMP "/safety_dir/a.jsonl", "{\"id\":\"a\"}\n");
    assert_int_equal(mkfifo(TMP "/safety_dir/b.jsonl", 0644), 0);
    assert_int_equal(symlink("does-not-exist.json", TMP "/safety_dir/c.json"), 0);
    put_file(TMP "/safety_dir/d.json", "{\"id\":\"d\"}\n");
    assert_int_equal(micic_read_file(c, dir, NULL, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 2);
    r = micic_corpus_read_report(c);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_FILE_SKIPPED), 2);
    assert_int_equal(micic_report_skipped_files(r), 2);
    assert_true(micic_report_lost(r));
    assert_string_equal(micic_diagnostic_source(find_diag(r, MICIC_CODE_FILE_SKIPPED, 0)),
                        TMP "/safety_dir/b.jsonl");
    remove(TMP "/safety_dir/a.jsonl");
    remove(TMP "/safety_dir/b.jsonl");
    remove(TMP "/safety_dir/c.json");
    remove(TMP "/safety_dir/d.json");
    rmdir(dir);
    micic_corpus_free(c);
}


/* ---- 8. BM25 with a huge k1: finite scores ------------------------------------------ */

/* Before: --k1 1e308 gave inf scores ((k1 + 1) * tf overflows). */
static void test_huge_k1_finite(void **state) {
    micic_corpus *c = make_corpus(20);
    micic_index *ix = NULL;
    micic_results *res = NULL;
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    micic_error err;
    size_t i;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    so.k1 = 1e308;
    assert_int_equal(micic_search(ix, "record", &so, &res, &err), MICIC_OK);
    assert_true(micic_results_size(res) > 0);
    for (i = 0; i < micic_results_size(res); i++) {
        double sc = micic_results_score(res, i);
        assert_true(sc == sc && sc < 1e300 && sc > 0); /* not NaN, not inf */
    }
    micic_results_free(res);
    micic_index_free(ix);
    micic_corpus_free(c);
}


/* ---- 8. extra labels ending in U+200B or U+FEFF survive CSV and long ---------------- */

/* Before: the CSV and long readers trimmed them as white space, so "Lab\u200B"
 * came back as "Lab" and merged with the record's other "Lab". */
static void test_invisible_label_ends(void **state) {
    static const micic_format fmts[] = {MICIC_FORMAT_CSV, MICIC_FORMAT_LONG, MICIC_FORMAT_JSON};
    const char *json = "{\"id\":\"a\",\"extra\":{\"Lab\\u200b\":\"v1\",\"Lab\":\"v2\","
                       "\"X\\ufeff\":\"v3\"}}";
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t k;
    (void)state;
    assert_int_equal(micic_read_buffer(c, json, strlen(json), "j", NULL, &err), MICIC_OK);
    assert_int_equal(micic_practice_extra_count(micic_corpus_get(c, 0)), 3);
    for (k = 0; k < 3; k++) {
        micic_corpus *back = micic_corpus_new();
        micic_read_options ro = MICIC_READ_OPTIONS_INIT;
        const micic_practice *p;
        char *text = NULL;
        assert_int_equal(micic_write_buffer(c, fmts[k], NULL, &text, &err), MICIC_OK);
        ro.format = fmts[k];
        assert_int_equal(micic_read_buffer(back, text, strlen(text), "w", &ro, &err), MICIC_OK);
        p = micic_corpus_get(back, 0);
        assert_int_equal(micic_practice_extra_count(p), 3);
        assert_string_equal(micic_practice_extra_label(p, 0), "Lab\xE2\x80\x8B");
        assert_string_equal(micic_practice_extra_value(p, 0), "v1");
        assert_string_equal(micic_practice_extra_label(p, 1), "Lab");
        assert_string_equal(micic_practice_extra_label(p, 2), "X\xEF\xBB\xBF");
        micic_free(text);
        micic_corpus_free(back);
    }
    micic_corpus_free(c);
}


/* ---- 2. writing record by record: the same bytes, as safe ----------------------- */

static int add_to_writer(const micic_practice *p, void *payload) {
    micic_error err;
    return micic_writer_add((micic_writer *)payload, p, &err) != MICIC_OK;
}

/* micic_writer gives the bytes micic_write_file gives for the same
 * records (streamed from a file), in every format it writes; an aborted
 * writer leaves the old file. Before: there was no way to convert without
 * loading the whole corpus (1M tiny records: 325 MB). */
static void test_writer_matches_corpus_writer(void **state) {
    static const micic_format fmts[] = {MICIC_FORMAT_JSON, MICIC_FORMAT_JSONL,
                                        MICIC_FORMAT_LONG, MICIC_FORMAT_TEXT};
    const char *in = TMP "/safety_w_in.jsonl", *a = TMP "/safety_w_a", *b = TMP "/safety_w_b";
    micic_corpus *c = make_corpus(30);
    micic_error err;
    micic_writer *w = NULL;
    size_t k;
    int pretty;
    (void)state;
    assert_int_equal(micic_write_file(c, in, MICIC_FORMAT_JSONL, NULL, &err), MICIC_OK);
    for (k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        for (pretty = 0; pretty < 2; pretty++) {
            micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
            char *x, *y;
            size_t nx, ny;
            wo.pretty = pretty;
            assert_int_equal(micic_write_file(c, a, fmts[k], &wo, &err), MICIC_OK);
            assert_int_equal(micic_writer_open(b, fmts[k], &wo, &w, &err), MICIC_OK);
            assert_int_equal(micic_stream_file(in, NULL, add_to_writer, w, NULL, &err), MICIC_OK);
            assert_int_equal(micic_writer_close(w, &err), MICIC_OK);
            x = fmt_slurp(a, &nx);
            y = fmt_slurp(b, &ny);
            assert_non_null(x);
            assert_non_null(y);
            assert_int_equal(nx, ny);
            assert_memory_equal(x, y, nx);
            free(x);
            free(y);
        }
    }
    /* CSV is refused (its header needs every record's extras) */
    assert_int_equal(micic_writer_open(b, MICIC_FORMAT_CSV, NULL, &w, &err), MICIC_EFORMAT);
    /* an aborted writer leaves the old content */
    put_file(b, "old\n");
    assert_int_equal(micic_writer_open(b, MICIC_FORMAT_JSONL, NULL, &w, &err), MICIC_OK);
    assert_int_equal(micic_writer_add(w, micic_corpus_get(c, 0), &err), MICIC_OK);
    micic_writer_abort(w);
    {
        char *x = fmt_slurp(b, NULL);
        assert_string_equal(x, "old\n");
        free(x);
    }
    assert_int_equal(temp_files_left(), 0);
    remove(a);
    remove(b);
    remove(in);
    micic_corpus_free(c);
}


/* Found by fuzz_csv on the runaway-quote recovery: the bad UTF-8 bytes of
 * the piece where the quote ended were noted for the row that the recovery
 * ended, so the next row kept them raw. Every value must be UTF-8. */
static void test_csv_runaway_bad_bytes(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    size_t i, f, k, len;
    char *text = fmt_slurp(MICIC_TEST_DATA "/regress/csv_runaway_bad_utf8.csv", &len);
    (void)state;
    assert_non_null(text);
    o.format = MICIC_FORMAT_CSV;
    assert_int_equal(micic_read_buffer(c, text, len, "fuzz", &o, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 2);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        for (f = 0; f < MICIC_FIELD_COUNT; f++)
            for (k = 0; k < micic_practice_count(p, (micic_field)f); k++) {
                const char *v = micic_practice_value(p, (micic_field)f, k);
                /* no byte of a bad sequence left: 0xE3 here */
                assert_null(strchr(v, '\xE3'));
            }
    }
    assert_int_equal(micic_report_count_code(micic_corpus_read_report(c), MICIC_CODE_INVALID_UTF8),
                     1);
    free(text);
    micic_corpus_free(c);
}


/* Found by fuzz_json: an object without keys made the key index call
 * qsort(NULL, 0, ...) (undefined; UBSan in c_safety_asan). */
static void test_json_empty_object(void **state) {
    const char *text = "[{}, {\"id\": \"x\"}, {\"extra\": {}}]";
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    (void)state;
    o.format = MICIC_FORMAT_JSON;
    assert_int_equal(micic_read_buffer(c, text, strlen(text), "e", &o, &err), MICIC_OK);
    assert_int_equal(micic_corpus_size(c), 3);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failed_write_keeps_existing_file),
        cmocka_unit_test(test_device_target_not_removed),
        cmocka_unit_test(test_write_is_atomic_rename),
        cmocka_unit_test(test_long_list_line),
        cmocka_unit_test(test_jsonl_bad_second_line),
        cmocka_unit_test(test_jsonl_long_first_line),
        cmocka_unit_test(test_json_array_resync),
        cmocka_unit_test(test_csv_unbalanced_quote),
        cmocka_unit_test(test_csv_runaway_bad_bytes),
        cmocka_unit_test(test_own_csv_with_extras),
        cmocka_unit_test(test_json_types_said),
        cmocka_unit_test(test_json_empty_object),
        cmocka_unit_test(test_directory_skips_bad_files),
        cmocka_unit_test(test_huge_k1_finite),
        cmocka_unit_test(test_invisible_label_ends),
        cmocka_unit_test(test_writer_matches_corpus_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
