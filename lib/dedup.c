/*
 * Word hashing, guideline-text shingles and duplicate detection for the
 * validator (lib/validate.c). See lib/validate_internal.h and
 * docs/diagnostics.md ("duplicate-record", "guideline-text-in-description").
 *
 * Duplicates, in one pass over the corpus (sub-quadratic):
 *  - exact: the hash of a description's folded word sequence is looked up
 *    in a hash table of earlier descriptions; a hit is confirmed word by
 *    word (so a hash collision never reports a false duplicate);
 *  - near: each description is reduced to a one-permutation MinHash
 *    signature of its word set (K = 64 bins, densified by rotation); the
 *    signature is cut into b bands of r rows (b * r <= 64, chosen from the
 *    threshold so that a pair at the threshold is a candidate with
 *    probability >= 0.98) and each band is hashed into a table. The earlier
 *    records that share a band (a bucket keeps its first 8 records) are
 *    candidates; a 2-bit sketch of each signature (16 bytes a record)
 *    estimates their similarity and drops candidates far below the
 *    threshold; the rest are confirmed by computing the exact Jaccard
 *    similarity of the two word sets (>= the threshold);
 *  - title: same folded title words and same (non-empty) set of stakeholder
 *    names (hash table; the titles are confirmed word by word; records that
 *    name no stakeholder are not compared by title).
 * Only descriptions of at least MICIC__DEDUP_MIN_WORDS words take part in
 * the description checks. Memory: 16 bytes a record for the sketches plus
 * about 8 * b / 0.55 bytes a record of descriptions for the band table.
 */
#include <math.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "micic/catalogue.h"
#include "validate_internal.h"

#define FNV_OFFSET 14695981039346656037ULL
/* Multiplier of the rolling window hash (odd, so it is invertible mod 2^64). */
#define ROLL_P 0x9E3779B97F4A7C15ULL

uint64_t micic__mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* ------------------------------------------------------------------ */
/* Words                                                                */
/* ------------------------------------------------------------------ */

/* 1: letter or digit, 2: combining mark, 0: separator. */
static int word_class(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return 1;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return 2;
    default: return 0;
    }
}

/* ASCII byte -> its lower-case form when it is a letter or digit, 0 for a
 * separator; 0x80 for every non-ASCII byte (decoded separately). */
