/* The real-data regression set (tests/data/real/, see its README.md): every
 * NN_slug.txt reproduces the layout of a real MICIC Repository page, and
 * NN_slug.json says what a reader must get from it. Each fixture is read
 * with micic_read_file() (format detected as for any user file) and
 * compared record by record and field by field; the pages marked
 * "correct" must then read and validate without an error or a warning. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "micic/micic.h"

#define REAL_DIR MICIC_TEST_DATA "/real"

/* s with every run of white space (line breaks included) made one space
 * and the ends trimmed, into buf. Descriptions are compared this way: the
 * words and their order must be exact; how lines were joined is the
 * subject of test_read_text.c. */
static const char *squeeze(const char *s, char *buf, size_t cap) {
    size_t j = 0;
    int space = 0;
    for (; *s && j + 1 < cap; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = j > 0;
            continue;
        }
        if (space && j + 2 < cap) buf[j++] = ' ';
        space = 0;
        buf[j++] = *s;
    }
    buf[j] = '\0';
    return buf;
}

/* Number of differences found in one fixture (printed as they are found). */
static int compare_values(const char *fixture, size_t rec, micic_field f,
                          const micic_practice *p, json_t *want) {
    size_t i, n = micic_practice_count(p, f), wn;
    int bad = 0;
    const char *name = micic_field_name(f);
    if (json_is_string(want)) {
        static char wb[65536], gb[65536];
        const char *w = json_string_value(want);
        const char *got = n ? micic_practice_value(p, f, 0) : "";
        if (f == MICIC_FIELD_DESCRIPTION) {
            w = squeeze(w, wb, sizeof wb);
            got = squeeze(got, gb, sizeof gb);
        }
        if (strcmp(w, got) != 0 || n > 1) {
            print_message("%s: record %zu: %s\n  want: '%s'\n  got:  '%s'%s\n", fixture, rec,
                          name, w, got, n > 1 ? " (and more values)" : "");
            bad++;
        }
        return bad;
    }
    assert_true(json_is_array(want));
    wn = json_array_size(want);
    for (i = 0; i < wn || i < n; i++) {
        const char *w = i < wn ? json_string_value(json_array_get(want, i)) : "(none)";
        const char *got = i < n ? micic_practice_value(p, f, i) : "(none)";
        if (!w || strcmp(w, got) != 0) {
            print_message("%s: record %zu: %s[%zu]\n  want: '%s'\n  got:  '%s'\n", fixture, rec,
                          name, i, w ? w : "(not a string)", got);
            bad++;
        }
    }
    return bad;
}

/* 1 when the fixture's "allow" list names the code of d: a diagnostic that
 * is true of the copy (e.g. 'missing-field' for a copy cut off before its
 * guideline block, or a listing that shows no crisis phase). */
static int allowed(json_t *allow, const micic_diagnostic *d) {
    size_t i;
    for (i = 0; i < json_array_size(allow); i++) {
        const char *code = json_string_value(json_array_get(allow, i));
        if (code && strcmp(code, micic_diagnostic_code_name(d)) == 0) return 1;
    }
    return 0;
}

/* Diagnostics of severity warning or error in r that the fixture does not
 * allow, printed; their count. */
static size_t loud(const char *fixture, const char *what, const micic_report *r, json_t *allow) {
    size_t i, count = 0;
    for (i = 0; i < micic_report_size(r); i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        if (micic_diagnostic_severity(d) == MICIC_SEVERITY_INFO || allowed(allow, d)) continue;
        print_message("%s: %s: %d:%d %s [%s] %s\n", fixture, what, micic_diagnostic_line(d),
                      micic_diagnostic_column(d),
                      micic_severity_name(micic_diagnostic_severity(d)),
                      micic_diagnostic_code_name(d), micic_diagnostic_message(d));
        count++;
    }
    return count;
}

/* Differences between fixture `base` (path without extension) and its
 * expectation. */
static int check_fixture(const char *dir, const char *base) {
    char txt[1024], js[1024];
    json_error_t jerr;
    json_t *root, *records;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t r, nrec;
    int bad = 0, correct;
    snprintf(txt, sizeof txt, "%s/%s.txt", dir, base);
    snprintf(js, sizeof js, "%s/%s.json", dir, base);
    root = json_load_file(js, 0, &jerr);
    if (!root) fail_msg("%s: %s", js, jerr.text);
    assert_non_null(json_string_value(json_object_get(root, "url")));
    records = json_object_get(root, "records");
    assert_true(json_is_array(records));
    correct = json_is_true(json_object_get(root, "correct"));
    assert_non_null(c);
    assert_int_equal(micic_read_file(c, txt, NULL, &err), MICIC_OK);
    nrec = json_array_size(records);
    if (nrec == 0) { /* a page without a practice record: said as an error */
        const micic_report *rr = micic_corpus_read_report(c);
        if (micic_corpus_size(c) != 0 || micic_report_count_code(rr, MICIC_CODE_EMPTY_INPUT) != 1) {
            print_message("%s: want no record and one empty-input, got %zu records\n", base,
                          micic_corpus_size(c));
            bad++;
        }
        micic_corpus_free(c);
        json_decref(root);
        return bad;
    }
    if (micic_corpus_size(c) != nrec) {
        print_message("%s: want %zu records, got %zu\n", base, nrec, micic_corpus_size(c));
        bad++;
    }
    for (r = 0; r < nrec && r < micic_corpus_size(c); r++) {
        json_t *want = json_array_get(records, r), *v;
        const char *key;
        const micic_practice *p = micic_corpus_get(c, r);
        json_object_foreach(want, key, v) {
            micic_field f;
            if (micic_field_from_name(key, &f) != MICIC_OK) fail_msg("%s: unknown key %s", base, key);
            bad += compare_values(base, r, f, p, v);
        }
    }
    if (correct) { /* a correct page reads and validates without a warning */
        micic_report *vr = NULL;
        json_t *allow = json_object_get(root, "allow");
        size_t n = loud(base, "read", micic_corpus_read_report(c), allow);
        assert_int_equal(micic_validate(c, NULL, &vr, &err), MICIC_OK);
        n += loud(base, "validate", vr, allow);
        micic_report_free(vr);
        bad += (int)n;
    }
    micic_corpus_free(c);
    json_decref(root);
    return bad;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_real_pages(void **state) {
    DIR *d = opendir(REAL_DIR);
    struct dirent *e;
    char *names[256];
    size_t n = 0, i, failing = 0;
    (void)state;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 && n < 256) {
            names[n] = malloc(len - 4);
            assert_non_null(names[n]);
            memcpy(names[n], e->d_name, len - 5);
            names[n][len - 5] = '\0';
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    assert_true(n >= 30);
    for (i = 0; i < n; i++) {
        if (check_fixture(REAL_DIR, names[i]) != 0) failing++;
        free(names[i]);
    }
    if (failing) fail_msg("%zu of %zu real-page fixtures differ (details above)", failing, n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
