/*
 * Similar practices and near duplicates (micic/search.h), on the forward
 * index and postings of a micic_index (lib/index_internal.h).
 *
 * Vectors. A record's vector has, for every term t of its title,
 * description and stakeholder names, the weight
 *     w(t, d) = (1 + ln tf(t, d)) * idf(t),   idf(t) = ln(1 + N / df(t))
 * (N records, df(t) records containing t; the idf is always > 0, also for
 * a one-record corpus). Similarity is the cosine of two vectors, in [0, 1];
 * records with no token have similarity 0 with everything.
 *
 * micic_similar / micic_similar_text: the query vector's terms are looked
 * up in the postings, the dot products accumulate over the records that
 * share at least one term (never all N records), each is divided by the
 * two norms (a record's norm is computed from the forward index when it is
 * first met). Ranked by score, ties by corpus order; records with score 0
 * are not listed.
 *
 * micic_duplicates: all pairs with cosine >= threshold, without comparing
 * all N^2 / 2 pairs, by prefix filtering (the "All-Pairs" algorithm of
 * Bayardo, Ma & Srikant, WWW 2007), which is exact:
 *   1. every vector is L2-normalized and its terms are ordered from the
 *      most to the least frequent in the corpus (df descending);
 *   2. maxw(t) is the largest normalized weight of t over all records;
 *   3. for each record x, terms are skipped from the front (the frequent
 *      ones) while b(x) = sum over the skipped terms of w(t, x) * maxw(t)
 *      stays below the threshold; the remaining (rare) terms go into a
 *      small inverted index. Any record y then has x . y <= b(x) + (the
 *      part over x's indexed terms), so a pair with cosine >= threshold
 *      must share one of x's indexed, rare terms;
 *   4. each record y is probed against the indexed terms of the records
 *      before it, accumulating the dot product over x's indexed terms; a
 *      candidate x whose partial dot plus the bound of its unindexed part
 *      (min(b(x), norm of the unindexed part)) is below the threshold is
 *      dropped, every other one is verified with the exact cosine.
 * Pairs at or above the threshold are joined with union-find (single link);
 * groups of two or more are listed by their first record, members in
 * corpus order. The work is proportional to the candidate pairs, which
 * share a rare term: for a threshold of 0.5 and above on text records this
 * is a small fraction of all pairs. A threshold of 0 puts every record in
 * one group (every cosine is >= 0).
 *
 * Everything a call needs is allocated by the call; the index is only read.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index_internal.h"
#include "internal.h"
#include "micic/search.h"
#include "tokenize.h"

#define SIM_EPS 1e-9 /* rounding slack when comparing with a threshold */

static double idf_of(const micic_index *ix, size_t t) {
    size_t df = micic__index_df(ix, t);
    return df ? log(1.0 + (double)ix->ndocs / (double)df) : 0.0;
}

static double tf_weight(uint32_t tf) { return 1.0 + log((double)tf); }

/* Norm of record d's TF-IDF vector (idf precomputed per term). */
static double doc_norm(const micic_index *ix, const double *idf, size_t d) {
    size_t i;
    double s = 0;
    for (i = ix->fwd_start[d]; i < ix->fwd_start[d + 1]; i++) {
        double w = tf_weight(ix->fwd_tf[i]) * idf[ix->fwd_term[i]];
        s += w * w;
    }
    return sqrt(s);
}

static double *all_idf(const micic_index *ix) {
    double *idf = micic__malloc((ix->nterms ? ix->nterms : 1) * sizeof *idf);
    size_t t;
    if (!idf) return NULL;
    for (t = 0; t < ix->nterms; t++) idf[t] = idf_of(ix, t);
    return idf;
}

typedef struct scored {
    size_t doc;
    double score;
} scored;

