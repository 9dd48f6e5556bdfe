/*
 * Round trips between the structured formats:
 * CSV -> JSON -> JSONL -> long -> CSV keeps every record equal
 * (micic_practice_equal) for generated records with quotes, commas,
 * semicolons, backslashes, LF, CRLF, tabs and non-ASCII text in every field,
 * plus extras; the same through the public micic_write_buffer() /
 * micic_read_buffer() / micic_stream_file() API, with explicit and detected
 * formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fmt_test_util.h"

#define DATA(name) MICIC_TEST_DATA "/" name

/* c_<name> and c_<name>_asan run at the same time (ctest -j): their
 * temporary files must not be the same */
#if defined(__SANITIZE_ADDRESS__)
#define TMP_TAG "-asan"
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TMP_TAG "-asan"
#endif
#endif
#ifndef TMP_TAG
#define TMP_TAG ""
#endif

/* One step: write c with w, read it back with r, compare with ref. */
static micic_corpus *step(const micic_corpus *c, const micic_corpus *ref, fmt_writer w,
                          fmt_reader r, const micic_write_options *o, const char *stage,
                          char **text_out) {
    size_t len;
    char *text = fmt_write_str(w, c, o, &len);
    micic_corpus *back = fmt_read_str(r, text, len, stage, NULL);
    const micic_report *rep = micic_corpus_read_report(back);
    size_t i;
    fmt_expect_equal(ref, back, stage);
    assert_int_equal(micic_report_rejected(rep), 0);
    assert_int_equal(micic_report_records_in(rep), micic_corpus_size(ref));
    /* the only diagnostics are the unknown extra labels */
    for (i = 0; i < micic_report_size(rep); i++)
        assert_int_equal(micic_diagnostic_code(micic_report_get(rep, i)),
                         MICIC_CODE_UNKNOWN_LABEL);
    if (text_out) *text_out = text;
    else free(text);
    return back;
}

static void chain(const micic_corpus *c0) {
    micic_write_options compact = MICIC_WRITE_OPTIONS_INIT;
    char *csv1, *csv2;
    micic_corpus *c1, *c2, *c3, *c4, *c5, *c6;
    compact.pretty = 0;
    c1 = step(c0, c0, micic__write_csv, micic__read_csv, NULL, "csv", &csv1);
    c2 = step(c1, c0, micic__write_json, micic__read_json, NULL, "csv->json", NULL);
    c3 = step(c2, c0, micic__write_json, micic__read_json, &compact, "json->compact json", NULL);
    c4 = step(c3, c0, micic__write_jsonl, micic__read_jsonl, NULL, "json->jsonl", NULL);
    c5 = step(c4, c0, micic__write_long, micic__read_long, NULL, "jsonl->long", NULL);
    c6 = step(c5, c0, micic__write_csv, micic__read_csv, NULL, "long->csv", &csv2);
    /* and the CSV text itself is stable */
    assert_string_equal(csv1, csv2);
    free(csv1);
    free(csv2);
    micic_corpus_free(c1);
    micic_corpus_free(c2);
    micic_corpus_free(c3);
    micic_corpus_free(c4);
    micic_corpus_free(c5);
    micic_corpus_free(c6);
}

static void test_roundtrip_generated(void **state) {
    micic_corpus *c0 = fmt_make_nasty_corpus(60);
    size_t f;
    (void)state;
    /* sanity: the generator really puts the awkward characters everywhere */
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        int seen_cr = 0, seen_semi = 0, seen_bs = 0, seen_nonascii = 0, seen_quote = 0;
        size_t k;
        for (k = 0; k < micic_corpus_size(c0); k++) {
            const char *v = micic_practice_first(micic_corpus_get(c0, k), (micic_field)f);
            seen_cr |= strstr(v, "\r\n") != NULL;
            seen_semi |= strchr(v, ';') != NULL;
            seen_bs |= strchr(v, '\\') != NULL;
            seen_quote |= strchr(v, '"') != NULL;
            seen_nonascii |= strstr(v, "\xE6\x9D\xB1") != NULL;
        }
        assert_true(seen_cr && seen_semi && seen_bs && seen_nonascii && seen_quote);
    }
    chain(c0);
    micic_corpus_free(c0);
}

