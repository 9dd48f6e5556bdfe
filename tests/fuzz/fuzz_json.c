/*
 * libFuzzer target: the json reader, JSON (an array of record objects, or one object).
 * Reads the bytes with micic_read_buffer(format json), checks the reader
 * contract and round-trips the records through every writer
 * (tests/fuzz/fuzz_common.h). Seeds: tests/fuzz/corpus/fuzz_json/.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fz_reader_target(data, size, MICIC_FORMAT_JSON);
}
