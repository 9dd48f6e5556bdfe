/* Text folding (lib/fold.c): micic_fold, the allocation-free fold/key helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fold.h"
#include "internal.h"
#include "micic/micic.h"

/* micic_fold into a static-size result for comparisons. */
static void fold_eq(const char *in, const char *expect) {
    char *out = NULL;
    char buf[MICIC_FOLD_STACK];
    size_t len = 99;
    assert_int_equal(micic_fold(in, &out), MICIC_OK);
    assert_non_null(out);
    assert_string_equal(out, expect);
    micic_free(out);
    /* the caller-buffer variant gives the same text */
    assert_int_equal(micic__fold_into(in, strlen(in), buf, sizeof buf, &len), MICIC_OK);
    assert_string_equal(buf, expect);
    assert_int_equal(len, strlen(expect));
}

static void test_fold_basic(void **state) {
    (void)state;
    fold_eq("Natural Disaster", "natural disaster");
    fold_eq("  Host   State \t\n", "host state");
    fold_eq("", "");
    fold_eq("   ", "");
    /* accents stripped, NFKC, case folding by utf8proc (not ASCII only) */
    fold_eq("C\xc3\xb4te d\xe2\x80\x99Ivoire", "cote d'ivoire");
    fold_eq("\xc3\x85LAND", "aland");
    fold_eq("T\xc3\x9cRK\xc4\xb0YE", "turkiye");          /* TÜRKİYE */
    fold_eq("Stra\xc3\x9f" "e", "strasse");                /* ß case-folds to ss */
    fold_eq("\xef\xbc\xa5\xef\xbc\xa7\xef\xbc\xb9", "egy"); /* fullwidth ＥＧＹ (NFKC) */
    fold_eq("\xef\xac\x81nance", "finance");              /* ﬁ ligature */
    fold_eq("e\xcc\x81" "cole", "ecole");                 /* decomposed é */
    /* quotes and dashes */
    fold_eq("\xe2\x80\x9cX\xe2\x80\x9d \xe2\x80\x98y\xe2\x80\x99", "\"x\" 'y'");
    fold_eq("Post\xe2\x80\x93" "crisis \xe2\x80\x94 action", "post-crisis - action");
    fold_eq("a\xe2\x80\x90" "b\xe2\x88\x92" "c", "a-b-c"); /* hyphen, minus sign */
    /* white space: NBSP, ideographic space, line separator collapse */
    fold_eq("a\xc2\xa0\xc2\xa0" "b\xe3\x80\x80" "c\xe2\x80\xa8" "d", "a b c d");
    /* ellipsis becomes three dots (NFKC); soft hyphen and ZWSP disappear */
    fold_eq("help\xe2\x80\xa6", "help...");
    fold_eq("mi\xc2\xad" "grants\xe2\x80\x8b", "migrants");
    /* control characters are dropped */
    fold_eq("a\x01" "b", "ab");
}

static void test_fold_cote_divoire(void **state) {
    char *a = NULL, *b = NULL;
    (void)state;
    assert_int_equal(micic_fold("C\xc3\xb4te d\xe2\x80\x99Ivoire", &a), MICIC_OK);
    assert_int_equal(micic_fold("cote d'ivoire", &b), MICIC_OK);
    assert_string_equal(a, b);
    micic_free(a);
    micic_free(b);
}

static void test_fold_invalid(void **state) {
    char *out = (char *)"sentinel";
    char buf[64];
    (void)state;
    assert_int_equal(micic_fold("abc\xff", &out), MICIC_EUTF8);
    assert_null(out);
    assert_int_equal(micic_fold("\xc3", &out), MICIC_EUTF8);             /* truncated */
    assert_int_equal(micic_fold("\xc0\xaf", &out), MICIC_EUTF8);         /* overlong */
    assert_int_equal(micic_fold("\xed\xa0\x80", &out), MICIC_EUTF8);     /* surrogate */
    assert_int_equal(micic__fold_into("x\xff", 2, buf, sizeof buf, NULL), MICIC_EUTF8);
    assert_int_equal(micic__key_into("\xe2\x80", 2, buf, sizeof buf, NULL), MICIC_EUTF8);
    assert_int_equal(micic_fold(NULL, &out), MICIC_EINVAL);
    assert_int_equal(micic_fold("x", NULL), MICIC_EINVAL);
}

