/*
 * Running a query on an index (docs/search.md): boolean evaluation into
 * bitsets over the records, BM25 ranking of the positive word and phrase
 * terms, top-k selection and snippets.
 *
 * BM25 (Robertson/Sparck Jones, as in Lucene):
 *   score(d) = sum over positive terms t of
 *              idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * |d| / avgdl))
 *   idf(t)   = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))
 * with N the number of records, n(t) the number containing t, |d| the
 * record's token count and avgdl the mean token count. A phrase counts as
 * one term: tf = its occurrences in the record, n = records containing it.
 *
 * Everything a search needs besides the immutable index lives in the
 * call's own context (bitsets, score array, its own tokenizer for
 * snippets), so searches on one index can run in parallel.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "index_internal.h"
#include "internal.h"
#include "query_internal.h"
#include "tokenize.h"

void micic_search_options_init(micic_search_options *opts) {
    static const micic_search_options defaults = MICIC_SEARCH_OPTIONS_INIT;
    if (opts) *opts = defaults;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

micic_results *micic__results_new(const micic_corpus *corpus, size_t n) {
    micic_results *r = micic__calloc(1, sizeof *r);
    if (!r) return NULL;
    r->corpus = corpus;
    r->record = micic__calloc(n ? n : 1, sizeof *r->record);
    r->score = micic__calloc(n ? n : 1, sizeof *r->score);
    r->snippet = micic__calloc(n ? n : 1, sizeof *r->snippet);
    if (!r->record || !r->score || !r->snippet) {
        micic_results_free(r);
        return NULL;
    }
    return r;
}

void micic_results_free(micic_results *r) {
    size_t i;
    if (!r) return;
    if (r->snippet)
        for (i = 0; i < r->n; i++) micic__free(r->snippet[i]);
    micic__free(r->snippet);
    micic__free(r->record);
    micic__free(r->score);
    micic__free(r);
}

size_t micic_results_size(const micic_results *r) { return r ? r->n : 0; }

size_t micic_results_total(const micic_results *r) { return r ? r->total : 0; }

size_t micic_results_record(const micic_results *r, size_t i) {
    return r && i < r->n ? r->record[i] : (size_t)-1;
}

const char *micic_results_id(const micic_results *r, size_t i) {
    const micic_practice *p;
    if (!r || i >= r->n) return NULL;
    p = micic_corpus_get(r->corpus, r->record[i]);
    return p ? micic_practice_id(p) : NULL;
}

double micic_results_score(const micic_results *r, size_t i) {
    return r && i < r->n ? r->score[i] : 0.0;
}

const char *micic_results_snippet(const micic_results *r, size_t i) {
    if (!r || i >= r->n || !r->snippet[i]) return "";
    return r->snippet[i];
}

/* ------------------------------------------------------------------ */
/* Posting lists of words and phrases                                  */
/* ------------------------------------------------------------------ */

typedef struct plist {
    const uint32_t *doc; /* records, increasing */
    const uint32_t *tf;  /* occurrences */
    size_t n;
    uint32_t *own_doc, *own_tf; /* when computed (phrases) */
    size_t cap;
} plist;

static void plist_free(plist *p) {
    micic__free(p->own_doc);
    micic__free(p->own_tf);
    memset(p, 0, sizeof *p);
}

static int plist_push(plist *p, uint32_t d, uint32_t tf) {
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        uint32_t *a = micic__realloc(p->own_doc, cap * sizeof *a), *b;
        if (!a) return MICIC_ENOMEM;
        p->own_doc = a;
        b = micic__realloc(p->own_tf, cap * sizeof *b);
        if (!b) return MICIC_ENOMEM;
        p->own_tf = b;
        p->cap = cap;
    }
    p->own_doc[p->n] = d;
    p->own_tf[p->n] = tf;
    p->n++;
    p->doc = p->own_doc;
    p->tf = p->own_tf;
    return MICIC_OK;
}

typedef struct pcursor {
    size_t p, end;  /* posting index and end of the term's postings */
    size_t posoff;  /* index in ix->pos of posting p's positions */
} pcursor;

