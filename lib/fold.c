/*
 * Text folding with utf8proc (see lib/fold.h and docs/catalogue.md).
 *
 * Unicode work (NFKC, case folding, accent stripping, default ignorables)
 * is done by utf8proc only; this file merely maps the few punctuation
 * characters utf8proc leaves alone (curly quotes, dashes) to ASCII and
 * collapses white space. Pure ASCII input skips utf8proc: for ASCII,
 * NFKC/case folding is exactly "A-Z -> a-z" (tests check both paths agree).
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"

#define FOLD_OPTIONS                                                                         \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |              \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Output state shared by the utf8proc and ASCII paths. */
typedef struct fold_out {
    char *buf;
    size_t cap; /* bytes available, NUL included */
    size_t len;
    int pending_space;
    int overflow;
} fold_out;

static int is_space_cp(utf8proc_int32_t c) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85) return 1;
    if (c < 0x80) return 0;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

/* Punctuation utf8proc keeps as is: quotes and dashes to their ASCII forms. */
static utf8proc_int32_t map_punct(utf8proc_int32_t c) {
    switch (c) {
    case 0x0060: /* ` */
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032: case 0x2035: case 0x02BC: case 0x02B9:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x2036: case 0x00AB: case 0x00BB:
    case 0x301D: case 0x301E:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2043: case 0x2212: case 0x2E3A: case 0x2E3B: case 0xFE58: case 0xFE63:
        return '-';
    default:
        return c;
    }
}

static void out_bytes(fold_out *o, const char *b, size_t n) {
    if (o->overflow) return;
    if (o->len + n + 1 > o->cap) {
        o->overflow = 1;
        return;
    }
    memcpy(o->buf + o->len, b, n);
    o->len += n;
}

static void emit(fold_out *o, utf8proc_int32_t c) {
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k;
    if (is_space_cp(c)) {
        o->pending_space = 1;
        return;
    }
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_CC))
        return; /* control characters are dropped */
    c = map_punct(c);
    if (o->pending_space && o->len > 0) out_bytes(o, " ", 1);
    o->pending_space = 0;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A'; /* only reached on the ASCII path */
    k = utf8proc_encode_char(c, enc);
    out_bytes(o, (const char *)enc, (size_t)k);
}

static int is_ascii(const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

int micic__fold_into(const char *s, size_t n, char *out, size_t cap, size_t *len_out) {
    fold_out o;
    if (len_out) *len_out = 0;
    if (!s || !out || cap == 0) return MICIC_EINVAL;
    o.buf = out;
    o.cap = cap;
    o.len = 0;
    o.pending_space = 0;
    o.overflow = 0;
    out[0] = '\0';
    if (is_ascii(s, n)) {
        size_t i;
        for (i = 0; i < n; i++) emit(&o, (unsigned char)s[i]);
    } else {
        utf8proc_int32_t stack_cps[MICIC_FOLD_STACK];
        utf8proc_int32_t *cps = stack_cps;
        utf8proc_ssize_t m, i;
        if (!micic__utf8_valid(s, n)) return MICIC_EUTF8;
        m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cps,
                               MICIC_FOLD_STACK, FOLD_OPTIONS);
        if (m < 0) return m == UTF8PROC_ERROR_NOMEM ? MICIC_ENOMEM : MICIC_EUTF8;
        if (m > MICIC_FOLD_STACK) { /* long text: one heap buffer */
            utf8proc_ssize_t m2;
            cps = micic__malloc((size_t)m * sizeof *cps);
            if (!cps) return MICIC_ENOMEM;
            m2 = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cps, m,
                                    FOLD_OPTIONS);
            if (m2 < 0 || m2 > m) {
                micic__free(cps);
                return MICIC_EUTF8;
            }
            m = m2;
        }
        m = utf8proc_normalize_utf32(cps, m, FOLD_OPTIONS);
        if (m >= 0)
            for (i = 0; i < m; i++) emit(&o, cps[i]);
        if (cps != stack_cps) micic__free(cps);
        if (m < 0) return MICIC_EUTF8;
    }
    if (o.overflow) {
        out[0] = '\0';
        return MICIC_ELIMIT;
    }
    out[o.len] = '\0';
    if (len_out) *len_out = o.len;
    return MICIC_OK;
}

