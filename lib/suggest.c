/*
 * Guideline suggestion (micic/suggest.h): TF-IDF centroids (Rocchio) over
 * the 15 Guidelines, corrected by an averaged perceptron trained on the
 * tagged practices where the correction helps on held-out practices, with
 * a calibrated confidence. docs/suggest.md describes the method and
 * reports its evaluation (tools/suggest_eval.sh).
 *
 * Training "documents" of guideline g:
 *   heading   its title, thematic-area label and known title variants;
 *   description the project's own description (all 15);
 *   text      its body text (where the catalogue has one);
 *   samples   each of its Sample Practices;
 *   practices each practice of the training corpus tagged with g (or
 *             given g by seed 003's table, practice_guidelines()), read
 *             from the practice's own fields only (title, description,
 *             types, stakeholder types, needs, populations; never guideline
 *             text, themes or guideline numbers).
 * Every document is tokenized (lib/tokenize.h: folding, stopwords, English
 * Snowball stems; terms made only of digits are dropped), weighted
 * w(t, d) = (1 + ln tf(t, d)) * idf(t) and L2-normalized. The idf is taken
 * over the 15 guidelines: idf(t) = ln(1 + 15 / gf(t)) where gf(t) is the
 * number of guidelines whose documents contain t, so a term that only one
 * guideline uses weighs most.
 * The centroid of g is the weighted sum of the mean document vector of each
 * of its five groups (weights COMP_WEIGHT below), L2-normalized, so a
 * guideline with many tagged practices does not drown its catalogue text,
 * and one without any still has its heading.
 *
 * Learning: the centroids are the starting weights of a multiclass
 * perceptron that passes over the tagged practices (at most EPOCHS times,
 * in a fixed pseudo-random order): when the best-scoring own guideline of
 * a practice does not beat the best other guideline by MARGIN, ETA * x is
 * added to the first and taken from the second. The weights kept are the
 * average over all steps, each guideline's scaled to length 1. How much of
 * that correction guideline g keeps (lambda_g in {0, 1/2, 1}) is chosen on
 * held-out practices (FOLDS folds, choose_blend()): none unless it helps.
 * Without tagged practices the weights are the centroids.
 *
 * A query (free text or a practice's own fields) is weighted the same way,
 * L2-normalized, and scored against every guideline's weights (the dot
 * product of unit vectors: a cosine), clipped at 0; a query with no
 * known term is MICIC_EINVAL. The terms that drove a score are the query
 * terms with the largest positive products q(t) * w_g(t), most important
 * first. The confidence of each rank is a logistic function of its score
 * and its margin over the best other guideline (CAL_* below, fitted on
 * held-out rankings), and gives the chosen guidelines and the low
 * confidence flag.
 *
 * Speed: the weights are stored term-major (one row of 16 per term), and
 * every folded training word of up to 16 bytes is kept with its term in a
 * table, so ranking a text looks each word up once and only stems words
 * that training never saw.
 *
 * Leave-one-out: with exclude_id, that record is not trained on, nor are
 * the catalogue Sample Practices that are copies of it (the guideline
 * documents of the seeds repeat the Sample Practices as recommended
 * practices): a sample whose term set has a Jaccard similarity >= 0.8 with
 * the excluded record's is skipped.
 *
 * The suggester is immutable once built. A call that meets a word the
 * word table lacks (or a non-ASCII word) creates its own tokenizer
 * (libstemmer stemmers are not thread-safe); one whose words are all
 * known needs none.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_internal.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "micic/suggest.h"
#include "tokenize.h"

#define NG_MAX 15
#define MAX_TERMS 5         /* terms reported per suggestion */
#define LOO_JACCARD 0.8     /* sample = copy of the excluded record */
#define NGP 16              /* weights per term row: 15 guidelines + padding */
#define EPOCHS 10           /* perceptron passes over the tagged practices (at most) */
#define ETA 0.1             /* perceptron step */
#define MARGIN 0.1          /* update unless the best own guideline wins by this much */
#define FOLDS 5             /* held-out folds that decide how much correction to keep */
#define QSTACK 256          /* distinct query terms held on the stack */
#define QVALUES 32          /* practice values gathered (and prefetched) at a time */
#define LOG_TF 64           /* query term counts whose 1 + ln(count) is tabulated */
/* Calibration (docs/suggest.md, "Confidence"): the confidence that
 * guideline g is one of a record's guidelines is
 *   1 / (1 + exp(-(CAL_A * s_g + CAL_B * m_g + CAL_C)))
 * where s_g is its score and m_g its margin over the best other guideline
 * (s_g - max of s_h, h != g: positive for the first rank only), fitted by
 * logistic regression on held-out rankings (tools/suggest_eval.py --fit). */
static const double CAL_A = 11.74, CAL_B = 17.90, CAL_C = -2.63;
static const double CHOOSE_P = 0.25;  /* a guideline is chosen from this confidence */
#define CHOOSE_MAX 4        /* at most this many chosen */
static const double LOW_P = 0.5;      /* below this for the first: low confidence */
#define LOW_TERMS 3         /* fewer distinct known terms in the query: low confidence */
#define FEW_RANKS 4         /* up to this many ranks asked: picked by maxima, not sorted */

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

enum { COMP_HEADING = 0, COMP_DESCRIPTION, COMP_TEXT, COMP_SAMPLES, COMP_PRACTICES, NCOMP };

/* Weight of each document group in a centroid (docs/suggest.md). */
static const double COMP_WEIGHT[NCOMP] = {1.0, 2.0, 1.0, 1.0, 1.0};

/* Fields of a practice used as its text (its own fields only). */
static const micic_field PRACTICE_FIELDS[] = {
    MICIC_FIELD_TITLE,       MICIC_FIELD_DESCRIPTION, MICIC_FIELD_TYPE,
    MICIC_FIELD_STAKEHOLDER_TYPE, MICIC_FIELD_NEED,   MICIC_FIELD_POPULATION,
};
#define N_PRACTICE_FIELDS (sizeof PRACTICE_FIELDS / sizeof PRACTICE_FIELDS[0])

/* ------------------------------------------------------------------ */
/* Term dictionary                                                     */
/* ------------------------------------------------------------------ */

typedef struct termdict {
    char **terms;
    size_t n, cap;
    size_t *slots; /* term id + 1, 0 = empty */
    size_t nslots;
} termdict;

