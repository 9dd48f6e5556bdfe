/*
 * Tokenizer (lib/tokenize.h): word boundaries from utf8proc's character
 * categories and grapheme breaks, folding with micic__fold_into() (utf8proc
 * NFKC + case folding), stopwords from lib/stopwords.c and Snowball English
 * stemming from libstemmer. No case tables or stemming rules of our own.
 */
#include <stdint.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "fold.h"
#include "internal.h"
#include "tokenize.h"

/* A cache of folded word -> stem (or "stopword"), owned by one tokenizer:
 * most words repeat, and stemming is the costly step. */
#define STEM_CACHE_MAX 262144 /* entries; the cache is emptied when full */
#define STOPWORD_MARK UINT32_MAX

typedef struct stem_entry {
    size_t off;     /* folded word at arena + off, then its stem */
    uint32_t wlen;  /* folded word length */
    uint32_t slen;  /* stem length, or STOPWORD_MARK */
} stem_entry;

struct micic_tokenizer {
    struct sb_stemmer *stemmer; /* not thread-safe: one per tokenizer */
    char *fold;                 /* folded word */
    size_t fold_cap;
    char *term;                 /* stemmed term, NUL-terminated */
    size_t term_cap;
    /* stem cache */
    char *arena;
    size_t arena_len, arena_cap;
    stem_entry *entries;
    size_t n, cap;
    uint32_t *slots;            /* entry index + 1, 0 = empty */
    size_t nslots;              /* power of two */
};

micic_tokenizer *micic__tokenizer_new(void) {
    micic_tokenizer *t = micic__calloc(1, sizeof *t);
    if (!t) return NULL;
    /* the stemmer is created on the first word that needs it (stem()) */
    t->fold_cap = 128;
    t->fold = micic__malloc(t->fold_cap);
    t->term_cap = 128;
    t->term = micic__malloc(t->term_cap);
    if (!t->fold || !t->term) {
        micic__tokenizer_free(t);
        return NULL;
    }
    return t;
}

void micic__tokenizer_free(micic_tokenizer *t) {
    if (!t) return;
    if (t->stemmer) sb_stemmer_delete(t->stemmer);
    micic__free(t->fold);
    micic__free(t->term);
    micic__free(t->arena);
    micic__free(t->entries);
    micic__free(t->slots);
    micic__free(t);
}

static size_t hash_word(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 31));
}

/* Cached entry of the folded word w[0..n), or NULL. */
static const stem_entry *cache_find(const micic_tokenizer *t, const char *w, size_t n) {
    size_t h;
    if (!t->nslots) return NULL;
    h = hash_word(w, n) & (t->nslots - 1);
    while (t->slots[h]) {
        const stem_entry *e = &t->entries[t->slots[h] - 1];
        if (e->wlen == n && memcmp(t->arena + e->off, w, n) == 0) return e;
        h = (h + 1) & (t->nslots - 1);
    }
    return NULL;
}

/* Remember w -> stem (stem NULL: a stopword). Failing to cache is not an
 * error: the word is simply stemmed again next time. */