static void test_roundtrip_seeds(void **state) {
    size_t len;
    char *text = fmt_slurp(DATA("csv_seeds.csv"), &len);
    micic_corpus *c0 = fmt_read_str(micic__read_csv, text, len, "seeds.csv", NULL);
    (void)state;
    assert_int_equal(micic_corpus_size(c0), 2);
    chain(c0);
    micic_corpus_free(c0);
    free(text);
}


/* Hand-typed values: every reader canonicalizes them the same way (the
 * original kept), so the chain through all formats keeps the canonical
 * values, and JSON with originals keeps the originals too. */
static void test_roundtrip_canonical(void **state) {
    static const char text[] =
        "id,crisis,country,phase,guideline,stakeholder_type\n"
        "r1,\"natural disaster; conflict\",cote d'ivoire; usa; Atlantis,Pre-crisis,"
        "Guideline 14; 15,civil society organizations\n"
        "r2,Conflicts,EGY,II. EMERGENCY PHASE,3,States\n";
    static const char *const crisis_values[] = {"Natural Disaster", "Conflict"};
    static const char *const crisis_originals[] = {"natural disaster", "conflict"};
    micic_corpus *c0 = fmt_read_str(micic__read_csv, text, strlen(text), "hand.csv", NULL), *back;
    micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
    const micic_practice *p = micic_corpus_get(c0, 0), *q = micic_corpus_get(c0, 1);
    char *json;
    size_t i, len;
    (void)state;
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_CRISIS), 2);
    for (i = 0; i < 2; i++) {
        assert_string_equal(micic_practice_value(p, MICIC_FIELD_CRISIS, i), crisis_values[i]);
        assert_string_equal(micic_practice_original(p, MICIC_FIELD_CRISIS, i),
                            crisis_originals[i]);
    }
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "C\xC3\xB4te d'Ivoire");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_COUNTRY, 0), "cote d'ivoire");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 1), "United States");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 2), "Atlantis");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "14");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_STAKEHOLDER_TYPE, 0), "Civil Society");
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_CRISIS, 0), "Conflict");
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_COUNTRY, 0), "Egypt");
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_PHASE, 0), "Emergency Response");
    assert_string_equal(micic_practice_value(q, MICIC_FIELD_STAKEHOLDER_TYPE, 0), "State");
    /* canonical values are stable through every format */
    chain(c0);
    /* JSON with originals restores the hand-typed text */
    o.with_originals = 1;
    json = fmt_write_str(micic__write_json, c0, &o, &len);
    back = fmt_read_str(micic__read_json, json, len, "o.json", NULL);
    fmt_expect_equal(c0, back, "json with originals");
    assert_string_equal(micic_practice_original(micic_corpus_get(back, 0), MICIC_FIELD_COUNTRY, 1),
                        "usa");
    assert_string_equal(micic_practice_original(micic_corpus_get(back, 1), MICIC_FIELD_PHASE, 0),
                        "II. EMERGENCY PHASE");
    micic_corpus_free(back);
    free(json);
    micic_corpus_free(c0);
}

/* Originals survive JSON and JSONL when with_originals is set. */
static void test_roundtrip_originals(void **state) {
    micic_corpus *c0 = fmt_make_nasty_corpus(5), *back;
    micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
    char *text;
    size_t k, len, pass;
    (void)state;
    for (k = 0; k < micic_corpus_size(c0); k++) {
        micic_practice *p = micic_corpus_get_mutable(c0, k);
        assert_int_equal(micic_practice_set_value(p, MICIC_FIELD_COUNTRY, 0, "Chad", NULL),
                         MICIC_OK);
    }
    o.with_originals = 1;
    for (pass = 0; pass < 2; pass++) {
        text = fmt_write_str(pass ? micic__write_jsonl : micic__write_json, c0, &o, &len);
        back = fmt_read_str(pass ? micic__read_jsonl : micic__read_json, text, len, "o", NULL);
        fmt_expect_equal(c0, back, "originals");
        for (k = 0; k < micic_corpus_size(c0); k++) {
            const micic_practice *a = micic_corpus_get(c0, k), *b = micic_corpus_get(back, k);
            size_t f, i;
            for (f = 0; f < MICIC_FIELD_COUNT; f++)
                for (i = 0; i < micic_practice_count(a, (micic_field)f); i++)
                    assert_string_equal(micic_practice_original(a, (micic_field)f, i),
                                        micic_practice_original(b, (micic_field)f, i));
            assert_string_equal(micic_practice_value(b, MICIC_FIELD_COUNTRY, 0), "Chad");
            assert_string_not_equal(micic_practice_original(b, MICIC_FIELD_COUNTRY, 0), "Chad");
        }
        micic_corpus_free(back);
        free(text);
    }
    micic_corpus_free(c0);
}