static unsigned long long hash_bytes(const char *s, size_t n) {
    unsigned long long h = 14695981039346656037ULL;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void dict_free(termdict *d) {
    size_t i;
    for (i = 0; i < d->n; i++) micic__free(d->terms[i]);
    micic__free(d->terms);
    micic__free(d->slots);
    memset(d, 0, sizeof *d);
}

static long dict_find(const termdict *d, const char *s, size_t n) {
    size_t j;
    if (!d->nslots) return -1;
    j = (size_t)hash_bytes(s, n) & (d->nslots - 1);
    while (d->slots[j]) {
        const char *t = d->terms[d->slots[j] - 1];
        if (strncmp(t, s, n) == 0 && t[n] == '\0') return (long)(d->slots[j] - 1);
        j = (j + 1) & (d->nslots - 1);
    }
    return -1;
}

static int dict_grow(termdict *d) {
    size_t nslots = d->nslots ? d->nslots * 2 : 1024, i;
    size_t *slots = micic__calloc(nslots, sizeof *slots);
    if (!slots) return MICIC_ENOMEM;
    for (i = 0; i < d->n; i++) {
        size_t j = (size_t)hash_bytes(d->terms[i], strlen(d->terms[i])) & (nslots - 1);
        while (slots[j]) j = (j + 1) & (nslots - 1);
        slots[j] = i + 1;
    }
    micic__free(d->slots);
    d->slots = slots;
    d->nslots = nslots;
    return MICIC_OK;
}

/* Id of term s[0..n), added when new; -1 on allocation failure. */
static long dict_intern(termdict *d, const char *s, size_t n) {
    long id = dict_find(d, s, n);
    size_t j;
    if (id >= 0) return id;
    if ((d->n + 1) * 2 > d->nslots && dict_grow(d) != MICIC_OK) return -1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        char **a = micic__realloc(d->terms, cap * sizeof *a);
        if (!a) return -1;
        d->terms = a;
        d->cap = cap;
    }
    d->terms[d->n] = micic__strndup(s, n);
    if (!d->terms[d->n]) return -1;
    j = (size_t)hash_bytes(s, n) & (d->nslots - 1);
    while (d->slots[j]) j = (j + 1) & (d->nslots - 1);
    d->slots[j] = d->n + 1;
    return (long)d->n++;
}

/* ------------------------------------------------------------------ */
/* Bags of terms                                                       */
/* ------------------------------------------------------------------ */

/* A sparse term-count vector: ids[i] occurs cnt[i] times (ids unique). */
typedef struct bag {
    size_t *ids;
    double *cnt;
    size_t n, cap;
} bag;

static void bag_free(bag *b) {
    micic__free(b->ids);
    micic__free(b->cnt);
    memset(b, 0, sizeof *b);
}

/* Append one occurrence; bag_finish() merges them. */
static int bag_add(bag *b, size_t id) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        size_t *ids = micic__realloc(b->ids, cap * sizeof *ids);
        if (!ids) return MICIC_ENOMEM;
        b->ids = ids;
        b->cap = cap;
    }
    b->ids[b->n++] = id;
    return MICIC_OK;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Sort the occurrences and merge them into unique ids with counts. */
static int bag_finish(bag *b) {
    size_t i, k = 0;
    micic__free(b->cnt);
    b->cnt = micic__malloc((b->n ? b->n : 1) * sizeof *b->cnt);
    if (!b->cnt) return MICIC_ENOMEM;
    if (b->n > 1) qsort(b->ids, b->n, sizeof *b->ids, cmp_size);
    for (i = 0; i < b->n; i++) {
        if (k && b->ids[k - 1] == b->ids[i]) {
            b->cnt[k - 1] += 1;
        } else {
            b->ids[k] = b->ids[i];
            b->cnt[k] = 1;
            k++;
        }
    }
    b->n = k;
    return MICIC_OK;
}

static int all_digits(const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* ------------------------------------------------------------------ */
/* The suggester                                                       */
/* ------------------------------------------------------------------ */

struct micic_suggester {
    size_t ng;     /* number of guidelines (15) */
    termdict dict; /* all training terms (stems) */
    micic__lexicon *words; /* every folded training word (<= 16 bytes) -> term id or -1 */
    double *idf;   /* [dict.n] */
    double log_tf[LOG_TF]; /* 1 + ln(c) for a query term count c < LOG_TF (log() once, here) */
    double *w;     /* [dict.n * NGP]: weight of term t for guideline g at t * NGP + g */
};

/* ---- training documents ---- */

typedef struct train_ctx {
    micic_suggester *s;
    bag *bag;
} train_ctx;

/* A training word: its term (interned, remembered in the word table). */
static int train_word(micic_tokenizer *tk, const char *w, size_t n, size_t start, size_t end,
                      void *payload) {
    train_ctx *c = payload;
    const int32_t *known = micic__lexicon_get(c->s->words, w, n);
    long id;
    (void)start;
    (void)end;
    if (known) {
        id = *known;
    } else {
        const char *term;
        size_t tl;
        int rc = micic__tokenizer_term(tk, w, n, &term, &tl);
        if (rc) return rc;
        if (!term || all_digits(term, tl)) {
            id = -1;
        } else {
            id = dict_intern(&c->s->dict, term, tl);
            if (id < 0) return MICIC_ENOMEM;
            if (id >= INT32_MAX) return MICIC_ELIMIT;
        }
        rc = micic__lexicon_put(c->s->words, w, n, (int32_t)id);
        if (rc) return rc;
    }
    return id >= 0 ? bag_add(c->bag, (size_t)id) : 0;
}

static int bag_text(micic_tokenizer *tk, train_ctx *c, const char *text) {
    int rc;
    if (!text || !*text) return MICIC_OK;
    rc = micic__tokenize_words(tk, text, strlen(text), train_word, c);
    return rc == MICIC_ELIMIT ? rc : rc ? MICIC_ENOMEM : MICIC_OK;
}

static int bag_practice(micic_tokenizer *tk, train_ctx *c, const micic_practice *p) {
    size_t f, i;
    for (f = 0; f < N_PRACTICE_FIELDS; f++) {
        for (i = 0; i < micic_practice_count(p, PRACTICE_FIELDS[f]); i++) {
            int rc = bag_text(tk, c, micic_practice_value(p, PRACTICE_FIELDS[f], i));
            if (rc != MICIC_OK) return rc;
        }
    }
    return MICIC_OK;
}
/* A training document while building. */
typedef struct tdoc {
    bag bag;
    int comp;
    unsigned short guidelines; /* bit g-1 */
} tdoc;

typedef struct tdocs {
    tdoc *v;
    size_t n, cap;
} tdocs;

static void tdocs_free(tdocs *d) {
    size_t i;
    for (i = 0; i < d->n; i++) bag_free(&d->v[i].bag);
    micic__free(d->v);
    memset(d, 0, sizeof *d);
}

static tdoc *tdocs_push(tdocs *d, int comp, unsigned short guidelines) {
    tdoc *t;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        tdoc *v = micic__realloc(d->v, cap * sizeof *v);
        if (!v) return NULL;
        d->v = v;
        d->cap = cap;
    }
    t = &d->v[d->n++];
    memset(t, 0, sizeof *t);
    t->comp = comp;
    t->guidelines = guidelines;
    return t;
}