static void cache_put(micic_tokenizer *t, const char *w, size_t n, const char *stem,
                      size_t slen) {
    size_t need = n + (stem ? slen : 0), h, i;
    if (n >= UINT32_MAX || slen >= UINT32_MAX) return;
    if (t->n >= STEM_CACHE_MAX) { /* full: start again */
        t->n = 0;
        t->arena_len = 0;
        memset(t->slots, 0, t->nslots * sizeof *t->slots);
    }
    if ((t->n + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : 1024;
        uint32_t *slots = micic__calloc(ns, sizeof *slots);
        if (!slots) return;
        for (i = 0; i < t->n; i++) {
            h = hash_word(t->arena + t->entries[i].off, t->entries[i].wlen) & (ns - 1);
            while (slots[h]) h = (h + 1) & (ns - 1);
            slots[h] = (uint32_t)(i + 1);
        }
        micic__free(t->slots);
        t->slots = slots;
        t->nslots = ns;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 512;
        stem_entry *e = micic__realloc(t->entries, cap * sizeof *e);
        if (!e) return;
        t->entries = e;
        t->cap = cap;
    }
    if (t->arena_len + need > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap * 2 : 8192;
        char *a;
        while (cap < t->arena_len + need) cap *= 2;
        a = micic__realloc(t->arena, cap);
        if (!a) return;
        t->arena = a;
        t->arena_cap = cap;
    }
    memcpy(t->arena + t->arena_len, w, n);
    if (stem) memcpy(t->arena + t->arena_len + n, stem, slen);
    t->entries[t->n].off = t->arena_len;
    t->entries[t->n].wlen = (uint32_t)n;
    t->entries[t->n].slen = stem ? (uint32_t)slen : STOPWORD_MARK;
    t->arena_len += need;
    h = hash_word(w, n) & (t->nslots - 1);
    while (t->slots[h]) h = (h + 1) & (t->nslots - 1);
    t->slots[h] = (uint32_t)(t->n + 1);
    t->n++;
}

static int is_word_start(utf8proc_int32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_word_char(utf8proc_int32_t c) {
    if (c < 0x80) return is_word_start(c);
    if (is_word_start(c)) return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return 1;
    default:
        return 0;
    }
}

/* Bytes of ASCII words: 1 for a-z and 0-9, 2 for A-Z, 0 for every other
 * byte (non-ASCII bytes included). */
static const unsigned char ASCII_WORD[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2,
    ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2,
    ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
    ['Y'] = 2, ['Z'] = 2,
};

static int is_apostrophe(utf8proc_int32_t c) { return c == 0x27 || c == 0x2019 || c == 0x02BC; }

/* Decode one code point at s[0..n); returns its length (> 0) or 0 when the
 * bytes are not valid UTF-8. ASCII is decoded inline. */
static size_t decode(const char *s, size_t n, utf8proc_int32_t *cp) {
    utf8proc_ssize_t k;
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), cp);
    return k > 0 ? (size_t)k : 0;
}

/* End (byte offset) of the word starting at text[start] whose first code
 * point c0 (k0 bytes) is a word start. */
static size_t word_end(const char *text, size_t len, size_t start, utf8proc_int32_t c0,
                       size_t k0) {
    utf8proc_int32_t prev = c0, c;
    utf8proc_int32_t state = 0;
    size_t j = start + k0, k;
    while (j < len) {
        unsigned char ch = (unsigned char)text[j];
        if (ch < 0x80) { /* ASCII fast path: a letter or digit extends the word */
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
                prev = ch;
                state = 0; /* no grapheme rule carries state across ASCII letters */
                j++;
                continue;
            }
            /* between two ASCII characters there is always a grapheme break
             * (CR LF aside, and prev is a word character): the word ends,
             * unless an apostrophe joins it to what follows */
            if (ch != '\'' && prev < 0x80) break;
        }
        k = decode(text + j, len - j, &c);
        if (!k) break;
        if (is_word_char(c)) {
            utf8proc_grapheme_break_stateful(prev, c, &state);
        } else if (!utf8proc_grapheme_break_stateful(prev, c, &state)) {
            /* same grapheme cluster (ZWJ, variation selector...): keep it */
        } else if (is_apostrophe(c) && j + k < len) {
            utf8proc_int32_t c2;
            size_t k2 = decode(text + j + k, len - j - k, &c2);
            if (!k2 || !is_word_start(c2)) break;
            utf8proc_grapheme_break_stateful(c, c2, &state);
            prev = c2;
            j += k + k2;
            continue;
        } else {
            break;
        }
        prev = c;
        j += k;
    }
    return j;
}

/* Fold text[start..end) into t->fold; returns MICIC_OK, or MICIC_ENOMEM;
 * an invalid word folds to "" (cannot happen: words are decoded first). */
