/*
 * Helpers shared by the structured-format readers and writers (lib/csv.c:
 * CSV and long CSV; lib/json.c: JSON and JSON Lines). Not installed.
 *
 *  - micic__rd: the reading context every reader of these formats uses. It
 *    owns the "sink" (append to a corpus, or hand the record to a streaming
 *    callback and free it), counts accepted and rejected records, adds
 *    diagnostics to the report (which may be NULL when streaming), applies
 *    the size limits of micic_read_options and reports the progress.
 *  - micic__strmap: a small string -> size_t hash map (label sets).
 *  - micic__utf8_sanitize: invalid UTF-8 and NUL bytes -> U+FFFD.
 */
#ifndef MICIC_FMT_COMMON_H
#define MICIC_FMT_COMMON_H

#include <stddef.h>

#include "internal.h"
#include "micic/io.h"

/* ---- string map --------------------------------------------------- */
typedef struct micic__strmap {
    char **keys;     /* owned copies; NULL = empty slot */
    size_t *values;
    size_t nslots;   /* power of two or 0 */
    size_t n;
} micic__strmap;

#define MICIC__STRMAP_INIT { NULL, NULL, 0, 0 }

/* Pointer to the value of key, or NULL when absent. */
size_t *micic__strmap_get(const micic__strmap *m, const char *key);
/* Insert key (copied) with value; when present, the value is left as is.
 * *inserted (may be NULL) = 1 when the key was new. MICIC_OK or MICIC_ENOMEM. */
int micic__strmap_put(micic__strmap *m, const char *key, size_t value, int *inserted);
void micic__strmap_free(micic__strmap *m);

/* ---- UTF-8 -------------------------------------------------------- */
/* Append s[0..n) to out with every invalid UTF-8 byte and every NUL byte
 * replaced by U+FFFD. Returns the number of replacements, or (size_t)-1 when
 * allocation failed. */
size_t micic__utf8_sanitize(const char *s, size_t n, micic_buf *out);
/* Offset of the first byte of s[0..n) that is not part of valid UTF-8 or is
 * NUL; n when there is none. Fast on ASCII (8 bytes at a time). */
size_t micic__utf8_scan(const char *s, size_t n);
/* Length of the longest prefix of s[0..n) not longer than max bytes that
 * does not cut a UTF-8 sequence. */
size_t micic__utf8_cut(const char *s, size_t n, size_t max);

/* ---- reading context ---------------------------------------------- */
typedef struct micic__rd {
    const char *source;         /* never NULL */
    micic_report *report;       /* may be NULL (streaming without a report) */
    micic_corpus *corpus;       /* sink: append here, or ... */
    micic_record_cb cb;         /* ... call this and free the record */
    void *payload;
    size_t max_field;           /* effective limits */
    size_t max_record;
    int (*progress)(size_t done, size_t total, void *payload);
    void *progress_payload;
    size_t accepted;
    size_t rejected;
    micic__strmap unknown;      /* unknown labels reported once per input */
    micic_error *err;
} micic__rd;

/* Validate the options (NULL = defaults) and set up. Returns MICIC_OK or
 * MICIC_EVERSION / MICIC_EINVAL (err filled). */
int micic__rd_init(micic__rd *rd, const char *source, const micic_read_options *opts,
                   micic_report *report, micic_corpus *corpus, micic_record_cb cb,
                   void *payload, micic_error *err);
/* Count the records seen in the report and free the context. */
void micic__rd_finish(micic__rd *rd);

/* Hand an accepted record to the sink (steals p). MICIC_OK, MICIC_ENOMEM or
 * MICIC_ECANCELLED (callback asked to stop); err filled on failure. */
int micic__rd_accept(micic__rd *rd, micic_practice *p);
/* Count a rejected record. */
void micic__rd_reject(micic__rd *rd);
/* 0-based index of the next record in the input (accepted + rejected). */
#define MICIC__RD_INDEX(rd) ((long)((rd)->accepted + (rd)->rejected))

/* Add a diagnostic with the code's default severity. value may be NULL.
 * Returns MICIC_OK or MICIC_ENOMEM (err filled). A NULL report is a no-op. */
int micic__rd_diag(micic__rd *rd, int code, long index, const char *id, const char *field,
                   int line, int column, const char *value, const char *fmt, ...)
    MICIC_PRINTF(9, 10);
/* "unknown-label" once per input for each distinct label. */
int micic__rd_unknown_label(micic__rd *rd, const char *label, int line, int column);

/* Add one value s[0..n) to field f of p, cutting it to max_field bytes
 * with a "limit-exceeded" diagnostic. With original NULL the text is the
 * original and the canonical value is what micic_practice_add(value=NULL)
 * makes of it (vocabulary label, ISO short name, guideline number, else
 * the trimmed text); text that is only white space is no value. With an
 * original (restored from JSON "original"), s is stored as written as the
 * canonical value. s[n] must be readable (the callers' buffers are
 * NUL-terminated at or after n); a value that is NUL-terminated at n and
 * within the limit is not copied. scratch is a reusable buffer. index is
 * the record index used in diagnostics. */
int micic__rd_add_value(micic__rd *rd, micic_practice *p, micic_field f, const char *s,
                        size_t n, const char *original, int line, int column, long index,
                        micic_buf *scratch);
/* Add an extra (label, s[0..n)), cut like a value. */
int micic__rd_add_extra(micic__rd *rd, micic_practice *p, const char *label, const char *s,
                        size_t n, int line, int column, long index, micic_buf *scratch);

/* Report progress; MICIC_ECANCELLED (err filled) when the callback says stop. */
int micic__rd_progress(micic__rd *rd, size_t done, size_t total);

/* Field of a machine name (fast exact match) or a label variant
 * (micic_field_from_name). MICIC_OK or MICIC_ENOTFOUND. */
int micic__field_lookup(const char *name, micic_field *out);

/* ---- writing ------------------------------------------------------ */
/* fwrite the whole buffer; MICIC_EIO (err filled) on failure. */
int micic__write_all(FILE *out, const char *data, size_t len, micic_error *err);

#endif /* MICIC_FMT_COMMON_H */
