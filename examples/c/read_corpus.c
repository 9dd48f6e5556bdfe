/*
 * Read practice records from files (any format libmicic knows, detected from
 * the content) or, with no argument, the bundled corpus, and print a short
 * summary: records read, rejected, diagnostics, and one line per record.
 *
 *   ./read_corpus                     # the bundled corpus
 *   ./read_corpus records.json more.txt
 *
 * Shows the library's conventions: every fallible call returns a status and
 * fills a caller-owned micic_error; objects from *_new() are freed with the
 * matching *_free(); getters return borrowed pointers.
 */
#include <stdio.h>

#include <micic/micic.h>

int main(int argc, char **argv) {
    micic_corpus *corpus = micic_corpus_new(); /* new: micic_corpus_free() */
    const micic_report *report;                /* borrowed from the corpus */
    micic_error err;
    size_t i;
    int rc = MICIC_OK;

    if (!corpus) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    if (argc < 2) {
        rc = micic_read_bundled(corpus, NULL, &err);
    } else {
        for (i = 1; rc == MICIC_OK && i < (size_t)argc; i++)
            rc = micic_read_file(corpus, argv[i], NULL, &err);
    }
    if (rc != MICIC_OK) {
        /* Only I/O, format and memory problems fail a read; bad data does not. */
        fprintf(stderr, "%s: %s (%s)\n", err.source[0] ? err.source : "read_corpus",
                err.text, micic_strerror(rc));
        micic_corpus_free(corpus);
        return 1;
    }

    report = micic_corpus_read_report(corpus);
    printf("source: %s\n", argc < 2 ? micic_bundled_dir() : "files");
    printf("records: %zu\n", micic_corpus_size(corpus));
    printf("rejected: %zu\n", micic_report_rejected(report));
    printf("records in input: %zu\n", micic_report_records_in(report));
    printf("diagnostics: %zu errors, %zu warnings\n",
           micic_report_count(report, MICIC_SEVERITY_ERROR),
           micic_report_count(report, MICIC_SEVERITY_WARNING));

    for (i = 0; i < micic_corpus_size(corpus); i++) {
        const micic_practice *p = micic_corpus_get(corpus, i); /* borrowed */
        const char *g = micic_practice_first(p, MICIC_FIELD_GUIDELINE);
        printf("%s\t%s\tguideline %s\t%s\n", micic_practice_id(p),
               micic_practice_first(p, MICIC_FIELD_KIND), g[0] ? g : "-",
               micic_practice_first(p, MICIC_FIELD_TITLE));
    }
    micic_corpus_free(corpus);
    return 0;
}