/* The guidelines a practice is trained with (bit g-1): its guideline
 * numbers, and for a practice of seed 003 (a consultation document whose
 * later sections carry no guideline number) those the table
 * data/seed003-guideline-map.tsv gives it. */
static unsigned short practice_guidelines(const micic_practice *p, size_t ng) {
    unsigned short mask = (unsigned short)(micic__seed_map_guidelines(
                                               micic_practice_first(p, MICIC_FIELD_SOURCE),
                                               micic_practice_first(p, MICIC_FIELD_TITLE)) &
                                           ((1u << ng) - 1u));
    size_t i;
    for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE); i++) {
        const char *v = micic_practice_value(p, MICIC_FIELD_GUIDELINE, i);
        char *end;
        long n = strtol(v, &end, 10);
        while (*end == ' ') end++;
        if (end != v && *end == '\0' && n >= 1 && (size_t)n <= ng)
            mask = (unsigned short)(mask | (1u << (n - 1)));
    }
    return mask;
}

/* Jaccard similarity of the id sets of two finished (sorted) bags. */
static double bag_jaccard(const bag *a, const bag *b) {
    size_t i = 0, j = 0, inter = 0;
    if (!a->n && !b->n) return 1.0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] == b->ids[j]) {
            inter++;
            i++;
            j++;
        } else if (a->ids[i] < b->ids[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)inter / (double)(a->n + b->n - inter);
}

/* Add a text as a document of guideline g (1-based). */
static int add_text_doc(micic_tokenizer *tk, micic_suggester *s, tdocs *docs, int comp, int g,
                        const char *text) {
    train_ctx c = {s, NULL};
    tdoc *d;
    if (!text || !*text) return MICIC_OK;
    d = tdocs_push(docs, comp, (unsigned short)(1u << (g - 1)));
    if (!d) return MICIC_ENOMEM;
    c.bag = &d->bag;
    if (bag_text(tk, &c, text) != MICIC_OK) return MICIC_ENOMEM;
    return bag_finish(&d->bag);
}

static int add_heading_doc(micic_tokenizer *tk, micic_suggester *s, tdocs *docs,
                           const micic_guideline *gl, int g) {
    train_ctx c = {s, NULL};
    tdoc *d = tdocs_push(docs, COMP_HEADING, (unsigned short)(1u << (g - 1)));
    size_t i;
    int rc;
    if (!d) return MICIC_ENOMEM;
    c.bag = &d->bag;
    rc = bag_text(tk, &c, micic_guideline_title(gl));
    if (rc == MICIC_OK) rc = bag_text(tk, &c, micic_guideline_theme(gl));
    for (i = 0; rc == MICIC_OK && i < micic_guideline_variant_count(gl); i++)
        rc = bag_text(tk, &c, micic_guideline_variant(gl, i));
    return rc == MICIC_OK ? bag_finish(&d->bag) : rc;
}

static int train(micic_suggester *s, micic_tokenizer *tk, const micic_corpus *training,
                 const char *exclude_id, tdocs *docs) {
    const micic_practice *excluded = NULL;
    bag ex = {NULL, NULL, 0, 0};
    size_t i, g;
    int rc = MICIC_OK;

    if (exclude_id && training) {
        excluded = micic_corpus_find(training, exclude_id);
        if (excluded) {
            train_ctx c = {s, &ex};
            rc = bag_practice(tk, &c, excluded);
            if (rc == MICIC_OK) rc = bag_finish(&ex);
        }
    }
    /* the catalogue */
    for (g = 1; rc == MICIC_OK && g <= s->ng; g++) {
        const micic_guideline *gl = micic_guideline_get((int)g);
        if (!gl) continue;
        rc = add_heading_doc(tk, s, docs, gl, (int)g);
        if (rc == MICIC_OK)
            rc = add_text_doc(tk, s, docs, COMP_TEXT, (int)g, micic_guideline_text(gl));
        if (rc == MICIC_OK)
            rc = add_text_doc(tk, s, docs, COMP_DESCRIPTION, (int)g,
                              micic_guideline_description(gl));
        for (i = 0; rc == MICIC_OK && i < micic_guideline_sample_count(gl); i++) {
            rc = add_text_doc(tk, s, docs, COMP_SAMPLES, (int)g,
                              micic_guideline_sample(gl, i));
            if (rc == MICIC_OK && excluded && ex.n &&
                bag_jaccard(&docs->v[docs->n - 1].bag, &ex) >= LOO_JACCARD) {
                bag_free(&docs->v[docs->n - 1].bag); /* a copy of the held-out record */
                docs->n--;
            }
        }
    }
    /* tagged practices */
    for (i = 0; rc == MICIC_OK && training && i < micic_corpus_size(training); i++) {
        const micic_practice *p = micic_corpus_get(training, i);
        unsigned short mask = practice_guidelines(p, s->ng);
        train_ctx c = {s, NULL};
        tdoc *d;
        if (!mask || p == excluded) continue;
        d = tdocs_push(docs, COMP_PRACTICES, mask);
        if (!d) {
            rc = MICIC_ENOMEM;
            break;
        }
        c.bag = &d->bag;
        rc = bag_practice(tk, &c, p);
        if (rc == MICIC_OK) rc = bag_finish(&d->bag);
        if (rc == MICIC_OK && d->bag.n == 0) { /* nothing to learn from */
            bag_free(&d->bag);
            docs->n--;
        }
    }
    bag_free(&ex);
    return rc;
}

/* idf over guidelines, then each document's bag counts replaced by its
 * L2-normalized weights (the centroids and the perceptron read them). */