/* Occurrences in one record of the phrase whose term i is at cursor c[i],
 * starting at a position in [lo, hi). */
static uint32_t phrase_count(const micic_index *ix, const pcursor *c, const size_t *rel,
                             size_t nterms, size_t *j, uint32_t lo, uint32_t hi) {
    const uint32_t *p0 = ix->pos + c[0].posoff;
    uint32_t n0 = ix->post_tf[c[0].p], count = 0, x;
    size_t i, k;
    for (i = 1; i < nterms; i++) j[i] = 0;
    for (k = 0; k < n0; k++) {
        x = p0[k];
        if (x < lo || x >= hi) continue;
        for (i = 1; i < nterms; i++) {
            const uint32_t *pi = ix->pos + c[i].posoff;
            uint32_t ni = ix->post_tf[c[i].p];
            size_t target = (size_t)x + rel[i];
            while (j[i] < ni && pi[j[i]] < target) j[i]++;
            if (j[i] == ni) return count; /* no later x can match term i */
            if (pi[j[i]] != target) break;
        }
        if (i == nterms) count++;
    }
    return count;
}

/*
 * Records containing terms[0..nterms) at relative positions rel[], within
 * text field `field` (0 title, 1 description, 2 stakeholder) or anywhere
 * (field < 0). A single term anywhere borrows the index's postings.
 */
static int word_postings(const micic_index *ix, char *const *terms, const size_t *rel,
                         size_t nterms, int field, plist *out) {
    pcursor stack_c[8];
    size_t stack_j[8];
    pcursor *c = stack_c;
    size_t *j = stack_j;
    size_t i;
    int rc = MICIC_OK;
    memset(out, 0, sizeof *out);
    if (nterms == 0) return MICIC_OK;
    if (nterms > 8) {
        c = micic__malloc(nterms * sizeof *c);
        j = micic__malloc(nterms * sizeof *j);
        if (!c || !j) {
            micic__free(c == stack_c ? NULL : c);
            micic__free(j == stack_j ? NULL : j);
            return MICIC_ENOMEM;
        }
    }
    for (i = 0; i < nterms; i++) {
        long t = micic__index_term_id(ix, terms[i], strlen(terms[i]));
        if (t < 0) goto done; /* a term no record has: no match */
        c[i].p = ix->post_start[t];
        c[i].end = ix->post_start[t + 1];
        c[i].posoff = ix->term_pos_start[t];
    }
    if (nterms == 1 && field < 0) {
        out->doc = ix->post_doc + c[0].p;
        out->tf = ix->post_tf + c[0].p;
        out->n = c[0].end - c[0].p;
        goto done;
    }
    for (;;) {
        uint32_t target = 0, lo = 0, hi = UINT32_MAX, cnt;
        int all = 1;
        for (i = 0; i < nterms; i++) {
            if (c[i].p >= c[i].end) goto done;
            if (ix->post_doc[c[i].p] > target) target = ix->post_doc[c[i].p];
        }
        for (i = 0; i < nterms; i++) {
            while (c[i].p < c[i].end && ix->post_doc[c[i].p] < target) {
                c[i].posoff += ix->post_tf[c[i].p];
                c[i].p++;
            }
            if (c[i].p >= c[i].end) goto done;
            if (ix->post_doc[c[i].p] != target) all = 0;
        }
        if (!all) continue;
        if (field >= 0) {
            const uint32_t *fp = ix->field_pos + (size_t)target * (MICIC_INDEX_TEXT_FIELDS + 1);
            lo = fp[field];
            hi = fp[field + 1];
        }
        cnt = phrase_count(ix, c, rel, nterms, j, lo, hi);
        if (cnt && (rc = plist_push(out, target, cnt)) != MICIC_OK) goto done;
        for (i = 0; i < nterms; i++) {
            c[i].posoff += ix->post_tf[c[i].p];
            c[i].p++;
        }
    }
done:
    if (c != stack_c) micic__free(c);
    if (j != stack_j) micic__free(j);
    if (rc != MICIC_OK) plist_free(out);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Boolean evaluation                                                  */
/* ------------------------------------------------------------------ */

typedef struct leaf {
    const micic_qnode *node;
    plist pl;
    int done;
} leaf;

typedef struct sctx {
    const micic_index *ix;
    size_t nwords;        /* 64-bit words per bitset */
    leaf *leaves;
    size_t nleaves;
    int rc;
} sctx;

#define BIT_SET(b, d) ((b)[(d) >> 6] |= (uint64_t)1 << ((d)&63))
#define BIT_GET(b, d) (((b)[(d) >> 6] >> ((d)&63)) & 1)

static size_t count_words(const micic_qnode *n) {
    size_t i, k = n->kind == MICIC_QN_WORD;
    for (i = 0; i < n->nkids; i++) k += count_words(n->kids[i]);
    return k;
}

static void collect_words(sctx *c, const micic_qnode *n) {
    size_t i;
    if (n->kind == MICIC_QN_WORD) c->leaves[c->nleaves++].node = n;
    for (i = 0; i < n->nkids; i++) collect_words(c, n->kids[i]);
}

static leaf *leaf_of(sctx *c, const micic_qnode *n) {
    size_t i;
    for (i = 0; i < c->nleaves; i++) {
        if (c->leaves[i].node == n) {
            if (!c->leaves[i].done) {
                int rc = word_postings(c->ix, n->terms, n->rel, n->nterms, -1, &c->leaves[i].pl);
                if (rc != MICIC_OK) {
                    c->rc = rc;
                    return NULL;
                }
                c->leaves[i].done = 1;
            }
            return &c->leaves[i];
        }
    }
    c->rc = MICIC_EINTERNAL;
    return NULL;
}

static uint64_t *bits_new(sctx *c) {
    uint64_t *b = micic__calloc(c->nwords ? c->nwords : 1, sizeof *b);
    if (!b) c->rc = MICIC_ENOMEM;
    return b;
}

static void bits_from_docs(uint64_t *b, const uint32_t *docs, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) BIT_SET(b, docs[i]);
}

