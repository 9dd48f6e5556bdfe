/*
 * Arrow C Data / C Stream Interface export of a corpus (micic/arrow.h).
 *
 * A batch is built in one pass over its records: each column appends to
 * growable 64-byte-aligned buffers (validity bitmap, offsets, data), and
 * the finished buffers are handed to ArrowArray nodes without a copy.
 *
 * Ownership: every ArrowArray / ArrowSchema node has its own private block
 * (anode / snode) holding its buffers and the storage of its children, and
 * its own release callback, which releases the children still alive (a
 * consumer may have moved some out) and frees the block. A stream owns the
 * batches built ahead (eager mode) until get_next() moves them out.
 *
 * The reverse direction (micic_corpus_from_arrow) is in lib/arrow_import.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "internal.h"
#include "micic/arrow.h"
#include "micic/catalogue.h"

#define ALIGN 64
#define DEFAULT_BATCH 65536
#define TEXT_CUT ((size_t)1 << 30) /* a batch ends once a text buffer passes this */
#define DICT_MAX 32767

/* ------------------------------------------------------------------ */
/* Aligned growable buffers                                             */
/* ------------------------------------------------------------------ */

typedef struct abuf {
    char *raw;   /* the allocation */
    char *data;  /* raw rounded up to ALIGN */
    size_t len;
    size_t cap;  /* usable bytes from data */
} abuf;

static int abuf_grow(abuf *b, size_t need) {
    size_t cap = b->cap ? b->cap : 256;
    char *raw, *data;
    if (need <= b->cap) return MICIC_OK;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 - ALIGN) return MICIC_ENOMEM;
        cap *= 2;
    }
    raw = micic__malloc(cap + ALIGN);
    if (!raw) return MICIC_ENOMEM;
    data = raw + (ALIGN - (size_t)((uintptr_t)raw % ALIGN)) % ALIGN;
    if (b->len) memcpy(data, b->data, b->len);
    micic__free(b->raw);
    b->raw = raw;
    b->data = data;
    b->cap = cap;
    return MICIC_OK;
}

static int abuf_reserve(abuf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len) return MICIC_ENOMEM;
    return b->len + extra <= b->cap ? MICIC_OK : abuf_grow(b, b->len + extra);
}

static int abuf_append(abuf *b, const void *s, size_t n) {
    if (abuf_reserve(b, n) != MICIC_OK) return MICIC_ENOMEM;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    return MICIC_OK;
}

static void abuf_free(abuf *b) {
    micic__free(b->raw);
    memset(b, 0, sizeof *b);
}

/* A buffer that exists (consumers may read offsets[0] of an empty array). */
static int abuf_ensure(abuf *b) { return b->raw ? MICIC_OK : abuf_grow(b, ALIGN); }

/* ------------------------------------------------------------------ */
/* Array and schema nodes with their own release callbacks              */
/* ------------------------------------------------------------------ */

typedef struct anode {
    abuf bufs[3];
    const void *ptrs[3];
    struct ArrowArray **kids;
    struct ArrowArray *kid_store;
    struct ArrowArray dict;
} anode;

static void array_release(struct ArrowArray *a) {
    anode *nd;
    int64_t i;
    if (!a || !a->release) return;
    nd = a->private_data;
    for (i = 0; i < a->n_children; i++)
        if (a->children[i] && a->children[i]->release) a->children[i]->release(a->children[i]);
    if (a->dictionary && a->dictionary->release) a->dictionary->release(a->dictionary);
    if (nd) {
        for (i = 0; i < 3; i++) abuf_free(&nd->bufs[i]);
        micic__free(nd->kids);
        micic__free(nd->kid_store);
        micic__free(nd);
    }
    a->release = NULL;
    a->private_data = NULL;
}

/* Make *a a node with n_buffers buffers (taken from bufs, which are reset)
 * and room for n_children children (filled by the caller). */
static int array_init(struct ArrowArray *a, int64_t length, int64_t null_count, int n_buffers,
                      abuf *bufs, int64_t n_children) {
    anode *nd = micic__calloc(1, sizeof *nd);
    int i;
    memset(a, 0, sizeof *a);
    if (!nd) return MICIC_ENOMEM;
    if (n_children > 0) {
        nd->kids = micic__calloc((size_t)n_children, sizeof *nd->kids);
        nd->kid_store = micic__calloc((size_t)n_children, sizeof *nd->kid_store);
        if (!nd->kids || !nd->kid_store) {
            micic__free(nd->kids);
            micic__free(nd->kid_store);
            micic__free(nd);
            return MICIC_ENOMEM;
        }
        for (i = 0; i < n_children; i++) nd->kids[i] = &nd->kid_store[i];
    }
    for (i = 0; i < n_buffers; i++) {
        nd->bufs[i] = bufs[i];
        memset(&bufs[i], 0, sizeof bufs[i]);
        nd->ptrs[i] = nd->bufs[i].raw ? nd->bufs[i].data : NULL;
    }
    a->length = length;
    a->null_count = null_count;
    a->n_buffers = n_buffers;
    a->n_children = n_children;
    a->buffers = nd->ptrs;
    a->children = n_children > 0 ? nd->kids : NULL;
    a->release = array_release;
    a->private_data = nd;
    return MICIC_OK;
}