static int weigh_documents(micic_suggester *s, tdocs *docs) {
    size_t V = s->dict.n, i, j, g;
    unsigned short *gmask = micic__calloc(V ? V : 1, sizeof *gmask);
    if (!gmask) return MICIC_ENOMEM;
    for (i = 0; i < docs->n; i++)
        for (j = 0; j < docs->v[i].bag.n; j++)
            gmask[docs->v[i].bag.ids[j]] |= docs->v[i].guidelines;
    s->idf = micic__calloc(V ? V : 1, sizeof *s->idf);
    s->w = micic__calloc((V ? V : 1) * NGP, sizeof *s->w);
    if (!s->idf || !s->w) {
        micic__free(gmask);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < V; i++) {
        int gf = 0;
        for (g = 0; g < s->ng; g++) gf += (gmask[i] >> g) & 1u;
        s->idf[i] = gf ? log(1.0 + (double)s->ng / (double)gf) : 0.0;
    }
    micic__free(gmask);
    for (i = 0; i < docs->n; i++) {
        tdoc *d = &docs->v[i];
        double norm = 0, *x = d->bag.cnt;
        for (j = 0; j < d->bag.n; j++) {
            x[j] = (1.0 + log(x[j])) * s->idf[d->bag.ids[j]];
            norm += x[j] * x[j];
        }
        norm = sqrt(norm);
        for (j = 0; j < d->bag.n; j++) x[j] = norm > 0 ? x[j] / norm : 0.0;
    }
    return MICIC_OK;
}

/* Scale each guideline's weights in w to unit L2 norm. */
static void normalize_rows(const micic_suggester *s, double *w) {
    size_t V = s->dict.n, i, g;
    for (g = 0; g < s->ng; g++) {
        double norm = 0;
        for (i = 0; i < V; i++) norm += w[i * NGP + g] * w[i * NGP + g];
        if (norm <= 0) continue;
        norm = sqrt(norm);
        for (i = 0; i < V; i++) w[i * NGP + g] /= norm;
    }
}

/* The centroids into w (zeroed here): for each guideline the weighted sum
 * of the mean vector of each document group, L2-normalized. Documents
 * with skip[i] set are left out (skip may be NULL). */
static void centroids(const micic_suggester *s, const tdocs *docs, const unsigned char *skip,
                      double *w) {
    size_t V = s->dict.n, i, j, g;
    size_t ndocs[NG_MAX][NCOMP];
    memset(ndocs, 0, sizeof ndocs);
    memset(w, 0, (V ? V : 1) * NGP * sizeof *w);
    for (i = 0; i < docs->n; i++)
        for (g = 0; g < s->ng; g++)
            if ((!skip || !skip[i]) && (docs->v[i].guidelines & (1u << g)))
                ndocs[g][docs->v[i].comp]++;
    for (i = 0; i < docs->n; i++) {
        const tdoc *d = &docs->v[i];
        if (skip && skip[i]) continue;
        for (g = 0; g < s->ng; g++) {
            double scale;
            if (!(d->guidelines & (1u << g))) continue;
            scale = COMP_WEIGHT[d->comp] / (double)ndocs[g][d->comp];
            for (j = 0; j < d->bag.n; j++) w[d->bag.ids[j] * NGP + g] += d->bag.cnt[j] * scale;
        }
    }
    normalize_rows(s, w);
}

/* Scores of a weighted document against every guideline of w. */
static void doc_scores(const double *w, const tdoc *d, double sc[NGP]) {
    size_t j, g;
    memset(sc, 0, NGP * sizeof *sc);
    for (j = 0; j < d->bag.n; j++) {
        const double *row = w + d->bag.ids[j] * NGP;
        for (g = 0; g < NGP; g++) sc[g] += d->bag.cnt[j] * row[g];
    }
}