/* Through the public API: micic_write_buffer / micic_read_buffer with an
 * explicit format and with detection. */
static void test_roundtrip_public_api(void **state) {
    static const micic_format formats[] = {MICIC_FORMAT_CSV, MICIC_FORMAT_JSON,
                                           MICIC_FORMAT_JSONL, MICIC_FORMAT_LONG};
    micic_corpus *c0 = fmt_make_nasty_corpus(25);
    size_t i, detect;
    (void)state;
    for (detect = 0; detect < 2; detect++) {
        for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            micic_read_options ro = MICIC_READ_OPTIONS_INIT;
            micic_corpus *back = micic_corpus_new();
            micic_error err;
            char *text = NULL;
            assert_int_equal(micic_write_buffer(c0, formats[i], NULL, &text, &err), MICIC_OK);
            assert_int_equal(micic_format_detect(text, strlen(text)), formats[i]);
            ro.format = detect ? MICIC_FORMAT_AUTO : formats[i];
            assert_int_equal(micic_read_buffer(back, text, strlen(text), "api", &ro, &err),
                             MICIC_OK);
            fmt_expect_equal(c0, back, micic_format_name(formats[i]));
            assert_int_equal(micic_report_rejected(micic_corpus_read_report(back)), 0);
            micic_corpus_free(back);
            micic_free(text);
        }
    }
    micic_corpus_free(c0);
}

typedef struct collect_state {
    micic_corpus *c;
} collect_state;

static int collect_cb(const micic_practice *p, void *payload) {
    collect_state *s = payload;
    return micic_corpus_add(s->c, micic_practice_copy(p), NULL) != MICIC_OK;
}

/* micic_stream_file on written CSV and JSONL files gives the same records. */
static void test_roundtrip_stream_file(void **state) {
    static const micic_format formats[] = {MICIC_FORMAT_CSV, MICIC_FORMAT_JSONL,
                                           MICIC_FORMAT_JSON, MICIC_FORMAT_LONG};
    static const char *const paths[] = {
        MICIC_TEST_TMP "/rt" TMP_TAG ".csv", MICIC_TEST_TMP "/rt" TMP_TAG ".jsonl",
        MICIC_TEST_TMP "/rt" TMP_TAG ".json", MICIC_TEST_TMP "/rt" TMP_TAG ".long"};
    micic_corpus *c0 = fmt_make_nasty_corpus(40);
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++) {
        collect_state s;
        micic_report *r = micic_report_new();
        micic_error err;
        assert_int_equal(micic_write_file(c0, paths[i], formats[i], NULL, &err), MICIC_OK);
        s.c = micic_corpus_new();
        assert_int_equal(micic_stream_file(paths[i], NULL, collect_cb, &s, r, &err), MICIC_OK);
        fmt_expect_equal(c0, s.c, micic_format_name(formats[i]));
        assert_int_equal(micic_report_records_in(r), 40);
        micic_report_free(r);
        micic_corpus_free(s.c);
    }
    micic_corpus_free(c0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_generated),
        cmocka_unit_test(test_roundtrip_seeds),
        cmocka_unit_test(test_roundtrip_canonical),
        cmocka_unit_test(test_roundtrip_originals),
        cmocka_unit_test(test_roundtrip_public_api),
        cmocka_unit_test(test_roundtrip_stream_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
