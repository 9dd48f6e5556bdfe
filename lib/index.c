/*
 * Building the inverted index (layout in lib/index_internal.h).
 *
 * One pass over the records tokenizes title, description and stakeholder
 * names, fills the term dictionary (a hash map), the forward index (each
 * record's distinct terms and counts) and the positions grouped by term
 * within each record, and collects facet keys. A second, linear pass lays
 * the postings and positions out by term (counting sort: prefix sums of
 * the document frequencies). Nothing is quadratic and nothing is
 * allocated per posting.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "index_internal.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "query_internal.h"
#include "tokenize.h"

/* ------------------------------------------------------------------ */
/* String -> id hash map                                               */
/* ------------------------------------------------------------------ */

static size_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 29));
}

static void strmap_free(micic__strmap *m) {
    micic__free(m->text);
    micic__free(m->off);
    micic__free(m->len);
    micic__free(m->slots);
    memset(m, 0, sizeof *m);
}

static int strmap_rehash(micic__strmap *m, size_t nslots) {
    uint32_t *slots = micic__calloc(nslots, sizeof *slots);
    size_t i;
    if (!slots) return MICIC_ENOMEM;
    for (i = 0; i < m->n; i++) {
        size_t h = hash_bytes(m->text + m->off[i], m->len[i]) & (nslots - 1);
        while (slots[h]) h = (h + 1) & (nslots - 1);
        slots[h] = (uint32_t)(i + 1);
    }
    micic__free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
    return MICIC_OK;
}

long micic__strmap_find(const micic__strmap *m, const char *s, size_t n) {
    size_t h;
    if (!m->nslots) return -1;
    h = hash_bytes(s, n) & (m->nslots - 1);
    while (m->slots[h]) {
        size_t id = m->slots[h] - 1;
        if (m->len[id] == n && memcmp(m->text + m->off[id], s, n) == 0) return (long)id;
        h = (h + 1) & (m->nslots - 1);
    }
    return -1;
}

const char *micic__strmap_key(const micic__strmap *m, size_t id) {
    return id < m->n ? m->text + m->off[id] : NULL;
}