static const unsigned char ASCII_FOLD[256] = {
    /* 0x00-0x2F: separators */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x30-0x3F: digits, then separators */
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
    /* 0x40-0x5F: upper case -> lower case */
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    /* 0x60-0x7F: lower case */
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    /* 0x80-0xFF: non-ASCII */
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/*
 * Word hash state: folded bytes are packed 8 at a time into acc and mixed
 * into h once per 8 bytes (one multiply per 8 bytes instead of one per byte
 * as in FNV); the result depends only on the byte sequence.
 */
typedef struct whash {
    uint64_t h, acc;
    unsigned nacc;
    size_t len;
} whash;

#define WH_K 0x9E3779B97F4A7C15ULL

static void wh_byte(whash *w, unsigned char c) {
    w->acc |= (uint64_t)c << (8 * w->nacc);
    w->len++;
    if (++w->nacc == 8) {
        w->h = (w->h ^ w->acc) * WH_K;
        w->h ^= w->h >> 29;
        w->acc = 0;
        w->nacc = 0;
    }
}

static uint64_t wh_final(const whash *w) {
    /* one multiply and two xor-shifts: every bit of the result depends on
       every input bit (the top bits, used for MinHash bins, the most) */
    uint64_t h = (w->h ^ w->acc ^ ((uint64_t)w->len << 56)) * 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    return h ^ (h >> 29);
}

/* Fold one non-ASCII code point (NFKD + case fold + marks stripped) into w. */
static void hash_codepoint(whash *w, utf8proc_int32_t cp) {
    utf8proc_int32_t out[16];
    utf8proc_ssize_t k, j;
    k = utf8proc_decompose_char(cp, out, 16,
                                (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK),
                                NULL);
    if (k < 0 || k > 16) {
        out[0] = cp;
        k = 1;
    }
    for (j = 0; j < k; j++) {
        utf8proc_uint8_t bytes[4];
        utf8proc_ssize_t nb = utf8proc_encode_char(out[j], bytes), b;
        for (b = 0; b < nb; b++) {
            unsigned char c = bytes[b];
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
            wh_byte(w, c);
        }
    }
}

/* ---- 8 bytes at a time (ASCII) ---------------------------------------- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 1 on a little-endian machine (the fast path packs bytes like wh_byte). */
static int little_endian(void) {
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* High bit of every byte of v (all ASCII) that is a letter or a digit. */
static uint64_t alnum_mask(uint64_t v) {
    uint64_t x = v | (0x20 * ONES); /* letters to lower case; digits unchanged */
    uint64_t letter = (x + (0x80 - 'a') * ONES) & ~(x + (0x7F - 'z') * ONES);
    uint64_t digit = (v + (0x80 - '0') * ONES) & ~(v + (0x7F - '9') * ONES);
    return (letter | digit) & HIGHS;
}

/* Index (0-7) of the first byte whose high bit is set in m (m != 0). */
#if defined(__GNUC__)
static unsigned first_byte(uint64_t m) { return (unsigned)__builtin_ctzll(m) / 8; }
#else
static unsigned first_byte(uint64_t m) {
    static const unsigned char debruijn[64] = {
        0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,
        62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
        46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6};
    uint64_t low = m & (~m + 1);
    return debruijn[(low * 0x03F79D71B4CB0A89ULL) >> 58] / 8;
}
#endif

#if defined(__GNUC__)
#define MICIC_INLINE inline __attribute__((always_inline))
#else
#define MICIC_INLINE inline
#endif

static MICIC_INLINE int next_word(const char *s, size_t n, size_t *pos, micic__word *w) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;
    int fast = little_endian();
    whash wh = {0x243F6A8885A308D3ULL, 0, 0, 0};
    /* skip separators */
    while (i < n) {
        unsigned char f;
        if (fast) {
            while (i + 8 <= n) {
                uint64_t v, m;
                memcpy(&v, u + i, 8);
                if (v & HIGHS) break;
                m = alnum_mask(v);
                if (m) {
                    i += first_byte(m);
                    goto word;
                }
                i += 8;
            }
            if (i >= n) break;
        }
        f = ASCII_FOLD[u[i]];
        if (f == 0) {
            i++;
        } else if (f < 0x80) {
            break;
        } else {
            utf8proc_int32_t cp;
            utf8proc_ssize_t len = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
            if (len <= 0) {
                i++;
                continue;
            }
            if (word_class(cp) == 1) break;
            i += (size_t)len;
        }
    }
    if (i >= n) {
        *pos = n;
        return 0;
    }
word:
    w->start = i;
    while (i < n) {
        unsigned char f;
        if (fast && wh.nacc == 0) {
            while (i + 8 <= n) {
                uint64_t v, m, stop;
                memcpy(&v, u + i, 8);
                if (v & HIGHS) break;
                m = alnum_mask(v);
                stop = ~m & HIGHS;
                if (stop) {
                    unsigned k = first_byte(stop);
                    if (k) {
                        wh.acc = (v | (0x20 * ONES)) & (~0ULL >> (64 - 8 * k));
                        wh.nacc = k;
                        wh.len += k;
                        i += k;
                    }
                    goto end;
                }
                wh.h = (wh.h ^ (v | (0x20 * ONES))) * WH_K;
                wh.h ^= wh.h >> 29;
                wh.len += 8;
                i += 8;
            }
            if (i >= n) break;
        }
        f = ASCII_FOLD[u[i]];
        if (f == 0) break;
        if (f < 0x80) {
            wh_byte(&wh, f);
            i++;
        } else {
            utf8proc_int32_t cp;
            utf8proc_ssize_t len = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
            int cls;
            if (len <= 0) break;
            cls = word_class(cp);
            if (cls == 0) break;
            if (cls == 1) hash_codepoint(&wh, cp);
            i += (size_t)len;
        }
    }
end:
    w->end = i;
    w->hash = wh_final(&wh);
    *pos = i;
    return 1;
}

int micic__next_word(const char *s, size_t n, size_t *pos, micic__word *w) {
    return next_word(s, n, pos, w);
}

/* ------------------------------------------------------------------ */
/* Guideline text shingles                                              */
/* ------------------------------------------------------------------ */

static uint64_t roll_pow(void) {
    uint64_t p = 1;
    int i;
    for (i = 0; i < MICIC__SHINGLE_WORDS - 1; i++) p *= ROLL_P;
    return p;
}

static int shingles_grow(micic__shingles *s) {
    size_t ncap = s->cap ? s->cap * 2 : 4096, i;
    uint64_t *keys = micic__calloc(ncap, sizeof *keys);
    unsigned char *num = micic__calloc(ncap, 1);
    if (!keys || !num) {
        micic__free(keys);
        micic__free(num);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < s->cap; i++) {
        if (s->keys[i]) {
            size_t j = (size_t)s->keys[i] & (ncap - 1);
            while (keys[j]) j = (j + 1) & (ncap - 1);
            keys[j] = s->keys[i];
            num[j] = s->num[i];
        }
    }
    micic__free(s->keys);
    micic__free(s->num);
    s->keys = keys;
    s->num = num;
    s->cap = ncap;
    return MICIC_OK;
}

static int shingles_insert(micic__shingles *s, uint64_t key, int number) {
    size_t j;
    if (!key) key = 1;
    s->filter[(key >> 48) / 64] |= (uint64_t)1 << ((key >> 48) % 64);
    if ((s->count + 1) * 2 > s->cap && shingles_grow(s) != MICIC_OK) return MICIC_ENOMEM;
    j = (size_t)key & (s->cap - 1);
    while (s->keys[j]) {
        if (s->keys[j] == key) return MICIC_OK;
        j = (j + 1) & (s->cap - 1);
    }
    s->keys[j] = key;
    s->num[j] = (unsigned char)number;
    s->count++;
    return MICIC_OK;
}

static int shingles_find(const micic__shingles *s, uint64_t key) {
    size_t j;
    if (!s->cap) return 0;
    if (!key) key = 1;
    if (!((s->filter[(key >> 48) / 64] >> ((key >> 48) % 64)) & 1u)) return 0;
    j = (size_t)key & (s->cap - 1);
    while (s->keys[j]) {
        if (s->keys[j] == key) return s->num[j];
        j = (j + 1) & (s->cap - 1);
    }
    return 0;
}

/* Insert every window of one text. */
static int shingle_text(micic__shingles *s, const char *text, int number, uint64_t pw) {
    uint64_t ring[MICIC__SHINGLE_WORDS], h = 0;
    size_t pos = 0, n = strlen(text), k = 0;
    micic__word w;
    while (next_word(text, n, &pos, &w)) {
        size_t slot = k % MICIC__SHINGLE_WORDS;
        if (k >= MICIC__SHINGLE_WORDS) h -= ring[slot] * pw;
        h = h * ROLL_P + w.hash;
        ring[slot] = w.hash;
        k++;
        if (k >= MICIC__SHINGLE_WORDS && shingles_insert(s, h, number) != MICIC_OK)
            return MICIC_ENOMEM;
    }
    return MICIC_OK;
}

int micic__shingles_build(micic__shingles *s) {
    uint64_t pw = roll_pow();
    int g;
    memset(s, 0, sizeof *s);
    if (shingles_grow(s) != MICIC_OK) return MICIC_ENOMEM;
    for (g = 1; g <= 15; g++) {
        const micic_guideline *gl = micic_guideline_get(g);
        const char *text = micic_guideline_text(gl);
        size_t i, ns = micic_guideline_sample_count(gl);
        if (text && shingle_text(s, text, g, pw) != MICIC_OK) goto fail;
        for (i = 0; i < ns; i++) {
            const char *sample = micic_guideline_sample(gl, i);
            if (sample && shingle_text(s, sample, g, pw) != MICIC_OK) goto fail;
        }
    }
    return MICIC_OK;
fail:
    micic__shingles_free(s);
    return MICIC_ENOMEM;
}

void micic__shingles_free(micic__shingles *s) {
    if (!s) return;
    micic__free(s->keys);
    micic__free(s->num);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------ */
/* Description signature                                                */
/* ------------------------------------------------------------------ */

#define BIN_EMPTY 0xFFFFFFFFu
#define DENSIFY_STEP 0x9E3779B1u

void micic__desc_scan(const char *s, size_t n, const micic__shingles *gl, int minhash,
                      micic__desc_sig *out) {
    uint64_t ring[MICIC__SHINGLE_WORDS];
    size_t starts[MICIC__SHINGLE_WORDS];
    uint64_t h = 0, pw = gl ? roll_pow() : 0, filled = 0;
    size_t pos = 0, k = 0;
    micic__word w;
    int i;
    out->words = 0;
    out->exact = FNV_OFFSET;
    out->gl_number = 0;
    out->gl_start = out->gl_end = 0;
    if (minhash)
        for (i = 0; i < MICIC__MINHASH_K; i++) out->bins[i] = BIN_EMPTY;
    while (next_word(s, n, &pos, &w)) {
        out->exact = (out->exact ^ w.hash) * WH_K + k;
        if (minhash) {
            unsigned bin = (unsigned)(w.hash >> 58); /* top 6 bits: 64 bins */
            uint32_t v = (uint32_t)w.hash;
            if (v == BIN_EMPTY) v--;
            if (v < out->bins[bin]) out->bins[bin] = v;
            filled |= (uint64_t)1 << bin;
        }
        if (gl && !out->gl_number) {
            size_t slot = k % MICIC__SHINGLE_WORDS;
            if (k >= MICIC__SHINGLE_WORDS) h -= ring[slot] * pw;
            h = h * ROLL_P + w.hash;
            ring[slot] = w.hash;
            starts[slot] = w.start;
            if (k + 1 >= MICIC__SHINGLE_WORDS) {
                int num = shingles_find(gl, h);
                if (num) {
                    out->gl_number = num;
                    out->gl_start = starts[(k + 1) % MICIC__SHINGLE_WORDS];
                    out->gl_end = w.end;
                }
            }
        }
        k++;
    }
    out->words = k;
    out->exact = micic__mix64(out->exact);
    if (minhash && filled && filled != ~(uint64_t)0) {
        /* rotation densification: an empty bin borrows the next filled
           bin to its right, shifted by the distance */
        for (i = 0; i < MICIC__MINHASH_K; i++) {
            int t = 1;
            if (filled & ((uint64_t)1 << i)) continue;
            while (!(filled & ((uint64_t)1 << ((i + t) % MICIC__MINHASH_K)))) t++;
            out->bins[i] =
                out->bins[(i + t) % MICIC__MINHASH_K] + (uint32_t)t * DENSIFY_STEP;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Hash tables                                                          */
/* ------------------------------------------------------------------ */

/* uint64 key -> first record index (key 0 is reserved). */
typedef struct map64 {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, count;
} map64;

static int map64_grow_to(map64 *m, size_t want) {
    size_t ncap = m->cap ? m->cap * 2 : 1024, i;
    while (ncap < want) ncap *= 2;
    uint64_t *keys = micic__calloc(ncap, sizeof *keys);
    uint32_t *vals = micic__malloc(ncap * sizeof *vals);
    if (!keys || !vals) {
        micic__free(keys);
        micic__free(vals);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = (size_t)m->keys[i] & (ncap - 1);
            while (keys[j]) j = (j + 1) & (ncap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
    }
    micic__free(m->keys);
    micic__free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return MICIC_OK;
}

/* Slot of key (existing or the empty slot where it would go). */
static size_t map64_slot(const map64 *m, uint64_t key) {
    size_t j = (size_t)key & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != key) j = (j + 1) & (m->cap - 1);
    return j;
}

static int map64_put(map64 *m, uint64_t key, uint32_t val) {
    size_t j;
    if ((m->count + 1) * 10 > m->cap * 7 && map64_grow_to(m, 0) != MICIC_OK) return MICIC_ENOMEM;
    j = map64_slot(m, key);
    if (!m->keys[j]) {
        m->keys[j] = key;
        m->vals[j] = val;
        m->count++;
    }
    return MICIC_OK;
}

static void map64_free(map64 *m) {
    micic__free(m->keys);
    micic__free(m->vals);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* uint32 band fingerprint -> record index + 1, several entries per key. */
typedef struct lsh_table {
    uint32_t *keys; /* 0 = empty */
    uint32_t *vals;
    size_t cap, count;
} lsh_table;

#define LSH_BUCKET_MAX 8

static int lsh_grow_to(lsh_table *t, size_t want) {
    size_t ncap = t->cap ? t->cap * 2 : 4096, i;
    while (ncap < want) ncap *= 2;
    uint32_t *keys = micic__calloc(ncap, sizeof *keys);
    uint32_t *vals = micic__malloc(ncap * sizeof *vals);
    if (!keys || !vals) {
        micic__free(keys);
        micic__free(vals);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < t->cap; i++) {
        if (t->keys[i]) {
            size_t j = (size_t)micic__mix64(t->keys[i]) & (ncap - 1);
            while (keys[j]) j = (j + 1) & (ncap - 1);
            keys[j] = t->keys[i];
            vals[j] = t->vals[i];
        }
    }
    micic__free(t->keys);
    micic__free(t->vals);
    t->keys = keys;
    t->vals = vals;
    t->cap = ncap;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Dedup index                                                          */
/* ------------------------------------------------------------------ */

/* Open-addressing set of word hashes (0 never occurs: see set_key). */
typedef struct word_set {
    uint64_t *h;  /* open addressing, 0 = empty */
    size_t *used; /* the slots filled since the last reset, in order */
    size_t cap, n;
} word_set;

static uint64_t set_key(uint64_t h) { return h ? h : 1; }

static void word_set_free(word_set *ws) {
    micic__free(ws->h);
    micic__free(ws->used);
}

/* Empty the set, with room for `want` distinct keys. Only the slots used
 * are cleared (a table sized for a long text is not swept for a short one). */
static int word_set_reset(word_set *ws, size_t want) {
    size_t cap = 64, i;
    while (cap < want * 2) cap *= 2;
    if (cap > ws->cap) {
        uint64_t *h = micic__calloc(cap, sizeof *h);
        size_t *used = micic__malloc(cap / 2 * sizeof *used);
        if (!h || !used) {
            micic__free(h);
            micic__free(used);
            return MICIC_ENOMEM;
        }
        word_set_free(ws);
        ws->h = h;
        ws->used = used;
        ws->cap = cap;
    } else {
        for (i = 0; i < ws->n; i++) ws->h[ws->used[i]] = 0;
    }
    ws->n = 0;
    return MICIC_OK;
}

/* Insert; returns 1 when new. The set never gets more than half full. */
static int word_set_add(word_set *ws, uint64_t key) {
    size_t j = (size_t)key & (ws->cap - 1);
    while (ws->h[j]) {
        if (ws->h[j] == key) return 0;
        j = (j + 1) & (ws->cap - 1);
    }
    ws->h[j] = key;
    ws->used[ws->n++] = j;
    return 1;
}

static int word_set_has(const word_set *ws, uint64_t key) {
    size_t j = (size_t)key & (ws->cap - 1);
    while (ws->h[j]) {
        if (ws->h[j] == key) return 1;
        j = (j + 1) & (ws->cap - 1);
    }
    return 0;
}

/* The set of the word hashes of s (at most `words` words). */
static int word_set_fill(word_set *ws, const char *s, size_t n, size_t words) {
    size_t pos = 0;
    micic__word w;
    if (word_set_reset(ws, words + 1) != MICIC_OK) return MICIC_ENOMEM;
    while (next_word(s, n, &pos, &w)) word_set_add(ws, set_key(w.hash));
    return MICIC_OK;
}

/*
 * Cache of the distinct word hashes of recently verified records (direct
 * mapped by record index): candidates are mostly the first records of
 * popular LSH buckets, verified again and again, so their words are
 * hashed once instead of at every verification.
 */
#define SETCACHE_SLOTS 4096

typedef struct set_entry {
    long index;   /* record, or -1 */
    uint64_t *h;  /* its distinct word hashes */
    size_t n, cap;
} set_entry;

/* Distinct word hashes of text b (record `index`), from the cache or
 * computed with `scratch` and stored. NULL on ENOMEM. */
static const set_entry *words_of(set_entry *cache, word_set *scratch, long index, const char *b,
                                 size_t nb) {
    set_entry *e = &cache[(size_t)index % SETCACHE_SLOTS];
    size_t pos = 0, i, k = 0;
    micic__word w;
    if (e->index == index) return e;
    /* a word takes 2 bytes or more with its separator: nb / 2 + 1 bounds them */
    if (word_set_reset(scratch, nb / 2 + 1) != MICIC_OK) return NULL;
    while (next_word(b, nb, &pos, &w)) word_set_add(scratch, set_key(w.hash));
    if (scratch->n > e->cap) {
        uint64_t *h = micic__realloc(e->h, scratch->n * sizeof *h);
        if (!h) return NULL;
        e->h = h;
        e->cap = scratch->n;
    }
    for (i = 0; i < scratch->n; i++) e->h[k++] = scratch->h[scratch->used[i]];
    e->n = k;
    e->index = index;
    return e;
}

/* Jaccard similarity of the word set a and the distinct words b. */
static double jaccard_with(const word_set *a, const set_entry *b) {
    size_t i, inter = 0, uni;
    for (i = 0; i < b->n; i++)
        if (word_set_has(a, b->h[i])) inter++;
    uni = a->n + b->n - inter;
    return uni ? (double)inter / (double)uni : 0.0;
}

/* 2-bit MinHash sketch of a description: the low two bits of each of the
 * 64 bins, bit 0 of every bin in lo and bit 1 in hi (16 bytes a record). */
typedef struct sketch {
    uint64_t lo, hi;
} sketch;

struct micic__dedup {
    const micic_corpus *corpus;
    double threshold;
    int bands, rows;
    map64 exact;
    map64 title;
    lsh_table lsh;
    sketch *sketches; /* one per record of the corpus */
    size_t nsketches;
    word_set a, b;
    set_entry cache[SETCACHE_SLOTS];
};

static unsigned popcount64(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

static sketch make_sketch(const micic__desc_sig *sig) {
    sketch k = {0, 0};
    int i;
    for (i = 0; i < MICIC__MINHASH_K; i++) {
        k.lo |= (uint64_t)(sig->bins[i] & 1u) << i;
        k.hi |= (uint64_t)((sig->bins[i] >> 1) & 1u) << i;
    }
    return k;
}

/*
 * Prefilter before the exact Jaccard similarity: with 2-bit sketches a bin
 * agrees with probability J + (1 - J) / 4, so J is estimated as
 * (agree / k - 1/4) / (3/4). A candidate is verified when the estimate is
 * within 3 standard deviations (at the threshold, k = the bins that hold
 * a word of the description) of the threshold: a pair at the threshold
 * passes with probability > 0.998 (the LSH step itself finds it with
 * probability >= 0.98).
 */
static int sketch_may_match(const micic__dedup *d, sketch a, sketch b, size_t words) {
    double k = words < MICIC__MINHASH_K ? (double)words : (double)MICIC__MINHASH_K;
    double m = 0.25 + 0.75 * d->threshold;
    double sigma = sqrt(m * (1.0 - m) / k) / 0.75;
    unsigned agree = 64u - popcount64((a.lo ^ b.lo) | (a.hi ^ b.hi));
    double est = ((double)agree / 64.0 - 0.25) / 0.75;
    return est >= d->threshold - 3.0 * sigma;
}

/* Largest r (fewest false candidates) with P(candidate | J = t) >= 0.98. */
static void choose_bands(double t, int *bands, int *rows) {
    int r;
    for (r = 16; r >= 1; r--) {
        int b = MICIC__MINHASH_K / r;
        double p = 1.0 - pow(1.0 - pow(t, r), b);
        if (p >= 0.98) break;
    }
    if (r < 1) r = 1;
    *rows = r;
    *bands = MICIC__MINHASH_K / r;
}

micic__dedup *micic__dedup_new(const micic_corpus *corpus, double t) {
    micic__dedup *d = micic__calloc(1, sizeof *d);
    size_t i;
    if (!d) return NULL;
    d->corpus = corpus;
    d->threshold = t;
    for (i = 0; i < SETCACHE_SLOTS; i++) d->cache[i].index = -1;
    choose_bands(t, &d->bands, &d->rows);
    d->nsketches = micic_corpus_size(corpus);
    d->sketches = micic__calloc(d->nsketches ? d->nsketches : 1, sizeof *d->sketches);
    if (!d->sketches) {
        micic__free(d);
        return NULL;
    }
    /* Sized for the whole corpus at once (load <= 0.7): no rehashing. The
       tables are calloc()ed, so the pages of slots never used are never
       touched (nor, with most allocators, committed). */
    if (map64_grow_to(&d->exact, d->nsketches * 10 / 7 + 1) != MICIC_OK ||
        map64_grow_to(&d->title, d->nsketches * 10 / 7 + 1) != MICIC_OK ||
        lsh_grow_to(&d->lsh, d->nsketches * (size_t)d->bands * 10 / 7 + 1) != MICIC_OK) {
        micic__dedup_free(d);
        return NULL;
    }
    return d;
}

void micic__dedup_free(micic__dedup *d) {
    size_t i;
    if (!d) return;
    map64_free(&d->exact);
    map64_free(&d->title);
    micic__free(d->lsh.keys);
    micic__free(d->lsh.vals);
    micic__free(d->sketches);
    for (i = 0; i < SETCACHE_SLOTS; i++) micic__free(d->cache[i].h);
    word_set_free(&d->a);
    word_set_free(&d->b);
    micic__free(d);
}

static const char *description_of(const micic__dedup *d, long index, size_t *len) {
    const micic_practice *p = micic_corpus_get(d->corpus, (size_t)index);
    const char *s = p ? micic_practice_first(p, MICIC_FIELD_DESCRIPTION) : "";
    *len = strlen(s);
    return s;
}

/* 1 when two texts have the same folded word sequence. */
static int same_words(const char *a, size_t na, const char *b, size_t nb) {
    size_t pa = 0, pb = 0;
    micic__word wa = {0, 0, 0}, wb = {0, 0, 0};
    for (;;) {
        int ha = next_word(a, na, &pa, &wa), hb = next_word(b, nb, &pb, &wb);
        if (ha != hb) return 0;
        if (!ha) return 1;
        if (wa.hash != wb.hash) return 0;
    }
}

/* Order-independent hash of the word sequences of a multi-valued field. */
static uint64_t field_set_hash(const micic_practice *p, micic_field f, uint64_t seed) {
    size_t i, n = micic_practice_count(p, f);
    uint64_t sum = seed;
    for (i = 0; i < n; i++) {
        const char *v = micic_practice_value(p, f, i);
        size_t len = strlen(v), pos = 0;
        uint64_t h = FNV_OFFSET;
        micic__word w;
        int any = 0;
        while (next_word(v, len, &pos, &w)) {
            h = micic__mix64(h ^ w.hash);
            any = 1;
        }
        if (any) sum += micic__mix64(h ^ seed);
    }
    return sum;
}

static uint64_t title_key(const micic_practice *p) {
    const char *t = micic_practice_first(p, MICIC_FIELD_TITLE);
    size_t n = strlen(t), pos = 0;
    uint64_t h = FNV_OFFSET, key, names;
    micic__word w;
    int any = 0;
    while (next_word(t, n, &pos, &w)) {
        h = micic__mix64(h ^ w.hash);
        any = 1;
    }
    if (!any) return 0;
    names = field_set_hash(p, MICIC_FIELD_STAKEHOLDER, 0x51ULL);
    if (names == 0x51ULL) return 0; /* no stakeholder named: nothing to compare */
    key = micic__mix64(h ^ micic__mix64(names));
    return key ? key : 1;
}

static int check_title(micic__dedup *d, long index, micic__dup_result *out) {
    const micic_practice *p = micic_corpus_get(d->corpus, (size_t)index);
    uint64_t key = p ? title_key(p) : 0;
    size_t j;
    if (!key) return MICIC_OK;
    j = map64_slot(&d->title, key);
    if (d->title.keys[j]) {
        long other = (long)d->title.vals[j];
        const char *a = micic_practice_first(p, MICIC_FIELD_TITLE);
        const char *b =
            micic_practice_first(micic_corpus_get(d->corpus, (size_t)other), MICIC_FIELD_TITLE);
        if (same_words(a, strlen(a), b, strlen(b))) {
            out->title_kind = MICIC__DUP_TITLE_STAKEHOLDER;
            out->title_of = other;
        }
        return MICIC_OK;
    }
    return map64_put(&d->title, key, (uint32_t)index);
}

/* Fingerprint of band k of a signature. */
static uint32_t band_key(const micic__desc_sig *sig, int k, int rows) {
    uint64_t h = (uint64_t)k * 0xD6E8FEB86659FD93ULL;
    int i;
    uint32_t f;
    for (i = 0; i < rows; i++) h = (h ^ sig->bins[k * rows + i]) * WH_K;
    f = (uint32_t)(micic__mix64(h) >> 32);
    return f ? f : 1;
}

static int check_near(micic__dedup *d, long index, const micic__desc_sig *sig,
                      micic__dup_result *out) {
    long cand[MICIC__MINHASH_K * LSH_BUCKET_MAX];
    uint32_t keys[MICIC__MINHASH_K];
    size_t slots[MICIC__MINHASH_K];
    size_t ncand = 0, c;
    int k, have_a = 0;
    size_t len;
    const char *text;
    sketch mine = make_sketch(sig);
    if ((size_t)index < d->nsketches) d->sketches[index] = mine;
    /* room for this record's bands, so that no slot moves below */
    while ((d->lsh.count + (size_t)d->bands) * 10 > d->lsh.cap * 7)
        if (lsh_grow_to(&d->lsh, 0) != MICIC_OK) return MICIC_ENOMEM;
    /* the slots of all bands first, prefetched, so that their cache
       misses overlap instead of following one another */
    for (k = 0; k < d->bands; k++) {
        keys[k] = band_key(sig, k, d->rows);
        slots[k] = (size_t)micic__mix64(keys[k]) & (d->lsh.cap - 1);
        PREFETCH(&d->lsh.keys[slots[k]]);
        PREFETCH(&d->lsh.vals[slots[k]]);
    }
    /* one probe per band: collect the earlier records of the bucket */
    for (k = 0; k < d->bands; k++) {
        uint32_t key = keys[k];
        size_t j = slots[k], same = 0;
        while (d->lsh.keys[j]) {
            if (d->lsh.keys[j] == key) {
                long other = (long)d->lsh.vals[j] - 1;
                int seen = 0;
                for (c = 0; c < ncand; c++)
                    if (cand[c] == other) seen = 1;
                if (!seen) cand[ncand++] = other;
                same++;
            }
            j = (j + 1) & (d->lsh.cap - 1);
        }
        if (same < LSH_BUCKET_MAX) { /* add this record (a bucket keeps 8 records) */
            d->lsh.keys[j] = key;
            d->lsh.vals[j] = (uint32_t)index + 1;
            d->lsh.count++;
        }
    }
    /* confirm: sketch estimate first (all sketches prefetched), then the
       exact similarity */
    for (c = 0; c < ncand; c++) PREFETCH(&d->sketches[cand[c]]);
    text = NULL;
    len = 0;
    for (c = 0; c < ncand; c++) {
        long other = cand[c];
        size_t olen;
        const char *otext;
        const set_entry *ob;
        double sim;
        if (!sketch_may_match(d, mine, d->sketches[other], sig->words)) continue;
        if (!have_a) {
            text = description_of(d, index, &len);
            if (word_set_fill(&d->a, text, len, sig->words) != MICIC_OK) return MICIC_ENOMEM;
            have_a = 1;
        }
        ob = &d->cache[(size_t)other % SETCACHE_SLOTS];
        if (ob->index != other) { /* not cached: its words from its text */
            otext = description_of(d, other, &olen);
            if (!(ob = words_of(d->cache, &d->b, other, otext, olen))) return MICIC_ENOMEM;
        }
        sim = jaccard_with(&d->a, ob);
        if (sim >= d->threshold) {
            out->desc_kind = MICIC__DUP_NEAR_DESCRIPTION;
            out->desc_of = other;
            out->similarity = sim;
            break;
        }
    }
    return MICIC_OK;
}

int micic__dedup_add(micic__dedup *d, long index, const micic__desc_sig *sig,
                     micic__dup_result *out) {
    int rc;
    memset(out, 0, sizeof *out);
    out->desc_of = out->title_of = -1;
    if (sig && sig->words >= MICIC__DEDUP_MIN_WORDS) { /* overlap its miss with the title's */
        uint64_t key = sig->exact ? sig->exact : 1;
        PREFETCH(&d->exact.keys[(size_t)key & (d->exact.cap - 1)]);
    }
    if ((rc = check_title(d, index, out)) != MICIC_OK) return rc;
    if (!sig || sig->words < MICIC__DEDUP_MIN_WORDS) return MICIC_OK;
    {
        uint64_t key = sig->exact ? sig->exact : 1;
        size_t j = map64_slot(&d->exact, key);
        if (d->exact.keys[j]) {
            long other = (long)d->exact.vals[j];
            size_t la, lb;
            const char *a = description_of(d, index, &la);
            const char *b = description_of(d, other, &lb);
            if (same_words(a, la, b, lb)) {
                out->desc_kind = MICIC__DUP_EXACT_DESCRIPTION;
                out->desc_of = other;
                out->similarity = 1.0;
                return MICIC_OK; /* the earlier record stands for this one */
            }
        } else if (map64_put(&d->exact, key, (uint32_t)index) != MICIC_OK) {
            return MICIC_ENOMEM;
        }
    }
    return check_near(d, index, sig, out);
}