typedef struct snode {
    char *format;
    char *name;
    struct ArrowSchema **kids;
    struct ArrowSchema *kid_store;
    struct ArrowSchema dict;
} snode;

static void schema_release(struct ArrowSchema *s) {
    snode *nd;
    int64_t i;
    if (!s || !s->release) return;
    nd = s->private_data;
    for (i = 0; i < s->n_children; i++)
        if (s->children[i] && s->children[i]->release) s->children[i]->release(s->children[i]);
    if (s->dictionary && s->dictionary->release) s->dictionary->release(s->dictionary);
    if (nd) {
        micic__free(nd->format);
        micic__free(nd->name);
        micic__free(nd->kids);
        micic__free(nd->kid_store);
        micic__free(nd);
    }
    s->release = NULL;
    s->private_data = NULL;
}

static int schema_init(struct ArrowSchema *s, const char *format, const char *name,
                       int64_t flags, int64_t n_children) {
    snode *nd = micic__calloc(1, sizeof *nd);
    int64_t i;
    memset(s, 0, sizeof *s);
    if (!nd) return MICIC_ENOMEM;
    nd->format = micic__strdup(format);
    nd->name = micic__strdup(name);
    if (n_children > 0) {
        nd->kids = micic__calloc((size_t)n_children, sizeof *nd->kids);
        nd->kid_store = micic__calloc((size_t)n_children, sizeof *nd->kid_store);
    }
    if (!nd->format || !nd->name || (n_children > 0 && (!nd->kids || !nd->kid_store))) {
        micic__free(nd->format);
        micic__free(nd->name);
        micic__free(nd->kids);
        micic__free(nd->kid_store);
        micic__free(nd);
        return MICIC_ENOMEM;
    }
    for (i = 0; i < n_children; i++) nd->kids[i] = &nd->kid_store[i];
    s->format = nd->format;
    s->name = nd->name;
    s->flags = flags;
    s->n_children = n_children;
    s->children = n_children > 0 ? nd->kids : NULL;
    s->release = schema_release;
    s->private_data = nd;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

/* What a column holds. */
enum role {
    R_VALUE,      /* canonical values of field f */
    R_ORIGINAL,   /* originals of field f, null where equal to the value */
    R_LINE,       /* line of each value of field f */
    R_COLUMN,     /* column of each value of field f */
    R_REC_SOURCE, /* record location */
    R_REC_LINE,
    R_REC_COLUMN,
    R_EXTRA,      /* map of extras */
    R_TABLE       /* a column of a report, results or cross-tab table */
};

/* Leaf types. */
enum leaf { L_STR, L_DICT, L_U8, L_I32, L_I64, L_F64 };

/* A leaf builder: a flat array of strings, dictionary indices or numbers. */
typedef struct lbuild {
    enum leaf type;
    abuf valid;     /* validity bitmap */
    abuf offs;      /* L_STR: int32 offsets */
    abuf data;      /* text, int16 indices, uint8 or int32 */
    int64_t len;
    int64_t nulls;
    /* L_DICT */
    int vocab;
    const char **labels; /* the dictionary: catalogue labels then others */
    size_t nlabels, caplabels, ncat;
    micic__strmap map;   /* label -> index, for labels not matched by pointer */
} lbuild;

typedef struct column {
    enum role role;
    micic_field f;
    int list;          /* list<leaf> (or map for R_EXTRA) */
    int nullable_rows; /* single-valued: null rows */
    char name[64];
    abuf loffs;        /* list/map offsets (int32) */
    lbuild leaf;       /* the values (map: the keys) */
    lbuild leaf2;      /* map: the values */
} column;

static int lb_bit(lbuild *b, int set) {
    size_t byte = (size_t)(b->len / 8);
    if (b->len % 8 == 0) {
        if (abuf_reserve(&b->valid, 1) != MICIC_OK) return MICIC_ENOMEM;
        b->valid.data[byte] = 0;
        b->valid.len++;
    }
    if (set) b->valid.data[byte] |= (char)(1u << (b->len % 8));
    else b->nulls++;
    return MICIC_OK;
}

static int lb_start(lbuild *b) {
    int32_t zero = 0;
    if (b->type == L_STR && b->offs.len == 0) return abuf_append(&b->offs, &zero, sizeof zero);
    return MICIC_OK;
}

static int lb_null(lbuild *b) {
    static const unsigned char zeros[8] = {0};
    size_t width = 0; /* bytes of the zero value a null slot holds */
    if (lb_bit(b, 0) != MICIC_OK) return MICIC_ENOMEM;
    switch (b->type) {
    case L_STR: {
        int32_t end = (int32_t)b->data.len;
        if (abuf_append(&b->offs, &end, sizeof end) != MICIC_OK) return MICIC_ENOMEM;
        break;
    }
    case L_DICT: width = sizeof(int16_t); break;
    case L_U8: width = sizeof(uint8_t); break;
    case L_I32: width = sizeof(int32_t); break;
    case L_I64: width = sizeof(int64_t); break;
    case L_F64: width = sizeof(double); break;
    }
    if (width && abuf_append(&b->data, zeros, width) != MICIC_OK) return MICIC_ENOMEM;
    b->len++;
    return MICIC_OK;
}

static int lb_str(lbuild *b, const char *s) {
    size_t n = strlen(s);
    int32_t end;
    if (n > (size_t)INT32_MAX - b->data.len) return MICIC_ELIMIT;
    if (lb_bit(b, 1) != MICIC_OK || abuf_append(&b->data, s, n) != MICIC_OK)
        return MICIC_ENOMEM;
    end = (int32_t)b->data.len;
    if (abuf_append(&b->offs, &end, sizeof end) != MICIC_OK) return MICIC_ENOMEM;
    b->len++;
    return MICIC_OK;
}

/* A valid fixed-width value of n bytes. */
static int lb_fixed(lbuild *b, const void *v, size_t n) {
    if (lb_bit(b, 1) != MICIC_OK || abuf_append(&b->data, v, n) != MICIC_OK)
        return MICIC_ENOMEM;
    b->len++;
    return MICIC_OK;
}

static int lb_i32(lbuild *b, int32_t v) { return lb_fixed(b, &v, sizeof v); }
static int lb_i64(lbuild *b, int64_t v) { return lb_fixed(b, &v, sizeof v); }
static int lb_f64(lbuild *b, double v) { return lb_fixed(b, &v, sizeof v); }
static int lb_u8(lbuild *b, uint8_t v) { return lb_fixed(b, &v, sizeof v); }

static int dict_add_label(lbuild *b, const char *s) {
    int inserted = 0;
    if (b->nlabels >= DICT_MAX) return MICIC_ELIMIT;
    if (b->nlabels == b->caplabels) {
        size_t cap = b->caplabels ? b->caplabels * 2 : 32;
        const char **l = micic__realloc((void *)b->labels, cap * sizeof *l);
        if (!l) return MICIC_ENOMEM;
        b->labels = l;
        b->caplabels = cap;
    }
    if (micic__strmap_put(&b->map, s, b->nlabels, &inserted) != MICIC_OK) return MICIC_ENOMEM;
    b->labels[b->nlabels++] = s;
    return MICIC_OK;
}

/* The dictionary starts with the vocabulary's labels in catalogue order. */
static int dict_reset(lbuild *b) {
    size_t i, n = micic_vocab_size((micic_vocab)b->vocab);
    micic__strmap_free(&b->map);
    b->nlabels = 0;
    for (i = 0; i < n; i++) {
        int rc = dict_add_label(b, micic_vocab_label((micic_vocab)b->vocab, i));
        if (rc != MICIC_OK) return rc;
    }
    b->ncat = n;
    return MICIC_OK;
}

static int lb_dict(lbuild *b, const char *s) {
    size_t i;
    int16_t idx = -1;
    /* canonical vocabulary values point at the catalogue's own strings */
    for (i = 0; i < b->ncat; i++)
        if (b->labels[i] == s) {
            idx = (int16_t)i;
            break;
        }
    if (idx < 0) {
        size_t *k = micic__strmap_get(&b->map, s);
        if (k) {
            idx = (int16_t)*k;
        } else {
            int rc = dict_add_label(b, s);
            if (rc != MICIC_OK) return rc;
            idx = (int16_t)(b->nlabels - 1);
        }
    }
    if (lb_bit(b, 1) != MICIC_OK || abuf_append(&b->data, &idx, sizeof idx) != MICIC_OK)
        return MICIC_ENOMEM;
    b->len++;
    return MICIC_OK;
}

static void lb_free(lbuild *b) {
    abuf_free(&b->valid);
    abuf_free(&b->offs);
    abuf_free(&b->data);
    micic__free((void *)b->labels);
    b->labels = NULL;
    b->nlabels = b->caplabels = 0;
    micic__strmap_free(&b->map);
}

static void lb_reset(lbuild *b) {
    abuf_free(&b->valid);
    abuf_free(&b->offs);
    abuf_free(&b->data);
    b->len = b->nulls = 0;
}

/* ------------------------------------------------------------------ */
/* Stream state: the column plan                                        */
/* ------------------------------------------------------------------ */

typedef struct plan {
    column *cols;
    size_t ncols;
    int guideline_u8;
} plan;

static int is_dict_field(const micic_arrow_options *o, micic_field f, int *vocab) {
    int v;
    if (!o->dictionary || !micic_field_vocab(f, &v) || !micic_vocab_is_closed((micic_vocab)v))
        return 0;
    *vocab = v;
    return 1;
}

/* 1 when every guideline value of the corpus is "1".."15" (no sign, no 0 prefix). */
static int guidelines_numeric(const micic_corpus *c) {
    size_t r, i, n = micic_corpus_size(c);
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(c, r);
        size_t m = micic_practice_count(p, MICIC_FIELD_GUIDELINE);
        for (i = 0; i < m; i++) {
            const char *s = micic_practice_value(p, MICIC_FIELD_GUIDELINE, i);
            size_t len = strlen(s);
            if (len == 0 || len > 2 || s[0] < '1' || s[0] > '9' ||
                (len == 2 && (s[1] < '0' || s[1] > '9')) || atoi(s) > 15)
                return 0;
        }
    }
    return 1;
}

