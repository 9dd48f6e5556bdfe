/*
 * Internal contract between lib/validate.c (per-record checks), lib/dedup.c
 * (word hashing, guideline-text shingles, duplicate detection) and
 * lib/normalize.c. Not installed.
 *
 * Nothing here allocates per value on the hot path: words are folded and
 * hashed on the fly (utf8proc per code point, no buffers), descriptions are
 * reduced to a fixed-size signature on the stack.
 */
#ifndef MICIC_VALIDATE_INTERNAL_H
#define MICIC_VALIDATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "micic/catalogue.h"
#include "micic/practice.h"

/* ---- words ----------------------------------------------------------- */

/*
 * A word is a maximal run of letters and digits (Unicode categories L*, N*;
 * combining marks inside a word are dropped). Its hash is FNV-1a 64 over the
 * folded text: ASCII lower-cased, other code points NFKC-decomposed, case
 * folded and stripped of accents with utf8proc_decompose_char (no
 * allocation). Punctuation, apostrophes and hyphens separate words, so
 * "host-State" is "host" + "state" on both sides of every comparison.
 */
typedef struct micic__word {
    uint64_t hash;
    size_t start; /* byte offset of the word */
    size_t end;   /* byte offset just past it */
} micic__word;

/* Next word of s[*pos..n); returns 1 and fills *w (and advances *pos), 0 at the end. */
int micic__next_word(const char *s, size_t n, size_t *pos, micic__word *w);

/* 64-bit finalizer (splitmix64) used to derive independent hashes. */
uint64_t micic__mix64(uint64_t x);

/* ---- guideline text shingles ----------------------------------------- */

/* Number of consecutive words that make a verbatim run from a guideline. */
#define MICIC__SHINGLE_WORDS 12

/* Set of the hashes of every run of MICIC__SHINGLE_WORDS words of every
 * guideline body text and of every Sample Practice (each sample on its own),
 * with the guideline each run comes from. */
typedef struct micic__shingles {
    uint64_t filter[1024]; /* bit (key >> 48): some key with these top bits is in the set */
    uint64_t *keys;     /* 0 = empty slot */
    unsigned char *num; /* guideline number of keys[i] */
    size_t cap;         /* power of two */
    size_t count;
} micic__shingles;

/* Build the set from the catalogue. MICIC_OK or MICIC_ENOMEM. */
int micic__shingles_build(micic__shingles *s);
void micic__shingles_free(micic__shingles *s);

/* ---- description signature -------------------------------------------- */

/* One-permutation MinHash bins (K). */
#define MICIC__MINHASH_K 64

typedef struct micic__desc_sig {
    size_t words;                   /* number of words */
    uint64_t exact;                 /* hash of the whole word sequence */
    uint32_t bins[MICIC__MINHASH_K];/* densified one-permutation MinHash */
    int gl_number;                  /* guideline whose text was found (0 = none) */
    size_t gl_start, gl_end;        /* byte range of the verbatim run in the description */
} micic__desc_sig;

/*
 * Scan a description once: word count, exact hash, MinHash bins (when
 * @p minhash), and the first run of MICIC__SHINGLE_WORDS words found in
 * @p gl (may be NULL). Never allocates.
 */
void micic__desc_scan(const char *s, size_t n, const micic__shingles *gl, int minhash,
                      micic__desc_sig *out);

/* ---- duplicate detection ----------------------------------------------- */

/* Minimum number of words for a description to take part in duplicate checks. */
#define MICIC__DEDUP_MIN_WORDS 8

typedef struct micic__dedup micic__dedup;

/* Index over @p corpus for threshold @p t (0 < t <= 1). NULL on ENOMEM. */
micic__dedup *micic__dedup_new(const micic_corpus *corpus, double t);
void micic__dedup_free(micic__dedup *d);

/* Kinds of duplicate found by micic__dedup_add(). */
#define MICIC__DUP_NONE 0
#define MICIC__DUP_EXACT_DESCRIPTION 1
#define MICIC__DUP_NEAR_DESCRIPTION 2
#define MICIC__DUP_TITLE_STAKEHOLDER 3

typedef struct micic__dup_result {
    int desc_kind;      /* NONE, EXACT_DESCRIPTION or NEAR_DESCRIPTION */
    long desc_of;       /* index of the earlier record */
    double similarity;  /* Jaccard similarity of the word sets (1 for exact) */
    int title_kind;     /* NONE or TITLE_STAKEHOLDER */
    long title_of;      /* index of the earlier record */
} micic__dup_result;

