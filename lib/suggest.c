/*
 * Guideline suggestion (micic/suggest.h): a Rocchio (TF-IDF centroid)
 * classifier over the 15 Guidelines. docs/suggest.md describes the method
 * and reports its accuracy.
 *
 * Training "documents" of guideline g:
 *   heading   its title, thematic-area label and known title variants;
 *   text      its body text (where the catalogue has one);
 *   samples   each of its Sample Practices;
 *   practices each practice of the training corpus tagged with g, read
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
 * of its four groups (weights COMP_WEIGHT below), L2-normalized, so a
 * guideline with many tagged practices does not drown its catalogue text,
 * and one without any still has its heading.
 *
 * A query (free text or a practice's own fields) is weighted the same way
 * and scored against every centroid by cosine similarity, in [0, 1]. The
 * terms that drove a score are the query terms with the largest products
 * q(t) * c_g(t), most important first.
 *
 * Leave-one-out: with exclude_id, that record is not trained on, nor are
 * the catalogue Sample Practices that are copies of it (the guideline
 * documents of the seeds repeat the Sample Practices as recommended
 * practices): a sample whose term set has a Jaccard similarity >= 0.8 with
 * the excluded record's is skipped.
 *
 * The suggester is immutable once built. Each call creates its own
 * tokenizer (libstemmer stemmers are not thread-safe).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "micic/catalogue.h"
#include "micic/suggest.h"
#include "tokenize.h"

#define NG_MAX 15
#define MAX_TERMS 5         /* terms reported per suggestion */
#define LOO_JACCARD 0.8     /* sample = copy of the excluded record */

enum { COMP_HEADING = 0, COMP_TEXT, COMP_SAMPLES, COMP_PRACTICES, NCOMP };

/* Weight of each document group in a centroid (docs/suggest.md). */
static const double COMP_WEIGHT[NCOMP] = {1.0, 1.0, 1.0, 1.0};

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

typedef struct tok_ctx {
    termdict *dict;       /* training: intern terms */
    const termdict *find; /* querying: look terms up, ignore unknown ones */
    bag *bag;
    int failed;
} tok_ctx;