static void plan_free(plan *pl) {
    size_t i;
    for (i = 0; i < pl->ncols; i++) {
        abuf_free(&pl->cols[i].loffs);
        lb_free(&pl->cols[i].leaf);
        lb_free(&pl->cols[i].leaf2);
    }
    micic__free(pl->cols);
    pl->cols = NULL;
    pl->ncols = 0;
}

static column *plan_add(plan *pl, enum role role, micic_field f, enum leaf type, int list,
                        const char *name, const char *suffix) {
    column *c = &pl->cols[pl->ncols++];
    memset(c, 0, sizeof *c);
    c->role = role;
    c->f = f;
    c->list = list;
    c->nullable_rows = !list;
    c->leaf.type = type;
    snprintf(c->name, sizeof c->name, "%s%s", name, suffix);
    return c;
}

static int plan_make(plan *pl, const micic_corpus *corpus, const micic_arrow_options *o) {
    size_t maxcols = MICIC_FIELD_COUNT * 4 + 4;
    int f;
    memset(pl, 0, sizeof *pl);
    pl->cols = micic__calloc(maxcols, sizeof *pl->cols);
    if (!pl->cols) return MICIC_ENOMEM;
    pl->guideline_u8 = guidelines_numeric(corpus);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        int vocab = 0, single = micic_field_is_single((micic_field)f);
        enum leaf t = L_STR;
        column *c;
        if (is_dict_field(o, (micic_field)f, &vocab)) t = L_DICT;
        else if (f == MICIC_FIELD_GUIDELINE && pl->guideline_u8) t = L_U8;
        c = plan_add(pl, R_VALUE, (micic_field)f, t, !single, micic_field_name((micic_field)f),
                     "");
        c->leaf.vocab = vocab;
        if (t == L_DICT && dict_reset(&c->leaf) != MICIC_OK) return MICIC_ENOMEM;
    }
    {
        column *c = plan_add(pl, R_EXTRA, MICIC_FIELD_ID, L_STR, 1, "extra", "");
        c->leaf2.type = L_STR;
    }
    if (o->originals)
        for (f = 0; f < MICIC_FIELD_COUNT; f++)
            plan_add(pl, R_ORIGINAL, (micic_field)f, L_STR,
                     !micic_field_is_single((micic_field)f), micic_field_name((micic_field)f),
                     "_original");
    if (o->locations) {
        plan_add(pl, R_REC_SOURCE, MICIC_FIELD_ID, L_STR, 0, "record_source", "");
        plan_add(pl, R_REC_LINE, MICIC_FIELD_ID, L_I32, 0, "record_line", "");
        plan_add(pl, R_REC_COLUMN, MICIC_FIELD_ID, L_I32, 0, "record_column", "");
        for (f = 0; f < MICIC_FIELD_COUNT; f++) {
            int single = micic_field_is_single((micic_field)f);
            plan_add(pl, R_LINE, (micic_field)f, L_I32, !single,
                     micic_field_name((micic_field)f), "_line");
            plan_add(pl, R_COLUMN, (micic_field)f, L_I32, !single,
                     micic_field_name((micic_field)f), "_column");
        }
    }
    return MICIC_OK;
}