static uint64_t *eval(sctx *c, const micic_qnode *n) {
    uint64_t *r = NULL, *k;
    size_t i, w;
    switch (n->kind) {
    case MICIC_QN_AND:
    case MICIC_QN_OR:
        r = eval(c, n->kids[0]);
        for (i = 1; r && i < n->nkids; i++) {
            k = eval(c, n->kids[i]);
            if (!k) {
                micic__free(r);
                return NULL;
            }
            if (n->kind == MICIC_QN_AND)
                for (w = 0; w < c->nwords; w++) r[w] &= k[w];
            else
                for (w = 0; w < c->nwords; w++) r[w] |= k[w];
            micic__free(k);
        }
        return r;
    case MICIC_QN_NOT:
        r = eval(c, n->kids[0]);
        if (!r) return NULL;
        for (w = 0; w < c->nwords; w++) r[w] = ~r[w];
        if (c->ix->ndocs & 63) r[c->nwords - 1] &= ((uint64_t)1 << (c->ix->ndocs & 63)) - 1;
        return r;
    case MICIC_QN_WORD: {
        leaf *l = leaf_of(c, n);
        if (!l || !(r = bits_new(c))) return NULL;
        bits_from_docs(r, l->pl.doc, l->pl.n);
        return r;
    }
    case MICIC_QN_FACET: {
        const micic__facet *fc = &c->ix->facets[n->field];
        if (!(r = bits_new(c))) return NULL;
        if (n->match == MICIC_QM_TOKENS) {
            plist pl;
            int rc = word_postings(c->ix, n->terms, n->rel, n->nterms,
                                   n->field == MICIC_FIELD_TITLE ? 0 : 1, &pl);
            if (rc != MICIC_OK) {
                c->rc = rc;
                micic__free(r);
                return NULL;
            }
            bits_from_docs(r, pl.doc, pl.n);
            plist_free(&pl);
        } else if (n->match == MICIC_QM_WORDS) {
            for (i = 0; i < fc->keys.n; i++)
                if (micic__facet_key_matches(n, micic__strmap_key(&fc->keys, i)))
                    bits_from_docs(r, fc->docs + fc->start[i], fc->start[i + 1] - fc->start[i]);
        } else {
            const uint32_t *docs;
            size_t cnt;
            micic__index_facet_docs(c->ix, n->field, n->key, &docs, &cnt);
            bits_from_docs(r, docs, cnt);
        }
        return r;
    }
    }
    c->rc = MICIC_EINTERNAL;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Ranking                                                             */
/* ------------------------------------------------------------------ */

typedef struct hit {
    uint32_t doc;
    double score;
} hit;

/* a ranks before b: higher score, then lower record index */
static int before(const hit *a, const hit *b) {
    if (a->score != b->score) return a->score > b->score;
    return a->doc < b->doc;
}

static int cmp_hits(const void *pa, const void *pb) {
    const hit *a = pa, *b = pb;
    if (before(a, b)) return -1;
    if (before(b, a)) return 1;
    return 0;
}

/* Min-heap on "ranks before": the root is the worst kept hit. */
static void heap_down(hit *h, size_t n, size_t i) {
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        hit t;
        if (l < n && before(&h[m], &h[l])) m = l;
        if (r < n && before(&h[m], &h[r])) m = r;
        if (m == i) return;
        t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* ------------------------------------------------------------------ */
/* Snippets                                                            */
/* ------------------------------------------------------------------ */

typedef struct stok {
    size_t start, end;   /* bytes */
    size_t cstart, cend; /* characters */
    int term;            /* index in the positive term list, -1 if none */
} stok;

typedef struct snip_ctx {
    char **terms; /* positive terms (borrowed from the query) */
    size_t nterms;
    stok *toks;
    size_t n, cap;
    const char *text;
    size_t last_byte, last_char;
    int rc;
} snip_ctx;

static int snip_on_token(const micic_token *t, void *payload) {
    snip_ctx *s = payload;
    size_t i;
    int term = -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        stok *v = micic__realloc(s->toks, cap * sizeof *v);
        if (!v) return MICIC_ENOMEM;
        s->toks = v;
        s->cap = cap;
    }
    for (i = 0; i < s->nterms; i++)
        if (strcmp(s->terms[i], t->term) == 0) {
            term = (int)i;
            break;
        }
    s->toks[s->n].start = t->start;
    s->toks[s->n].end = t->end;
    s->toks[s->n].cstart = s->last_char + micic__utf8_chars(s->text + s->last_byte,
                                                            t->start - s->last_byte);
    s->toks[s->n].cend = s->toks[s->n].cstart + micic__utf8_chars(s->text + t->start,
                                                                  t->end - t->start);
    s->toks[s->n].term = term;
    s->last_byte = t->end;
    s->last_char = s->toks[s->n].cend;
    s->n++;
    return 0;
}

/* Best window of hit tokens in s (at most w characters): sets *a, *e (token
 * indexes) and returns (distinct terms * 2^20 + hits), 0 when no hit. */
static long best_window(const snip_ctx *s, size_t w, size_t *a_out, size_t *e_out) {
    size_t a, e, j;
    long best = 0;
    for (a = 0; a < s->n; a++) {
        long distinct = 0, hits = 0, sc;
        size_t last = a;
        if (s->toks[a].term < 0) continue;
        for (e = a; e < s->n && s->toks[e].cend - s->toks[a].cstart <= w; e++) {
            if (s->toks[e].term < 0) continue;
            hits++;
            last = e;
            for (j = a; j < e; j++)
                if (s->toks[j].term == s->toks[e].term) break;
            if (j == e) distinct++;
        }
        sc = distinct * (1L << 20) + hits;
        if (sc > best) {
            best = sc;
            *a_out = a;
            *e_out = last;
        }
    }
    return best;
}

/* Byte offset of character c in text[0..len) (walking from byte b0 = char c0). */
static size_t byte_of_char(const char *text, size_t len, size_t b0, size_t c0, size_t c) {
    size_t b = b0;
    while (c0 < c && b < len) {
        b++;
        while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80) b++;
        c0++;
    }
    return b;
}

