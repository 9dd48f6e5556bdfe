/**
 * @file micic/arrow.h
 * @brief Apache Arrow C Data Interface: a corpus as a stream of record
 *        batches (micic_corpus_to_arrow()) and back
 *        (micic_corpus_from_arrow()), with no Arrow library.
 *
 * The three structs below are the ABI of the Arrow C Data Interface and C
 * Stream Interface, copied from the Arrow specification
 * (https://arrow.apache.org/docs/format/CDataInterface.html and
 * CStreamInterface.html) under its standard include guards, so this header
 * can be used next to arrow/c/abi.h or nanoarrow. pandas (ArrowDtype),
 * polars, DuckDB and pyarrow read such a stream without copying the data
 * (in Python through the `__arrow_c_stream__` capsule protocol).
 *
 * Schema of the exported stream (a struct, one child per column, in this
 * order; docs/formats.md "Arrow" has the details):
 *  - one column per field, named by its machine name (micic_field_name()):
 *      single-valued fields (id, title, description, source): utf8, null
 *        when the record has no value; kind: dictionary<int16, utf8>;
 *      multi-valued fields: list<utf8>, empty list when there is no value;
 *        with the "dictionary" option the fields of the closed vocabularies
 *        (type, stakeholder_type, crisis, phase, theme) and kind are
 *        dictionary-encoded: list<dictionary<int16, utf8>>, the dictionary
 *        holding the vocabulary's labels in catalogue order (levels), then
 *        any other value met in the batch, in order of appearance;
 *      guideline: list<uint8> when every guideline value of the corpus is a
 *        number 1..15 (canonical guideline values always are), else
 *        list<utf8> (the schema does not lose a value it cannot type);
 *  - "extra": map<utf8, utf8>, the unrecognized (label, value) pairs in
 *    record order (labels may repeat);
 *  - with the "originals" option, "<field>_original" for every field: the
 *    original text of each value as read, null where it equals the
 *    canonical value (utf8, or list<utf8> with null items);
 *  - with the "locations" option, "record_source" (utf8), "record_line",
 *    "record_column" (int32, 1-based, 0 unknown) and "<field>_line",
 *    "<field>_column" for every field (int32, or list<int32> lined up with
 *    the values).
 *
 * Buffers: 64-byte aligned, built in one pass over the records; every
 * array (each child, each dictionary) has its own release callback, as the
 * specification requires, so a consumer may move children out and release
 * them separately. Utf8 offsets are 32-bit: a batch ends early when its
 * text would pass 1 GiB.
 */
#ifndef MICIC_ARROW_H
#define MICIC_ARROW_H

#include <stdint.h>

#include "micic/common.h"
#include "micic/crosstab.h"
#include "micic/io.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "micic/search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Arrow C Data Interface (ABI from the Arrow specification) ---------- */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

/** Arrow C Data Interface: the type of an array (see the Arrow specification). */
struct ArrowSchema {
    /* Array type description */
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    /* Release callback */
    void (*release)(struct ArrowSchema *);
    /* Opaque producer-specific data */
    void *private_data;
};

/** Arrow C Data Interface: the data of an array (see the Arrow specification). */
struct ArrowArray {
    /* Array data description */
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    /* Release callback */
    void (*release)(struct ArrowArray *);
    /* Opaque producer-specific data */
    void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

/** Arrow C Stream Interface: a stream of record batches (see the Arrow specification). */
struct ArrowArrayStream {
    /* Callbacks providing stream functionality */
    int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *out);
    int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *out);
    const char *(*get_last_error)(struct ArrowArrayStream *);
    /* Release callback */
    void (*release)(struct ArrowArrayStream *);
    /* Opaque producer-specific data */
    void *private_data;
};

#endif /* ARROW_C_STREAM_INTERFACE */

/* ---- export --------------------------------------------------------------- */

/**
 * Options of micic_corpus_to_arrow(). Initialize with
 * MICIC_ARROW_OPTIONS_INIT (or micic_arrow_options_init()), then change
 * fields.
 */
typedef struct micic_arrow_options {
    int version;       /**< MICIC_ARROW_OPTIONS_VERSION */
    int dictionary;    /**< closed-vocabulary fields dictionary-encoded (default 1); 0: plain utf8 */
    int originals;     /**< add the "<field>_original" columns (default 0) */
    int locations;     /**< add record_source/line/column and "<field>_line"/"_column" (default 0) */
    size_t batch_rows; /**< records per batch (0 = 65536) */
    /**
     * 0 (default): every batch is built by micic_corpus_to_arrow() itself,
     * so the stream does not refer to the corpus and may outlive it.
     * 1: batches are built by get_next(), one at a time (less memory); the
     * corpus is then borrowed: it must stay alive and unmodified until the
     * stream is released.
     */
    int lazy;
} micic_arrow_options;

