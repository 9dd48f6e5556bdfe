/**
 * @file micic/io.h
 * @brief Readers and writers: record text, guideline documents, CSV
 *        (libcsv), JSON and JSON Lines (jansson), tidy long CSV; streaming.
 *
 * Reading never stops at bad data: each problem becomes a diagnostic in the
 * corpus's read report (micic_corpus_read_report()) with source:line:column,
 * and the reader carries on with the next record. Always
 *     records accepted + records rejected = records in the input.
 * Only I/O errors, unknown formats and allocation failures make a read call
 * fail (and then the corpus holds the records read before the failure).
 *
 * Allocation failures (contract checked by tests/test_alloc.c): when memory
 * runs out anywhere in a read (a record, a value, a diagnostic, format
 * detection), the call returns MICIC_ENOMEM and fills @p err with it; it
 * never returns MICIC_OK with a record or a diagnostic silently missing.
 * The corpus is then still valid: it keeps the complete records accepted
 * before the failure (each exactly as a successful read makes it, never a
 * half-built one) and nothing else of this read but possibly some of its
 * diagnostics; free it or read into it again. A failure an internal cache
 * can absorb (a cache that cannot grow) does not fail the call, and the
 * result is then exactly the same. One limit: memory allocated by jansson
 * while parsing JSON is outside micic_set_allocator() (micic/alloc.h), and
 * jansson does not always tell a failed allocation from a syntax error;
 * when it does say "out of memory" the read fails with MICIC_ENOMEM, when it
 * does not the record is rejected with a json-syntax diagnostic.
 *
 * Formats are documented in docs/formats.md; the JSON Schema of the JSON
 * formats is data/practice.schema.json.
 */
#ifndef MICIC_IO_H
#define MICIC_IO_H

#include <stdio.h>

#include "micic/common.h"
#include "micic/practice.h"
#include "micic/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Input/output formats. Values are stable. */
typedef enum micic_format {
    MICIC_FORMAT_AUTO = 0,      /**< detect from content (readers only) */
    MICIC_FORMAT_TEXT = 1,      /**< "text": Repository record text (seed 001/004 layouts) */
    MICIC_FORMAT_GUIDELINES = 2,/**< "guidelines": guideline documents (seeds 000, 002, 003) */
    MICIC_FORMAT_CSV = 3,       /**< "csv": one row per record, multi-values joined by "; " */
    MICIC_FORMAT_JSON = 4,      /**< "json": an array of record objects (or one object) */
    MICIC_FORMAT_JSONL = 5,     /**< "jsonl": one record object per line */
    MICIC_FORMAT_LONG = 6       /**< "long": tidy CSV id,field,value (one row per value) */
} micic_format;

/** Machine name of a format ("csv"); "" when invalid. Static. */
MICIC_API const char *micic_format_name(micic_format f);

/**
 * Format by name ("csv", "json", "jsonl", "text", "guidelines", "long", "auto";
 * any case; "txt" and "ndjson" are accepted too). Returns MICIC_OK,
 * MICIC_EFORMAT for an unknown name, MICIC_EINVAL for NULL.
 */
MICIC_API int micic_format_from_name(const char *name, micic_format *out);

/**
 * Format guessed from the content of @p data: JSON ('[' or '{' first),
 * JSON Lines (the first non-blank line is one whole object and more
 * follows it, whatever the next lines hold), long CSV (header id,field,value), CSV
 * (a header line, read whole, split at ',', ';', tab or '|', with at least
 * two field names, one of them "id", or three, or field names in half its
 * cells: any number of other columns may follow, so micic's own CSV with
 * many extras is CSV), guideline documents (seeds 000, 002, 003),
 * else record text. MICIC_FORMAT_AUTO for empty or white-space-only data,
 * and when memory ran out while telling guideline documents from record
 * text (the readers' own detection fails with MICIC_ENOMEM then).
 * See docs/formats-text.md.
 */
MICIC_API micic_format micic_format_detect(const char *data, size_t len);

