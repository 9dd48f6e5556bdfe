/*
 * Helpers shared by the line-oriented readers (lib/read_text.c: record
 * text; lib/read_guidelines.c: guideline documents) and lib/io.c (format
 * detection). Not installed.
 *
 * micic__tdoc splits an input into lines (LF, CRLF or CR) over a sanitized
 * copy of the bytes: a leading UTF-8 BOM is dropped, every NUL byte and
 * every invalid UTF-8 byte becomes U+FFFD, and each such problem is kept as
 * an event (line, column) so the reader can report it with the record it
 * belongs to. Columns count characters (a replaced byte counts as one), so
 * they are the same in the input and in the sanitized copy.
 */
#ifndef MICIC_TEXT_INTERNAL_H
#define MICIC_TEXT_INTERNAL_H

#include <stddef.h>

#include "internal.h"

/* One line of a document. */
typedef struct micic__tline {
    const char *s; /* text with white space (ASCII and Unicode) trimmed at both ends */
    size_t n;      /* its length in bytes */
    int line;      /* 1-based line number */
    int col;       /* 1-based character column where s starts */
    size_t offset; /* byte offset of the line start in the original input */
} micic__tline;

/* A problem found while sanitizing. */
typedef struct micic__tbad {
    int line;
    int col;
    int code;      /* MICIC_CODE_NUL_BYTE, MICIC_CODE_INVALID_UTF8 or MICIC_CODE_TRUNCATED */
    size_t count;  /* bytes of this kind replaced on the line */
} micic__tbad;

typedef struct micic__tdoc {
    char *text;           /* sanitized copy (owned) */
    size_t text_len;
    micic__tline *lines;  /* owned */
    size_t nlines;
    micic__tbad *bad;     /* owned, in line order */
    size_t nbad;
    size_t input_len;     /* length of the original input */
} micic__tdoc;

/* Split data[0..len) into lines. MICIC_OK or MICIC_ENOMEM. */
int micic__tdoc_load(micic__tdoc *d, const char *data, size_t len);
void micic__tdoc_free(micic__tdoc *d);

/* Number of characters in s[0..n) (invalid bytes count as one). */
#define MICIC__CHARS(s, n) micic__utf8_chars((s), (n))

/* 1 when s[0..n) is a record separator line: three or more '=' or three or
 * more '-' and nothing else. */
int micic__text_is_separator(const char *s, size_t n);

/* 1 when s[0..n) starts a "GUIDELINE N" heading (the word, optional
 * spaces, a digit). */
int micic__text_is_guideline_heading(const char *s, size_t n);

/* 1 when s[0..n) (trimmed) is a bullet line: '-', '*' or U+2022 first. */
int micic__text_is_bullet(const char *s, size_t n);

/*
 * Seed-000 shape: the text holds at least one line equal to a paragraph of
 * a guideline's body text (micic_guideline_text) and a "Sample Practices"
 * line, and no "GUIDELINE N" heading. Used by micic_format_detect().
 * Returns 1 or 0, or MICIC_ENOMEM (negative) when memory ran out.
 */
int micic__guidelines_sniff(const char *data, size_t len);

/* 1 when the text has a "Practices to Implement Guideline" or a
 * "GUIDELINES AND EFFECTIVE PRACTICES" line (first 64 KiB). */
int micic__guidelines_marker(const char *data, size_t len);

#endif /* MICIC_TEXT_INTERNAL_H */