static void test_fold_limits(void **state) {
    char small[4], *key = NULL, stack[8];
    char longtext[3000];
    size_t len = 0, i;
    (void)state;
    assert_int_equal(micic__fold_into("abcd", 4, small, sizeof small, &len), MICIC_ELIMIT);
    assert_int_equal(len, 0);
    assert_int_equal(micic__fold_into("abc", 3, small, sizeof small, &len), MICIC_OK);
    assert_string_equal(small, "abc");
    /* non-ASCII text longer than the internal code point stack buffer */
    for (i = 0; i + 2 < sizeof longtext; i += 2) {
        longtext[i] = '\xc3';
        longtext[i + 1] = '\x89'; /* É */
    }
    longtext[i] = '\0';
    assert_int_equal(micic__key(longtext, strlen(longtext), stack, sizeof stack, &key, &len),
                     MICIC_OK);
    assert_true(key != stack);
    assert_int_equal(len, strlen(longtext) / 2);
    for (i = 0; i < len; i++) assert_int_equal(key[i], 'e');
    micic__free(key);
    /* NFKC expansion beyond 4x (U+FDFA is 18 code points) still folds */
    {
        char big[200];
        size_t k;
        char one[MICIC_FOLD_STACK];
        size_t one_len = 0;
        for (k = 0; k + 3 < sizeof big; k += 3) memcpy(big + k, "\xef\xb7\xba", 3);
        big[k] = '\0';
        assert_int_equal(micic__key(big, strlen(big), stack, sizeof stack, &key, &len), MICIC_OK);
        assert_true(len > strlen(big) * 4);
        /* the long key is the one-ligature fold, repeated */
        assert_int_equal(micic__fold_into("\xef\xb7\xba", 3, one, sizeof one, &one_len), MICIC_OK);
        assert_true(one_len > 20);
        assert_memory_equal(key, one, one_len);
        assert_memory_equal(key + one_len, one, one_len);
        assert_int_equal(len, one_len * (strlen(big) / 3));
        micic__free(key);
    }
    /* short text stays in the caller's buffer */
    assert_int_equal(micic__key("Ab", 2, stack, sizeof stack, &key, &len), MICIC_OK);
    assert_ptr_equal(key, stack);
    assert_string_equal(key, "ab");
}

static void key_eq(const char *in, const char *expect) {
    char buf[MICIC_FOLD_STACK];
    size_t len = 0;
    assert_int_equal(micic__key_into(in, strlen(in), buf, sizeof buf, &len), MICIC_OK);
    assert_string_equal(buf, expect);
    assert_int_equal(len, strlen(expect));
}

static void test_key_rules(void **state) {
    (void)state;
    key_eq("Post-crisis", "post crisis");
    key_eq("post crisis", "post crisis");
    key_eq("Post \xe2\x80\x93 Crisis", "post crisis");
    key_eq("rejected_asylum-seekers.", "rejected asylum seekers");
    key_eq("  \xe2\x80\xa2 Conflict;  ", "conflict");
    key_eq("\"Host State\"", "host state");
    key_eq("Cote d'Ivoire", "cote d'ivoire");
    key_eq("I: PRE-CRISIS PHASE:", "i: pre crisis phase");
    key_eq("...", "");
    assert_true(micic__key_equal("Natural\xc2\xa0" "Disasters", "natural-disasters"));
    assert_false(micic__key_equal("Natural Disasters", "Natural Disaster"));
    assert_false(micic__key_equal(NULL, "x"));
}

/* The ASCII fast path of micic__fold_into must agree with utf8proc
 * (micic_fold always goes through utf8proc_decompose) on every ASCII byte. */
static void test_ascii_path_matches_utf8proc(void **state) {
    char all[300], buf[400];
    char *viaproc = NULL;
    int c, k = 0;
    (void)state;
    for (c = 1; c < 128; c++) {
        all[k++] = (char)c;
        all[k++] = 'x';
    }
    all[k] = '\0';
    assert_int_equal(micic_fold(all, &viaproc), MICIC_OK);
    assert_int_equal(micic__fold_into(all, strlen(all), buf, sizeof buf, NULL), MICIC_OK);
    assert_string_equal(buf, viaproc);
    micic_free(viaproc);
}

/* Every catalogue string folds identically on both paths. */
static void test_catalogue_strings_both_paths(void **state) {
    size_t i, j;
    int v;
    (void)state;
    for (v = 0; v < MICIC_VOCAB_COUNT; v++) {
        for (i = 0; i < micic_vocab_size((micic_vocab)v); i++) {
            for (j = 0; j <= micic_vocab_synonym_count((micic_vocab)v, i); j++) {
                const char *s = j == 0 ? micic_vocab_label((micic_vocab)v, i)
                                       : micic_vocab_synonym((micic_vocab)v, i, j - 1);
                char *a = NULL, buf[MICIC_FOLD_STACK];
                assert_int_equal(micic_fold(s, &a), MICIC_OK);
                assert_int_equal(micic__fold_into(s, strlen(s), buf, sizeof buf, NULL), MICIC_OK);
                assert_string_equal(a, buf);
                micic_free(a);
            }
        }
    }
    for (i = 0; i < micic_country_count(); i++) {
        const micic_country *c = micic_country_at(i);
        const char *names[2];
        names[0] = micic_country_name(c);
        names[1] = micic_country_official_name(c);
        for (j = 0; j < 2; j++) {
            char *a = NULL, buf[MICIC_FOLD_STACK];
            assert_int_equal(micic_fold(names[j], &a), MICIC_OK);
            assert_int_equal(micic__fold_into(names[j], strlen(names[j]), buf, sizeof buf, NULL),
                             MICIC_OK);
            assert_string_equal(a, buf);
            micic_free(a);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_basic),
        cmocka_unit_test(test_fold_cote_divoire),
        cmocka_unit_test(test_fold_invalid),
        cmocka_unit_test(test_fold_limits),
        cmocka_unit_test(test_key_rules),
        cmocka_unit_test(test_ascii_path_matches_utf8proc),
        cmocka_unit_test(test_catalogue_strings_both_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