static int all_digits(const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int on_token(const micic_token *tok, void *payload) {
    tok_ctx *c = payload;
    long id;
    if (all_digits(tok->term, tok->term_len)) return 0;
    if (c->dict) {
        id = dict_intern(c->dict, tok->term, tok->term_len);
        if (id < 0) {
            c->failed = 1;
            return MICIC_ENOMEM;
        }
    } else {
        id = dict_find(c->find, tok->term, tok->term_len);
        if (id < 0) return 0;
    }
    if (bag_add(c->bag, (size_t)id) != MICIC_OK) {
        c->failed = 1;
        return MICIC_ENOMEM;
    }
    return 0;
}

static int bag_text(micic_tokenizer *tk, tok_ctx *c, const char *text) {
    int rc;
    if (!text || !*text) return MICIC_OK;
    rc = micic__tokenize(tk, text, strlen(text), on_token, c);
    return (rc != 0 || c->failed) ? MICIC_ENOMEM : MICIC_OK;
}

static int bag_practice(micic_tokenizer *tk, tok_ctx *c, const micic_practice *p) {
    size_t f, i;
    for (f = 0; f < N_PRACTICE_FIELDS; f++) {
        for (i = 0; i < micic_practice_count(p, PRACTICE_FIELDS[f]); i++) {
            int rc = bag_text(tk, c, micic_practice_value(p, PRACTICE_FIELDS[f], i));
            if (rc != MICIC_OK) return rc;
        }
    }
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* The suggester                                                       */
/* ------------------------------------------------------------------ */

struct micic_suggester {
    size_t ng;        /* number of guidelines (15) */
    termdict dict;    /* all training terms */
    double *idf;      /* [dict.n] */
    double *centroid; /* [ng * dict.n], rows L2-normalized */
};

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

static unsigned short practice_guidelines(const micic_practice *p, size_t ng) {
    unsigned short mask = 0;
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
static int add_text_doc(micic_tokenizer *tk, termdict *dict, tdocs *docs, int comp, int g,
                        const char *text) {
    tok_ctx c = {dict, NULL, NULL, 0};
    tdoc *d;
    if (!text || !*text) return MICIC_OK;
    d = tdocs_push(docs, comp, (unsigned short)(1u << (g - 1)));
    if (!d) return MICIC_ENOMEM;
    c.bag = &d->bag;
    if (bag_text(tk, &c, text) != MICIC_OK) return MICIC_ENOMEM;
    return bag_finish(&d->bag);
}

static int add_heading_doc(micic_tokenizer *tk, termdict *dict, tdocs *docs,
                           const micic_guideline *gl, int g) {
    tok_ctx c = {dict, NULL, NULL, 0};
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
            tok_ctx c = {&s->dict, NULL, &ex, 0};
            rc = bag_practice(tk, &c, excluded);
            if (rc == MICIC_OK) rc = bag_finish(&ex);
        }
    }
    /* the catalogue */
    for (g = 1; rc == MICIC_OK && g <= s->ng; g++) {
        const micic_guideline *gl = micic_guideline_get((int)g);
        if (!gl) continue;
        rc = add_heading_doc(tk, &s->dict, docs, gl, (int)g);
        if (rc == MICIC_OK)
            rc = add_text_doc(tk, &s->dict, docs, COMP_TEXT, (int)g, micic_guideline_text(gl));
        for (i = 0; rc == MICIC_OK && i < micic_guideline_sample_count(gl); i++) {
            rc = add_text_doc(tk, &s->dict, docs, COMP_SAMPLES, (int)g,
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
        tok_ctx c = {&s->dict, NULL, NULL, 0};
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

/* idf over guidelines, then the centroids. */
static int build_centroids(micic_suggester *s, const tdocs *docs) {
    size_t V = s->dict.n, i, j, g, c;
    unsigned short *gmask = micic__calloc(V ? V : 1, sizeof *gmask);
    size_t ndocs[NG_MAX][NCOMP];
    double *w = NULL;
    if (!gmask) return MICIC_ENOMEM;
    memset(ndocs, 0, sizeof ndocs);
    for (i = 0; i < docs->n; i++) {
        for (j = 0; j < docs->v[i].bag.n; j++)
            gmask[docs->v[i].bag.ids[j]] |= docs->v[i].guidelines;
        for (g = 0; g < s->ng; g++)
            if (docs->v[i].guidelines & (1u << g)) ndocs[g][docs->v[i].comp]++;
    }
    s->idf = micic__calloc(V ? V : 1, sizeof *s->idf);
    s->centroid = micic__calloc(s->ng * (V ? V : 1), sizeof *s->centroid);
    if (!s->idf || !s->centroid) {
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
        const tdoc *d = &docs->v[i];
        double norm = 0, *nw = micic__realloc(w, (d->bag.n ? d->bag.n : 1) * sizeof *w);
        if (!nw) {
            micic__free(w);
            return MICIC_ENOMEM;
        }
        w = nw;
        for (j = 0; j < d->bag.n; j++) {
            w[j] = (1.0 + log(d->bag.cnt[j])) * s->idf[d->bag.ids[j]];
            norm += w[j] * w[j];
        }
        if (norm <= 0) continue;
        norm = sqrt(norm);
        for (g = 0; g < s->ng; g++) {
            double scale;
            if (!(d->guidelines & (1u << g))) continue;
            scale = COMP_WEIGHT[d->comp] / ((double)ndocs[g][d->comp] * norm);
            for (j = 0; j < d->bag.n; j++) s->centroid[g * V + d->bag.ids[j]] += w[j] * scale;
        }
    }
    micic__free(w);
    for (g = 0; g < s->ng; g++) {
        double norm = 0;
        for (c = 0; c < V; c++) norm += s->centroid[g * V + c] * s->centroid[g * V + c];
        if (norm <= 0) continue;
        norm = sqrt(norm);
        for (c = 0; c < V; c++) s->centroid[g * V + c] /= norm;
    }
    return MICIC_OK;
}

int micic_suggester_new(const micic_corpus *training, const char *exclude_id,
                        micic_suggester **out, micic_error *err) {
    micic_suggester *s;
    micic_tokenizer *tk;
    tdocs docs = {NULL, 0, 0};
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
    rc = train(s, tk, training, exclude_id, &docs);
    if (rc == MICIC_OK) rc = build_centroids(s, &docs);
    tdocs_free(&docs);
    micic__tokenizer_free(tk);
    if (rc != MICIC_OK) {
        micic_suggester_free(s);
        return micic__error(err, rc, NULL);
    }
    *out = s;
    micic_error_clear(err);
    return MICIC_OK;
}

void micic_suggester_free(micic_suggester *s) {
    if (!s) return;
    dict_free(&s->dict);
    micic__free(s->idf);
    micic__free(s->centroid);
    micic__free(s);
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                         */
/* ------------------------------------------------------------------ */

typedef struct ranked {
    int guideline;
    double score;
    size_t nterms;
    char *terms[MAX_TERMS]; /* owned */
} ranked;

struct micic_suggestions {
    size_t n;
    ranked *v;
};

void micic_suggestions_free(micic_suggestions *r) {
    size_t i, j;
    if (!r) return;
    for (i = 0; i < r->n; i++)
        for (j = 0; j < r->v[i].nterms; j++) micic__free(r->v[i].terms[j]);
    micic__free(r->v);
    micic__free(r);
}

size_t micic_suggestions_size(const micic_suggestions *r) { return r ? r->n : 0; }

int micic_suggestions_guideline(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].guideline : 0;
}

double micic_suggestions_score(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].score : 0.0;
}

size_t micic_suggestions_term_count(const micic_suggestions *r, size_t i) {
    return r && i < r->n ? r->v[i].nterms : 0;
}

const char *micic_suggestions_term(const micic_suggestions *r, size_t i, size_t j) {
    return r && i < r->n && j < r->v[i].nterms ? r->v[i].terms[j] : NULL;
}

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score > y->score) return -1;
    if (x->score < y->score) return 1;
    return x->guideline - y->guideline;
}

/* Rank every guideline for the query bag q. */
static int rank(const micic_suggester *s, const bag *q, size_t k, micic_suggestions **out) {
    size_t V = s->dict.n, g, j, t;
    double qnorm = 0, *qw = NULL;
    ranked all[NG_MAX];
    micic_suggestions *r;
    memset(all, 0, sizeof all);
    if (q->n) {
        qw = micic__malloc(q->n * sizeof *qw);
        if (!qw) return MICIC_ENOMEM;
    }
    for (j = 0; j < q->n; j++) {
        qw[j] = (1.0 + log(q->cnt[j])) * s->idf[q->ids[j]];
        qnorm += qw[j] * qw[j];
    }
    qnorm = sqrt(qnorm);
    for (g = 0; g < s->ng; g++) {
        /* top contributions by selection (MAX_TERMS is tiny) */
        size_t best[MAX_TERMS];
        double bestv[MAX_TERMS];
        size_t nb = 0;
        double dot = 0;
        all[g].guideline = (int)g + 1;
        for (j = 0; j < q->n; j++) {
            double v = qw[j] * s->centroid[g * V + q->ids[j]];
            size_t at;
            if (v <= 0) continue;
            dot += v;
            /* insert into the sorted top list */
            for (at = nb; at > 0 && bestv[at - 1] < v; at--) {}
            if (at >= MAX_TERMS) continue;
            if (nb < MAX_TERMS) nb++;
            for (t = nb - 1; t > at; t--) {
                best[t] = best[t - 1];
                bestv[t] = bestv[t - 1];
            }
            best[at] = j;
            bestv[at] = v;
        }
        all[g].score = qnorm > 0 ? dot / qnorm : 0.0;
        if (all[g].score > 1.0) all[g].score = 1.0; /* rounding */
        for (t = 0; t < nb; t++) {
            all[g].terms[t] = micic__strdup(s->dict.terms[q->ids[best[t]]]);
            if (!all[g].terms[t]) goto nomem;
            all[g].nterms = t + 1;
        }
    }
    micic__free(qw);
    qw = NULL;
    qsort(all, s->ng, sizeof all[0], cmp_ranked);
    if (k == 0 || k > s->ng) k = s->ng;
    r = micic__calloc(1, sizeof *r);
    if (r) r->v = micic__calloc(k, sizeof *r->v);
    if (!r || !r->v) {
        micic__free(r);
        goto nomem;
    }
    memcpy(r->v, all, k * sizeof *r->v);
    r->n = k;
    for (g = k; g < s->ng; g++)
        for (t = 0; t < all[g].nterms; t++) micic__free(all[g].terms[t]);
    *out = r;
    return MICIC_OK;
nomem:
    micic__free(qw);
    for (g = 0; g < s->ng; g++)
        for (t = 0; t < all[g].nterms; t++) micic__free(all[g].terms[t]);
    return MICIC_ENOMEM;
}

/* Rank guidelines for a text or (text NULL) a practice: one tokenizer per
 * call, the query bag built against the suggester's dictionary. */
static int suggest_bag(const micic_suggester *s, const char *text, const micic_practice *p,
                       size_t k, micic_suggestions **out, micic_error *err) {
    micic_tokenizer *tk = micic__tokenizer_new();
    bag q = {NULL, NULL, 0, 0};
    tok_ctx c;
    int rc;
    if (!tk) return micic__error(err, MICIC_ENOMEM, NULL);
    c.dict = NULL;
    c.find = &s->dict;
    c.bag = &q;
    c.failed = 0;
    rc = text ? bag_text(tk, &c, text) : bag_practice(tk, &c, p);
    if (rc == MICIC_OK) rc = bag_finish(&q);
    if (rc == MICIC_OK) rc = rank(s, &q, k, out);
    bag_free(&q);
    micic__tokenizer_free(tk);
    if (rc != MICIC_OK) return micic__error(err, rc, NULL);
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_suggest(const micic_suggester *s, const char *text, size_t k, micic_suggestions **out,
                  micic_error *err) {
    if (out) *out = NULL;
    if (!s || !text || !out) return micic__error(err, MICIC_EINVAL, "invalid suggester, text or output");
    if (!micic__utf8_valid(text, strlen(text)))
        return micic__error(err, MICIC_EUTF8, "text is not valid UTF-8");
    return suggest_bag(s, text, NULL, k, out, err);
}

int micic_suggest_practice(const micic_suggester *s, const micic_practice *p, size_t k,
                           micic_suggestions **out, micic_error *err) {
    if (out) *out = NULL;
    if (!s || !p || !out)
        return micic__error(err, MICIC_EINVAL, "invalid suggester, practice or output");
    return suggest_bag(s, NULL, p, k, out, err);
}