/* ---- schema ------------------------------------------------------- */

static const char *leaf_format(enum leaf t) {
    switch (t) {
    case L_STR: return "u";
    case L_DICT: return "s";
    case L_U8: return "C";
    case L_I32: return "i";
    case L_I64: return "l";
    case L_F64: return "g";
    }
    return "u";
}

static int leaf_schema(struct ArrowSchema *s, const lbuild *b, const char *name, int64_t flags) {
    int rc = schema_init(s, leaf_format(b->type), name, flags, 0);
    if (rc != MICIC_OK) return rc;
    if (b->type == L_DICT) {
        snode *nd = s->private_data;
        if ((rc = schema_init(&nd->dict, "u", "", ARROW_FLAG_NULLABLE, 0)) != MICIC_OK) {
            schema_release(s);
            return rc;
        }
        s->dictionary = &nd->dict;
    }
    return MICIC_OK;
}

static int column_schema(struct ArrowSchema *s, const column *c) {
    int rc;
    if (c->role == R_EXTRA) {
        struct ArrowSchema *entries;
        if ((rc = schema_init(s, "+m", c->name, ARROW_FLAG_NULLABLE, 1)) != MICIC_OK) return rc;
        entries = s->children[0];
        if ((rc = schema_init(entries, "+s", "entries", 0, 2)) != MICIC_OK ||
            (rc = leaf_schema(entries->children[0], &c->leaf, "key", 0)) != MICIC_OK ||
            (rc = leaf_schema(entries->children[1], &c->leaf2, "value", ARROW_FLAG_NULLABLE)) !=
                MICIC_OK) {
            schema_release(s);
            return rc;
        }
        return MICIC_OK;
    }
    if (!c->list) return leaf_schema(s, &c->leaf, c->name, ARROW_FLAG_NULLABLE);
    if ((rc = schema_init(s, "+l", c->name, ARROW_FLAG_NULLABLE, 1)) != MICIC_OK) return rc;
    if ((rc = leaf_schema(s->children[0], &c->leaf, "item", ARROW_FLAG_NULLABLE)) != MICIC_OK) {
        schema_release(s);
        return rc;
    }
    return MICIC_OK;
}

