/* Progress callbacks of long calls: micic_validate_with_progress() and
 * micic_index_build_with_progress() on a corpus made of the seeds repeated
 * past 2048 records (so the callback runs several times), and cancelling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

/* What a callback saw. */
typedef struct seen {
    size_t calls;
    size_t last_done, last_total;
    int monotonic;     /* done never went down */
    size_t cancel_at;  /* return non-zero at this call (1-based); 0 = never */
} seen;

static int record_cb(size_t done, size_t total, void *payload) {
    seen *s = payload;
    if (s->calls > 0 && done < s->last_done) s->monotonic = 0;
    s->calls++;
    s->last_done = done;
    s->last_total = total;
    return s->cancel_at && s->calls == s->cancel_at;
}

static void seen_init(seen *s, size_t cancel_at) {
    memset(s, 0, sizeof *s);
    s->monotonic = 1;
    s->cancel_at = cancel_at;
}

/* The seeds, repeated until the corpus has more than 2048 records. */
static int setup_big(void **state) {
    micic_corpus *seeds = micic_corpus_new(), *big = micic_corpus_new();
    micic_error err;
    assert_non_null(seeds);
    assert_non_null(big);
    assert_int_equal(micic_read_file(seeds, MICIC_SEEDS_DIR, NULL, &err), MICIC_OK);
    assert_true(micic_corpus_size(seeds) > 10);
    while (micic_corpus_size(big) <= 2048)
        assert_int_equal(micic_corpus_extend(big, seeds, &err), MICIC_OK);
    micic_corpus_free(seeds);
    *state = big;
    return 0;
}

static int teardown_big(void **state) {
    micic_corpus_free(*state);
    return 0;
}

/* Calls expected for n records: every 1024 and once at the end. */
static size_t expected_calls(size_t n) { return n / 1024 + (n % 1024 ? 1 : 0); }

static void test_validate_progress(void **state) {
    const micic_corpus *c = *state;
    size_t n = micic_corpus_size(c);
    micic_report *with = NULL, *without = NULL;
    micic_error err;
    seen s;
    seen_init(&s, 0);
    assert_int_equal(micic_validate_with_progress(c, NULL, record_cb, &s, &with, &err), MICIC_OK);
    assert_int_equal(micic_validate(c, NULL, &without, &err), MICIC_OK);
    assert_int_equal(s.calls, expected_calls(n));
    assert_true(s.calls >= 3);
    assert_true(s.monotonic);
    assert_int_equal(s.last_done, n);
    assert_int_equal(s.last_total, n);
    /* the callback changes nothing in the result */
    assert_int_equal(micic_report_size(with), micic_report_size(without));
    assert_int_equal(micic_report_count(with, MICIC_SEVERITY_ERROR),
                     micic_report_count(without, MICIC_SEVERITY_ERROR));
    assert_int_equal(micic_report_count(with, MICIC_SEVERITY_WARNING),
                     micic_report_count(without, MICIC_SEVERITY_WARNING));
    /* the repeated seeds are duplicates of each other */
    assert_true(micic_report_count_code(with, micic_code_from_name("duplicate-record")) > 0);
    micic_report_free(with);
    micic_report_free(without);
}

static void test_validate_progress_null_callback(void **state) {
    const micic_corpus *c = *state;
    micic_report *r = NULL;
    micic_error err;
    assert_int_equal(micic_validate_with_progress(c, NULL, NULL, NULL, &r, &err), MICIC_OK);
    assert_non_null(r);
    assert_true(micic_report_size(r) > 0);
    micic_report_free(r);
}

static void test_validate_progress_cancel(void **state) {
    const micic_corpus *c = *state;
    micic_report *r = (micic_report *)&r; /* must be reset to NULL */
    micic_error err;
    seen s;
    seen_init(&s, 2);
    assert_int_equal(micic_validate_with_progress(c, NULL, record_cb, &s, &r, &err),
                     MICIC_ECANCELLED);
    assert_null(r);
    assert_int_equal(err.code, MICIC_ECANCELLED);
    assert_int_equal(s.calls, 2); /* stopped at once */
    assert_int_equal(s.last_done, 2048);
}

static void test_validate_progress_empty(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_report *r = NULL;
    seen s;
    (void)state;
    seen_init(&s, 1);
    assert_int_equal(micic_validate_with_progress(c, NULL, record_cb, &s, &r, NULL), MICIC_OK);
    assert_int_equal(s.calls, 0);
    assert_int_equal(micic_report_size(r), 0);
    micic_report_free(r);
    micic_corpus_free(c);
    /* invalid arguments are still refused */
    assert_int_equal(micic_validate_with_progress(NULL, NULL, record_cb, &s, &r, NULL),
                     MICIC_EINVAL);
}

static void test_index_progress(void **state) {
    const micic_corpus *c = *state;
    size_t n = micic_corpus_size(c);
    micic_index *with = NULL, *without = NULL;
    micic_results *a = NULL, *b = NULL;
    micic_error err;
    size_t i;
    seen s;
    seen_init(&s, 0);
    assert_int_equal(micic_index_build_with_progress(c, record_cb, &s, &with, &err), MICIC_OK);
    assert_int_equal(micic_index_build(c, &without, &err), MICIC_OK);
    assert_int_equal(s.calls, expected_calls(n));
    assert_true(s.monotonic);
    assert_int_equal(s.last_done, n);
    assert_int_equal(s.last_total, n);
    /* same index: same ranked results */
    assert_int_equal(micic_search(with, "evacuation migrants", NULL, &a, &err), MICIC_OK);
    assert_int_equal(micic_search(without, "evacuation migrants", NULL, &b, &err), MICIC_OK);
    assert_true(micic_results_total(a) > 0);
    assert_int_equal(micic_results_total(a), micic_results_total(b));
    assert_int_equal(micic_results_size(a), micic_results_size(b));
    for (i = 0; i < micic_results_size(a); i++) {
        assert_int_equal(micic_results_record(a, i), micic_results_record(b, i));
        assert_true(micic_results_score(a, i) == micic_results_score(b, i));
    }
    micic_results_free(a);
    micic_results_free(b);
    micic_index_free(with);
    micic_index_free(without);
}

static void test_index_progress_cancel(void **state) {
    const micic_corpus *c = *state;
    micic_index *ix = (micic_index *)&ix; /* must be reset to NULL */
    micic_error err;
    seen s;
    seen_init(&s, 1);
    assert_int_equal(micic_index_build_with_progress(c, record_cb, &s, &ix, &err),
                     MICIC_ECANCELLED);
    assert_null(ix);
    assert_int_equal(err.code, MICIC_ECANCELLED);
    assert_int_equal(s.calls, 1);
    assert_int_equal(s.last_done, 1024);
    /* NULL callback: the plain build */
    assert_int_equal(micic_index_build_with_progress(c, NULL, NULL, &ix, &err), MICIC_OK);
    assert_non_null(ix);
    micic_index_free(ix);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_progress),
        cmocka_unit_test(test_validate_progress_null_callback),
        cmocka_unit_test(test_validate_progress_cancel),
        cmocka_unit_test(test_validate_progress_empty),
        cmocka_unit_test(test_index_progress),
        cmocka_unit_test(test_index_progress_cancel),
    };
    return cmocka_run_group_tests(tests, setup_big, teardown_big);
}