static int fold_word(micic_tokenizer *t, const char *w, size_t n, size_t *out_len) {
    size_t i;
    for (i = 0; i < n && (unsigned char)w[i] < 0x80; i++) {}
    if (i == n) { /* ASCII (letters, digits, apostrophes): folding is lower-casing */
        if (n + 1 > t->fold_cap) {
            char *p = micic__realloc(t->fold, n + 1);
            if (!p) return MICIC_ENOMEM;
            t->fold = p;
            t->fold_cap = n + 1;
        }
        for (i = 0; i < n; i++) {
            char ch = w[i];
            t->fold[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
        }
        t->fold[n] = '\0';
        *out_len = n;
        return MICIC_OK;
    }
    for (;;) {
        int rc = micic__fold_into(w, n, t->fold, t->fold_cap, out_len);
        if (rc == MICIC_OK) return MICIC_OK;
        if (rc == MICIC_ELIMIT) {
            size_t cap = t->fold_cap * 2 > n * 4 + 16 ? t->fold_cap * 2 : n * 4 + 16;
            char *p = micic__realloc(t->fold, cap);
            if (!p) return MICIC_ENOMEM;
            t->fold = p;
            t->fold_cap = cap;
            continue;
        }
        if (rc == MICIC_ENOMEM) return rc;
        *out_len = 0;
        return MICIC_OK;
    }
}

static int stem(micic_tokenizer *t, const char *w, size_t n, size_t *out_len) {
    const sb_symbol *s;
    size_t sl;
    if (!t->stemmer && !(t->stemmer = sb_stemmer_new("english", NULL))) return MICIC_ENOMEM;
    s = sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)n);
    if (!s) return MICIC_ENOMEM;
    sl = (size_t)sb_stemmer_length(t->stemmer);
    if (sl + 1 > t->term_cap) {
        char *p = micic__realloc(t->term, sl + 1);
        if (!p) return MICIC_ENOMEM;
        t->term = p;
        t->term_cap = sl + 1;
    }
    memcpy(t->term, s, sl);
    t->term[sl] = '\0';
    *out_len = sl;
    return MICIC_OK;
}

/* Term of the folded word w[0..n) (t->fold or any other buffer): a stopword
 * gives *is_stop = 1; otherwise the stem is left in t->term (*tlen bytes,
 * NUL-terminated). Cached. Returns MICIC_OK or MICIC_ENOMEM. */
