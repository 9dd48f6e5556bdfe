/*
 * Internal contract between lib/io.c (dispatch, detection, files, bundled
 * corpus) and the format modules. Not installed.
 *
 * Readers: parse data[0..len) named `source`, append accepted records to
 * `corpus`, and append diagnostics to `report` (the corpus's read report,
 * or a streaming caller's report). Each reader counts every record it saw
 * with micic__report_note_records() so accepted + rejected = records in.
 * They return MICIC_OK unless allocation fails or a callback cancels.
 */
#ifndef MICIC_IO_INTERNAL_H
#define MICIC_IO_INTERNAL_H

#include <stdio.h>

#include "internal.h"
#include "micic/io.h"

typedef int (*micic__reader_fn)(micic_corpus *corpus, const char *data, size_t len,
                                const char *source, const micic_read_options *opts,
                                micic_report *report, micic_error *err);

int micic__read_text(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err);
int micic__read_guidelines(micic_corpus *corpus, const char *data, size_t len,
                           const char *source, const micic_read_options *opts,
                           micic_report *report, micic_error *err);
int micic__read_csv(micic_corpus *corpus, const char *data, size_t len, const char *source,
                    const micic_read_options *opts, micic_report *report, micic_error *err);
int micic__read_json(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err);
int micic__read_jsonl(micic_corpus *corpus, const char *data, size_t len, const char *source,
                      const micic_read_options *opts, micic_report *report, micic_error *err);
int micic__read_long(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err);

/* A JSON document held in memory (e.g. a mapped file), its records added
 * to corpus or, when corpus is NULL, handed to cb one by one. When release
 * is not NULL, the reader calls release(data, from, to, payload) for
 * ranges data[from..to) it will not read again, so that the caller can let
 * the pages go (madvise): a mapped file is then never resident whole. The
 * caller must keep the pages readable (released pages read back). */
typedef void (*micic__release_fn)(const char *data, size_t from, size_t to, void *payload);
int micic__json_doc(const char *data, size_t len, const char *source,
                    const micic_read_options *opts, micic_corpus *corpus, micic_record_cb cb,
                    void *payload, micic__release_fn release, void *release_payload,
                    micic_report *report, micic_error *err);

/* CSV delimiter of a header line s[0..n) (no line end): the one of ',',
 * ';', '\t' and '|' found most often outside double quotes; ',' on a tie
 * and when there is none (lib/csv.c). */
char micic__csv_sniff_delimiter(const char *s, size_t n);

/* Streaming readers (constant memory): call cb once per accepted record. */
int micic__stream_csv(FILE *in, const char *source, const micic_read_options *opts,
                      micic_record_cb cb, void *payload, micic_report *report,
                      micic_error *err);
int micic__stream_jsonl(FILE *in, const char *source, const micic_read_options *opts,
                        micic_record_cb cb, void *payload, micic_report *report,
                        micic_error *err);

/* The same streaming readers adding each accepted record to @p corpus:
 * micic_read_file() of a CSV or JSON Lines file, whose text is never held
 * whole in memory. */
int micic__load_csv(FILE *in, const char *source, const micic_read_options *opts,
                    micic_corpus *corpus, micic_report *report, micic_error *err);
int micic__load_jsonl(FILE *in, const char *source, const micic_read_options *opts,
                      micic_corpus *corpus, micic_report *report, micic_error *err);

/* A safe output file (lib/io.c): a regular file (or a new path) is written
 * to a temporary file in its directory, fsync'ed and renamed over the
 * target by micic__out_commit(); micic__out_abort() removes the temporary
 * file and leaves the target as it was. Devices, FIFOs, "-" (standard
 * output) and dangling links are written directly and never removed. */
typedef struct micic__out {
    FILE *f;           /* write here */
    const char *path;  /* as given (borrowed), named in errors */
    int direct;        /* 1: written in place; 2: standard output */
    int have_tmp;      /* tmp exists and is ours */
    micic_buf tmp;     /* the temporary file */
    micic_buf target;  /* the file replaced (a link resolved) */
} micic__out;

int micic__out_open(micic__out *o, const char *path, micic_error *err);
/* Flush, fsync, close, rename; on failure the temporary file is removed and
 * err names the file and the system error. */
int micic__out_commit(micic__out *o, micic_error *err);
void micic__out_abort(micic__out *o);
/* The error of a failed write to o->f (errno saved as e), naming the file. */
int micic__out_error(micic__out *o, int e, micic_error *err);

/* Writers: write every record of corpus to out. */
int micic__write_text(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err);
int micic__write_csv(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                     micic_error *err);
int micic__write_json(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err);
int micic__write_jsonl(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                       micic_error *err);
int micic__write_long(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err);

#endif /* MICIC_IO_INTERNAL_H */