static int plan_schema(const plan *pl, struct ArrowSchema *out) {
    size_t i;
    int rc = schema_init(out, "+s", "", 0, (int64_t)pl->ncols);
    if (rc != MICIC_OK) return rc;
    for (i = 0; i < pl->ncols; i++) {
        if ((rc = column_schema(out->children[i], &pl->cols[i])) != MICIC_OK) {
            schema_release(out);
            return rc;
        }
    }
    return MICIC_OK;
}

/* ---- one batch ------------------------------------------------------ */

static int add_value(column *c, const micic_practice *p, size_t i) {
    micic_location loc;
    const char *v, *o;
    switch (c->role) {
    case R_VALUE:
        v = micic_practice_value(p, c->f, i);
        if (c->leaf.type == L_DICT) return lb_dict(&c->leaf, v);
        if (c->leaf.type == L_U8) return lb_u8(&c->leaf, (uint8_t)atoi(v));
        return lb_str(&c->leaf, v);
    case R_ORIGINAL:
        v = micic_practice_value(p, c->f, i);
        o = micic_practice_original(p, c->f, i);
        if (o == v || strcmp(o, v) == 0) return lb_null(&c->leaf);
        return lb_str(&c->leaf, o);
    case R_LINE:
    case R_COLUMN:
        micic_practice_location(p, c->f, i, &loc);
        return lb_i32(&c->leaf, c->role == R_LINE ? loc.line : loc.column);
    default: return MICIC_EINTERNAL;
    }
}

static int add_row(column *c, const micic_practice *p) {
    int rc = MICIC_OK;
    size_t i, m;
    int32_t end;
    switch (c->role) {
    case R_REC_SOURCE: return lb_str(&c->leaf, micic_practice_record_location(p).source);
    case R_REC_LINE: return lb_i32(&c->leaf, micic_practice_record_location(p).line);
    case R_REC_COLUMN: return lb_i32(&c->leaf, micic_practice_record_location(p).column);
    case R_EXTRA:
        m = micic_practice_extra_count(p);
        for (i = 0; i < m && rc == MICIC_OK; i++) {
            rc = lb_str(&c->leaf, micic_practice_extra_label(p, i));
            if (rc == MICIC_OK) rc = lb_str(&c->leaf2, micic_practice_extra_value(p, i));
        }
        break;
    default:
        m = micic_practice_count(p, c->f);
        if (!c->list) return m ? add_value(c, p, 0) : lb_null(&c->leaf);
        for (i = 0; i < m && rc == MICIC_OK; i++) rc = add_value(c, p, i);
        break;
    }
    if (rc != MICIC_OK) return rc;
    if (c->leaf.len > INT32_MAX) return MICIC_ELIMIT;
    end = (int32_t)c->leaf.len;
    return abuf_append(&c->loffs, &end, sizeof end);
}

/* Finished leaf -> array node (buffers moved). */
static int leaf_array(struct ArrowArray *a, lbuild *b) {
    abuf bufs[3];
    int rc, nb;
    memset(bufs, 0, sizeof bufs);
    if (b->nulls) bufs[0] = b->valid;
    else abuf_free(&b->valid);
    memset(&b->valid, 0, sizeof b->valid);
    if (b->type == L_STR) {
        if (abuf_ensure(&b->offs) != MICIC_OK || abuf_ensure(&b->data) != MICIC_OK) {
            abuf_free(&bufs[0]);
            return MICIC_ENOMEM;
        }
        bufs[1] = b->offs;
        bufs[2] = b->data;
        nb = 3;
    } else {
        if (abuf_ensure(&b->data) != MICIC_OK) {
            abuf_free(&bufs[0]);
            return MICIC_ENOMEM;
        }
        bufs[1] = b->data;
        nb = 2;
    }
    memset(&b->offs, 0, sizeof b->offs);
    memset(&b->data, 0, sizeof b->data);
    rc = array_init(a, b->len, b->nulls, nb, bufs, 0);
    if (rc != MICIC_OK) {
        int i;
        for (i = 0; i < 3; i++) abuf_free(&bufs[i]);
        return rc;
    }
    if (b->type == L_DICT) {
        /* the dictionary: a utf8 array of the labels */
        anode *nd = a->private_data;
        lbuild d;
        size_t i;
        memset(&d, 0, sizeof d);
        d.type = L_STR;
        rc = lb_start(&d);
        for (i = 0; i < b->nlabels && rc == MICIC_OK; i++) rc = lb_str(&d, b->labels[i]);
        if (rc == MICIC_OK) rc = leaf_array(&nd->dict, &d);
        lb_free(&d);
        if (rc != MICIC_OK) {
            array_release(a);
            return rc;
        }
        a->dictionary = &nd->dict;
    }
    b->len = b->nulls = 0;
    return MICIC_OK;
}

