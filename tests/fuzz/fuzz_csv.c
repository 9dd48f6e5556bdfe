/*
 * libFuzzer target: the csv reader, CSV (one row per record, libcsv).
 * Reads the bytes with micic_read_buffer(format csv), checks the reader
 * contract and round-trips the records through every writer
 * (tests/fuzz/fuzz_common.h); then reads the same bytes with the
 * constant-memory streaming reader (micic__stream_csv over fmemopen) and
 * checks it gives the same records and counts as the buffer reader.
 * Seeds: tests/fuzz/corpus/fuzz_csv/.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include "fuzz_common.h"
#include "io_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

static int collect(const micic_practice *p, void *payload) {
    micic_practice *copy = micic_practice_copy(p);
    FZ_CHECK(copy != NULL, "micic_practice_copy");
    fz_touch_practice(p);
    if (micic_corpus_add((micic_corpus *)payload, copy, NULL) != MICIC_OK)
        fz_fail("micic_corpus_add of a streamed record", 0, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    micic_corpus *whole, *streamed;
    const micic_report *wrep;
    micic_report *srep;
    micic_read_options opts = MICIC_READ_OPTIONS_INIT;
    micic_error err;
    FILE *in;
    size_t i;
    int rc;
    whole = fz_read((const char *)data, size, MICIC_FORMAT_CSV, NULL);
    fz_check_writers(whole);
    if (size == 0) { /* fmemopen needs at least one byte */
        micic_corpus_free(whole);
        return 0;
    }
    wrep = micic_corpus_read_report(whole);
    streamed = micic_corpus_new();
    srep = micic_report_new();
    FZ_CHECK(streamed && srep, "allocation");
    in = fmemopen((void *)(uintptr_t)data, size, "rb");
    FZ_CHECK(in != NULL, "fmemopen");
    opts.format = MICIC_FORMAT_CSV;
    rc = micic__stream_csv(in, "fuzz", &opts, collect, streamed, srep, &err);
    fclose(in);
    if (rc != MICIC_OK) fz_fail("streaming reader did not return MICIC_OK", rc, &err);
    fz_touch_report(srep);
    if (micic_corpus_size(streamed) != micic_corpus_size(whole) ||
        micic_report_rejected(srep) != micic_report_rejected(wrep) ||
        micic_report_records_in(srep) != micic_report_records_in(wrep)) {
        fprintf(stderr, "buffer: %zu accepted, %zu rejected, %zu in; stream: %zu, %zu, %zu\n",
                micic_corpus_size(whole), micic_report_rejected(wrep),
                micic_report_records_in(wrep), micic_corpus_size(streamed),
                micic_report_rejected(srep), micic_report_records_in(srep));
        fz_fail("streaming and buffer readers disagree on the counts", 0, NULL);
    }
    for (i = 0; i < micic_corpus_size(whole); i++) {
        if (!micic_practice_equal(micic_corpus_get(whole, i), micic_corpus_get(streamed, i))) {
            fz_dump_diff(whole, streamed);
            fz_fail("streaming and buffer readers give different records", 0, NULL);
        }
    }
    micic_report_free(srep);
    micic_corpus_free(streamed);
    micic_corpus_free(whole);
    fz_read_limited(data, size, MICIC_FORMAT_CSV);
    return 0;
}