/* Deterministic generator for the perceptron's example order. */
static uint64_t next_rand(uint64_t *x) {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Averaged multiclass perceptron over the tagged practices, starting from
 * the centroids (docs/suggest.md): a practice whose best own guideline does
 * not beat every other guideline by MARGIN moves the weights ETA * x
 * towards its best own guideline and away from the best other one. The
 * result is the average of the weights over all steps (w - u / c). */
static int learn(const micic_suggester *s, const tdocs *docs, const unsigned char *skip,
                 double *w) {
    size_t V = s->dict.n, n = 0, i, j, e;
    size_t *order;
    double *u, c = 1.0;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (i = 0; i < docs->n; i++)
        if (docs->v[i].comp == COMP_PRACTICES && (!skip || !skip[i])) n++;
    if (!n || !V) return MICIC_OK;
    order = micic__malloc(n * sizeof *order);
    u = micic__calloc(V * NGP, sizeof *u);
    if (!order || !u) {
        micic__free(order);
        micic__free(u);
        return MICIC_ENOMEM;
    }
    for (i = 0, j = 0; i < docs->n; i++)
        if (docs->v[i].comp == COMP_PRACTICES && (!skip || !skip[i])) order[j++] = i;
    for (e = 0; e < EPOCHS; e++) {
        size_t updates = 0;
        for (i = n; i > 1; i--) { /* Fisher-Yates */
            size_t k = (size_t)(next_rand(&seed) % i), tmp = order[i - 1];
            order[i - 1] = order[k];
            order[k] = tmp;
        }
        for (i = 0; i < n; i++, c += 1.0) {
            const tdoc *d = &docs->v[order[i]];
            double sc[NGP];
            int y = -1, p = -1;
            size_t g;
            doc_scores(w, d, sc);
            for (g = 0; g < s->ng; g++) {
                if (d->guidelines & (1u << g)) {
                    if (y < 0 || sc[g] > sc[y]) y = (int)g;
                } else if (p < 0 || sc[g] > sc[p]) {
                    p = (int)g;
                }
            }
            if (y < 0 || p < 0 || sc[y] - sc[p] >= MARGIN) continue;
            updates++;
            for (j = 0; j < d->bag.n; j++) {
                size_t at = d->bag.ids[j] * NGP;
                double step = ETA * d->bag.cnt[j];
                w[at + (size_t)y] += step;
                w[at + (size_t)p] -= step;
                u[at + (size_t)y] += c * step;
                u[at + (size_t)p] -= c * step;
            }
        }
        if (!updates) break;
    }
    for (i = 0; i < V * NGP; i++) w[i] -= u[i] / c;
    micic__free(u);
    micic__free(order);
    normalize_rows(s, w);
    return MICIC_OK;
}

/* Score of guideline g under the blend (1 - l) * C_g + l * P_g of two unit
 * vectors whose dot product is cp, renormalized: from the scores sc of C
 * and sp of P. */
static double blended(double sc, double sp, double cp, double l) {
    double n2 = (1 - l) * (1 - l) + l * l + 2 * l * (1 - l) * cp;
    return n2 > 0 ? ((1 - l) * sc + l * sp) / sqrt(n2) : 0.0;
}

/* Per-guideline dot products of two weight sets. */
static void row_dots(const micic_suggester *s, const double *a, const double *b, double cp[NGP]) {
    size_t V = s->dict.n, i, g;
    memset(cp, 0, NGP * sizeof *cp);
    for (i = 0; i < V; i++)
        for (g = 0; g < NGP; g++) cp[g] += a[i * NGP + g] * b[i * NGP + g];
}

/* Held-out figure of a blend: top-1 plus top-3 hits of the held-out
 * practices (their best own guideline first / among the first three). */
static size_t held_out_hits(const micic_suggester *s, size_t n, const double *hc,
                            const double *hp, const double *hcp, const unsigned short *own,
                            const double *lambda) {
    size_t i, g, hits = 0;
    for (i = 0; i < n; i++) {
        double sc[NGP], best = -1;
        size_t above = 0;
        for (g = 0; g < s->ng; g++) {
            sc[g] = blended(hc[i * NGP + g], hp[i * NGP + g], hcp[i * NGP + g], lambda[g]);
            if (sc[g] < 0) sc[g] = 0;
            if ((own[i] & (1u << g)) && sc[g] > best) best = sc[g];
        }
        for (g = 0; g < s->ng; g++)
            if (!(own[i] & (1u << g)) && sc[g] >= best) above++;
        hits += (above == 0) + (above < 3);
    }
    return hits;
}

/* How much of the perceptron's correction each guideline keeps (lambda[g]
 * in {0, 0.5, 1}; 0 = the centroid alone), chosen on held-out data: the
 * tagged practices are split in FOLDS folds (a deterministic shuffle); for
 * each, centroids and perceptron are trained without it and its practices
 * scored by both. The figure is the held-out top-1 + top-3 hits. First one
 * share for all guidelines: 0.5 or 1 only when it strictly beats no
 * correction; then, in two greedy passes over the guidelines, a
 * guideline's share changes only when that strictly raises the figure. */
static int choose_blend(const micic_suggester *s, const tdocs *docs, double lambda[NGP]) {
    static const double steps[] = {0.0, 0.5, 1.0};
    size_t V = s->dict.n, n = 0, i, k, f, g, h, pass, folds, next = 0;
    size_t *pos = NULL;
    unsigned char *skip = NULL;
    unsigned short *own = NULL;
    double *wc = NULL, *wp = NULL, *hc = NULL, *hp = NULL, *hcp = NULL, cp[NGP];
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    int rc = MICIC_OK;
    for (g = 0; g < NGP; g++) lambda[g] = 0.0;
    for (i = 0; i < docs->n; i++) n += docs->v[i].comp == COMP_PRACTICES;
    if (n < 2 || !V) return MICIC_OK;
    folds = n < FOLDS ? n : FOLDS;
    pos = micic__malloc(n * sizeof *pos);
    skip = micic__calloc(docs->n, 1);
    own = micic__malloc(n * sizeof *own);
    wc = micic__malloc(V * NGP * sizeof *wc);
    wp = micic__malloc(V * NGP * sizeof *wp);
    hc = micic__malloc(n * NGP * sizeof *hc);
    hp = micic__malloc(n * NGP * sizeof *hp);
    hcp = micic__malloc(n * NGP * sizeof *hcp);
    if (!pos || !skip || !own || !wc || !wp || !hc || !hp || !hcp) {
        rc = MICIC_ENOMEM;
        goto done;
    }
    for (i = 0, k = 0; i < docs->n; i++)
        if (docs->v[i].comp == COMP_PRACTICES) pos[k++] = i;
    for (i = n; i > 1; i--) { /* the folds: a fixed shuffle, then every folds-th */
        size_t j = (size_t)(next_rand(&seed) % i), tmp = pos[i - 1];
        pos[i - 1] = pos[j];
        pos[j] = tmp;
    }
    for (f = 0; f < folds && rc == MICIC_OK; f++) {
        memset(skip, 0, docs->n);
        for (k = f; k < n; k += folds) skip[pos[k]] = 1;
        centroids(s, docs, skip, wc);
        memcpy(wp, wc, V * NGP * sizeof *wp);
        rc = learn(s, docs, skip, wp);
        row_dots(s, wc, wp, cp);
        for (k = f; rc == MICIC_OK && k < n; k += folds, next++) {
            const tdoc *d = &docs->v[pos[k]];
            doc_scores(wc, d, hc + next * NGP);
            doc_scores(wp, d, hp + next * NGP);
            memcpy(hcp + next * NGP, cp, sizeof cp);
            own[next] = d->guidelines;
        }
    }
    /* the same share for every guideline first (no correction unless one
     * strictly helps), then each guideline's own */
    if (rc == MICIC_OK) {
        size_t best = held_out_hits(s, n, hc, hp, hcp, own, lambda), hits;
        double keep = 0.0;
        for (h = 1; h < sizeof steps / sizeof steps[0]; h++) {
            for (g = 0; g < NGP; g++) lambda[g] = steps[h];
            hits = held_out_hits(s, n, hc, hp, hcp, own, lambda);
            if (hits > best) {
                best = hits;
                keep = steps[h];
            }
        }
        for (g = 0; g < NGP; g++) lambda[g] = keep;
    }
    for (pass = 0; rc == MICIC_OK && pass < 2; pass++) {
        for (g = 0; g < s->ng; g++) {
            size_t best = held_out_hits(s, n, hc, hp, hcp, own, lambda);
            double keep = lambda[g];
            for (h = 0; h < sizeof steps / sizeof steps[0]; h++) {
                size_t hits;
                double was = lambda[g];
                if (steps[h] == was) continue;
                lambda[g] = steps[h];
                hits = held_out_hits(s, n, hc, hp, hcp, own, lambda);
                if (hits > best) {
                    best = hits;
                    keep = steps[h];
                }
                lambda[g] = was;
            }
            lambda[g] = keep;
        }
    }
done:
    micic__free(pos);
    micic__free(skip);
    micic__free(own);
    micic__free(wc);
    micic__free(wp);
    micic__free(hc);
    micic__free(hp);
    micic__free(hcp);
    return rc;
}

/* The weights: the centroids of all the training documents, corrected by
 * the perceptron trained on all the tagged practices as far as
 * choose_blend() found the correction helps on held-out practices. */
static int build_weights(micic_suggester *s, const tdocs *docs) {
    size_t V = s->dict.n, i, g;
    double lambda[NGP], cp[NGP], *wp;
    int rc;
    centroids(s, docs, NULL, s->w);
    rc = choose_blend(s, docs, lambda);
    if (rc != MICIC_OK || !V) return rc;
    for (g = 0; g < s->ng; g++)
        if (lambda[g] > 0) break;
    if (g == s->ng) return MICIC_OK; /* no correction helps */
    wp = micic__malloc(V * NGP * sizeof *wp);
    if (!wp) return MICIC_ENOMEM;
    memcpy(wp, s->w, V * NGP * sizeof *wp);
    rc = learn(s, docs, NULL, wp);
    if (rc == MICIC_OK) {
        row_dots(s, s->w, wp, cp);
        for (i = 0; i < V; i++)
            for (g = 0; g < s->ng; g++) {
                double l = lambda[g], n2 = (1 - l) * (1 - l) + l * l + 2 * l * (1 - l) * cp[g];
                double *at = &s->w[i * NGP + g];
                *at = n2 > 0 ? ((1 - l) * *at + l * wp[i * NGP + g]) / sqrt(n2) : 0.0;
            }
    }
    micic__free(wp);
    return rc;
}

int micic_suggester_new(const micic_corpus *training, const char *exclude_id,
                        micic_suggester **out, micic_error *err) {
    micic_suggester *s;
    micic_tokenizer *tk;
    tdocs docs = {NULL, 0, 0};
    size_t i;
    int rc;
    if (out) *out = NULL;
    if (!out) return micic__error(err, MICIC_EINVAL, "no output pointer");
    s = micic__calloc(1, sizeof *s);
    tk = micic__tokenizer_new();
    if (!s || !tk) {
        micic__free(s);
        micic__tokenizer_free(tk);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    s->ng = micic_guideline_count();
    if (s->ng > NG_MAX) s->ng = NG_MAX;
    for (i = 1; i < LOG_TF; i++) s->log_tf[i] = 1.0 + log((double)i);
    s->words = micic__lexicon_new();
    if (!s->words) {
        micic__free(s);
        micic__tokenizer_free(tk);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    rc = train(s, tk, training, exclude_id, &docs);
    if (rc == MICIC_OK) rc = weigh_documents(s, &docs);
    if (rc == MICIC_OK) rc = build_weights(s, &docs);
    tdocs_free(&docs);
    micic__tokenizer_free(tk);
    if (rc != MICIC_OK) {
        micic_suggester_free(s);
        return micic__error(err, rc, rc == MICIC_ELIMIT ? "too many distinct training words"
                                                        : NULL);
    }
    *out = s;
    micic_error_clear(err);
    return MICIC_OK;
}

void micic_suggester_free(micic_suggester *s) {
    if (!s) return;
    dict_free(&s->dict);
    micic__lexicon_free(s->words);
    micic__free(s->idf);
    micic__free(s->w);
    micic__free(s);
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                         */
/* ------------------------------------------------------------------ */

typedef struct ranked {
    int guideline;
    double score;
    double confidence;
    size_t nterms;
    const char *terms[MAX_TERMS]; /* in the suggestions' own block */
} ranked;

/* One allocation: this header, then v[n], then the term strings. */
struct micic_suggestions {
    size_t n;
    size_t chosen;      /* leading ranks whose confidence passes CHOOSE_P (1..CHOOSE_MAX) */
    int low_confidence; /* no guideline clearly ahead */
    ranked *v;
};

void micic_suggestions_free(micic_suggestions *r) { micic__free(r); }

size_t micic_suggestions_size(const micic_suggestions *r) { return r ? r->n : 0; }

int micic_suggestions_guideline(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].guideline : 0;
}

double micic_suggestions_score(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].score : 0.0;
}

double micic_suggestions_confidence(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].confidence : 0.0;
}

size_t micic_suggestions_chosen(const micic_suggestions *r) { return r ? r->chosen : 0; }

int micic_suggestions_low_confidence(const micic_suggestions *r) {
    return r ? r->low_confidence : 0;
}

size_t micic_suggestions_term_count(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].nterms : 0;
}