static int column_array(struct ArrowArray *a, column *c, int64_t rows) {
    abuf bufs[2];
    int rc;
    if (!c->list && c->role != R_EXTRA) return leaf_array(a, &c->leaf);
    memset(bufs, 0, sizeof bufs);
    if (abuf_ensure(&c->loffs) != MICIC_OK) return MICIC_ENOMEM;
    bufs[1] = c->loffs;
    memset(&c->loffs, 0, sizeof c->loffs);
    if ((rc = array_init(a, rows, 0, 2, bufs, 1)) != MICIC_OK) {
        abuf_free(&bufs[1]);
        return rc;
    }
    if (c->role == R_EXTRA) {
        struct ArrowArray *entries = a->children[0];
        int64_t n = c->leaf.len;
        if ((rc = array_init(entries, n, 0, 1, bufs, 2)) != MICIC_OK ||
            (rc = leaf_array(entries->children[0], &c->leaf)) != MICIC_OK ||
            (rc = leaf_array(entries->children[1], &c->leaf2)) != MICIC_OK) {
            array_release(a);
            return rc;
        }
        return MICIC_OK;
    }
    if ((rc = leaf_array(a->children[0], &c->leaf)) != MICIC_OK) {
        array_release(a);
        return rc;
    }
    return MICIC_OK;
}

static void plan_reset_buffers(plan *pl) {
    size_t i;
    for (i = 0; i < pl->ncols; i++) {
        abuf_free(&pl->cols[i].loffs);
        lb_reset(&pl->cols[i].leaf);
        lb_reset(&pl->cols[i].leaf2);
    }
}

/* Build the batch of records [*next, ...) into *out; *next advances. */
static int build_batch(plan *pl, const micic_corpus *corpus, size_t *next, size_t batch_rows,
                       struct ArrowArray *out) {
    size_t n = micic_corpus_size(corpus), r, i;
    int32_t zero = 0;
    int rc = MICIC_OK;
    abuf none[1];
    memset(out, 0, sizeof *out);
    memset(none, 0, sizeof none);
    for (i = 0; i < pl->ncols && rc == MICIC_OK; i++) {
        column *c = &pl->cols[i];
        if (c->leaf.type == L_DICT) rc = dict_reset(&c->leaf);
        if (rc == MICIC_OK) rc = lb_start(&c->leaf);
        if (rc == MICIC_OK && c->role == R_EXTRA) rc = lb_start(&c->leaf2);
        if (rc == MICIC_OK && (c->list || c->role == R_EXTRA))
            rc = abuf_append(&c->loffs, &zero, sizeof zero);
    }
    for (r = *next; r < n && r - *next < batch_rows && rc == MICIC_OK; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        size_t text = 0;
        for (i = 0; i < pl->ncols && rc == MICIC_OK; i++) {
            column *c = &pl->cols[i];
            rc = add_row(c, p);
            if (c->leaf.data.len > text) text = c->leaf.data.len;
            if (c->leaf2.data.len > text) text = c->leaf2.data.len;
        }
        if (text > TEXT_CUT) {
            r++;
            break;
        }
    }
    if (rc == MICIC_OK) rc = array_init(out, (int64_t)(r - *next), 0, 1, none, (int64_t)pl->ncols);
    for (i = 0; i < pl->ncols && rc == MICIC_OK; i++)
        rc = column_array(out->children[i], &pl->cols[i], (int64_t)(r - *next));
    plan_reset_buffers(pl);
    if (rc != MICIC_OK) {
        array_release(out);
        return rc;
    }
    *next = r;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* The stream                                                           */
/* ------------------------------------------------------------------ */

typedef struct astream {
    plan pl;
    const micic_corpus *corpus; /* lazy mode only */
    size_t next;                /* lazy: next record */
    size_t batch_rows;
    struct ArrowArray *ready;   /* eager: batches built ahead */
    size_t nready, iready;
    char error[MICIC_ERROR_TEXT_LENGTH];
} astream;

static int errno_of(int rc) {
    switch (rc) {
    case MICIC_ENOMEM: return ENOMEM;
    case MICIC_ELIMIT: return EOVERFLOW;
    default: return EINVAL;
    }
}

static const char *limit_text(void) {
    return "a record's text passes the 2 GiB of a 32-bit-offset batch, or a dictionary "
           "32767 values";
}

static int stream_get_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
    astream *st = s->private_data;
    int rc;
    if (!st) return EINVAL;
    rc = plan_schema(&st->pl, out);
    if (rc != MICIC_OK) {
        snprintf(st->error, sizeof st->error, "%s", micic_strerror(rc));
        return errno_of(rc);
    }
    return 0;
}

static int stream_get_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
    astream *st = s->private_data;
    int rc;
    memset(out, 0, sizeof *out);
    if (!st) return EINVAL;
    if (st->ready || !st->corpus) {
        if (st->iready < st->nready) {
            *out = st->ready[st->iready];
            st->ready[st->iready].release = NULL; /* moved */
            st->iready++;
        }
        return 0; /* out->release NULL: end of stream */
    }
    if (st->next >= micic_corpus_size(st->corpus)) return 0;
    rc = build_batch(&st->pl, st->corpus, &st->next, st->batch_rows, out);
    if (rc != MICIC_OK) {
        snprintf(st->error, sizeof st->error, "%s",
                 rc == MICIC_ELIMIT ? limit_text() : micic_strerror(rc));
        return errno_of(rc);
    }
    return 0;
}

static const char *stream_last_error(struct ArrowArrayStream *s) {
    astream *st = s->private_data;
    return st && st->error[0] ? st->error : NULL;
}