/* Id of s[0..n), inserting it when new. */
static int strmap_intern(micic__strmap *m, const char *s, size_t n, uint32_t *id_out) {
    size_t h;
    if ((m->n + 1) * 2 > m->nslots) {
        if (m->n >= UINT32_MAX - 1) return MICIC_ELIMIT;
        if (strmap_rehash(m, m->nslots ? m->nslots * 2 : 64) != MICIC_OK) return MICIC_ENOMEM;
    }
    h = hash_bytes(s, n) & (m->nslots - 1);
    while (m->slots[h]) {
        size_t id = m->slots[h] - 1;
        if (m->len[id] == n && memcmp(m->text + m->off[id], s, n) == 0) {
            *id_out = (uint32_t)id;
            return MICIC_OK;
        }
        h = (h + 1) & (m->nslots - 1);
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        size_t *off = micic__realloc(m->off, cap * sizeof *off);
        uint32_t *len;
        if (!off) return MICIC_ENOMEM;
        m->off = off;
        len = micic__realloc(m->len, cap * sizeof *len);
        if (!len) return MICIC_ENOMEM;
        m->len = len;
        m->cap = cap;
    }
    if (m->text_len + n + 1 > m->text_cap) {
        size_t cap = m->text_cap ? m->text_cap * 2 : 1024;
        char *t;
        while (cap < m->text_len + n + 1) cap *= 2;
        t = micic__realloc(m->text, cap);
        if (!t) return MICIC_ENOMEM;
        m->text = t;
        m->text_cap = cap;
    }
    memcpy(m->text + m->text_len, s, n);
    m->text[m->text_len + n] = '\0';
    m->off[m->n] = m->text_len;
    m->len[m->n] = (uint32_t)n;
    m->text_len += n + 1;
    m->slots[h] = (uint32_t)(m->n + 1);
    *id_out = (uint32_t)m->n;
    m->n++;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Growable arrays                                                     */
/* ------------------------------------------------------------------ */

/* Make room for `need` elements of `size` bytes in *p (capacity *cap). */
static int grow(void **p, size_t *cap, size_t need, size_t size) {
    size_t c;
    void *q;
    if (need <= *cap) return MICIC_OK;
    c = *cap ? *cap : 16;
    while (c < need) {
        if (c > ((size_t)-1) / 2 / size) return MICIC_ENOMEM;
        c *= 2;
    }
    q = micic__realloc(*p, c * size);
    if (!q) return MICIC_ENOMEM;
    *p = q;
    *cap = c;
    return MICIC_OK;
}

#define GROW(arr, cap, need) grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* ------------------------------------------------------------------ */
/* Build                                                               */
/* ------------------------------------------------------------------ */

typedef struct facet_pairs {
    uint32_t *key;  /* key id */
    uint32_t *doc;
    size_t n, cap, cap2;
} facet_pairs;

typedef struct builder {
    micic_index *ix;
    micic_tokenizer *tok;
    /* per-term, during the first pass (size: terms_cap) */
    uint32_t *df;
    size_t *ttf;        /* total occurrences */
    uint32_t *seen;     /* record + 1 that last saw the term */
    uint32_t *slot;     /* the term's index among the record's distinct terms */
    size_t terms_cap, df_cap, ttf_cap, seen_cap, slot_cap;
    /* tokens of the current record */
    uint32_t *dt_term, *dt_pos;
    size_t dn, dt_term_cap, dt_pos_cap;
    /* per distinct term of the current record: position cursor */
    size_t *loc;
    size_t loc_cap;
    /* forward arrays */
    size_t fwd_cap, fwd_cap2;
    uint32_t *fwd_pos;  /* positions grouped by (record, term) */
    size_t fwd_pos_n, fwd_pos_cap;
    size_t fwd_start_cap;
    /* facets */
    facet_pairs pairs[MICIC_FIELD_COUNT];
    micic_buf key;
    /* cache: field letter + raw value -> facet key id (UINT32_MAX: no key),
     * so each distinct value is normalized once */
    micic__strmap fcache;
    uint32_t *fcache_val;
    size_t fcache_cap;
    micic_buf raw;
    int rc;
} builder;

static int ensure_terms(builder *b, size_t n) {
    size_t old = b->terms_cap;
    if (n <= old) return MICIC_OK;
    if (GROW(b->df, b->df_cap, n) || GROW(b->ttf, b->ttf_cap, n) ||
        GROW(b->seen, b->seen_cap, n) || GROW(b->slot, b->slot_cap, n))
        return MICIC_ENOMEM;
    b->terms_cap = b->df_cap;
    if (b->ttf_cap < b->terms_cap) b->terms_cap = b->ttf_cap;
    if (b->seen_cap < b->terms_cap) b->terms_cap = b->seen_cap;
    if (b->slot_cap < b->terms_cap) b->terms_cap = b->slot_cap;
    memset(b->df + old, 0, (b->terms_cap - old) * sizeof *b->df);
    memset(b->ttf + old, 0, (b->terms_cap - old) * sizeof *b->ttf);
    memset(b->seen + old, 0, (b->terms_cap - old) * sizeof *b->seen);
    return MICIC_OK;
}

static int on_token(const micic_token *t, void *payload) {
    builder *b = payload;
    uint32_t id;
    int rc;
    if (t->position >= UINT32_MAX) return MICIC_ELIMIT;
    rc = strmap_intern(&b->ix->dict, t->term, t->term_len, &id);
    if (rc) return rc;
    if (ensure_terms(b, (size_t)id + 1)) return MICIC_ENOMEM;
    if (GROW(b->dt_term, b->dt_term_cap, b->dn + 1) || GROW(b->dt_pos, b->dt_pos_cap, b->dn + 1))
        return MICIC_ENOMEM;
    b->dt_term[b->dn] = id;
    b->dt_pos[b->dn] = (uint32_t)t->position;
    b->dn++;
    return 0;
}

/* Tokenize the text fields of record d and append its forward entries. */
static int index_text(builder *b, const micic_practice *p, size_t d) {
    static const micic_field fields[MICIC_INDEX_TEXT_FIELDS] = MICIC_QUERY_TEXT_FIELDS;
    micic_index *ix = b->ix;
    size_t pos = 0, k, j, i, base, nd = 0, tokbase;
    int rc;
    b->dn = 0;
    for (k = 0; k < MICIC_INDEX_TEXT_FIELDS; k++) {
        size_t nv = micic_practice_count(p, fields[k]);
        ix->field_pos[d * (MICIC_INDEX_TEXT_FIELDS + 1) + k] = (uint32_t)pos;
        for (j = 0; j < nv; j++) {
            const char *v = micic_practice_value(p, fields[k], j);
            size_t next;
            if (!v || !*v) continue;
            rc = micic__tokenize_at(b->tok, v, strlen(v), pos, on_token, b, &next);
            if (rc) return rc < 0 ? rc : MICIC_ENOMEM;
            if (next > UINT32_MAX / 2) return MICIC_ELIMIT;
            pos = next + MICIC_QUERY_VALUE_GAP;
        }
    }
    ix->field_pos[d * (MICIC_INDEX_TEXT_FIELDS + 1) + MICIC_INDEX_TEXT_FIELDS] = (uint32_t)pos;
    /* distinct terms in order of first occurrence, with counts */
    base = ix->npostings;
    for (i = 0; i < b->dn; i++) {
        uint32_t t = b->dt_term[i];
        if (b->seen[t] != (uint32_t)(d + 1)) {
            b->seen[t] = (uint32_t)(d + 1);
            b->slot[t] = (uint32_t)nd;
            if (GROW(ix->fwd_term, b->fwd_cap, base + nd + 1) ||
                GROW(ix->fwd_tf, b->fwd_cap2, base + nd + 1))
                return MICIC_ENOMEM;
            ix->fwd_term[base + nd] = t;
            ix->fwd_tf[base + nd] = 0;
            nd++;
        }
        ix->fwd_tf[base + b->slot[t]]++;
    }
    /* positions grouped by term (counting sort inside the record) */
    if (GROW(b->loc, b->loc_cap, nd + 1)) return MICIC_ENOMEM;
    tokbase = b->fwd_pos_n;
    if (GROW(b->fwd_pos, b->fwd_pos_cap, tokbase + b->dn + 1)) return MICIC_ENOMEM;
    {
        size_t acc = tokbase;
        for (i = 0; i < nd; i++) {
            b->loc[i] = acc;
            acc += ix->fwd_tf[base + i];
        }
    }
    for (i = 0; i < b->dn; i++) b->fwd_pos[b->loc[b->slot[b->dt_term[i]]]++] = b->dt_pos[i];
    for (i = 0; i < nd; i++) {
        uint32_t t = ix->fwd_term[base + i];
        b->df[t]++;
        b->ttf[t] += ix->fwd_tf[base + i];
    }
    b->fwd_pos_n += b->dn;
    ix->npostings += nd;
    ix->ntokens += b->dn;
    ix->doc_len[d] = (uint32_t)b->dn;
    ix->total_len += b->dn;
    ix->fwd_start[d + 1] = ix->npostings;
    return MICIC_OK;
}

static int add_facet_key(builder *b, micic_field f, const char *value, size_t d) {
    facet_pairs *fp = &b->pairs[f];
    uint32_t id, cid;
    size_t i, before;
    int rc;
    micic_buf_clear(&b->raw);
    micic_buf_putc(&b->raw, (char)('A' + (int)f));
    micic_buf_puts(&b->raw, value);
    if (b->raw.failed) return MICIC_ENOMEM;
    before = b->fcache.n;
    rc = strmap_intern(&b->fcache, b->raw.data, b->raw.len, &cid);
    if (rc) return rc;
    if (b->fcache.n > before) { /* a value not seen yet: normalize it */
        if (GROW(b->fcache_val, b->fcache_cap, b->fcache.n)) return MICIC_ENOMEM;
        b->fcache_val[cid] = UINT32_MAX;
        rc = micic__facet_key_buf(f, value, &b->key);
        if (rc) return rc;
        if (b->key.len > 0) {
            rc = strmap_intern(&b->ix->facets[f].keys, b->key.data, b->key.len, &id);
            if (rc) return rc;
            b->fcache_val[cid] = id;
        }
    }
    id = b->fcache_val[cid];
    if (id == UINT32_MAX) return MICIC_OK;
    /* the same key twice in one record counts once */
    for (i = fp->n; i > 0 && fp->doc[i - 1] == (uint32_t)d; i--)
        if (fp->key[i - 1] == id) return MICIC_OK;
    if (GROW(fp->key, fp->cap, fp->n + 1) || GROW(fp->doc, fp->cap2, fp->n + 1))
        return MICIC_ENOMEM;
    fp->key[fp->n] = id;
    fp->doc[fp->n] = (uint32_t)d;
    fp->n++;
    return MICIC_OK;
}

static int index_facets(builder *b, const micic_practice *p, size_t d) {
    int f, rc;
    size_t j;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        size_t nv;
        /* title and description are searched through the token index */
        if (f == MICIC_FIELD_TITLE || f == MICIC_FIELD_DESCRIPTION) continue;
        nv = micic_practice_count(p, (micic_field)f);
        for (j = 0; j < nv; j++) {
            const char *v = micic_practice_value(p, (micic_field)f, j);
            if (!v) continue;
            if ((rc = add_facet_key(b, (micic_field)f, v, d)) != MICIC_OK) return rc;
        }
    }
    /* a guideline implies its thematic area */
    for (j = 0; j < micic_practice_count(p, MICIC_FIELD_GUIDELINE); j++) {
        int g = micic__guideline_number_of(micic_practice_value(p, MICIC_FIELD_GUIDELINE, j));
        const micic_guideline *gl = g > 0 ? micic_guideline_get(g) : NULL;
        if (gl && (rc = add_facet_key(b, MICIC_FIELD_THEME, micic_guideline_theme(gl), d)) != 0)
            return rc;
    }
    return MICIC_OK;
}