/**
 * Reader options. Initialize with MICIC_READ_OPTIONS_INIT, then change
 * fields. The version field lets later releases add fields.
 */
typedef struct micic_read_options {
    int version;               /**< MICIC_READ_OPTIONS_VERSION */
    micic_format format;       /**< MICIC_FORMAT_AUTO to detect */
    size_t max_field_bytes;    /**< longer values are cut and reported (0 = default 1 MiB) */
    size_t max_record_bytes;   /**< larger records are rejected (0 = default 16 MiB) */
    /** Progress callback (may be NULL): bytes done, bytes total (0 if unknown). Non-zero return cancels. */
    int (*progress)(size_t done, size_t total, void *payload);
    void *progress_payload;
    /**
     * Version 2. CSV and long CSV cell delimiter: ',', ';', '\t' or '|';
     * 0 = sniff it from the header line (the candidate that splits it into
     * the most field names, then the one found most often outside quotes;
     * comma on a tie). Another value is MICIC_EINVAL. A
     * delimiter other than ',' is named in an info "layout-inferred"
     * diagnostic of the read report. Ignored by the other formats.
     */
    int delimiter;
} micic_read_options;

/** Version 2 added `delimiter`; version 1 structs (without it) are still accepted. */
#define MICIC_READ_OPTIONS_VERSION 2
#define MICIC_READ_OPTIONS_INIT { MICIC_READ_OPTIONS_VERSION, MICIC_FORMAT_AUTO, 0, 0, NULL, NULL, 0 }

/** Fill @p opts with the defaults (same as MICIC_READ_OPTIONS_INIT). */
MICIC_API void micic_read_options_init(micic_read_options *opts);

/**
 * Read a file ("-" = standard input) and append its records to @p corpus.
 * A directory is read file by file: every *.txt, *.csv, *.json and *.jsonl
 * in it, in sorted name order (the format detected per file unless
 * opts->format says otherwise). @p opts may be NULL (defaults).
 * Diagnostics go to the corpus's read report. An input in which no record
 * was found (empty or blank, a CSV header alone, nothing recognised, a
 * directory without record files) gets an "empty-input" error diagnostic
 * naming it and what was expected; the call still returns MICIC_OK.
 */
MICIC_API int micic_read_file(micic_corpus *corpus, const char *path,
                              const micic_read_options *opts, micic_error *err);

/**
 * Read @p len bytes of @p data (need not be NUL-terminated), naming the
 * source @p source_name in locations (NULL = "<buffer>").
 */
MICIC_API int micic_read_buffer(micic_corpus *corpus, const char *data, size_t len,
                                const char *source_name, const micic_read_options *opts,
                                micic_error *err);

/**
 * The read report of a corpus: every diagnostic the readers produced for it.
 * Borrowed from the corpus (valid until the corpus is freed); never NULL for
 * a valid corpus.
 */
MICIC_API const micic_report *micic_corpus_read_report(const micic_corpus *corpus);

/** Mutable access for readers written outside the library. Borrowed. */
MICIC_API micic_report *micic_corpus_read_report_mutable(micic_corpus *corpus);

/**
 * Streaming callback: called once per accepted record. The practice is
 * borrowed for the duration of the call only (copy it with
 * micic_practice_copy() to keep it). Return 0 to go on, non-zero to stop
 * (the stream call then returns MICIC_ECANCELLED).
 */
typedef int (*micic_record_cb)(const micic_practice *p, void *payload);

/**
 * Read a CSV, JSONL or JSON file one record at a time in constant memory (a
 * JSON file is mapped and its pages let go of as they are read; other
 * formats, and standard input, are read whole, then streamed). Diagnostics
 * are appended to @p report (may be NULL). A directory is MICIC_EINVAL.
 */
MICIC_API int micic_stream_file(const char *path, const micic_read_options *opts,
                                micic_record_cb cb, void *payload,
                                micic_report *report, micic_error *err);

/** Writer options. */
typedef struct micic_write_options {
    int version;         /**< MICIC_WRITE_OPTIONS_VERSION */
    int pretty;          /**< JSON: indent (1) or compact (0) */
    int with_originals;  /**< JSON/JSONL: add an "original" object when a value differs from its original */
} micic_write_options;