const char *micic_suggestions_term(const micic_suggestions *r, size_t i, size_t j) {
    return r && i < r->n && j < r->v[i].nterms ? r->v[i].terms[j] : NULL;
}

/* The distinct terms of a query with their counts, then their weights:
 * on the stack up to QSTACK terms, on the heap beyond. */
typedef struct query {
    size_t *ids;
    double *x;       /* counts, then weights */
    uint32_t *slots; /* index + 1 */
    size_t n, cap, nslots;
    int heap;
    size_t s_ids[QSTACK];
    double s_x[QSTACK];
    uint32_t s_slots[QSTACK * 2];
} query;

static void query_init(query *q) {
    q->ids = q->s_ids;
    q->x = q->s_x;
    q->slots = q->s_slots;
    q->n = 0;
    q->cap = QSTACK;
    q->nslots = QSTACK * 2;
    q->heap = 0;
    memset(q->s_slots, 0, sizeof q->s_slots);
}

static void query_free(query *q) {
    if (!q->heap) return;
    micic__free(q->ids);
    micic__free(q->x);
    micic__free(q->slots);
}

static size_t id_hash(size_t id) { return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 20); }

static int query_grow(query *q) {
    size_t cap = q->cap * 2, ns = cap * 2, i;
    size_t *ids = micic__malloc(cap * sizeof *ids);
    double *x = micic__malloc(cap * sizeof *x);
    uint32_t *slots = micic__calloc(ns, sizeof *slots);
    if (!ids || !x || !slots || cap >= UINT32_MAX) {
        micic__free(ids);
        micic__free(x);
        micic__free(slots);
        return MICIC_ENOMEM;
    }
    memcpy(ids, q->ids, q->n * sizeof *ids);
    memcpy(x, q->x, q->n * sizeof *x);
    for (i = 0; i < q->n; i++) {
        size_t h = id_hash(ids[i]) & (ns - 1);
        while (slots[h]) h = (h + 1) & (ns - 1);
        slots[h] = (uint32_t)(i + 1);
    }
    query_free(q);
    q->ids = ids;
    q->x = x;
    q->slots = slots;
    q->cap = cap;
    q->nslots = ns;
    q->heap = 1;
    return MICIC_OK;
}