#define MICIC_ARROW_OPTIONS_VERSION 1
#define MICIC_ARROW_OPTIONS_INIT { MICIC_ARROW_OPTIONS_VERSION, 1, 0, 0, 0, 0 }

/** Fill @p opts with the defaults (same as MICIC_ARROW_OPTIONS_INIT). */
MICIC_API void micic_arrow_options_init(micic_arrow_options *opts);

/**
 * Export @p corpus as an Arrow C stream of record batches (schema above).
 * @p opts may be NULL (defaults). On MICIC_OK *out is a live stream: the
 * caller owns it and must call out->release(out) once done (any number of
 * batches read, including none). On failure out->release is NULL and @p err
 * is filled (MICIC_ENOMEM, MICIC_EINVAL, MICIC_EVERSION, MICIC_ELIMIT when
 * one record's text passes 2 GiB or a dictionary 32767 entries).
 * get_next() reports failures of a lazy stream as errno values (ENOMEM,
 * EOVERFLOW) with get_last_error(). Streams are not thread-safe: one
 * consumer at a time (the specification's rule).
 */
MICIC_API int micic_corpus_to_arrow(const micic_corpus *corpus, const micic_arrow_options *opts,
                                    struct ArrowArrayStream *out, micic_error *err);

/* ---- small tables ----------------------------------------------------------- */

/**
 * A report as an Arrow stream of one batch, one row per diagnostic, the
 * columns of micic_column_report_text() / _numbers(): code (utf8),
 * code_number (int32), severity (utf8), record_index (int64, -1 for the
 * whole input), record_id, field, source (utf8), line, column (int32),
 * value, message (utf8), suggestion (utf8, null when none). The stream is a
 * copy: it does not refer to the report. Release it with out->release(out).
 * MICIC_EINVAL for NULL arguments, MICIC_ENOMEM.
 */
MICIC_API int micic_report_to_arrow(const micic_report *report, struct ArrowArrayStream *out,
                                    micic_error *err);

/**
 * Search or similarity results as an Arrow stream of one batch, in rank
 * order: id (utf8), index (int64, the record's position in the corpus),
 * score (float64), snippet (utf8). A copy, as above.
 */
MICIC_API int micic_results_to_arrow(const micic_results *results,
                                     struct ArrowArrayStream *out, micic_error *err);

/**
 * A cross-tab as a tidy Arrow stream of one batch, one row per cell in
 * row-major order (every level, zero cells included): the row level (utf8,
 * column named by the row field), the column level (utf8, named by the
 * column field; "<name>_2" when both facets are the same field) and count
 * (int64). A copy, as above.
 */
MICIC_API int micic_crosstab_to_arrow(const micic_crosstab *table,
                                      struct ArrowArrayStream *out, micic_error *err);

/* ---- import --------------------------------------------------------------- */

/**
 * Read the record batches of @p stream into @p corpus (records appended).
 * Steals @p stream: it is released (stream->release(stream)) before the
 * call returns, on success and on failure.
 *
 * Columns are matched by name: field machine names or labels (as the CSV
 * reader matches its header), "extra" (map<utf8, utf8>), the
 * "<field>_original", "<field>_line", "<field>_column", "record_source",
 * "record_line" and "record_column" columns of micic_corpus_to_arrow(), and
 * any other column becomes an extra of that label (an "unknown-label"
 * diagnostic once). Accepted types: utf8, large_utf8, utf8_view, integers
 * (written as decimal text), null, dictionaries of those, and list,
 * large_list of any of them; a column of another type is skipped with a
 * "json-type" diagnostic. Nulls and empty strings are no value.
 *
 * Values are canonicalized and checked like every reader's (the same
 * diagnostics, in the corpus's read report, at @p source_name:row:column
 * where row is the 1-based row of the whole stream and column the 1-based
 * column of the table); a value with a non-null original is taken as
 * written and its original restored, so a table exported with originals
 * reads back exactly. Invalid UTF-8 is replaced by U+FFFD ("invalid-utf8").
 * @p source_name may be NULL ("<arrow>"); @p opts may be NULL (only its
 * size limits and progress callback apply: progress counts rows, total 0).
 *
 * Fails (MICIC_EFORMAT) when the stream is not a struct of columns or its
 * producer reports an error (the producer's message in @p err), and with
 * MICIC_ENOMEM / MICIC_ECANCELLED; the corpus then keeps the records read
 * before the failure, as for any reader.
 */
MICIC_API int micic_corpus_from_arrow(micic_corpus *corpus, struct ArrowArrayStream *stream,
                                      const char *source_name, const micic_read_options *opts,
                                      micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_ARROW_H */
