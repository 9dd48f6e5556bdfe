/*
 * libFuzzer target: the validator and the normalizer.
 * Reads the bytes with format detection (micic_read_buffer, format auto,
 * reader contract checked), then:
 *   - micic_validate() returns MICIC_OK; every diagnostic is readable, its
 *     record index is -1 or a record of the corpus, the report holds at
 *     most max_diagnostics entries; strict mode passes no more than normal;
 *   - micic_normalize() returns MICIC_OK and logs exactly *changed_out
 *     "normalized" diagnostics (validate.h);
 *   - the normalized corpus validates again and still round-trips through
 *     JSON.
 * Seeds: tests/fuzz/corpus/fuzz_validate/ (the seeds and tests/data/validate).
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

static micic_report *validate(const micic_corpus *c, const micic_validate_options *o) {
    micic_report *rep = NULL;
    micic_error err;
    size_t i, n = micic_corpus_size(c);
    int rc = micic_validate(c, o, &rep, &err);
    if (rc != MICIC_OK) fz_fail("micic_validate", rc, &err);
    FZ_CHECK(rep != NULL, "no validation report");
    fz_touch_report(rep);
    FZ_CHECK(micic_report_size(rep) <= o->max_diagnostics, "more diagnostics than max_diagnostics");
    for (i = 0; i < micic_report_size(rep); i++) {
        long k = micic_diagnostic_record_index(micic_report_get(rep, i));
        FZ_CHECK(k >= -1 && (k < 0 || (size_t)k < n), "diagnostic names a record out of range");
    }
    return rep;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    micic_corpus *c = fz_read((const char *)data, size, MICIC_FORMAT_AUTO, NULL);
    micic_validate_options vo = MICIC_VALIDATE_OPTIONS_INIT, strict = MICIC_VALIDATE_OPTIONS_INIT;
    micic_report *r1, *r2, *nrep;
    micic_error err;
    size_t changed = (size_t)-1;
    int rc;

    vo.max_diagnostics = 2000;
    strict.max_diagnostics = 2000;
    strict.strict = 1;
    r1 = validate(c, &vo);
    r2 = validate(c, &strict);
    if (micic_validate_ok(r2, 1)) FZ_CHECK(micic_validate_ok(r1, 0), "strict passes, normal fails");
    micic_report_free(r2);
    micic_report_free(r1);

    nrep = micic_report_new();
    FZ_CHECK(nrep != NULL, "micic_report_new");
    rc = micic_normalize(c, nrep, &changed, &err);
    if (rc != MICIC_OK) fz_fail("micic_normalize", rc, &err);
    fz_touch_report(nrep);
    if (changed != micic_report_count_code(nrep, MICIC_CODE_NORMALIZED)) {
        fprintf(stderr, "changed %zu, normalized diagnostics %zu\n", changed,
                micic_report_count_code(nrep, MICIC_CODE_NORMALIZED));
        fz_fail("normalize count differs from its diagnostics", 0, NULL);
    }
    micic_report_free(nrep);
    {
        size_t i;
        for (i = 0; i < micic_corpus_size(c); i++) fz_touch_practice(micic_corpus_get(c, i));
    }
    r1 = validate(c, &vo);
    micic_report_free(r1);
    if (micic_corpus_size(c) > 0) fz_roundtrip(c, MICIC_FORMAT_JSON);
    micic_corpus_free(c);
    return 0;
}