/* Lay out one field's (key, record) pairs by key. */
static int build_facet(micic__facet *fc, const facet_pairs *fp) {
    size_t nk = fc->keys.n, i;
    size_t *cur;
    fc->start = micic__calloc(nk + 1, sizeof *fc->start);
    fc->docs = micic__malloc((fp->n ? fp->n : 1) * sizeof *fc->docs);
    cur = micic__malloc((nk ? nk : 1) * sizeof *cur);
    if (!fc->start || !fc->docs || !cur) {
        micic__free(cur);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < fp->n; i++) fc->start[fp->key[i] + 1]++;
    for (i = 0; i < nk; i++) {
        fc->start[i + 1] += fc->start[i];
        cur[i] = fc->start[i];
    }
    for (i = 0; i < fp->n; i++) fc->docs[cur[fp->key[i]]++] = fp->doc[i];
    micic__free(cur);
    return MICIC_OK;
}

/* Second pass: postings and positions by term. */
static int layout_postings(builder *b) {
    micic_index *ix = b->ix;
    size_t nt = ix->nterms, t, d, tok = 0;
    size_t *pcur = NULL, *poscur = NULL;
    ix->post_start = micic__calloc(nt + 1, sizeof *ix->post_start);
    ix->term_pos_start = micic__calloc(nt + 1, sizeof *ix->term_pos_start);
    ix->post_doc = micic__malloc((ix->npostings ? ix->npostings : 1) * sizeof *ix->post_doc);
    ix->post_tf = micic__malloc((ix->npostings ? ix->npostings : 1) * sizeof *ix->post_tf);
    ix->pos = micic__malloc((ix->ntokens ? ix->ntokens : 1) * sizeof *ix->pos);
    pcur = micic__malloc((nt ? nt : 1) * sizeof *pcur);
    poscur = micic__malloc((nt ? nt : 1) * sizeof *poscur);
    if (!ix->post_start || !ix->term_pos_start || !ix->post_doc || !ix->post_tf || !ix->pos ||
        !pcur || !poscur) {
        micic__free(pcur);
        micic__free(poscur);
        return MICIC_ENOMEM;
    }
    for (t = 0; t < nt; t++) {
        ix->post_start[t + 1] = ix->post_start[t] + b->df[t];
        ix->term_pos_start[t + 1] = ix->term_pos_start[t] + b->ttf[t];
        pcur[t] = ix->post_start[t];
        poscur[t] = ix->term_pos_start[t];
    }
    for (d = 0; d < ix->ndocs; d++) {
        size_t i;
        for (i = ix->fwd_start[d]; i < ix->fwd_start[d + 1]; i++) {
            uint32_t term = ix->fwd_term[i], tf = ix->fwd_tf[i];
            size_t p = pcur[term]++;
            ix->post_doc[p] = (uint32_t)d;
            ix->post_tf[p] = tf;
            memcpy(ix->pos + poscur[term], b->fwd_pos + tok, tf * sizeof *ix->pos);
            poscur[term] += tf;
            tok += tf;
        }
    }
    micic__free(pcur);
    micic__free(poscur);
    return MICIC_OK;
}