static int word_term(micic_tokenizer *t, const char *w, size_t n, int *is_stop, size_t *tlen) {
    const stem_entry *e = cache_find(t, w, n);
    int rc;
    *is_stop = 0;
    if (e && e->slen == STOPWORD_MARK) {
        *is_stop = 1;
        return MICIC_OK;
    }
    if (e) {
        if (e->slen + 1 > t->term_cap) {
            char *p = micic__realloc(t->term, (size_t)e->slen + 1);
            if (!p) return MICIC_ENOMEM;
            t->term = p;
            t->term_cap = (size_t)e->slen + 1;
        }
        memcpy(t->term, t->arena + e->off + e->wlen, e->slen);
        t->term[e->slen] = '\0';
        *tlen = e->slen;
        return MICIC_OK;
    }
    if (micic__is_stopword(w, n)) {
        cache_put(t, w, n, NULL, 0);
        *is_stop = 1;
        return MICIC_OK;
    }
    rc = stem(t, w, n, tlen);
    if (rc) return rc;
    cache_put(t, w, n, t->term, *tlen);
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Lexicons: folded word -> id, looked up while scanning                */
/* ------------------------------------------------------------------ */

#define LEX_KEY 16 /* longest word a lexicon keeps, in bytes */

/* A slot: the word zero-padded to 16 bytes (k[0], k[1]), its length (0 =
 * empty) and its id. */
typedef struct lex_slot {
    uint64_t k[2];
    uint32_t len;
    int32_t id;
} lex_slot;

struct micic__lexicon {
    lex_slot *slots;
    size_t n, nslots; /* nslots: 0 or a power of two */
};

micic__lexicon *micic__lexicon_new(void) { return micic__calloc(1, sizeof(micic__lexicon)); }

void micic__lexicon_free(micic__lexicon *lx) {
    if (!lx) return;
    micic__free(lx->slots);
    micic__free(lx);
}

static size_t lex_slot_of(const uint64_t k[2], size_t n, size_t mask) {
    uint64_t h = (k[0] ^ (k[1] * 0x9E3779B97F4A7C15ULL) ^ (uint64_t)n) * 0xBF58476D1CE4E5B9ULL;
    return (size_t)(h ^ (h >> 31)) & mask;
}

static const lex_slot *lex_find(const micic__lexicon *lx, const uint64_t k[2], size_t n) {
    size_t j;
    if (!lx->nslots) return NULL;
    j = lex_slot_of(k, n, lx->nslots - 1);
    while (lx->slots[j].len) {
        const lex_slot *e = &lx->slots[j];
        if (e->k[0] == k[0] && e->k[1] == k[1] && e->len == n) return e;
        j = (j + 1) & (lx->nslots - 1);
    }
    return NULL;
}

static void lex_key(const char *w, size_t n, uint64_t k[2]) {
    k[0] = k[1] = 0;
    memcpy(k, w, n); /* n <= LEX_KEY */
}

const int32_t *micic__lexicon_get(const micic__lexicon *lx, const char *folded, size_t len) {
    uint64_t k[2];
    const lex_slot *e;
    if (!lx || len == 0 || len > LEX_KEY) return NULL;
    lex_key(folded, len, k);
    e = lex_find(lx, k, len);
    return e ? &e->id : NULL;
}

int micic__lexicon_put(micic__lexicon *lx, const char *folded, size_t len, int32_t id) {
    uint64_t k[2];
    size_t j, i;
    if (len == 0 || len > LEX_KEY) return MICIC_OK; /* not kept */
    lex_key(folded, len, k);
    if (lex_find(lx, k, len)) return MICIC_OK;
    if ((lx->n + 1) * 2 > lx->nslots) {
        size_t ns = lx->nslots ? lx->nslots * 2 : 1024;
        lex_slot *slots = micic__calloc(ns, sizeof *slots);
        if (!slots) return MICIC_ENOMEM;
        for (i = 0; i < lx->nslots; i++) {
            if (!lx->slots[i].len) continue;
            j = lex_slot_of(lx->slots[i].k, lx->slots[i].len, ns - 1);
            while (slots[j].len) j = (j + 1) & (ns - 1);
            slots[j] = lx->slots[i];
        }
        micic__free(lx->slots);
        lx->slots = slots;
        lx->nslots = ns;
    }
    j = lex_slot_of(k, len, lx->nslots - 1);
    while (lx->slots[j].len) j = (j + 1) & (lx->nslots - 1);
    lx->slots[j].k[0] = k[0];
    lx->slots[j].k[1] = k[1];
    lx->slots[j].len = (uint32_t)len;
    lx->slots[j].id = id;
    lx->n++;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Word scanning                                                        */
/* ------------------------------------------------------------------ */

/* Length of the run of ASCII letters and digits at s[0..avail): eight
 * bytes at a time where the machine is little-endian (SWAR: the high bit of
 * each byte of alnum8() says whether that byte is a letter or a digit). */
#define ONES8 0x0101010101010101ULL
#define HIGHS8 0x8080808080808080ULL

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
#define MICIC_SWAR 1
static uint64_t load8(const char *p) {
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static uint64_t alnum8(uint64_t x) {
    uint64_t low = x & ~HIGHS8;         /* 7-bit values: no carry below */
    uint64_t y = low | (0x20 * ONES8);  /* A-Z -> a-z */
    uint64_t letter = (y + (0x80 - 'a') * ONES8) & ~(y + (0x7F - 'z') * ONES8);
    uint64_t digit = (low + (0x80 - '0') * ONES8) & ~(low + (0x7F - '9') * ONES8);
    return (letter | digit) & ~x & HIGHS8; /* and not a non-ASCII byte */
}
#endif

static size_t ascii_run(const char *s, size_t avail) {
    size_t n = 0;
#ifdef MICIC_SWAR
    while (avail - n >= 8) {
        uint64_t stop = ~alnum8(load8(s + n)) & HIGHS8;
        if (stop) return n + (size_t)__builtin_ctzll(stop) / 8;
        n += 8;
    }
#endif
    while (n < avail && ASCII_WORD[(unsigned char)s[n]]) n++;
    return n;
}

/* The lexicon key of the ASCII word s[0..n) (letters and digits only,
 * n <= LEX_KEY, @p avail bytes readable from s): lower-cased, zero-padded. */
static void ascii_key(const char *s, size_t n, size_t avail, uint64_t k[2]) {
#ifdef MICIC_SWAR
    if (avail >= 16) {
        k[0] = load8(s);
        k[1] = load8(s + 8);
        if (n < 8) {
            k[0] &= ~0ULL >> (8 * (8 - n));
            k[1] = 0;
        } else {
            k[1] = n == 8 ? 0 : k[1] & (~0ULL >> (8 * (16 - n)));
        }
        k[0] |= (0x20 * ONES8) & (n >= 8 ? ~0ULL : ~0ULL >> (8 * (8 - n)));
        k[1] |= (0x20 * ONES8) & (n <= 8 ? 0 : ~0ULL >> (8 * (16 - n)));
        return;
    }
#endif
    {
        unsigned char *kb = (unsigned char *)k;
        size_t i;
        (void)avail;
        k[0] = k[1] = 0;
        for (i = 0; i < n; i++) kb[i] = (unsigned char)(s[i] | 0x20);
    }
}

/* A tokenizer in *tp, made when there is none yet. */
static int need_tokenizer(micic_tokenizer **tp) {
    if (!*tp && !(*tp = micic__tokenizer_new())) return MICIC_ENOMEM;
    return MICIC_OK;
}

/* The word loop behind micic__tokenize_words() (lx NULL: wcb per word) and
 * micic__tokenize_lex() (lcb per word, with the lexicon's id when it has
 * the word). *tp is the tokenizer; with a lexicon it may be NULL and is
 * only made (into *tp) when a word needs folding into its buffer or is not
 * in the lexicon. */
static int scan_words(micic_tokenizer **tp, const micic__lexicon *lx, const char *text,
                      size_t len, micic__word_cb wcb, micic__lex_cb lcb, void *payload) {
    size_t i = 0;
    int rc = 0;
    if ((!*tp && !lx) || (!text && len)) return MICIC_EINVAL;
    while (i < len) {
        utf8proc_int32_t c;
        size_t k, end, flen;
        unsigned char ch = (unsigned char)text[i];
        if (ch < 0x80) { /* ASCII fast path */
            size_t j = i, n;
            unsigned cls, upper = 0;
            uint64_t key[2];
            if (!ASCII_WORD[ch]) {
                i++;
                continue;
            }
            /* an ASCII word followed by an ASCII separator other than an
             * apostrophe (or by the end): exactly what word_end() and
             * fold_word() would give; with a lexicon, its key (the word
             * lower-cased: | 0x20 maps A-Z to a-z and keeps a-z, 0-9) is
             * looked up first */
            if (lx) {
                j = i + ascii_run(text + i, len - i);
            } else {
                while (j < len && (cls = ASCII_WORD[(unsigned char)text[j]]) != 0) {
                    upper |= cls;
                    j++;
                }
            }
            n = j - i;
            if (j == len || ((unsigned char)text[j] < 0x80 && text[j] != '\'')) {
                const char *w = text + i;
                if (lx) {
                    const lex_slot *e = NULL;
                    if (n <= LEX_KEY) {
                        ascii_key(w, n, len - i, key);
                        e = lex_find(lx, key, n);
                    }
                    if (e) {
                        if ((rc = lcb(*tp, &e->id, NULL, n, payload)) != 0) break;
                        i = j;
                        continue;
                    }
                    if ((rc = need_tokenizer(tp)) != 0) break;
                    for (k = 0; k < n; k++) upper |= ASCII_WORD[(unsigned char)w[k]];
                }
                if (upper & 2) { /* a word without capitals is passed from the text */
                    micic_tokenizer *t = *tp;
                    if (n + 1 > t->fold_cap) {
                        char *p = micic__realloc(t->fold, n + 1);
                        if (!p) return MICIC_ENOMEM;
                        t->fold = p;
                        t->fold_cap = n + 1;
                    }
                    for (k = 0; k < n; k++)
                        t->fold[k] = (char)(ASCII_WORD[(unsigned char)w[k]] == 2
                                                ? w[k] + ('a' - 'A')
                                                : w[k]);
                    t->fold[n] = '\0';
                    w = t->fold;
                }
                rc = lx ? lcb(*tp, NULL, w, n, payload) : wcb(*tp, w, n, i, j, payload);
                if (rc) break;
                i = j;
                continue;
            }
            c = ch; /* non-ASCII or an apostrophe follows: the general path */
            k = 1;
        } else {
            k = decode(text + i, len - i, &c);
            if (!k) { /* invalid byte: a separator */
                i++;
                continue;
            }
            if (!is_word_start(c)) {
                i += k;
                continue;
            }
        }
        end = word_end(text, len, i, c, k);
        if ((rc = need_tokenizer(tp)) != 0) break;
        rc = fold_word(*tp, text + i, end - i, &flen);
        if (rc) break;
        if (flen > 0) {
            if (lx) {
                const int32_t *id = micic__lexicon_get(lx, (*tp)->fold, flen);
                rc = lcb(*tp, id, id ? NULL : (*tp)->fold, flen, payload);
            } else {
                rc = wcb(*tp, (*tp)->fold, flen, i, end, payload);
            }
            if (rc) break;
        }
        i = end;
    }
    return rc;
}

int micic__tokenize_words(micic_tokenizer *t, const char *text, size_t len, micic__word_cb cb,
                          void *payload) {
    return scan_words(&t, NULL, text, len, cb, NULL, payload);
}

int micic__tokenize_lex(micic_tokenizer **t, const micic__lexicon *lx, const char *text,
                        size_t len, micic__lex_cb cb, void *payload) {
    if (!t || !lx) return MICIC_EINVAL;
    return scan_words(t, lx, text, len, NULL, cb, payload);
}

int micic__tokenizer_term(micic_tokenizer *t, const char *folded, size_t len, const char **term,
                          size_t *term_len) {
    int is_stop = 0, rc;
    size_t tlen = 0;
    *term = NULL;
    *term_len = 0;
    rc = word_term(t, folded, len, &is_stop, &tlen);
    if (rc || is_stop) return rc;
    *term = t->term;
    *term_len = tlen;
    return MICIC_OK;
}

typedef struct at_ctx {
    micic__token_cb cb;
    void *payload;
    size_t pos;
} at_ctx;

static int at_word(micic_tokenizer *t, const char *folded, size_t flen, size_t start, size_t end,
                   void *payload) {
    at_ctx *a = payload;
    micic_token tok;
    int is_stop, rc = word_term(t, folded, flen, &is_stop, &tok.term_len);
    if (rc) return rc;
    if (is_stop) {
        a->pos++;
        return 0;
    }
    tok.term = t->term;
    tok.start = start;
    tok.end = end;
    tok.position = a->pos++;
    return a->cb ? a->cb(&tok, a->payload) : 0;
}

int micic__tokenize_at(micic_tokenizer *t, const char *text, size_t len,
                       size_t first_position, micic__token_cb cb, void *payload,
                       size_t *next_position) {
    at_ctx a;
    int rc;
    if (next_position) *next_position = first_position;
    a.cb = cb;
    a.payload = payload;
    a.pos = first_position;
    rc = micic__tokenize_words(t, text, len, at_word, &a);
    if (next_position) *next_position = a.pos;
    return rc;
}

int micic__tokenize(micic_tokenizer *t, const char *text, size_t len, micic__token_cb cb,
                    void *payload) {
    return micic__tokenize_at(t, text, len, 0, cb, payload, NULL);
}
