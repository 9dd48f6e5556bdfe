/*
 * Data safety (issue 23, item 3): size limits bound memory while reading,
 * not after. A counting allocator (micic_set_allocator, installed before
 * any other libmicic call) records the peak of live bytes; a cell, JSON
 * element or JSON Lines line 32 times larger than max_record_bytes must be
 * read within twice the limit plus the baseline of a small input, the
 * record rejected with a diagnostic at its start, and the next record read.
 * jansson's allocations are counted too (json_set_alloc_funcs: this test is
 * its own process). Before: libcsv buffered the whole cell (peak ~ the
 * cell), jansson decoded the whole element (~3 x it). ctest label "safety".
 */
#define _POSIX_C_SOURCE 200809L
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

#define TMP MICIC_TEST_TMP
#define LIMIT ((size_t)256 * 1024)
#define BIG (32 * LIMIT)

/* ---- a counting allocator ---------------------------------------------- */

static size_t live, peak;

typedef union hdr {
    size_t n;
    max_align_t align;
} hdr;

static void *count_malloc(size_t n) {
    hdr *h = malloc(sizeof *h + n);
    if (!h) return NULL;
    h->n = n;
    live += n;
    if (live > peak) peak = live;
    return h + 1;
}

static void *count_realloc(void *p, size_t n) {
    hdr *h = (hdr *)p - 1, *g;
    size_t old = h->n;
    g = realloc(h, sizeof *g + n);
    if (!g) return NULL;
    g->n = n;
    live = live - old + n;
    if (live > peak) peak = live;
    return g + 1;
}

static void count_free(void *p) {
    hdr *h = (hdr *)p - 1;
    live -= h->n;
    free(h);
}

/* ---- inputs ---------------------------------------------------------------- */

typedef struct text {
    char *d;
    size_t n;
} text;

/* before + a run of `fill` bytes of 'x' (newline every 100 when lines) + after */
static text make(const char *before, size_t fill, int lines, const char *after) {
    text t;
    size_t i, b = strlen(before), a = strlen(after);
    t.d = malloc(b + fill + a + 1);
    assert_non_null(t.d);
    memcpy(t.d, before, b);
    for (i = 0; i < fill; i++) t.d[b + i] = lines && i % 100 == 99 ? '\n' : 'x';
    memcpy(t.d + b + fill, after, a + 1);
    t.n = b + fill + a;
    return t;
}

/* Read t (as a buffer, or from a file: streamed or mapped) with the limit;
 * returns the peak of live bytes during the read. */
static size_t read_peak(text t, micic_format f, int from_file, size_t *accepted,
                        size_t *rejected, int *diag_line) {
    micic_corpus *c = micic_corpus_new();
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    const micic_report *r;
    size_t before, i, p;
    o.format = f;
    o.max_record_bytes = LIMIT;
    before = live;
    peak = live;
    if (from_file) {
        FILE *fp = fopen(TMP "/safety_mem.in", "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(t.d, 1, t.n, fp), t.n);
        assert_int_equal(fclose(fp), 0);
        assert_int_equal(micic_read_file(c, TMP "/safety_mem.in", &o, &err), MICIC_OK);
        remove(TMP "/safety_mem.in");
    } else {
        assert_int_equal(micic_read_buffer(c, t.d, t.n, "mem", &o, &err), MICIC_OK);
    }
    p = peak - before;
    r = micic_corpus_read_report(c);
    *accepted = micic_corpus_size(c);
    *rejected = micic_report_rejected(r);
    *diag_line = 0;
    for (i = 0; i < micic_report_size(r); i++)
        if (micic_diagnostic_code(micic_report_get(r, i)) == MICIC_CODE_LIMIT) {
            *diag_line = micic_diagnostic_line(micic_report_get(r, i));
            break;
        }
    micic_corpus_free(c);
    return p;
}

static void check(const char *what, text small, text big, micic_format f, int from_file,
                  int big_line) {
    size_t acc, rej, base, p;
    int line;
    base = read_peak(small, f, from_file, &acc, &rej, &line);
    p = read_peak(big, f, from_file, &acc, &rej, &line);
    printf("%-28s baseline %8zu bytes, %u x limit input: peak %8zu bytes (limit %zu)\n", what,
           base, (unsigned)(BIG / LIMIT), p, LIMIT);
    assert_true(p <= base + 2 * LIMIT);
    assert_int_equal(rej, 1);
    assert_int_equal(acc, 2);
    assert_int_equal(line, big_line); /* at the record's start */
    free(small.d);
    free(big.d);
}

static void test_csv_big_cell(void **state) {
    const char *head = "id,title,description\nr1,T,ok\nr2,T,\"";
    const char *tail = "\"\nr3,T,ok\n";
    int f;
    (void)state;
    for (f = 0; f < 2; f++)
        check(f ? "CSV quoted cell (file)" : "CSV quoted cell (buffer)", make(head, 100, 1, tail),
              make(head, BIG, 1, tail), MICIC_FORMAT_CSV, f, 3);
}

static void test_json_big_element(void **state) {
    const char *head = "[{\"id\":\"r1\"},\n{\"id\":\"r2\",\"description\":\"";
    const char *tail = "\"},\n{\"id\":\"r3\"}]\n";
    int f;
    (void)state;
    for (f = 0; f < 2; f++)
        check(f ? "JSON element (file, mapped)" : "JSON element (buffer)",
              make(head, 100, 0, tail), make(head, BIG, 0, tail), MICIC_FORMAT_JSON, f, 2);
}

static void test_jsonl_big_line(void **state) {
    const char *head = "{\"id\":\"r1\"}\n{\"id\":\"r2\",\"description\":\"";
    const char *tail = "\"}\n{\"id\":\"r3\"}\n";
    int f;
    (void)state;
    for (f = 0; f < 2; f++)
        check(f ? "JSON Lines line (file)" : "JSON Lines line (buffer)", make(head, 100, 0, tail),
              make(head, BIG, 0, tail), MICIC_FORMAT_JSONL, f, 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_big_cell),
        cmocka_unit_test(test_json_big_element),
        cmocka_unit_test(test_jsonl_big_line),
    };
    if (micic_set_allocator(count_malloc, count_realloc, count_free) != MICIC_OK) return 1;
    json_set_alloc_funcs(count_malloc, count_free); /* jansson's trees count too */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