static void stream_free(astream *st) {
    size_t i;
    if (!st) return;
    for (i = 0; i < st->nready; i++) array_release(&st->ready[i]);
    micic__free(st->ready);
    plan_free(&st->pl);
    micic__free(st);
}

static void stream_release(struct ArrowArrayStream *s) {
    if (!s || !s->release) return;
    stream_free(s->private_data);
    s->private_data = NULL;
    s->release = NULL;
}

void micic_arrow_options_init(micic_arrow_options *opts) {
    static const micic_arrow_options init = MICIC_ARROW_OPTIONS_INIT;
    if (opts) *opts = init;
}

int micic_corpus_to_arrow(const micic_corpus *corpus, const micic_arrow_options *opts,
                          struct ArrowArrayStream *out, micic_error *err) {
    static const micic_arrow_options defaults = MICIC_ARROW_OPTIONS_INIT;
    astream *st;
    int rc;
    if (out) memset(out, 0, sizeof *out);
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    if (!opts) opts = &defaults;
    if (opts->version != MICIC_ARROW_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "micic_arrow_options version %d (expected %d)",
                            opts->version, MICIC_ARROW_OPTIONS_VERSION);
    st = micic__calloc(1, sizeof *st);
    if (!st) return micic__error(err, MICIC_ENOMEM, NULL);
    st->batch_rows = opts->batch_rows ? opts->batch_rows : DEFAULT_BATCH;
    if ((rc = plan_make(&st->pl, corpus, opts)) != MICIC_OK) goto fail;
    if (opts->lazy) {
        st->corpus = corpus;
    } else {
        size_t n = micic_corpus_size(corpus), next = 0;
        size_t maxb = n / st->batch_rows + 2, cap = maxb < 16 ? maxb : 16;
        st->ready = micic__calloc(cap, sizeof *st->ready);
        if (!st->ready) {
            rc = MICIC_ENOMEM;
            goto fail;
        }
        while (next < n) {
            if (st->nready == cap) {
                struct ArrowArray *r2 = micic__realloc(st->ready, cap * 2 * sizeof *r2);
                if (!r2) {
                    rc = MICIC_ENOMEM;
                    goto fail;
                }
                st->ready = r2;
                cap *= 2;
            }
            rc = build_batch(&st->pl, corpus, &next, st->batch_rows, &st->ready[st->nready]);
            if (rc != MICIC_OK) goto fail;
            st->nready++;
        }
    }
    out->get_schema = stream_get_schema;
    out->get_next = stream_get_next;
    out->get_last_error = stream_last_error;
    out->release = stream_release;
    out->private_data = st;
    micic_error_clear(err);
    return MICIC_OK;
fail:
    stream_free(st);
    if (rc == MICIC_ELIMIT) return micic__error(err, rc, "%s", limit_text());
    return micic__error(err, rc, NULL);
}

/* ------------------------------------------------------------------ */
/* Small tables: a report, search results, a cross-tab                  */
/* ------------------------------------------------------------------ */

/* One cell: text (NULL = null), integer or real, by the column's type. */
typedef struct tcell {
    const char *s;
    int64_t i;
    double d;
} tcell;

typedef struct tspec {
    const char *name;
    enum leaf type;
} tspec;

typedef void (*tcell_fn)(const void *obj, size_t row, size_t col, tcell *out);

/* A one-batch eager stream of nrows rows of the columns in spec. */
static int table_to_arrow(const tspec *spec, size_t ncols, size_t nrows, tcell_fn cell,
                          const void *obj, struct ArrowArrayStream *out, micic_error *err) {
    astream *st;
    size_t r, i;
    int rc = MICIC_OK;
    abuf none[1];
    memset(out, 0, sizeof *out);
    memset(none, 0, sizeof none);
    st = micic__calloc(1, sizeof *st);
    if (!st) return micic__error(err, MICIC_ENOMEM, NULL);
    st->pl.cols = micic__calloc(ncols, sizeof *st->pl.cols);
    st->ready = micic__calloc(1, sizeof *st->ready);
    if (!st->pl.cols || !st->ready) {
        rc = MICIC_ENOMEM;
        goto fail;
    }
    for (i = 0; i < ncols; i++) {
        column *c = plan_add(&st->pl, R_TABLE, MICIC_FIELD_ID, spec[i].type, 0, spec[i].name, "");
        rc = lb_start(&c->leaf);
        if (rc != MICIC_OK) goto fail;
    }
    for (r = 0; r < nrows && rc == MICIC_OK; r++) {
        for (i = 0; i < ncols && rc == MICIC_OK; i++) {
            lbuild *b = &st->pl.cols[i].leaf;
            tcell v = {NULL, 0, 0.0};
            cell(obj, r, i, &v);
            switch (b->type) {
            case L_STR: rc = v.s ? lb_str(b, v.s) : lb_null(b); break;
            case L_I32: rc = lb_i32(b, (int32_t)v.i); break;
            case L_I64: rc = lb_i64(b, v.i); break;
            case L_F64: rc = lb_f64(b, v.d); break;
            default: rc = MICIC_EINTERNAL; break;
            }
        }
    }
    if (rc == MICIC_OK) rc = array_init(&st->ready[0], (int64_t)nrows, 0, 1, none, (int64_t)ncols);
    for (i = 0; i < ncols && rc == MICIC_OK; i++)
        rc = leaf_array(st->ready[0].children[i], &st->pl.cols[i].leaf);
    if (rc != MICIC_OK) goto fail;
    st->nready = 1;
    plan_reset_buffers(&st->pl);
    out->get_schema = stream_get_schema;
    out->get_next = stream_get_next;
    out->get_last_error = stream_last_error;
    out->release = stream_release;
    out->private_data = st;
    micic_error_clear(err);
    return MICIC_OK;
fail:
    array_release(&st->ready[0]);
    plan_reset_buffers(&st->pl);
    stream_free(st);
    return micic__error(err, rc, NULL);
}

