/* Status codes, errors, allocation, versions and small shared helpers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "micic/alloc.h"
#include "micic/version.h"

/* ---- version ------------------------------------------------------ */

const char *micic_version(void) { return MICIC_VERSION_STRING; }

int micic_version_number(void) { return MICIC_VERSION_NUMBER; }

/* ---- allocation --------------------------------------------------- */

/* The process-wide allocator hook (include/micic/alloc.h): the one
 * documented exception to "no mutable global state". It is written only by
 * micic_set_allocator(), which must run before any other libmicic call and
 * while no other thread uses the library; afterwards it is only read.
 * All three NULL: the C library's allocator. */
typedef struct micic_allocator {
    void *(*malloc_fn)(size_t);
    void *(*realloc_fn)(void *, size_t);
    void (*free_fn)(void *);
} micic_allocator;

static micic_allocator micic_alloc_hook; /* zero: the C library's */

int micic_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                        void (*free_fn)(void *)) {
    int set = (malloc_fn != NULL) + (realloc_fn != NULL) + (free_fn != NULL);
    if (set != 0 && set != 3) return MICIC_EINVAL;
    micic_alloc_hook.malloc_fn = malloc_fn;
    micic_alloc_hook.realloc_fn = realloc_fn;
    micic_alloc_hook.free_fn = free_fn;
    return MICIC_OK;
}

void micic_get_allocator(void *(**malloc_fn)(size_t), void *(**realloc_fn)(void *, size_t),
                         void (**free_fn)(void *)) {
    int custom = micic_alloc_hook.malloc_fn != NULL;
    if (malloc_fn) *malloc_fn = custom ? micic_alloc_hook.malloc_fn : malloc;
    if (realloc_fn) *realloc_fn = custom ? micic_alloc_hook.realloc_fn : realloc;
    if (free_fn) *free_fn = custom ? micic_alloc_hook.free_fn : free;
}

void *micic__malloc(size_t n) {
    if (n == 0) n = 1;
    return micic_alloc_hook.malloc_fn ? micic_alloc_hook.malloc_fn(n) : malloc(n);
}

