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

#include "micic/micic.h"

#define TMP MICIC_TEST_TMP

/* ---- helpers ---------------------------------------------------------- */

static char *slurp_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *b;
    long n;
    if (!f) return NULL;
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b[n] = '\0';
    if (len) *len = (size_t)n;
    return b;
}

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
    back = slurp_file(path, NULL);
    assert_non_null(back);
    assert_string_equal(back, "id,title\nold,Old content\n");
    free(back);
    assert_int_equal(temp_files_left(), 0);
    remove(path);
    micic_corpus_free(c);
}

/* A character device is written directly and never removed; the error
 * names it and the system error (ENOSPC). */
static void test_device_target_not_removed(void **state) {
    micic_corpus *c = make_corpus(300);
    micic_error err;
    struct stat st;
    int rc;
    (void)state;
    if (stat("/dev/full", &st) != 0) {
        micic_corpus_free(c);
        skip();
    }
    rc = micic_write_file(c, "/dev/full", MICIC_FORMAT_JSON, NULL, &err);
    assert_int_equal(rc, MICIC_EIO);
    assert_non_null(strstr(err.text, "/dev/full"));
    assert_non_null(strstr(err.text, strerror(ENOSPC)));
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    /* and a symbolic link to a device is kept too */
    remove(TMP "/safety_null_link");
    assert_int_equal(symlink("/dev/null", TMP "/safety_null_link"), 0);
    assert_int_equal(micic_write_file(c, TMP "/safety_null_link", MICIC_FORMAT_JSON, NULL, &err),
                     MICIC_OK);
    assert_int_equal(lstat(TMP "/safety_null_link", &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    remove(TMP "/safety_null_link");
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
        char *text = slurp_file(path, NULL);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failed_write_keeps_existing_file),
        cmocka_unit_test(test_device_target_not_removed),
        cmocka_unit_test(test_write_is_atomic_rename),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
