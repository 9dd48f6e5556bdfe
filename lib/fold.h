/*
 * Text folding for tolerant comparison (lib/fold.c). Internal, not installed.
 *
 * Two levels:
 *  - "fold" (micic_fold and micic__fold_into): utf8proc NFKC + case fold +
 *    accent stripping + default-ignorables removed, then curly quotes -> ',
 *    curly double quotes -> ", dashes -> -, every run of white space (incl.
 *    NBSP, line/paragraph separators) -> one space, control characters
 *    dropped, trimmed.
 *  - "key" (micic__key_into): fold, then '-' and '_' become spaces (so
 *    "Post-crisis" == "post crisis"), spaces collapse again and leading/
 *    trailing punctuation (. , ; : ! ? * " ' and bullets) is trimmed.
 *    Used for every catalogue lookup.
 *
 * The *_into variants write into a caller buffer (typically a stack array
 * of MICIC_FOLD_STACK bytes) and return MICIC_ELIMIT when the result does
 * not fit; they allocate only for non-ASCII input longer than
 * MICIC_FOLD_STACK code points (utf8proc's work buffer). Pure-ASCII input
 * takes a fast path that gives the same result as utf8proc (tested).
 * Keys have a faster path still (one pass, no utf8proc) for text that is
 * ASCII apart from NBSP, curly quotes and dashes: every label and name of
 * the catalogue and nearly every value (tests/test_canon.c checks it
 * against the utf8proc path on generated text).
 */
#ifndef MICIC_FOLD_H
#define MICIC_FOLD_H

#include <stddef.h>

/* A comfortable stack buffer size for short labels and names. */
#define MICIC_FOLD_STACK 256

/*
 * Fold s[0..n) into out (cap bytes, NUL included). On MICIC_OK, out is
 * NUL-terminated and *len_out (may be NULL) is its length. Returns
 * MICIC_EUTF8 for invalid UTF-8, MICIC_ELIMIT when cap is too small,
 * MICIC_EINVAL for NULL arguments, MICIC_ENOMEM.
 */
int micic__fold_into(const char *s, size_t n, char *out, size_t cap, size_t *len_out);

/* Same as micic__fold_into, then the key rules above. */
int micic__key_into(const char *s, size_t n, char *out, size_t cap, size_t *len_out);

/*
 * Fold of s[0..n), allocated only when it does not fit in stack_buf:
 * *out points either to stack_buf or to a new buffer the caller frees
 * with micic__free() when *out != stack_buf. Errors as micic__fold_into
 * (never MICIC_ELIMIT in practice), plus MICIC_ENOMEM.
 */
int micic__fold_buf(const char *s, size_t n, char *stack_buf, size_t stack_cap, char **out,
                    size_t *len_out);

/*
 * Key of s[0..n), allocated only when it does not fit in stack_buf:
 * *out points either to stack_buf or to a new buffer the caller frees
 * with micic__free() when *out != stack_buf.
 */
int micic__key(const char *s, size_t n, char *stack_buf, size_t stack_cap, char **out,
               size_t *len_out);

/*
 * Key for catalogue lookups, never on the heap for ASCII text (nor for any
 * text whose fold fits in cap bytes): like micic__key_into() into out (cap
 * bytes), except that MICIC_ELIMIT means "the key is cap bytes or longer",
 * so it equals no table string shorter than that. Errors: MICIC_EUTF8,
 * MICIC_EINVAL, MICIC_ENOMEM (only from the rare heap fallback: non-ASCII
 * text whose fold does not fit in cap bytes but whose key may).
 */
int micic__key_lookup(const char *s, size_t n, char *out, size_t cap, size_t *len_out);

/*
 * strcmp() that ignores ASCII case only (A-Z = a-z; every other byte
 * compares as unsigned char, whatever the locale). Two texts equal under it
 * have the same key, so the catalogue uses it for its exact fast paths.
 */
int micic__ascii_casecmp(const char *a, const char *b);

/* 1 when micic__ascii_casecmp(a, b) == 0 (inline: the catalogue's hot path). */
static inline int micic__ascii_caseeq(const char *a, const char *b) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned cx = *x, cy = *y, lx;
        if (cx == cy) {
            if (!cx) return 1;
            continue;
        }
        lx = cx | 0x20; /* differ only in case: the same letter */
        if (lx != (cy | 0x20) || lx < 'a' || lx > 'z') return 0;
    }
}

/* Apply the key rules in place to an already folded string; returns the new length. */
size_t micic__key_from_folded(char *s, size_t n);

/* 1 when key(a) == key(b) (both NUL-terminated); 0 otherwise or on error. */
int micic__key_equal(const char *a, const char *b);

#endif /* MICIC_FOLD_H */