static int query_add(query *q, size_t id) {
    size_t h = id_hash(id) & (q->nslots - 1);
    while (q->slots[h]) {
        size_t k = q->slots[h] - 1;
        if (q->ids[k] == id) {
            q->x[k] += 1.0;
            return MICIC_OK;
        }
        h = (h + 1) & (q->nslots - 1);
    }
    if (q->n == q->cap) {
        if (query_grow(q) != MICIC_OK) return MICIC_ENOMEM;
        h = id_hash(id) & (q->nslots - 1);
        while (q->slots[h]) h = (h + 1) & (q->nslots - 1);
    }
    q->slots[h] = (uint32_t)(q->n + 1);
    q->ids[q->n] = id;
    q->x[q->n] = 1.0;
    q->n++;
    return MICIC_OK;
}

typedef struct query_ctx {
    const micic_suggester *s;
    query *q;
    micic_tokenizer *tk; /* made at the first word that needs one (or NULL) */
} query_ctx;

/* A query word: its term from the lexicon of training words, or stemmed
 * and looked up when training never saw the word; unknown terms are
 * ignored. */
static int query_word(micic_tokenizer *tk, const int32_t *known, const char *w, size_t n,
                      void *payload) {
    query_ctx *c = payload;
    long id;
    if (known) {
        id = *known;
    } else {
        const char *term;
        size_t tl;
        int rc = micic__tokenizer_term(tk, w, n, &term, &tl);
        if (rc) return rc;
        if (!term || all_digits(term, tl)) return 0;
        id = dict_find(&c->s->dict, term, tl);
    }
    return id >= 0 ? query_add(c->q, (size_t)id) : 0;
}

static int query_text(query_ctx *c, const char *text) {
    if (!text || !*text) return MICIC_OK;
    return micic__tokenize_lex(&c->tk, c->s->words, text, strlen(text), query_word, c)
               ? MICIC_ENOMEM
               : MICIC_OK;
}

/* The largest of v[0..n) (n >= 1), four running maxima at a time (maxsd,
 * no branch to mispredict). */
static double max_of(const double *v, size_t n) {
    double m0 = v[0], m1 = v[0], m2 = v[0], m3 = v[0];
    size_t j;
    for (j = 0; j + 4 <= n; j += 4) {
        m0 = v[j] > m0 ? v[j] : m0;
        m1 = v[j + 1] > m1 ? v[j + 1] : m1;
        m2 = v[j + 2] > m2 ? v[j + 2] : m2;
        m3 = v[j + 3] > m3 ? v[j + 3] : m3;
    }
    for (; j < n; j++) m0 = v[j] > m0 ? v[j] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
}

/* The query's top terms for guideline g (largest positive q(t) * w_g(t),
 * most important first, ties in query order), given room for the query's
 * products in prod[0..q->n) and their indices in cand[0..q->n). Branch-free
 * passes first narrow the query down to a few candidates: the maxima of
 * five interleaved groups are five distinct products, so the smallest of
 * them is at most the fifth largest product, and every product that can be
 * reported is at least that. The candidates (kept in query order, their
 * products moved to the front of prod) then give up their largest (a
 * branch-free maximum, then the first candidate that has it) MAX_TERMS
 * times. This avoids a sorted insertion per product, whose branches a
 * processor cannot predict. */
static size_t top_terms(const micic_suggester *s, const query *q, size_t g, size_t *best,
                        double *prod, size_t *cand) {
    double m[MAX_TERMS], thr = 0.0;
    size_t nb, j, i, n = q->n, nc = 0;
    for (j = 0; j < n; j++) prod[j] = q->x[j] * s->w[q->ids[j] * NGP + g];
    if (n >= 2 * MAX_TERMS) {
        for (i = 0; i < MAX_TERMS; i++) m[i] = prod[i];
        for (j = MAX_TERMS; j + MAX_TERMS <= n; j += MAX_TERMS)
            for (i = 0; i < MAX_TERMS; i++) m[i] = prod[j + i] > m[i] ? prod[j + i] : m[i];
        for (i = 0; j < n; j++, i++) m[i] = prod[j] > m[i] ? prod[j] : m[i];
        thr = m[0];
        for (i = 1; i < MAX_TERMS; i++) thr = m[i] < thr ? m[i] : thr;
    }
    for (j = 0; j < n; j++) { /* compacted in place (nc <= j): positive and >= thr */
        double v = prod[j];
        cand[nc] = j;
        prod[nc] = v;
        nc += (size_t)((v > 0) & (v >= thr));
    }
    for (nb = 0; nb < MAX_TERMS && nc > 0; nb++) {
        double mv = max_of(prod, nc);
        if (!(mv > 0)) break;
        for (i = 0; prod[i] != mv; i++) {}
        best[nb] = cand[i];
        prod[i] = -1.0; /* taken */
    }
    return nb;
}

/* Rank every guideline for the query q; the k best go into *out. */
static double confidence(double score, double margin) {
    return 1.0 / (1.0 + exp(-(CAL_A * score + CAL_B * margin + CAL_C)));
}