void *micic__calloc(size_t n, size_t size) {
    void *p;
    if (n == 0) n = 1;
    if (size == 0) size = 1;
    if (!micic_alloc_hook.malloc_fn) return calloc(n, size);
    if (n > (size_t)-1 / size) return NULL;
    p = micic_alloc_hook.malloc_fn(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

/* realloc(NULL, n) is malloc(n), so the hook's realloc never sees NULL
 * (libcsv calls this with NULL for its first buffer). */
void *micic__realloc(void *p, size_t n) {
    if (n == 0) n = 1;
    if (!micic_alloc_hook.malloc_fn) return realloc(p, n);
    if (!p) return micic_alloc_hook.malloc_fn(n);
    return micic_alloc_hook.realloc_fn(p, n);
}

void micic__free(void *p) {
    if (!p) return;
    if (micic_alloc_hook.free_fn) micic_alloc_hook.free_fn(p);
    else free(p);
}

void micic_free(void *ptr) { micic__free(ptr); }

char *micic__strndup(const char *s, size_t n) {
    char *d;
    if (!s) return NULL;
    d = micic__malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *micic__strdup(const char *s) { return s ? micic__strndup(s, strlen(s)) : NULL; }

/* ---- errors ------------------------------------------------------- */

const char *micic_strerror(int code) {
    switch (code) {
    case MICIC_OK: return "success";
    case MICIC_ENOMEM: return "out of memory";
    case MICIC_EINVAL: return "invalid argument";
    case MICIC_EIO: return "input/output error";
    case MICIC_EPARSE: return "parse error";
    case MICIC_EFORMAT: return "unknown or undetectable format";
    case MICIC_ENOTFOUND: return "not found";
    case MICIC_ELIMIT: return "size limit exceeded";
    case MICIC_EUTF8: return "invalid UTF-8";
    case MICIC_EQUERY: return "query syntax error";
    case MICIC_EVERSION: return "unsupported options version";
    case MICIC_ECANCELLED: return "cancelled";
    case MICIC_EINTERNAL: return "internal error";
    case MICIC_ITEROVER: return "iteration over";
    default: return "unknown error";
    }
}

void micic_error_clear(micic_error *err) {
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->position = -1;
}

void micic__copy_text(char *dst, size_t size, const char *src) {
    size_t n;
    if (!dst || size == 0) return;
    if (!src) src = "";
    n = strlen(src);
    if (n >= size) {
        n = size - 1;
        /* back up to a UTF-8 sequence start so no character is cut */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int verror(micic_error *err, int code, const char *source, int line, int column,
                  long long position, const char *fmt, va_list ap) {
    char text[MICIC_ERROR_TEXT_LENGTH * 2];
    if (!err) return code;
    micic_error_clear(err);
    err->code = code;
    err->line = line;
    err->column = column;
    err->position = position;
    micic__copy_text(err->source, sizeof err->source, source);
    if (fmt) {
        vsnprintf(text, sizeof text, fmt, ap);
        micic__copy_text(err->text, sizeof err->text, text);
    } else {
        micic__copy_text(err->text, sizeof err->text, micic_strerror(code));
    }
    return code;
}

int micic__error(micic_error *err, int code, const char *fmt, ...) {
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = verror(err, code, NULL, 0, 0, -1, fmt, ap);
    va_end(ap);
    return rc;
}

int micic__error_at(micic_error *err, int code, const char *source, int line, int column,
                    long long position, const char *fmt, ...) {
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = verror(err, code, source, line, column, position, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- buffer ------------------------------------------------------- */

int micic_buf_reserve(micic_buf *b, size_t extra) {
    size_t need, cap;
    char *d;
    if (b->failed) return MICIC_ENOMEM;
    if (extra > (size_t)-1 - b->len - 1) {
        b->failed = 1;
        return MICIC_ENOMEM;
    }
    need = b->len + extra + 1;
    if (need <= b->cap) return MICIC_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    d = micic__realloc(b->data, cap);
    if (!d) {
        b->failed = 1;
        return MICIC_ENOMEM;
    }
    b->data = d;
    b->cap = cap;
    return MICIC_OK;
}

int micic_buf_append(micic_buf *b, const char *s, size_t n) {
    if (micic_buf_reserve(b, n) != MICIC_OK) return MICIC_ENOMEM;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return MICIC_OK;
}

int micic_buf_puts(micic_buf *b, const char *s) { return micic_buf_append(b, s, strlen(s)); }

int micic_buf_putc(micic_buf *b, char c) { return micic_buf_append(b, &c, 1); }

int micic_buf_printf(micic_buf *b, const char *fmt, ...) {
    va_list ap, ap2;
    int n;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || micic_buf_reserve(b, (size_t)n) != MICIC_OK) {
        va_end(ap2);
        b->failed = 1;
        return MICIC_ENOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return MICIC_OK;
}

const char *micic_buf_cstr(micic_buf *b) {
    if (b->failed) return NULL;
    if (!b->data && micic_buf_reserve(b, 0) != MICIC_OK) return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

char *micic_buf_detach(micic_buf *b) {
    char *d;
    if (!micic_buf_cstr(b)) {
        micic_buf_free(b);
        return NULL;
    }
    d = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void micic_buf_free(micic_buf *b) {
    micic__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void micic_buf_clear(micic_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

/* ---- strings ------------------------------------------------------ */

int micic__strcasecmp(const char *a, const char *b) {
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca) return ca - cb;
    }
}

int micic__strncasecmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca) return ca - cb;
    }
    return 0;
}

/* Length of a white-space sequence starting at s (ASCII, NBSP U+00A0,
 * U+2000..U+200B, U+202F, U+3000, BOM U+FEFF), 0 when none. */
static size_t space_len(const unsigned char *s, size_t n) {
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
                   s[0] == '\v'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF)) return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return 3;
    return 0;
}

/* Length of a white-space sequence that ends at s[n-1], 0 when none. */
static size_t space_len_back(const unsigned char *s, size_t n) {
    size_t k;
    for (k = 1; k <= 3 && k <= n; k++) {
        if (space_len(s + n - k, k) == k) return k;
    }
    return 0;
}

const char *micic__trim(const char *s, size_t n, size_t *len_out) {
    const unsigned char *u = (const unsigned char *)s;
    size_t k;
    while (n && (k = space_len(u, n)) != 0) {
        u += k;
        n -= k;
    }
    while (n && (k = space_len_back(u, n)) != 0) n -= k;
    if (len_out) *len_out = n;
    return (const char *)u;
}

/* Decode one UTF-8 code point; returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp) {
    unsigned c;
    size_t len, i;
    if (!n) return 0;
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t micic__utf8_chars(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0, i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        i += k ? k : 1;
        count++;
    }
    return count;
}

int micic__utf8_valid(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* Code points compared on the stack by micic__edit_distance: more than
 * any caller needs (labels, field names, catalogue keys of at most
 * MICIC_FOLD_STACK bytes), so the comparisons of lookups and suggestions
 * never allocate and cannot fail. */
#define EDIT_STACK 512

/* Decode s (n code points, invalid bytes as U+FFFD) into cps. */
static void to_codepoints(const char *s, unsigned *cps) {
    size_t n = strlen(s), i = 0, k = 0;
    while (i < n) {
        unsigned cp;
        size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!len) {
            cp = 0xFFFD;
            len = 1;
        }
        cps[k++] = cp;
        i += len;
    }
}

int micic__edit_distance(const char *a, const char *b, int cap) {
    unsigned sa[EDIT_STACK], sb[EDIT_STACK];
    int sprev2[EDIT_STACK + 1], sprev[EDIT_STACK + 1], scur[EDIT_STACK + 1];
    size_t na = micic__utf8_chars(a, strlen(a)), nb = micic__utf8_chars(b, strlen(b)), i, j;
    unsigned *ca = sa, *cb = sb;
    int *prev2 = sprev2, *prev = sprev, *cur = scur, result, prevmin = 0;
    if ((na > nb ? na - nb : nb - na) > (size_t)cap) return cap + 1;
    if (na > EDIT_STACK || nb > EDIT_STACK) { /* long text: on the heap */
        ca = micic__malloc((na + 1) * sizeof *ca);
        cb = micic__malloc((nb + 1) * sizeof *cb);
        prev2 = micic__malloc((nb + 1) * sizeof *prev2);
        prev = micic__malloc((nb + 1) * sizeof *prev);
        cur = micic__malloc((nb + 1) * sizeof *cur);
        if (!ca || !cb || !prev2 || !prev || !cur) {
            result = MICIC_ENOMEM;
            goto done;
        }
    }
    to_codepoints(a, ca);
    to_codepoints(b, cb);
    /* optimal string alignment (restricted Damerau-Levenshtein): an
     * adjacent transposition ("Lybia" / "Libya") costs 1 */
    for (j = 0; j <= nb; j++) prev[j] = prev2[j] = (int)j;
    for (i = 1; i <= na; i++) {
        int rowmin;
        int *t;
        cur[0] = (int)i;
        rowmin = cur[0];
        for (j = 1; j <= nb; j++) {
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            int sub = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
            int m = del < ins ? del : ins;
            cur[j] = m < sub ? m : sub;
            if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
                ca[i - 1] != cb[j - 1] && prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
            if (cur[j] < rowmin) rowmin = cur[j];
        }
        t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
        /* a transposition reaches back two rows: stop when both are over */
        if (rowmin > cap && prevmin > cap) {
            result = cap + 1;
            goto done;
        }
        prevmin = rowmin;
    }
    result = prev[nb] > cap ? cap + 1 : prev[nb];
done:
    if (ca != sa) {
        /* prev and cur may have been swapped: free both heap rows */
        micic__free(ca);
        micic__free(cb);
        micic__free(prev2);
        micic__free(prev);
        micic__free(cur);
    }
    return result;
}