/* ---- direct key for ASCII text ------------------------------------- */

/*
 * Classes of the code points the direct key handles, by what the key rules
 * (fold, then micic__key_from_folded) do with them:
 *  K_DROP  control characters: dropped by the fold, invisible to the rest;
 *  K_WS    white space: one space in the fold, so trimmed at the edges and a
 *          separator inside;
 *  K_DASH  '-' and '_' (and the dashes the fold maps to '-'): not trimmed at
 *          the edges, a separator inside;
 *  K_EDGE  . , ; : ! ? * " ' (and ` and curly quotes, mapped to ' and "):
 *          trimmed at the edges, kept inside;
 *  K_SOLID everything else: kept (A-Z lower-cased).
 */
enum { K_SOLID = 0, K_DROP, K_WS, K_DASH, K_EDGE };

/* Class of every ASCII byte (K_SOLID unless listed). */
static const unsigned char ascii_class[128] = {
    [0x00] = K_DROP, [0x01] = K_DROP, [0x02] = K_DROP, [0x03] = K_DROP,
    [0x04] = K_DROP, [0x05] = K_DROP, [0x06] = K_DROP, [0x07] = K_DROP,
    [0x08] = K_DROP, [0x09] = K_WS,   [0x0A] = K_WS,   [0x0B] = K_WS,
    [0x0C] = K_WS,   [0x0D] = K_WS,   [0x0E] = K_DROP, [0x0F] = K_DROP,
    [0x10] = K_DROP, [0x11] = K_DROP, [0x12] = K_DROP, [0x13] = K_DROP,
    [0x14] = K_DROP, [0x15] = K_DROP, [0x16] = K_DROP, [0x17] = K_DROP,
    [0x18] = K_DROP, [0x19] = K_DROP, [0x1A] = K_DROP, [0x1B] = K_DROP,
    [0x1C] = K_DROP, [0x1D] = K_DROP, [0x1E] = K_DROP, [0x1F] = K_DROP,
    [' '] = K_WS,    ['-'] = K_DASH,  ['_'] = K_DASH,  ['.'] = K_EDGE,
    [','] = K_EDGE,  [';'] = K_EDGE,  [':'] = K_EDGE,  ['!'] = K_EDGE,
    ['?'] = K_EDGE,  ['*'] = K_EDGE,  ['"'] = K_EDGE,  ['\''] = K_EDGE,
    ['`'] = K_EDGE,  [0x7F] = K_DROP,
};

/*
 * Class and ASCII replacement of the non-ASCII code point at s[0..n) (*len
 * its byte length). Only code points the fold maps to one ASCII character
 * without utf8proc's help are handled: NBSP (NFKC: a space), U+2018..U+201B
 * (') and U+201C..U+201F ("), U+2010 and U+2012..U+2015 (-); none of them
 * has a decomposition or a case mapping, so the fold gives exactly this.
 * Returns -1 for any other code point.
 */
static int direct_class_multi(const unsigned char *s, size_t n, size_t *len, char *ch) {
    unsigned char c = s[0];
    if (c == 0xC2 && n >= 2 && s[1] == 0xA0) {
        *len = 2;
        *ch = ' ';
        return K_WS;
    }
    if (c == 0xE2 && n >= 3 && s[1] == 0x80) {
        unsigned char d = s[2];
        *len = 3;
        if (d >= 0x98 && d <= 0x9B) {
            *ch = '\'';
            return K_EDGE;
        }
        if (d >= 0x9C && d <= 0x9F) {
            *ch = '"';
            return K_EDGE;
        }
        if (d == 0x90 || (d >= 0x92 && d <= 0x95)) {
            *ch = '-';
            return K_DASH;
        }
    }
    return -1;
}

/* Class of the code point at s[i..n) into cls, its length into k and its
 * ASCII replacement into ch; returns 0 from the caller for code points
 * direct_class_multi() does not know. */