static int rank(const micic_suggester *s, query *q, size_t k, micic_suggestions **out) {
    double sc[NGP], conf[NGP], qnorm = 0;
    int order[NG_MAX];
    size_t best[NG_MAX][MAX_TERMS], nbest[NG_MAX], tlen[NG_MAX][MAX_TERMS];
    size_t g, j, t, bytes, npos;
    double s_prod[QSTACK], *prod = s_prod; /* top_terms' scratch */
    size_t s_cand[QSTACK], *cand = s_cand;
    micic_suggestions *r;
    char *at;
    memset(sc, 0, sizeof sc);
    for (j = 0; j < q->n; j++) {
        double c = q->x[j];
        q->x[j] = (c < LOG_TF ? s->log_tf[(size_t)c] : 1.0 + log(c)) * s->idf[q->ids[j]];
        qnorm += q->x[j] * q->x[j];
    }
    qnorm = sqrt(qnorm);
    if (!(qnorm > 0)) return MICIC_EINVAL; /* no known term: nothing to rank by */
    for (j = 0; j < q->n; j++) {
        const double *row = s->w + q->ids[j] * NGP;
        for (g = 0; g < NGP; g++) sc[g] += q->x[j] * row[g];
    }
    for (g = 0; g < s->ng; g++) {
        sc[g] = qnorm > 0 ? sc[g] / qnorm : 0.0;
        if (sc[g] < 0) sc[g] = 0.0; /* argued against: no evidence for it */
    }
    /* order by score (ties: guideline number): a few ranks are taken one by
     * one (the maximum without a branch, then the first guideline with it:
     * the branches of a sort mispredict), more by an insertion sort of 15 */
    if (k == 0 || k > s->ng) k = s->ng;
    if (k <= FEW_RANKS && s->ng > 0) {
        double left[NG_MAX]; /* the scores, -1 once ranked (scores are >= 0) */
        memcpy(left, sc, s->ng * sizeof *left);
        for (t = 0; t < k; t++) {
            double m = max_of(left, s->ng);
            for (g = 0; left[g] != m; g++) {}
            order[t] = (int)g;
            left[g] = -1.0;
        }
    } else {
        for (g = 0; g < s->ng; g++) {
            size_t i = g;
            while (i > 0 && sc[order[i - 1]] < sc[g]) {
                order[i] = order[i - 1];
                i--;
            }
            order[i] = (int)g;
        }
    }
    bytes = sizeof *r + k * sizeof(ranked);
    /* terms only for positive scores: the ranks with one come first */
    for (npos = 0; npos < k && sc[order[npos]] > 0; npos++) {}
    if (npos && q->n > QSTACK) {
        prod = micic__malloc(q->n * sizeof *prod);
        cand = micic__malloc(q->n * sizeof *cand);
        if (!prod || !cand) {
            micic__free(prod);
            micic__free(cand);
            return MICIC_ENOMEM;
        }
    }
    for (t = 0; t < k; t++)
        nbest[t] = t < npos ? top_terms(s, q, (size_t)order[t], best[t], prod, cand) : 0;
    if (prod != s_prod) {
        micic__free(prod);
        micic__free(cand);
    }
    for (t = 0; t < k; t++)
        for (j = 0; j < nbest[t]; j++)
            bytes += (tlen[t][j] = strlen(s->dict.terms[q->ids[best[t][j]]]) + 1);
    r = micic__malloc(bytes);
    if (!r) return MICIC_ENOMEM;
    r->n = k;
    {
        double top = sc[order[0]], second = 0;
        size_t nc = 0;
        for (g = 0; g < s->ng; g++)
            if ((int)g != order[0] && sc[g] > second) second = sc[g];
        for (g = 0; g < s->ng; g++)
            conf[g] = confidence(sc[g], sc[g] - ((int)g == order[0] ? second : top));
        /* the chosen: the leading ranks whose confidence passes CHOOSE_P,
         * at least one, at most CHOOSE_MAX (confidence grows with the
         * score, so they lead the ranking) */
        while (nc < CHOOSE_MAX && nc < k && (nc == 0 || conf[order[nc]] >= CHOOSE_P)) nc++;
        r->chosen = nc;
        r->low_confidence = conf[order[0]] < LOW_P || q->n < LOW_TERMS;
    }
    r->v = (ranked *)(void *)(r + 1);
    at = (char *)(r->v + k);
    for (t = 0; t < k; t++) {
        g = (size_t)order[t];
        r->v[t].guideline = (int)g + 1;
        r->v[t].score = sc[g];
        r->v[t].confidence = conf[g];
        r->v[t].nterms = nbest[t];
        for (j = 0; j < nbest[t]; j++) {
            memcpy(at, s->dict.terms[q->ids[best[t][j]]], tlen[t][j]);
            r->v[t].terms[j] = at;
            at += tlen[t][j];
        }
    }
    *out = r;
    return MICIC_OK;
}

/* Add a practice's own fields to the query. The value pointers are
 * gathered first (QVALUES at a time) and their text prefetched: a record
 * that is not in the cache then waits for its strings' memory once, all
 * values at the same time, instead of once per value. */
static int query_practice(query_ctx *c, const micic_practice *p) {
    const char *vals[QVALUES];
    size_t f, i, n, nv = 0, v;
    int rc = MICIC_OK;
    for (f = 0; rc == MICIC_OK && f < N_PRACTICE_FIELDS; f++) {
        n = micic_practice_count(p, PRACTICE_FIELDS[f]);
        for (i = 0; rc == MICIC_OK && i < n; i++) {
            if (nv == QVALUES) { /* full: rank those first */
                for (v = 0; rc == MICIC_OK && v < nv; v++) rc = query_text(c, vals[v]);
                nv = 0;
            }
            vals[nv] = micic_practice_value(p, PRACTICE_FIELDS[f], i);
            PREFETCH(vals[nv]);
            nv++;
        }
    }
    for (v = 0; rc == MICIC_OK && v < nv; v++) rc = query_text(c, vals[v]);
    return rc;
}

/* Rank guidelines for a text or (text NULL) a practice's own fields. */
static int suggest_query(const micic_suggester *s, const char *text, const micic_practice *p,
                         size_t k, micic_suggestions **out, micic_error *err) {
    query q;
    query_ctx c;
    int rc;
    query_init(&q);
    c.s = s;
    c.q = &q;
    c.tk = NULL;
    rc = text ? query_text(&c, text) : query_practice(&c, p);
    if (rc == MICIC_OK) rc = rank(s, &q, k, out);
    query_free(&q);
    micic__tokenizer_free(c.tk);
    if (rc == MICIC_EINVAL)
        return micic__error(err, rc,
                            text ? "the text has no word to rank by (empty, stopwords only, or "
                                   "no word the suggester learnt)"
                                 : "the practice has no word to rank by (no title, description "
                                   "or types with a word the suggester learnt)");
    if (rc != MICIC_OK) return micic__error(err, rc, NULL);
    micic_error_clear(err);
    return MICIC_OK;
}

size_t micic_suggest_training_guidelines(const micic_practice *p, int *out, size_t cap) {
    unsigned short mask = p ? practice_guidelines(p, NG_MAX) : 0;
    size_t n = 0;
    int g;
    for (g = 1; g <= NG_MAX; g++) {
        if (!(mask & (1u << (g - 1)))) continue;
        if (out && n < cap) out[n] = g;
        n++;
    }
    return n;
}

int micic_suggest(const micic_suggester *s, const char *text, size_t k, micic_suggestions **out,
                  micic_error *err) {
    if (out) *out = NULL;
    if (!s || !text || !out) return micic__error(err, MICIC_EINVAL, "invalid suggester, text or output");
    if (!micic__utf8_valid(text, strlen(text)))
        return micic__error(err, MICIC_EUTF8, "text is not valid UTF-8");
    return suggest_query(s, text, NULL, k, out, err);
}

int micic_suggest_practice(const micic_suggester *s, const micic_practice *p, size_t k,
                           micic_suggestions **out, micic_error *err) {
    if (out) *out = NULL;
    if (!s || !p || !out)
        return micic__error(err, MICIC_EINVAL, "invalid suggester, practice or output");
    return suggest_query(s, NULL, p, k, out, err);
}