static const tspec REPORT_COLS[] = {
    {"code", L_STR},       {"code_number", L_I32}, {"severity", L_STR}, {"record_index", L_I64},
    {"record_id", L_STR},  {"field", L_STR},       {"source", L_STR},   {"line", L_I32},
    {"column", L_I32},     {"value", L_STR},       {"message", L_STR},  {"suggestion", L_STR}};

static void report_cell(const void *obj, size_t row, size_t col, tcell *out) {
    const micic_diagnostic *d = micic_report_get((const micic_report *)obj, row);
    switch (col) {
    case 0: out->s = micic_diagnostic_code_name(d); break;
    case 1: out->i = micic_diagnostic_code(d); break;
    case 2: out->s = micic_severity_name(micic_diagnostic_severity(d)); break;
    case 3: out->i = micic_diagnostic_record_index(d); break;
    case 4: out->s = micic_diagnostic_record_id(d); break;
    case 5: out->s = micic_diagnostic_field(d); break;
    case 6: out->s = micic_diagnostic_source(d); break;
    case 7: out->i = micic_diagnostic_line(d); break;
    case 8: out->i = micic_diagnostic_column(d); break;
    case 9: out->s = micic_diagnostic_value(d); break;
    case 10: out->s = micic_diagnostic_message(d); break;
    default: out->s = micic_diagnostic_suggestion(d); return; /* NULL: none */
    }
    if (col != 1 && col != 3 && col != 7 && col != 8 && !out->s) out->s = "";
}

int micic_report_to_arrow(const micic_report *report, struct ArrowArrayStream *out,
                          micic_error *err) {
    if (out) memset(out, 0, sizeof *out);
    if (!report || !out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    return table_to_arrow(REPORT_COLS, sizeof REPORT_COLS / sizeof REPORT_COLS[0],
                          micic_report_size(report), report_cell, report, out, err);
}

static const tspec RESULTS_COLS[] = {
    {"id", L_STR}, {"index", L_I64}, {"score", L_F64}, {"snippet", L_STR}};

static void results_cell(const void *obj, size_t row, size_t col, tcell *out) {
    const micic_results *r = obj;
    switch (col) {
    case 0: out->s = micic_results_id(r, row); break;
    case 1: out->i = (int64_t)micic_results_record(r, row); break;
    case 2: out->d = micic_results_score(r, row); break;
    default: out->s = micic_results_snippet(r, row); break;
    }
    if ((col == 0 || col == 3) && !out->s) out->s = "";
}

int micic_results_to_arrow(const micic_results *results, struct ArrowArrayStream *out,
                           micic_error *err) {
    if (out) memset(out, 0, sizeof *out);
    if (!results || !out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    return table_to_arrow(RESULTS_COLS, sizeof RESULTS_COLS / sizeof RESULTS_COLS[0],
                          micic_results_size(results), results_cell, results, out, err);
}

static void crosstab_cell(const void *obj, size_t row, size_t col, tcell *out) {
    const micic_crosstab *t = obj;
    size_t nc = micic_crosstab_ncols(t), i = row / nc, j = row % nc;
    switch (col) {
    case 0: out->s = micic_crosstab_row_label(t, i); break;
    case 1: out->s = micic_crosstab_col_label(t, j); break;
    default: out->i = micic_crosstab_count(t, i, j); break;
    }
}

int micic_crosstab_to_arrow(const micic_crosstab *table, struct ArrowArrayStream *out,
                            micic_error *err) {
    tspec spec[3];
    char rname[64], cname[64];
    size_t nr, nc;
    if (out) memset(out, 0, sizeof *out);
    if (!table || !out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    nr = micic_crosstab_nrows(table);
    nc = micic_crosstab_ncols(table);
    snprintf(rname, sizeof rname, "%s", micic_field_name(micic_crosstab_row_field(table)));
    snprintf(cname, sizeof cname, "%s", micic_field_name(micic_crosstab_col_field(table)));
    if (strcmp(rname, cname) == 0) snprintf(cname + strlen(cname), sizeof cname - strlen(cname), "_2");
    spec[0].name = rname;
    spec[0].type = L_STR;
    spec[1].name = cname;
    spec[1].type = L_STR;
    spec[2].name = "count";
    spec[2].type = L_I64;
    if (nc && nr > ((size_t)-1) / nc) return micic__error(err, MICIC_ENOMEM, "table too large");
    return table_to_arrow(spec, 3, nc ? nr * nc : 0, crosstab_cell, table, out, err);
}