#define NEXT_CP(s, i, n, cls, k, ch)                                                         \
    do {                                                                                     \
        unsigned char c_ = (s)[i];                                                           \
        if (c_ < 0x80) {                                                                     \
            (cls) = ascii_class[c_];                                                         \
            (k) = 1;                                                                         \
            (ch) = (char)(c_ == '`' ? '\'' : (c_ >= 'A' && c_ <= 'Z') ? c_ + 32 : c_);        \
        } else if (((cls) = direct_class_multi((s) + (i), (n) - (i), &(k), &(ch))) < 0) {    \
            return 0;                                                                        \
        }                                                                                    \
    } while (0)

/*
 * The key of s[0..n) computed in one pass without utf8proc, for text that
 * is ASCII apart from the code points direct_class_multi() knows (nearly
 * every label, name and value), using the classes above. Same result as micic__fold_into() followed by micic__key_from_folded()
 * (tests/test_canon.c compares them on generated text). Returns 0 when s
 * holds another code point (use the full fold), else 1 with *len_out set,
 * or with *overflow set when the key needs cap bytes or more.
 */
static int key_direct(const char *str, size_t n, char *out, size_t cap, size_t *len_out,
                      int *overflow) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, j = 0, mark = 0, k = 0;
    int pending = 0, cls = K_DROP;
    char ch = 0;
    *overflow = 0;
    /* leading edge: white space, edge punctuation and controls */
    for (; i < n; i += k) {
        NEXT_CP(s, i, n, cls, k, ch);
        if (cls == K_DASH || cls == K_SOLID) break;
    }
    /* the rest: separators collapse; edge punctuation after the last solid
     * character or dash is cut off at the end (j = mark) */
    for (; i < n; i += k) {
        NEXT_CP(s, i, n, cls, k, ch);
        if (cls == K_SOLID || cls == K_EDGE) {
            if (pending && j > 0) {
                if (j + 1 < cap) out[j] = ' ';
                j++;
            }
            pending = 0;
            if (j + 1 < cap) out[j] = ch;
            j++;
            if (cls == K_SOLID) mark = j;
        } else if (cls == K_WS) {
            pending = 1;
        } else if (cls == K_DASH) {
            pending = 1;
            mark = j;
        }
    }
    if (mark + 1 > cap) {
        *overflow = 1;
        if (cap) out[0] = '\0';
        return 1;
    }
    out[mark] = '\0';
    *len_out = mark;
    return 1;
}

static int is_edge_punct(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '*' ||
           c == '"' || c == '\'' || c == ' ';
}

/* Bullets folded from "•", "·", "▪", "◦": trimmed at the edges like punctuation. */
static size_t edge_bullet_len(const char *s, size_t n) {
    static const char *const bullets[] = {"\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa",
                                          "\xe2\x97\xa6"};
    size_t i;
    for (i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
        size_t k = strlen(bullets[i]);
        if (n >= k && memcmp(s, bullets[i], k) == 0) return k;
    }
    return 0;
}

static size_t edge_bullet_len_back(const char *s, size_t n) {
    static const char *const bullets[] = {"\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa",
                                          "\xe2\x97\xa6"};
    size_t i;
    for (i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
        size_t k = strlen(bullets[i]);
        if (n >= k && memcmp(s + n - k, bullets[i], k) == 0) return k;
    }
    return 0;
}

size_t micic__key_from_folded(char *s, size_t n) {
    size_t i, j = 0, start = 0, end = n;
    int space = 0;
    /* trim edge punctuation and bullets */
    for (;;) {
        size_t k;
        if (start < end && is_edge_punct(s[start])) {
            start++;
        } else if ((k = edge_bullet_len(s + start, end - start)) > 0) {
            start += k;
        } else {
            break;
        }
    }
    for (;;) {
        size_t k;
        if (end > start && is_edge_punct(s[end - 1])) {
            end--;
        } else if ((k = edge_bullet_len_back(s + start, end - start)) > 0) {
            end -= k;
        } else {
            break;
        }
    }
    for (i = start; i < end; i++) {
        char c = s[i];
        if (c == '-' || c == '_' || c == ' ') {
            space = 1;
            continue;
        }
        if (space && j > 0) s[j++] = ' ';
        space = 0;
        s[j++] = c;
    }
    s[j] = '\0';
    return j;
}