static int is_ws(unsigned char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static int make_snippet(micic_tokenizer *tok, const micic_practice *p, char **terms,
                        size_t nterms, const micic_search_options *o, char **out) {
    static const micic_field order[3] = {MICIC_FIELD_DESCRIPTION, MICIC_FIELD_TITLE,
                                         MICIC_FIELD_STAKEHOLDER};
    snip_ctx s, best_s;
    const char *best_text = NULL;
    size_t best_a = 0, best_e = 0, k, j, w = o->snippet_chars;
    size_t ws, we, bs, be, len, ti;
    long best = 0;
    micic_buf b = MICIC_BUF_INIT;
    int rc = MICIC_OK;
    const char *mo = o->mark_open ? o->mark_open : "";
    const char *mc = o->mark_close ? o->mark_close : "";

    *out = NULL;
    memset(&best_s, 0, sizeof best_s);
    for (k = 0; k < 3; k++) {
        size_t nv = micic_practice_count(p, order[k]);
        for (j = 0; j < nv; j++) {
            const char *v = micic_practice_value(p, order[k], j);
            size_t a = 0, e = 0;
            long sc;
            if (!v || !*v) continue;
            memset(&s, 0, sizeof s);
            s.terms = terms;
            s.nterms = nterms;
            s.text = v;
            if (!best_text) best_text = v; /* fallback: the first non-empty value */
            if (nterms) {
                rc = micic__tokenize(tok, v, strlen(v), snip_on_token, &s);
                if (rc) {
                    micic__free(s.toks);
                    micic__free(best_s.toks);
                    return rc < 0 ? rc : MICIC_ENOMEM;
                }
            }
            sc = best_window(&s, w, &a, &e);
            if (sc > best) {
                micic__free(best_s.toks);
                best_s = s;
                best = sc;
                best_a = a;
                best_e = e;
                best_text = v;
            } else {
                micic__free(s.toks);
            }
        }
    }
    if (!best_text) {
        *out = micic__strdup("");
        return *out ? MICIC_OK : MICIC_ENOMEM;
    }
    len = strlen(best_text);
    if (best) {
        size_t span_s = best_s.toks[best_a].cstart, span_e = best_s.toks[best_e].cend;
        size_t total = best_s.last_char + micic__utf8_chars(best_text + best_s.last_byte,
                                                            len - best_s.last_byte);
        size_t extra = w > span_e - span_s ? w - (span_e - span_s) : 0;
        size_t before_n = extra / 3; /* a third of the context before, the rest after */
        if (before_n > span_s) before_n = span_s;
        ws = span_s - before_n;
        we = ws + w < total ? ws + w : total;
        if (we < span_e) we = span_e;
        if (we - ws < w && ws > 0) { /* end reached: give the room back before */
            size_t more = w - (we - ws);
            ws = more > ws ? 0 : ws - more;
        }
        bs = byte_of_char(best_text, len, 0, 0, ws);
        be = byte_of_char(best_text, len, bs, ws, we);
        /* do not start or end inside a word, unless that eats the hits */
        if (bs > 0 && !is_ws((unsigned char)best_text[bs - 1])) {
            size_t x = bs;
            while (x < best_s.toks[best_a].start && !is_ws((unsigned char)best_text[x])) x++;
            if (x < best_s.toks[best_a].start) bs = x;
        }
        if (be < len && !is_ws((unsigned char)best_text[be])) {
            size_t x = be;
            while (x > best_s.toks[best_e].end && !is_ws((unsigned char)best_text[x - 1])) x--;
            if (x > best_s.toks[best_e].end) be = x;
        }
    } else {
        bs = 0;
        be = byte_of_char(best_text, len, 0, 0, w);
        if (be < len && !is_ws((unsigned char)best_text[be])) {
            size_t x = be;
            while (x > 0 && !is_ws((unsigned char)best_text[x - 1])) x--;
            if (x > 0) be = x;
        }
    }
    /* emit: marks around hit tokens, white space runs as one space */
    while (bs < be && is_ws((unsigned char)best_text[bs])) bs++;
    while (be > bs && is_ws((unsigned char)best_text[be - 1])) be--;
    if (bs > 0) micic_buf_puts(&b, "\xe2\x80\xa6"); /* … */
    ti = 0;
    while (bs < be) {
        unsigned char ch = (unsigned char)best_text[bs];
        while (ti < best_s.n && best_s.toks[ti].start < bs) ti++;
        if (ti < best_s.n && best_s.toks[ti].start == bs && best_s.toks[ti].term >= 0 &&
            best_s.toks[ti].end <= be) {
            micic_buf_puts(&b, mo);
            micic_buf_append(&b, best_text + bs, best_s.toks[ti].end - bs);
            micic_buf_puts(&b, mc);
            bs = best_s.toks[ti].end;
            continue;
        }
        if (is_ws(ch)) {
            micic_buf_putc(&b, ' ');
            while (bs < be && is_ws((unsigned char)best_text[bs])) bs++;
            continue;
        }
        micic_buf_putc(&b, (char)ch);
        bs++;
    }
    if (be < len) micic_buf_puts(&b, "\xe2\x80\xa6");
    micic__free(best_s.toks);
    *out = micic_buf_detach(&b);
    if (!*out) rc = MICIC_ENOMEM;
    return rc;
}

/* Positive terms of the query (borrowed strings), for snippet marks. */
static int positive_terms(const sctx *c, char ***out, size_t *n) {
    size_t i, j, total = 0, k = 0;
    char **v;
    *out = NULL;
    *n = 0;
    for (i = 0; i < c->nleaves; i++)
        if (c->leaves[i].node->positive) total += c->leaves[i].node->nterms;
    if (!total) return MICIC_OK;
    v = micic__malloc(total * sizeof *v);
    if (!v) return MICIC_ENOMEM;
    for (i = 0; i < c->nleaves; i++)
        if (c->leaves[i].node->positive)
            for (j = 0; j < c->leaves[i].node->nterms; j++) v[k++] = c->leaves[i].node->terms[j];
    *out = v;
    *n = k;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

static unsigned popcount64(uint64_t x) { /* SWAR */
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* Index of the lowest set bit of x (x != 0): de Bruijn multiplication. */
static unsigned ctz64(uint64_t x) {
    static const unsigned char table[64] = {
        0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,
        62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
        46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6};
    return table[((x & (~x + 1)) * 0x03F79D71B4CB0A89ULL) >> 58];
}

int micic_search_query(const micic_index *ix, const micic_query *q,
                       const micic_search_options *opts, micic_results **out,
                       micic_error *err) {
    micic_search_options defaults = MICIC_SEARCH_OPTIONS_INIT;
    const micic_search_options *o = opts ? opts : &defaults;
    sctx c;
    uint64_t *match = NULL;
    double *score = NULL;
    hit *hits = NULL;
    micic_results *res = NULL;
    size_t total = 0, nres, i, w, N;
    int rc = MICIC_OK;

    if (out) *out = NULL;
    if (!ix || !q || !out) return micic__error(err, MICIC_EINVAL, "NULL index, query or output");
    if (o->version != MICIC_SEARCH_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "search options version %d (expected %d)",
                            o->version, MICIC_SEARCH_OPTIONS_VERSION);
    if (!(o->k1 >= 0.0) || !isfinite(o->k1) || !(o->b >= 0.0 && o->b <= 1.0))
        return micic__error(err, MICIC_EINVAL, "BM25 parameters out of range: k1 = %g (>= 0), "
                                               "b = %g (0..1)",
                            o->k1, o->b);
    micic_error_clear(err);
    N = ix->ndocs;
    memset(&c, 0, sizeof c);
    c.ix = ix;
    c.nwords = (N + 63) / 64;
    c.leaves = micic__calloc(count_words(q->root) + 1, sizeof *c.leaves);
    if (!c.leaves) return micic__error(err, MICIC_ENOMEM, NULL);
    collect_words(&c, q->root);

    match = eval(&c, q->root);
    if (!match) {
        rc = c.rc ? c.rc : MICIC_ENOMEM;
        goto done;
    }
    for (w = 0; w < c.nwords; w++) total += (size_t)popcount64(match[w]);

    /* scores */
    if (q->ranked && total) {
        double k1 = o->k1, b = o->b, avg = ix->avg_len > 0 ? ix->avg_len : 1.0;
        score = micic__calloc(N, sizeof *score);
        if (!score) {
            rc = MICIC_ENOMEM;
            goto done;
        }
        for (i = 0; i < c.nleaves; i++) {
            leaf *l;
            double idf;
            size_t j;
            if (!c.leaves[i].node->positive) continue;
            l = leaf_of(&c, c.leaves[i].node);
            if (!l) {
                rc = c.rc;
                goto done;
            }
            if (!l->pl.n) continue;
            idf = micic__bm25_idf(N, l->pl.n);
            for (j = 0; j < l->pl.n; j++) {
                uint32_t d = l->pl.doc[j];
                double tf = (double)l->pl.tf[j];
                if (!BIT_GET(match, d)) continue;
                double norm = 1.0 - b + b * (double)ix->doc_len[d] / avg;
                /* a huge k1 (up to DBL_MAX) would overflow (k1 + 1) * tf: the
                   same quotient divided by k1 stays finite */
                if (k1 > 1e6)
                    score[d] += idf * tf * (1.0 + 1.0 / k1) / (tf / k1 + norm);
                else
                    score[d] += idf * tf * (k1 + 1.0) / (tf + k1 * norm);
            }
        }
    }

    /* select */
    nres = o->limit && o->limit < total ? o->limit : total;
    hits = micic__malloc((nres ? nres : 1) * sizeof *hits);
    if (!hits) {
        rc = MICIC_ENOMEM;
        goto done;
    }
    {
        size_t kept = 0;
        for (w = 0; w < c.nwords; w++) {
            uint64_t x = match[w];
            while (x) {
                unsigned bit = ctz64(x);
                hit h;
                x &= x - 1;
                h.doc = (uint32_t)(w * 64 + (size_t)bit);
                h.score = score ? score[h.doc] : 0.0;
                if (!score) { /* unranked: corpus order, first nres */
                    if (kept < nres) hits[kept++] = h;
                    continue;
                }
                if (kept < nres) {
                    hits[kept++] = h;
                    if (kept == nres) {
                        size_t k = nres / 2 + 1;
                        while (k-- > 0) heap_down(hits, nres, k);
                    }
                } else if (nres && before(&h, &hits[0])) {
                    hits[0] = h;
                    heap_down(hits, nres, 0);
                }
            }
            if (!score && kept == nres) break;
        }
        if (score) qsort(hits, kept, sizeof *hits, cmp_hits);
    }

    res = micic__results_new(ix->corpus, nres);
    if (!res) {
        rc = MICIC_ENOMEM;
        goto done;
    }
    res->total = total;
    for (i = 0; i < nres; i++) {
        res->record[i] = hits[i].doc;
        res->score[i] = hits[i].score;
    }
    res->n = nres;
    if (o->snippet_chars > 0 && nres > 0) {
        char **terms = NULL;
        size_t nterms = 0;
        micic_tokenizer *tok = micic__tokenizer_new();
        rc = tok ? positive_terms(&c, &terms, &nterms) : MICIC_ENOMEM;
        for (i = 0; rc == MICIC_OK && i < nres; i++) {
            const micic_practice *p = micic_corpus_get(ix->corpus, res->record[i]);
            if (p) rc = make_snippet(tok, p, terms, nterms, o, &res->snippet[i]);
        }
        micic__free(terms);
        micic__tokenizer_free(tok);
    }

done:
    for (i = 0; i < c.nleaves; i++) plist_free(&c.leaves[i].pl);
    micic__free(c.leaves);
    micic__free(match);
    micic__free(score);
    micic__free(hits);
    if (rc != MICIC_OK) {
        micic_results_free(res);
        return micic__error(err, rc, NULL);
    }
    *out = res;
    return MICIC_OK;
}

int micic_search(const micic_index *ix, const char *query, const micic_search_options *opts,
                 micic_results **out, micic_error *err) {
    micic_query *q = NULL;
    int rc;
    if (out) *out = NULL;
    if (!ix || !query || !out) return micic__error(err, MICIC_EINVAL, "NULL index, query or output");
    rc = micic_query_parse(query, &q, err);
    if (rc != MICIC_OK) return rc;
    rc = micic_search_query(ix, q, opts, out, err);
    micic_query_free(q);
    return rc;
}