static int cmp_scored(const void *a, const void *b) {
    const scored *x = a, *y = b;
    if (x->score > y->score) return -1;
    if (x->score < y->score) return 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/*
 * Rank the records against a query given as (term id, query weight) pairs;
 * @p skip is a record to leave out ((size_t)-1 for none).
 */
static int rank_query(const micic_index *ix, const uint32_t *terms, const double *qw, size_t nq,
                      size_t skip, size_t k, micic_results **out, micic_error *err) {
    double *acc = NULL, *idf = NULL, qnorm = 0;
    uint32_t *touched = NULL;
    scored *hits = NULL;
    size_t ntouched = 0, nhits = 0, i, p;
    micic_results *r;

    for (i = 0; i < nq; i++) qnorm += qw[i] * qw[i];
    qnorm = sqrt(qnorm);
    if (nq && qnorm > 0) {
        acc = micic__calloc(ix->ndocs, sizeof *acc);
        touched = micic__malloc(ix->ndocs * sizeof *touched);
        idf = all_idf(ix);
        if (!acc || !touched || !idf) goto nomem;
        for (i = 0; i < nq; i++) {
            size_t t = terms[i];
            for (p = ix->post_start[t]; p < ix->post_start[t + 1]; p++) {
                size_t d = ix->post_doc[p];
                if (d == skip) continue;
                if (acc[d] == 0) touched[ntouched++] = (uint32_t)d;
                acc[d] += qw[i] * tf_weight(ix->post_tf[p]) * idf[t];
            }
        }
        hits = micic__malloc((ntouched ? ntouched : 1) * sizeof *hits);
        if (!hits) goto nomem;
        for (i = 0; i < ntouched; i++) {
            size_t d = touched[i];
            double n = doc_norm(ix, idf, d), s;
            if (n <= 0 || acc[d] <= 0) continue;
            s = acc[d] / (qnorm * n);
            if (s > 1.0) s = 1.0;
            hits[nhits].doc = d;
            hits[nhits].score = s;
            nhits++;
        }
        qsort(hits, nhits, sizeof *hits, cmp_scored);
    }
    if (k == 0 || k > nhits) k = nhits;
    r = micic__results_new(ix->corpus, k);
    if (!r) goto nomem;
    for (i = 0; i < k; i++) {
        r->record[i] = hits[i].doc;
        r->score[i] = hits[i].score;
    }
    r->n = k;
    r->total = nhits;
    micic__free(acc);
    micic__free(touched);
    micic__free(idf);
    micic__free(hits);
    *out = r;
    micic_error_clear(err);
    return MICIC_OK;
nomem:
    micic__free(acc);
    micic__free(touched);
    micic__free(idf);
    micic__free(hits);
    return micic__error(err, MICIC_ENOMEM, NULL);
}

int micic_similar(const micic_index *ix, size_t record, size_t k, micic_results **out,
                  micic_error *err) {
    size_t n, i;
    uint32_t *terms;
    double *qw;
    int rc;
    if (out) *out = NULL;
    if (!ix || !out) return micic__error(err, MICIC_EINVAL, "invalid index or output");
    if (record >= ix->ndocs)
        return micic__error(err, MICIC_ENOTFOUND, "no record %zu (the corpus has %zu)", record,
                            ix->ndocs);
    n = ix->fwd_start[record + 1] - ix->fwd_start[record];
    terms = micic__malloc((n ? n : 1) * sizeof *terms);
    qw = micic__malloc((n ? n : 1) * sizeof *qw);
    if (!terms || !qw) {
        micic__free(terms);
        micic__free(qw);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    for (i = 0; i < n; i++) {
        size_t at = ix->fwd_start[record] + i;
        terms[i] = ix->fwd_term[at];
        qw[i] = tf_weight(ix->fwd_tf[at]) * idf_of(ix, terms[i]);
    }
    rc = rank_query(ix, terms, qw, n, record, k, out, err);
    micic__free(terms);
    micic__free(qw);
    return rc;
}

/* Term counts of a free text, restricted to the index's terms. */
typedef struct qbag {
    const micic_index *ix;
    uint32_t *terms;
    uint32_t *tf;
    size_t n, cap;
    int failed;
} qbag;

static int on_query_token(const micic_token *tok, void *payload) {
    qbag *q = payload;
    long id = micic__index_term_id(q->ix, tok->term, tok->term_len);
    size_t i;
    if (id < 0) return 0;
    for (i = 0; i < q->n; i++) {
        if (q->terms[i] == (uint32_t)id) {
            q->tf[i]++;
            return 0;
        }
    }
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 32;
        uint32_t *t = micic__realloc(q->terms, cap * sizeof *t), *f;
        if (!t) goto nomem;
        q->terms = t;
        f = micic__realloc(q->tf, cap * sizeof *f);
        if (!f) goto nomem;
        q->tf = f;
        q->cap = cap;
    }
    q->terms[q->n] = (uint32_t)id;
    q->tf[q->n] = 1;
    q->n++;
    return 0;
nomem:
    q->failed = 1;
    return MICIC_ENOMEM;
}

int micic_similar_text(const micic_index *ix, const char *text, size_t k, micic_results **out,
                       micic_error *err) {
    qbag q;
    micic_tokenizer *tk;
    double *qw = NULL;
    size_t i;
    int rc;
    if (out) *out = NULL;
    if (!ix || !text || !out) return micic__error(err, MICIC_EINVAL, "invalid index, text or output");
    if (!micic__utf8_valid(text, strlen(text)))
        return micic__error(err, MICIC_EUTF8, "text is not valid UTF-8");
    memset(&q, 0, sizeof q);
    q.ix = ix;
    tk = micic__tokenizer_new();
    if (!tk) return micic__error(err, MICIC_ENOMEM, NULL);
    rc = micic__tokenize(tk, text, strlen(text), on_query_token, &q);
    micic__tokenizer_free(tk);
    if (rc == MICIC_OK && !q.failed) {
        qw = micic__malloc((q.n ? q.n : 1) * sizeof *qw);
        if (qw) {
            for (i = 0; i < q.n; i++) qw[i] = tf_weight(q.tf[i]) * idf_of(ix, q.terms[i]);
            rc = rank_query(ix, q.terms, qw, q.n, (size_t)-1, k, out, err);
        } else {
            rc = micic__error(err, MICIC_ENOMEM, NULL);
        }
    } else {
        rc = micic__error(err, MICIC_ENOMEM, NULL);
    }
    micic__free(qw);
    micic__free(q.terms);
    micic__free(q.tf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Near duplicates                                                     */
/* ------------------------------------------------------------------ */

struct micic_groups {
    size_t n;       /* groups */
    size_t *start;  /* n + 1 */
    size_t *member; /* start[n] */
};

void micic_groups_free(micic_groups *g) {
    if (!g) return;
    micic__free(g->start);
    micic__free(g->member);
    micic__free(g);
}

size_t micic_groups_count(const micic_groups *g) { return g ? g->n : 0; }

size_t micic_groups_size(const micic_groups *g, size_t i) {
    return g && i < g->n ? g->start[i + 1] - g->start[i] : 0;
}

size_t micic_groups_member(const micic_groups *g, size_t i, size_t j) {
    if (!g || i >= g->n || j >= g->start[i + 1] - g->start[i]) return (size_t)-1;
    return g->member[g->start[i] + j];
}

static size_t uf_find(size_t *parent, size_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void uf_union(size_t *parent, size_t a, size_t b) {
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a == b) return;
    if (a < b)
        parent[b] = a; /* the smallest record is the root */
    else
        parent[a] = b;
}

/* Sort context for ordering a record's terms by df descending. */
typedef struct term_w {
    uint32_t term;
    size_t df;
    double w;
} term_w;

static int cmp_term_w(const void *a, const void *b) {
    const term_w *x = a, *y = b;
    if (x->df != y->df) return x->df > y->df ? -1 : 1;
    return (x->term > y->term) - (x->term < y->term);
}

/* Groups from the union-find forest (every root with >= 2 members). */
static int make_groups(size_t *parent, size_t n, micic_groups **out) {
    micic_groups *g = micic__calloc(1, sizeof *g);
    size_t *size = micic__calloc(n ? n : 1, sizeof *size);
    size_t *gid = micic__malloc((n ? n : 1) * sizeof *gid);
    size_t i, ng = 0, nm = 0;
    if (!g || !size || !gid) goto nomem;
    for (i = 0; i < n; i++) size[uf_find(parent, i)]++;
    for (i = 0; i < n; i++) {
        gid[i] = (size_t)-1;
        if (parent[i] == i && size[i] >= 2) { /* roots are the smallest members */
            gid[i] = ng++;
            nm += size[i];
        }
    }
    g->n = ng;
    g->start = micic__calloc(ng + 1, sizeof *g->start);
    g->member = micic__malloc((nm ? nm : 1) * sizeof *g->member);
    if (!g->start || !g->member) goto nomem;
    for (i = 0; i < n; i++)
        if (gid[i] != (size_t)-1) g->start[gid[i] + 1] = size[i];
    for (i = 0; i < ng; i++) g->start[i + 1] += g->start[i];
    memset(size, 0, n * sizeof *size); /* reuse: fill counters per group */
    for (i = 0; i < n; i++) {
        size_t root = uf_find(parent, i), k = gid[root];
        if (k == (size_t)-1) continue;
        g->member[g->start[k] + size[k]++] = i;
    }
    micic__free(size);
    micic__free(gid);
    *out = g;
    return MICIC_OK;
nomem:
    micic__free(size);
    micic__free(gid);
    micic_groups_free(g);
    return MICIC_ENOMEM;
}

int micic_duplicates(const micic_index *ix, double threshold, micic_groups **out,
                     micic_error *err) {
    size_t N, P, d, i, p;
    double *idf = NULL, *norm = NULL, *maxw = NULL, *acc = NULL, *dense = NULL, *rest = NULL;
    term_w *tw = NULL;
    size_t *parent = NULL, *first_indexed = NULL, *ix_start = NULL, *fill = NULL;
    uint32_t *ix_doc = NULL, *cand = NULL;
    double *ix_w = NULL, *wn = NULL;
    uint32_t *sorted_term = NULL;
    int rc = MICIC_ENOMEM;

    if (out) *out = NULL;
    if (!ix || !out) return micic__error(err, MICIC_EINVAL, "invalid index or output");
    if (!(threshold >= 0.0 && threshold <= 1.0))
        return micic__error(err, MICIC_EINVAL, "threshold %g is not between 0 and 1", threshold);
    N = ix->ndocs;
    P = ix->fwd_start ? ix->fwd_start[N] : 0;
    parent = micic__malloc((N ? N : 1) * sizeof *parent);
    if (!parent) goto done;
    for (d = 0; d < N; d++) parent[d] = d;
    if (threshold <= 0.0) { /* every cosine is >= 0 */
        for (d = 1; d < N; d++) parent[d] = 0;
        rc = make_groups(parent, N, out);
        goto done;
    }

    idf = all_idf(ix);
    norm = micic__calloc(N ? N : 1, sizeof *norm);
    maxw = micic__calloc(ix->nterms ? ix->nterms : 1, sizeof *maxw);
    wn = micic__malloc((P ? P : 1) * sizeof *wn);             /* normalized, df order */
    sorted_term = micic__malloc((P ? P : 1) * sizeof *sorted_term);
    first_indexed = micic__malloc((N ? N : 1) * sizeof *first_indexed);
    rest = micic__malloc((N ? N : 1) * sizeof *rest);
    if (!idf || !norm || !maxw || !wn || !sorted_term || !first_indexed || !rest) goto done;

    /* 1-2: normalized vectors in df-descending term order, maxw */
    for (d = 0; d < N; d++) {
        size_t a = ix->fwd_start[d], b = ix->fwd_start[d + 1], m = b - a;
        term_w *t2 = micic__realloc(tw, (m ? m : 1) * sizeof *tw);
        if (!t2) goto done;
        tw = t2;
        for (i = 0; i < m; i++) {
            tw[i].term = ix->fwd_term[a + i];
            tw[i].df = micic__index_df(ix, tw[i].term);
            tw[i].w = tf_weight(ix->fwd_tf[a + i]) * idf[tw[i].term];
            norm[d] += tw[i].w * tw[i].w;
        }
        norm[d] = sqrt(norm[d]);
        qsort(tw, m, sizeof *tw, cmp_term_w);
        for (i = 0; i < m; i++) {
            double w = norm[d] > 0 ? tw[i].w / norm[d] : 0.0;
            sorted_term[a + i] = tw[i].term;
            wn[a + i] = w;
            if (w > maxw[tw[i].term]) maxw[tw[i].term] = w;
        }
    }
    /* 3: the indexed suffix of every record, as a CSR inverted index */
    ix_start = micic__calloc(ix->nterms + 1, sizeof *ix_start);
    if (!ix_start) goto done;
    for (d = 0; d < N; d++) {
        size_t a = ix->fwd_start[d], b = ix->fwd_start[d + 1];
        double bound = 0, sq = 0;
        for (i = a; i < b; i++) {
            double next = bound + wn[i] * maxw[sorted_term[i]];
            if (next >= threshold - SIM_EPS) break;
            bound = next;
            sq += wn[i] * wn[i];
        }
        first_indexed[d] = i; /* == b when the record can match nothing */
        /* x . y over x's unindexed terms is at most bound, and at most the
         * norm of that part (Cauchy-Schwarz, |y| = 1) */
        rest[d] = sqrt(sq) < bound ? sqrt(sq) : bound;
        for (; i < b; i++) ix_start[sorted_term[i] + 1]++;
    }
    for (i = 0; i < ix->nterms; i++) ix_start[i + 1] += ix_start[i];
    ix_doc = micic__malloc((ix_start[ix->nterms] ? ix_start[ix->nterms] : 1) * sizeof *ix_doc);
    ix_w = micic__malloc((ix_start[ix->nterms] ? ix_start[ix->nterms] : 1) * sizeof *ix_w);
    fill = micic__malloc((ix->nterms ? ix->nterms : 1) * sizeof *fill);
    if (!ix_doc || !ix_w || !fill) goto done;
    memcpy(fill, ix_start, ix->nterms * sizeof *fill);
    for (d = 0; d < N; d++) { /* records in increasing order: postings sorted by record */
        for (i = first_indexed[d]; i < ix->fwd_start[d + 1]; i++) {
            size_t t = sorted_term[i];
            ix_doc[fill[t]] = (uint32_t)d;
            ix_w[fill[t]] = wn[i];
            fill[t]++;
        }
    }
    /* 4: probe every record against the indexed terms of earlier records */
    acc = micic__calloc(N ? N : 1, sizeof *acc);
    cand = micic__malloc((N ? N : 1) * sizeof *cand);
    dense = micic__calloc(ix->nterms ? ix->nterms : 1, sizeof *dense);
    if (!acc || !cand || !dense) goto done;
    for (d = 0; d < N; d++) {
        size_t a = ix->fwd_start[d], b = ix->fwd_start[d + 1], nc = 0;
        if (norm[d] <= 0) continue;
        for (i = a; i < b; i++) {
            size_t t = sorted_term[i];
            dense[t] = wn[i];
            for (p = ix_start[t]; p < ix_start[t + 1] && ix_doc[p] < d; p++) {
                if (acc[ix_doc[p]] == 0) cand[nc++] = ix_doc[p];
                acc[ix_doc[p]] += wn[i] * ix_w[p];
            }
        }
        for (i = 0; i < nc; i++) { /* verify with the exact cosine */
            size_t x = cand[i], j;
            double dot = 0, upper = acc[x] + rest[x];
            acc[x] = 0;
            if (upper < threshold - SIM_EPS) continue; /* cannot reach the threshold */
            for (j = ix->fwd_start[x]; j < ix->fwd_start[x + 1]; j++) dot += wn[j] * dense[sorted_term[j]];
            if (dot >= threshold - SIM_EPS) uf_union(parent, x, d);
        }
        for (i = a; i < b; i++) dense[sorted_term[i]] = 0;
    }
    rc = make_groups(parent, N, out);
done:
    micic__free(idf);
    micic__free(norm);
    micic__free(maxw);
    micic__free(wn);
    micic__free(sorted_term);
    micic__free(first_indexed);
    micic__free(rest);
    micic__free(tw);
    micic__free(ix_start);
    micic__free(ix_doc);
    micic__free(ix_w);
    micic__free(fill);
    micic__free(acc);
    micic__free(cand);
    micic__free(dense);
    micic__free(parent);
    if (rc != MICIC_OK) return micic__error(err, rc, NULL);
    micic_error_clear(err);
    return MICIC_OK;
}