int micic__key_into(const char *s, size_t n, char *out, size_t cap, size_t *len_out) {
    size_t len = 0;
    int rc, overflow;
    if (s && out && cap && key_direct(s, n, out, cap, &len, &overflow)) {
        if (len_out) *len_out = overflow ? 0 : len;
        if (overflow) out[0] = '\0';
        return overflow ? MICIC_ELIMIT : MICIC_OK;
    }
    rc = micic__fold_into(s, n, out, cap, &len);
    if (rc != MICIC_OK) {
        if (len_out) *len_out = 0;
        return rc;
    }
    len = micic__key_from_folded(out, len);
    if (len_out) *len_out = len;
    return MICIC_OK;
}

int micic__fold_buf(const char *s, size_t n, char *stack_buf, size_t stack_cap, char **out,
                    size_t *len_out) {
    int rc;
    size_t cap;
    char *heap;
    *out = NULL;
    rc = micic__fold_into(s, n, stack_buf, stack_cap, len_out);
    if (rc == MICIC_OK) {
        *out = stack_buf;
        return rc;
    }
    if (rc != MICIC_ELIMIT) return rc;
    /* NFKC can expand a code point a lot (U+FDFA: 18 code points): retry
       with a doubled buffer until it fits. */
    for (cap = n * 4 + 16;; cap *= 2) {
        heap = micic__malloc(cap);
        if (!heap) return MICIC_ENOMEM;
        rc = micic__fold_into(s, n, heap, cap, len_out);
        if (rc != MICIC_ELIMIT) break;
        micic__free(heap);
        if (cap > ((size_t)-1) / 4) return MICIC_ELIMIT;
    }
    if (rc != MICIC_OK) {
        micic__free(heap);
        return rc;
    }
    *out = heap;
    return MICIC_OK;
}

int micic__key(const char *s, size_t n, char *stack_buf, size_t stack_cap, char **out,
               size_t *len_out) {
    size_t len = 0;
    int rc, overflow;
    if (s && stack_buf && stack_cap &&
        key_direct(s, n, stack_buf, stack_cap, &len, &overflow)) {
        char *heap;
        *out = stack_buf;
        if (!overflow) {
            if (len_out) *len_out = len;
            return MICIC_OK;
        }
        /* the direct key is never longer than its input */
        if (n == (size_t)-1 || !(heap = micic__malloc(n + 1))) {
            *out = NULL;
            return MICIC_ENOMEM;
        }
        key_direct(s, n, heap, n + 1, &len, &overflow);
        *out = heap;
        if (len_out) *len_out = len;
        return MICIC_OK;
    }
    rc = micic__fold_buf(s, n, stack_buf, stack_cap, out, &len);
    if (rc != MICIC_OK) {
        if (len_out) *len_out = 0;
        return rc;
    }
    len = micic__key_from_folded(*out, len);
    if (len_out) *len_out = len;
    return MICIC_OK;
}

/* 1 for the ASCII characters that always reach the key unchanged but for
 * case (what ascii_class() calls K_SOLID). */
static int solid_ascii(unsigned char c) { return c < 0x80 && ascii_class[c] == K_SOLID; }