#define MICIC_WRITE_OPTIONS_VERSION 1
#define MICIC_WRITE_OPTIONS_INIT { MICIC_WRITE_OPTIONS_VERSION, 1, 0 }

/**
 * Write every record of @p corpus to @p path ("-" = standard output).
 * Formats: text, csv, json, jsonl, long; MICIC_EFORMAT for auto and
 * guidelines (guideline documents are read-only).
 *
 * Safe and atomic: a regular file (or a path that does not exist yet) is
 * written to a temporary file in the same directory (".NAME.PID-N.micic-tmp"),
 * flushed to disk (fsync) and renamed over @p path only when every record
 * was written, so @p path holds either its old content or the complete new
 * one, never a part (a process killed while writing can leave the
 * temporary file behind, never a half-written @p path). On failure the
 * temporary file is removed and @p path is left as it was. The new file
 * gets the permission bits of the file it replaces. A symbolic link to a
 * regular file is kept and its target replaced. Other targets (a device,
 * a FIFO, a dangling link, "-") are written directly and never removed.
 * Errors (MICIC_EIO) name the file and the system error.
 */
MICIC_API int micic_write_file(const micic_corpus *corpus, const char *path,
                               micic_format format, const micic_write_options *opts,
                               micic_error *err);

/**
 * Writing record by record, in constant memory: open @p path ("-" =
 * standard output) for @p format, add records one at a time (for instance
 * from a micic_stream_file() callback), close. The output is the same as
 * micic_write_file() of a corpus holding those records (ids are written
 * as given: a corpus renames duplicate ids, a writer does not), and is as
 * safe: written to a temporary file renamed over @p path by
 * micic_writer_close() only when everything was written;
 * micic_writer_abort() (or a failed close) leaves @p path as it was.
 * Formats: json, jsonl, long, text. CSV is MICIC_EFORMAT (its header names
 * the extra fields of every record: write a corpus).
 */
typedef struct micic_writer micic_writer;

/** Open a writer (*out new; close or abort it). */
MICIC_API int micic_writer_open(const char *path, micic_format format,
                                const micic_write_options *opts, micic_writer **out,
                                micic_error *err);
/** Write one record (copied; @p p stays the caller's). */
MICIC_API int micic_writer_add(micic_writer *w, const micic_practice *p, micic_error *err);
/** Finish the output, rename it over the path, free the writer (always freed). */
MICIC_API int micic_writer_close(micic_writer *w, micic_error *err);
/** Drop the output (the path keeps its old content) and free the writer. NULL: no-op. */
MICIC_API void micic_writer_abort(micic_writer *w);

/** Write to an open stream. */
MICIC_API int micic_write_stream(const micic_corpus *corpus, FILE *out, micic_format format,
                                 const micic_write_options *opts, micic_error *err);

/** Write to a new NUL-terminated string in *out (free with micic_free()). */
MICIC_API int micic_write_buffer(const micic_corpus *corpus, micic_format format,
                                 const micic_write_options *opts, char **out,
                                 micic_error *err);

/**
 * Load the bundled corpus (all seed documents shipped with libmicic) into
 * @p corpus: the directory micic_bundled_dir() + "/corpus", read as
 * micic_read_file() reads a directory. MICIC_ENOTFOUND when it is missing.
 */
MICIC_API int micic_read_bundled(micic_corpus *corpus, const micic_read_options *opts,
                                 micic_error *err);

/**
 * Data directory whose corpus/ subdirectory micic_read_bundled() reads:
 * $MICIC_DATA_DIR when it is set and has a corpus/ subdirectory, else the
 * installed data directory (${datadir}/micic) when it has one, else the
 * source tree's data/ directory. The corpus is "<returned>/corpus".
 * Borrowed: the environment's string or a static string; never free it
 * (an environment string is valid until the environment changes).
 */
MICIC_API const char *micic_bundled_dir(void);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_IO_H */