static void builder_free(builder *b) {
    int f;
    micic__tokenizer_free(b->tok);
    micic__free(b->df);
    micic__free(b->ttf);
    micic__free(b->seen);
    micic__free(b->slot);
    micic__free(b->dt_term);
    micic__free(b->dt_pos);
    micic__free(b->loc);
    micic__free(b->fwd_pos);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        micic__free(b->pairs[f].key);
        micic__free(b->pairs[f].doc);
    }
    micic_buf_free(&b->key);
    micic_buf_free(&b->raw);
    strmap_free(&b->fcache);
    micic__free(b->fcache_val);
}

int micic_index_build(const micic_corpus *corpus, micic_index **out, micic_error *err) {
    return micic_index_build_with_progress(corpus, NULL, NULL, out, err);
}

int micic_index_build_with_progress(const micic_corpus *corpus, micic_progress_cb progress,
                                    void *payload, micic_index **out, micic_error *err) {
    builder b;
    micic_index *ix;
    size_t n, d;
    int rc = MICIC_OK, f;
    if (out) *out = NULL;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "NULL corpus or output");
    micic_error_clear(err);
    n = micic_corpus_size(corpus);
    if (n >= UINT32_MAX)
        return micic__error(err, MICIC_ELIMIT, "too many records to index: %zu", n);
    memset(&b, 0, sizeof b);
    ix = micic__calloc(1, sizeof *ix);
    if (!ix) return micic__error(err, MICIC_ENOMEM, NULL);
    b.ix = ix;
    ix->corpus = corpus;
    ix->ndocs = n;
    b.tok = micic__tokenizer_new();
    ix->fwd_start = micic__calloc(n + 1, sizeof *ix->fwd_start);
    ix->doc_len = micic__calloc(n ? n : 1, sizeof *ix->doc_len);
    ix->field_pos = micic__calloc((n ? n : 1) * (MICIC_INDEX_TEXT_FIELDS + 1),
                                  sizeof *ix->field_pos);
    if (!b.tok || !ix->fwd_start || !ix->doc_len || !ix->field_pos) rc = MICIC_ENOMEM;
    for (d = 0; rc == MICIC_OK && d < n; d++) {
        const micic_practice *p = micic_corpus_get(corpus, d);
        if (!p) {
            ix->fwd_start[d + 1] = ix->npostings;
            continue;
        }
        rc = index_text(&b, p, d);
        if (rc == MICIC_OK) rc = index_facets(&b, p, d);
        if (rc == MICIC_OK && progress && ((d + 1) % 1024 == 0 || d + 1 == n) &&
            progress(d + 1, n, payload))
            rc = MICIC_ECANCELLED;
    }
    if (rc == MICIC_OK) {
        ix->nterms = ix->dict.n;
        rc = layout_postings(&b);
    }
    for (f = 0; rc == MICIC_OK && f < MICIC_FIELD_COUNT; f++)
        rc = build_facet(&ix->facets[f], &b.pairs[f]);
    builder_free(&b);
    if (rc != MICIC_OK) {
        micic_index_free(ix);
        if (rc == MICIC_ELIMIT)
            return micic__error(err, rc, "index limit exceeded (a record is too long or "
                                         "there are too many distinct terms)");
        return micic__error(err, rc, NULL);
    }
    ix->avg_len = n ? (double)ix->total_len / (double)n : 0.0;
    *out = ix;
    return MICIC_OK;
}