int micic__key_lookup(const char *s, size_t n, char *out, size_t cap, size_t *len_out) {
    size_t len = 0, solid = 0, i;
    int rc, overflow;
    char *heap;
    if (len_out) *len_out = 0;
    if (!s || !out || cap == 0) return MICIC_EINVAL;
    if (key_direct(s, n, out, cap, &len, &overflow)) {
        if (overflow) {
            out[0] = '\0';
            return MICIC_ELIMIT;
        }
        if (len_out) *len_out = len;
        return MICIC_OK;
    }
    /* other non-ASCII text: every solid ASCII character is one byte of the
     * key (NFKC keeps ASCII, no mark survives STRIPMARK to compose with it,
     * and the edge rules never cut a solid character) */
    for (i = 0; i < n; i++) solid += solid_ascii((unsigned char)s[i]);
    if (solid >= cap) {
        out[0] = '\0';
        return micic__utf8_valid(s, n) ? MICIC_ELIMIT : MICIC_EUTF8;
    }
    rc = micic__key_into(s, n, out, cap, &len);
    if (rc != MICIC_ELIMIT) {
        if (rc == MICIC_OK && len_out) *len_out = len;
        return rc;
    }
    /* the fold did not fit although the key may: rare (long non-ASCII
     * text with few letters); the full key once on the heap */
    rc = micic__key(s, n, out, cap, &heap, &len);
    if (rc != MICIC_OK) return rc;
    if (heap == out) { /* cannot happen: micic__key_into said it does not fit */
        if (len_out) *len_out = len;
        return MICIC_OK;
    }
    if (len + 1 > cap) {
        micic__free(heap);
        out[0] = '\0';
        return MICIC_ELIMIT;
    }
    memcpy(out, heap, len + 1);
    micic__free(heap);
    if (len_out) *len_out = len;
    return MICIC_OK;
}

int micic__ascii_casecmp(const char *a, const char *b) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned cx = *x, cy = *y;
        if (cx >= 'A' && cx <= 'Z') cx += 'a' - 'A';
        if (cy >= 'A' && cy <= 'Z') cy += 'a' - 'A';
        if (cx != cy || !cx) return (int)cx - (int)cy;
    }
}

int micic__key_equal(const char *a, const char *b) {
    char ba[MICIC_FOLD_STACK], bb[MICIC_FOLD_STACK];
    char *ka, *kb;
    int eq;
    if (!a || !b) return 0;
    if (micic__key(a, strlen(a), ba, sizeof ba, &ka, NULL) != MICIC_OK) return 0;
    if (micic__key(b, strlen(b), bb, sizeof bb, &kb, NULL) != MICIC_OK) {
        if (ka != ba) micic__free(ka);
        return 0;
    }
    eq = strcmp(ka, kb) == 0;
    if (ka != ba) micic__free(ka);
    if (kb != bb) micic__free(kb);
    return eq;
}

/* Public: always the utf8proc path (no ASCII shortcut), so tests can check
 * the fast paths against it. utf8proc_decompose() writes into a buffer of
 * ours (utf8proc_map() would malloc() its own, out of reach of
 * micic_set_allocator()). */
int micic_fold(const char *text, char **out) {
    utf8proc_int32_t *cps;
    utf8proc_ssize_t m, m2, i;
    size_t n;
    fold_out o;
    if (out) *out = NULL;
    if (!text || !out) return MICIC_EINVAL;
    n = strlen(text);
    if (!micic__utf8_valid(text, n)) return MICIC_EUTF8;
    m = utf8proc_decompose((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)n, NULL, 0,
                           FOLD_OPTIONS);
    if (m < 0) return m == UTF8PROC_ERROR_NOMEM ? MICIC_ENOMEM : MICIC_EUTF8;
    if ((size_t)m > ((size_t)-1) / 8 - 1) return MICIC_ENOMEM;
    cps = micic__malloc(((size_t)m + 1) * sizeof *cps);
    if (!cps) return MICIC_ENOMEM;
    m2 = utf8proc_decompose((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)n, cps, m,
                            FOLD_OPTIONS);
    if (m2 >= 0 && m2 <= m) m2 = utf8proc_normalize_utf32(cps, m2, FOLD_OPTIONS);
    if (m2 < 0 || m2 > m) {
        micic__free(cps);
        return m2 == UTF8PROC_ERROR_NOMEM ? MICIC_ENOMEM : MICIC_EUTF8;
    }
    /* at most 4 bytes per code point (a space is one code point too) */
    o.cap = (size_t)m2 * 4 + 1;
    o.buf = micic__malloc(o.cap);
    o.len = 0;
    o.pending_space = 0;
    o.overflow = 0;
    if (!o.buf) {
        micic__free(cps);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < m2; i++) emit(&o, cps[i]);
    micic__free(cps);
    o.buf[o.len] = '\0';
    *out = o.buf;
    return MICIC_OK;
}
