/* Status codes, error struct, versions, buffers and string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "micic/micic.h"

static void test_version(void **state) {
    char expect[32];
    (void)state;
    assert_int_equal(micic_version_number(), MICIC_VERSION_NUMBER);
    assert_string_equal(micic_version(), MICIC_VERSION_STRING);
    snprintf(expect, sizeof expect, "%d.%d.%d", MICIC_VERSION_MAJOR, MICIC_VERSION_MINOR,
             MICIC_VERSION_PATCH);
    assert_string_equal(micic_version(), expect);
    assert_true(MICIC_VERSION_CHECK(0, 0, 1));
    assert_false(MICIC_VERSION_CHECK(99, 0, 0));
}

static void test_strerror(void **state) {
    (void)state;
    assert_string_equal(micic_strerror(MICIC_OK), "success");
    assert_string_equal(micic_strerror(MICIC_ENOMEM), "out of memory");
    assert_string_equal(micic_strerror(MICIC_EIO), "input/output error");
    assert_string_equal(micic_strerror(12345), "unknown error");
    assert_non_null(micic_strerror(MICIC_ITEROVER));
}

static void test_error_fill(void **state) {
    micic_error err;
    char longname[300];
    (void)state;
    micic_error_clear(&err);
    assert_int_equal(err.code, 0);
    assert_int_equal(err.position, -1);
    assert_string_equal(err.text, "");
    assert_int_equal(micic__error_at(&err, MICIC_EPARSE, "file.csv", 3, 7, 42, "bad %s", "row"),
                     MICIC_EPARSE);
    assert_int_equal(err.code, MICIC_EPARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 7);
    assert_int_equal(err.position, 42);
    assert_string_equal(err.source, "file.csv");
    assert_string_equal(err.text, "bad row");
    /* a source longer than the field is cut, NUL-terminated */
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    micic__error_at(&err, MICIC_EIO, longname, 0, 0, -1, NULL);
    assert_int_equal(strlen(err.source), MICIC_ERROR_SOURCE_LENGTH - 1);
    assert_string_equal(err.text, "input/output error");
    /* NULL err is accepted */
    assert_int_equal(micic__error(NULL, MICIC_EINVAL, "x"), MICIC_EINVAL);
    micic_error_clear(NULL);
}

static void test_copy_text_utf8(void **state) {
    char small[5];
    (void)state;
    /* "ab" + U+00E9 (2 bytes) + U+2019 (3 bytes): cut must not split U+2019 */
    micic__copy_text(small, sizeof small, "ab\xc3\xa9\xe2\x80\x99");
    assert_string_equal(small, "ab\xc3\xa9");
}

static void test_buf(void **state) {
    micic_buf b = MICIC_BUF_INIT;
    char *s;
    int i;
    (void)state;
    assert_string_equal(micic_buf_cstr(&b), "");
    for (i = 0; i < 1000; i++) assert_int_equal(micic_buf_printf(&b, "%d,", i), MICIC_OK);
    assert_int_equal(strncmp(micic_buf_cstr(&b), "0,1,2,", 6), 0);
    s = micic_buf_detach(&b);
    assert_non_null(s);
    assert_int_equal(b.len, 0);
    micic_free(s);
    micic_buf_free(&b);
    micic_free(NULL);
}

static void test_trim_and_utf8(void **state) {
    size_t n;
    const char *t;
    (void)state;
    t = micic__trim("  \xc2\xa0hello world\t\n", strlen("  \xc2\xa0hello world\t\n"), &n);
    assert_int_equal(n, 11);
    assert_memory_equal(t, "hello world", 11);
    t = micic__trim("   ", 3, &n);
    assert_int_equal(n, 0);
    assert_true(micic__utf8_valid("Côte d’Ivoire", strlen("Côte d’Ivoire")));
    assert_false(micic__utf8_valid("\xc3\x28", 2));
    assert_false(micic__utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    assert_false(micic__utf8_valid("\xc0\xaf", 2));     /* overlong */
    assert_int_equal(micic__utf8_chars("Côte", strlen("Côte")), 4);
}

static void test_edit_distance(void **state) {
    (void)state;
    assert_int_equal(micic__edit_distance("Phillipines", "Philippines", 5), 2);
    assert_int_equal(micic__edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(micic__edit_distance("", "abc", 5), 3);
    assert_int_equal(micic__edit_distance("Côte", "Cote", 5), 1);
    assert_int_equal(micic__edit_distance("abcdefgh", "zzzzzzzz", 2), 3); /* capped */
    assert_int_equal(micic__strcasecmp("Global", "gLOBAL"), 0);
    assert_true(micic__strncasecmp("GUIDELINE 3", "guideline", 9) == 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),      cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_error_fill),   cmocka_unit_test(test_copy_text_utf8),
        cmocka_unit_test(test_buf),          cmocka_unit_test(test_trim_and_utf8),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