/*
 * Add record @p index (records must be added in increasing index order)
 * whose description signature is @p sig (NULL when it has none) and
 * report which earlier record it duplicates. MICIC_OK or MICIC_ENOMEM.
 */
int micic__dedup_add(micic__dedup *d, long index, const micic__desc_sig *sig,
                     micic__dup_result *out);


/* ---- memoized catalogue lookups (lib/validate.c) ------------------------ */

/*
 * Catalogue lookups fold their input and the table strings on every call;
 * records repeat the same few values, so a validation or normalization
 * run keeps one of these: exact comparisons against the canonical labels
 * first (no folding at all for clean data), then a bounded memo table of
 * the results for other texts (a text is copied once when it is first
 * seen; when the table is full, lookups are simply not cached).
 * One per call: not shared between threads.
 */
#define MICIC__MAX_LABELS 32
#define MICIC__MAX_VARIANTS 4

typedef struct micic__memo_entry {
    uint64_t hash;
    char *text; /* NULL = empty slot */
    int tag;
    int i1, i2;
    const void *ptr;
} micic__memo_entry;

/* Canonical texts (vocabulary labels, country names) by hash. */
#define MICIC__CANON_SLOTS 1024

typedef struct micic__canon {
    const char *text; /* static catalogue string; NULL = empty slot */
    uint64_t hash;
    int kind;         /* a micic_vocab, or MICIC_VOCAB_COUNT for countries */
    int idx;          /* label index, or country table index */
} micic__canon;

typedef struct micic__catcache {
    const char *labels[MICIC_VOCAB_COUNT][MICIC__MAX_LABELS];
    size_t nlabels[MICIC_VOCAB_COUNT];
    const char *themes[16];     /* theme label of guideline n */
    const char *titles[16];     /* title of guideline n */
    micic_phase phases[16];     /* phase of guideline n */
    const char *variants[16][MICIC__MAX_VARIANTS]; /* known title variants of guideline n */
    int theme_by_index;         /* 1: theme label i belongs to guideline i + 1 */
    int phase_by_index;         /* 1: phase label i is micic_phase i + 1 */
    micic__canon canon[MICIC__CANON_SLOTS];
    micic__memo_entry *memo;    /* allocated on first use */
    size_t memo_cap, memo_count;
} micic__catcache;

void micic__cc_init(micic__catcache *cc);
void micic__cc_free(micic__catcache *cc);
/* Index of the label s (n = strlen(s)) is exactly (byte for byte), or -1. */
int micic__cc_label_exact(const micic__catcache *cc, micic_vocab v, const char *s, size_t n);
/* Index of the label s (n = strlen(s)) is or means (micic_vocab_index), or -1. */
int micic__cc_vocab_index(micic__catcache *cc, micic_vocab v, const char *s, size_t n);
/* micic_vocab_suggest(), memoized. */
const char *micic__cc_vocab_suggest(micic__catcache *cc, micic_vocab v, const char *s,
                                    int *distance);
/* micic_country_lookup() with an exact-name fast path, memoized; *exact
 * (may be NULL) is set to 1 when s (n = strlen(s)) is already the canonical name. */
const micic_country *micic__cc_country(micic__catcache *cc, const char *s, size_t n,
                                       int *exact);
/* micic_country_suggest(), memoized. */
const micic_country *micic__cc_country_suggest(micic__catcache *cc, const char *s,
                                               int *distance);
/* micic_guideline_title_match(), memoized (0s when nothing matches). */
void micic__cc_title_match(micic__catcache *cc, const char *s, int *number, int *title);
/* Guideline number of a thematic area (exact label or micic_guideline_by_theme), 0 if none. */
int micic__cc_theme(micic__catcache *cc, const char *s);
/* Phase of a phase value (exact label or micic_phase_lookup). */
micic_phase micic__cc_phase(micic__catcache *cc, const char *s);
/* Guideline number of a canonical guideline value: "1".."99" digits only
 * (leading/trailing white space allowed) -> the number (may be out of
 * range); -1 when the text is not all digits. */
int micic__guideline_digits(const char *s);
/* 1 when a guideline heading has a title after "GUIDELINE N" (any letter). */
int micic__guideline_has_title(const char *s);

#endif /* MICIC_VALIDATE_INTERNAL_H */