void micic_index_free(micic_index *ix) {
    int f;
    if (!ix) return;
    strmap_free(&ix->dict);
    micic__free(ix->post_start);
    micic__free(ix->post_doc);
    micic__free(ix->post_tf);
    micic__free(ix->term_pos_start);
    micic__free(ix->pos);
    micic__free(ix->fwd_start);
    micic__free(ix->fwd_term);
    micic__free(ix->fwd_tf);
    micic__free(ix->doc_len);
    micic__free(ix->field_pos);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        strmap_free(&ix->facets[f].keys);
        micic__free(ix->facets[f].start);
        micic__free(ix->facets[f].docs);
    }
    micic__free(ix);
}

const micic_corpus *micic_index_corpus(const micic_index *ix) { return ix ? ix->corpus : NULL; }

/* ------------------------------------------------------------------ */
/* Lookups                                                             */
/* ------------------------------------------------------------------ */

long micic__index_term_id(const micic_index *ix, const char *s, size_t n) {
    if (!ix || !s) return -1;
    return micic__strmap_find(&ix->dict, s, n);
}

const char *micic__index_term(const micic_index *ix, size_t t) {
    return ix ? micic__strmap_key(&ix->dict, t) : NULL;
}

size_t micic__index_df(const micic_index *ix, size_t t) {
    if (!ix || t >= ix->nterms) return 0;
    return ix->post_start[t + 1] - ix->post_start[t];
}

double micic__bm25_idf(size_t N, size_t n) {
    return log(1.0 + ((double)N - (double)n + 0.5) / ((double)n + 0.5));
}

void micic__index_facet_docs(const micic_index *ix, micic_field f, const char *key,
                             const uint32_t **docs, size_t *count) {
    const micic__facet *fc;
    long id;
    *docs = NULL;
    *count = 0;
    if (!ix || (int)f < 0 || f >= MICIC_FIELD_COUNT || !key) return;
    fc = &ix->facets[f];
    id = micic__strmap_find(&fc->keys, key, strlen(key));
    if (id < 0) return;
    *docs = fc->docs + fc->start[id];
    *count = fc->start[id + 1] - fc->start[id];
}
