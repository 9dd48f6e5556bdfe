/*
 * Internal helpers shared by the library's modules. Not installed.
 * Every allocation of the library goes through micic__malloc & co., so a
 * later allocator hook (fault injection) has one place to live.
 */
#ifndef MICIC_INTERNAL_H
#define MICIC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "micic/common.h"

#if defined(__GNUC__)
#define MICIC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MICIC_PRINTF(a, b)
#endif

/* ---- allocation -------------------------------------------------- */
void *micic__malloc(size_t n);
void *micic__calloc(size_t n, size_t size);
void *micic__realloc(void *p, size_t n);
void micic__free(void *p);
/* strdup/strndup through micic__malloc; NULL in -> NULL out */
char *micic__strdup(const char *s);
char *micic__strndup(const char *s, size_t n);

/* ---- errors ------------------------------------------------------- */
/* Fill err (may be NULL) and return code. */
int micic__error(micic_error *err, int code, const char *fmt, ...) MICIC_PRINTF(3, 4);
/* Same with a location. */
int micic__error_at(micic_error *err, int code, const char *source, int line, int column,
                    long long position, const char *fmt, ...) MICIC_PRINTF(7, 8);
/* Copy at most size-1 bytes, always NUL-terminate, never cut a UTF-8 sequence. */
void micic__copy_text(char *dst, size_t size, const char *src);

/* ---- growable byte buffer ---------------------------------------- */
typedef struct micic_buf {
    char *data;   /* always NUL-terminated when len > 0 or after micic_buf_cstr */
    size_t len;
    size_t cap;
    int failed;   /* sticky: an allocation failed */
} micic_buf;

#define MICIC_BUF_INIT { NULL, 0, 0, 0 }
int micic_buf_reserve(micic_buf *b, size_t extra);
int micic_buf_append(micic_buf *b, const char *s, size_t n);
int micic_buf_puts(micic_buf *b, const char *s);
int micic_buf_putc(micic_buf *b, char c);
int micic_buf_printf(micic_buf *b, const char *fmt, ...) MICIC_PRINTF(2, 3);
/* Returns the NUL-terminated content ("" for an empty buffer) or NULL on failure. */
const char *micic_buf_cstr(micic_buf *b);
/* Hand the content to the caller (micic_free) and reset the buffer. */
char *micic_buf_detach(micic_buf *b);
void micic_buf_free(micic_buf *b);
void micic_buf_clear(micic_buf *b);

/* ---- practices (for the readers) ---------------------------------- */
struct micic_practice;
/* Make room in p for nvalues more values and for text_bytes of value text
 * in one block (the text of values added later is carved from it while it
 * has room): a reader adding a whole row then allocates twice instead of
 * once per value. Best effort: on allocation failure nothing changes and
 * the values are allocated one by one as usual. */
void micic__practice_reserve(struct micic_practice *p, size_t nvalues, size_t text_bytes);

/* ---- small string helpers ------------------------------------------ */
/* ASCII case-insensitive compare */
int micic__strcasecmp(const char *a, const char *b);
int micic__strncasecmp(const char *a, const char *b, size_t n);
/* Trim ASCII and Unicode white space (incl. NBSP) at both ends: returns
 * a pointer into s and the trimmed length in *len_out. */
const char *micic__trim(const char *s, size_t n, size_t *len_out);
/* Number of Unicode code points in s[0..n) (invalid bytes count as one). */
size_t micic__utf8_chars(const char *s, size_t n);
/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int micic__utf8_valid(const char *s, size_t n);
/* Edit distance over code points (optimal string alignment: insertions,
 * deletions, substitutions and adjacent transpositions cost 1), capped:
 * returns cap+1 when larger.
 * Never allocates when both strings have at most 512 code points (every
 * caller's case); longer strings use the heap and MICIC_ENOMEM (negative)
 * means memory ran out. */
int micic__edit_distance(const char *a, const char *b, int cap);

/* ---- report bookkeeping (lib/report.c) ----------------------------- */
struct micic_report;
/* Count records a reader saw: accepted ones and rejected ones. */
void micic__report_note_records(struct micic_report *r, size_t accepted, size_t rejected);
/* Bytes of input a reader skipped without reading records from them. */
void micic__report_note_skipped(struct micic_report *r, size_t bytes);
/* A file of a directory that was skipped (file-skipped). */
void micic__report_note_skipped_file(struct micic_report *r);

#endif /* MICIC_INTERNAL_H */
