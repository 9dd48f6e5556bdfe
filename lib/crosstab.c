/*
 * Cross-tabulation of one facet by another (micic/crosstab.h).
 *
 * Levels of a facet
 *   - a facet with a vocabulary (type, stakeholder_type, crisis, phase,
 *     theme, kind, population, need, source) starts with every canonical
 *     label of the vocabulary, in the documented order;
 *   - guideline starts with "1".."15";
 *   - any other value seen is appended as a level in first-seen order.
 *     Values are matched to levels by their folded key (micic__key: case,
 *     accents, quotes, hyphens, white space), the first spelling seen is
 *     the label;
 *   - with include_missing, a final "(none)" level takes records that have
 *     no value in the facet.
 *
 * Counting: for each record that passes the filter, every (row value,
 * column value) pair adds 1 to its cell, so a record with two countries
 * adds to two rows, and a record that lists the same level twice (two
 * spellings of one value, or a repeated value) adds 2. With
 * once_per_record the record's levels are made unique first, so a record
 * adds at most 1 to any cell. Records with no value in either facet add
 * nothing unless include_missing is set.
 *
 * The table owns copies of its labels and is immutable after construction.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "crosstab_internal.h"
#include "fmt_common.h"
#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "micic/crosstab.h"
#include "micic/search.h"
#include "query_internal.h"
#include "tokenize.h"

#define NONE_LABEL "(none)"

struct micic_crosstab {
    micic_field rf, cf;
    int once;
    size_t nrows, ncols;
    char **row_labels; /* owned */
    char **col_labels; /* owned */
    long *counts;      /* nrows * ncols, row-major */
    long *row_tot;
    long *col_tot;
    long total;
    size_t records;
};

/* ------------------------------------------------------------------ */
/* Level sets: labels + a map of folded keys -> level index             */
/* ------------------------------------------------------------------ */

typedef struct levelset {
    micic_field field;
    int vocab;          /* vocabulary of the field, or -1 */
    size_t nfixed;      /* levels that come from the vocabulary / 1..15 */
    char **labels;      /* owned */
    size_t n, cap;
    micic__strmap keys; /* folded key of each non-fixed level -> level index */
    long none;          /* index of "(none)", or -1 */
} levelset;

static void levelset_free(levelset *ls) {
    size_t i;
    for (i = 0; i < ls->n; i++) micic__free(ls->labels[i]);
    micic__free(ls->labels);
    micic__strmap_free(&ls->keys);
    memset(ls, 0, sizeof *ls);
}

static int levelset_push(levelset *ls, const char *label) {
    char *copy;
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 16;
        char **a = micic__realloc(ls->labels, cap * sizeof *a);
        if (!a) return MICIC_ENOMEM;
        ls->labels = a;
        ls->cap = cap;
    }
    copy = micic__strdup(label);
    if (!copy) return MICIC_ENOMEM;
    ls->labels[ls->n++] = copy;
    return MICIC_OK;
}

static int levelset_init(levelset *ls, micic_field f) {
    int v;
    memset(ls, 0, sizeof *ls);
    ls->field = f;
    ls->vocab = -1;
    ls->none = -1;
    if (f == MICIC_FIELD_GUIDELINE) {
        size_t g, n = micic_guideline_count();
        for (g = 1; g <= n; g++) {
            char num[24];
            snprintf(num, sizeof num, "%zu", g);
            if (levelset_push(ls, num) != MICIC_OK) return MICIC_ENOMEM;
        }
    } else if (micic_field_vocab(f, &v)) {
        size_t i, n = micic_vocab_size((micic_vocab)v);
        ls->vocab = v;
        for (i = 0; i < n; i++) {
            const char *l = micic_vocab_label((micic_vocab)v, i);
            if (l && levelset_push(ls, l) != MICIC_OK) return MICIC_ENOMEM;
        }
    }
    ls->nfixed = ls->n;
    return MICIC_OK;
}

/* Level of a fixed (vocabulary / guideline) value, or -1. */
static long fixed_level(const levelset *ls, const char *value) {
    if (ls->field == MICIC_FIELD_GUIDELINE) {
        char *end;
        long n;
        size_t len;
        const char *t = micic__trim(value, strlen(value), &len);
        if (len == 0 || len > 3) return -1;
        n = strtol(t, &end, 10);
        if (end != t + len || n < 1 || (size_t)n > ls->nfixed) return -1;
        return n - 1;
    }
    if (ls->vocab >= 0) {
        int i = micic_vocab_index((micic_vocab)ls->vocab, value);
        if (i >= 0 && (size_t)i < ls->nfixed) return i;
    }
    return -1;
}

/*
 * Level of @p value; when @p add is set an unseen value becomes a new
 * level. *level_out = -1 when the value is unseen and add is 0.
 */
static int levelset_find(levelset *ls, const char *value, int add, long *level_out) {
    char stack[MICIC_FOLD_STACK];
    char *key = NULL;
    size_t klen;
    const size_t *seen;
    long lv = fixed_level(ls, value);
    int rc;
    *level_out = lv;
    if (lv >= 0) return MICIC_OK;
    rc = micic__key(value, strlen(value), stack, sizeof stack, &key, &klen);
    if (rc == MICIC_ENOMEM) return rc;
    if (rc != MICIC_OK) {
        /* not valid UTF-8 (readers reject it, but be safe): use the raw bytes */
        key = (char *)value;
    }
    seen = micic__strmap_get(&ls->keys, key);
    rc = MICIC_OK;
    if (seen) {
        *level_out = (long)*seen;
    } else if (add) {
        if (micic__strmap_put(&ls->keys, key, ls->n, NULL) != MICIC_OK ||
            levelset_push(ls, value) != MICIC_OK) {
            rc = MICIC_ENOMEM;
            goto out;
        }
        *level_out = (long)(ls->n - 1);
    }
out:
    if (key != stack && key != value) micic__free(key);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

/* Levels of one record in one facet, into a growable array. */
typedef struct lvarr {
    long *v;
    size_t n, cap;
} lvarr;

static int lvarr_push(lvarr *a, long x) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        long *v = micic__realloc(a->v, cap * sizeof *v);
        if (!v) return MICIC_ENOMEM;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return MICIC_OK;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void lvarr_unique(lvarr *a) {
    size_t i, k = 0;
    if (a->n < 2) return;
    qsort(a->v, a->n, sizeof *a->v, cmp_long);
    for (i = 0; i < a->n; i++)
        if (k == 0 || a->v[k - 1] != a->v[i]) a->v[k++] = a->v[i];
    a->n = k;
}

static int record_levels(levelset *ls, const micic_practice *p, int include_missing,
                         lvarr *out) {
    size_t i, n = micic_practice_count(p, ls->field);
    out->n = 0;
    for (i = 0; i < n; i++) {
        const char *v = micic_practice_value(p, ls->field, i);
        long lv;
        if (!v || !*v) continue;
        if (levelset_find(ls, v, 0, &lv) != MICIC_OK) return MICIC_ENOMEM;
        if (lv >= 0 && lvarr_push(out, lv) != MICIC_OK) return MICIC_ENOMEM;
    }
    if (out->n == 0 && include_missing && ls->none >= 0)
        return lvarr_push(out, ls->none);
    return MICIC_OK;
}

static int collect_levels(levelset *ls, const micic_practice *p) {
    size_t i, n = micic_practice_count(p, ls->field);
    for (i = 0; i < n; i++) {
        const char *v = micic_practice_value(p, ls->field, i);
        long lv;
        if (!v || !*v) continue;
        if (levelset_find(ls, v, 1, &lv) != MICIC_OK) return MICIC_ENOMEM;
    }
    return MICIC_OK;
}

static int field_ok(micic_field f) { return (int)f >= 0 && f < MICIC_FIELD_COUNT; }

int micic_crosstab_new(const micic_corpus *corpus, micic_field rows, micic_field cols,
                       const micic_crosstab_options *opts, micic_crosstab **out,
                       micic_error *err) {
    micic_crosstab_options defaults = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_crosstab *t = NULL;
    micic_query *q = NULL;
    micic_tokenizer *tok = NULL;
    levelset rl, cl;
    lvarr ra = {NULL, 0, 0}, ca = {NULL, 0, 0};
    unsigned char *pass = NULL;
    size_t n, i;
    int rc = MICIC_ENOMEM;

    if (out) *out = NULL;
    if (!corpus || !out || !field_ok(rows) || !field_ok(cols))
        return micic__error(err, MICIC_EINVAL, "invalid corpus, facet or output");
    if (!opts) opts = &defaults;
    if (opts->version != MICIC_CROSSTAB_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "crosstab options version %d (expected %d)",
                            opts->version, MICIC_CROSSTAB_OPTIONS_VERSION);
    if (opts->filter && *opts->filter) {
        int qrc = micic_query_parse(opts->filter, &q, err);
        if (qrc != MICIC_OK) return qrc;
        /* one tokenizer for the whole call (they are not shareable across threads) */
        if (!(tok = micic__tokenizer_new())) {
            micic_query_free(q);
            return micic__error(err, MICIC_ENOMEM, NULL);
        }
    }
    memset(&rl, 0, sizeof rl);
    memset(&cl, 0, sizeof cl);
    if (levelset_init(&rl, rows) != MICIC_OK || levelset_init(&cl, cols) != MICIC_OK) goto fail;

    n = micic_corpus_size(corpus);
    pass = micic__calloc(n ? n : 1, 1);
    if (!pass) goto fail;
    t = micic__calloc(1, sizeof *t);
    if (!t) goto fail;
    t->rf = rows;
    t->cf = cols;
    t->once = opts->once_per_record ? 1 : 0;

    /* pass 1: filter and levels */
    for (i = 0; i < n; i++) {
        const micic_practice *p = micic_corpus_get(corpus, i);
        if (!p) continue;
        if (q) {
            int m = micic__query_match_tok(q, p, tok);
            if (m < 0) goto fail;
            if (m == 0) continue;
        }
        pass[i] = 1;
        t->records++;
        if (collect_levels(&rl, p) != MICIC_OK || collect_levels(&cl, p) != MICIC_OK) goto fail;
    }
    if (opts->include_missing) {
        if (levelset_push(&rl, NONE_LABEL) != MICIC_OK) goto fail;
        rl.none = (long)(rl.n - 1);
        if (levelset_push(&cl, NONE_LABEL) != MICIC_OK) goto fail;
        cl.none = (long)(cl.n - 1);
    }
    t->nrows = rl.n;
    t->ncols = cl.n;
    if (t->nrows && t->ncols > ((size_t)-1 / sizeof(long)) / t->nrows) {
        rc = MICIC_ELIMIT;
        goto fail;
    }
    t->counts = micic__calloc((t->nrows * t->ncols) != 0 ? t->nrows * t->ncols : 1,
                              sizeof *t->counts);
    t->row_tot = micic__calloc(t->nrows ? t->nrows : 1, sizeof *t->row_tot);
    t->col_tot = micic__calloc(t->ncols ? t->ncols : 1, sizeof *t->col_tot);
    if (!t->counts || !t->row_tot || !t->col_tot) goto fail;

    /* pass 2: counts */
    for (i = 0; i < n; i++) {
        const micic_practice *p = micic_corpus_get(corpus, i);
        size_t a, b;
        if (!pass[i]) continue;
        if (record_levels(&rl, p, opts->include_missing, &ra) != MICIC_OK ||
            record_levels(&cl, p, opts->include_missing, &ca) != MICIC_OK)
            goto fail;
        if (t->once) {
            lvarr_unique(&ra);
            lvarr_unique(&ca);
        }
        for (a = 0; a < ra.n; a++)
            for (b = 0; b < ca.n; b++) t->counts[(size_t)ra.v[a] * t->ncols + (size_t)ca.v[b]]++;
    }
    for (i = 0; i < t->nrows; i++) {
        size_t j;
        for (j = 0; j < t->ncols; j++) {
            long c = t->counts[i * t->ncols + j];
            t->row_tot[i] += c;
            t->col_tot[j] += c;
            t->total += c;
        }
    }
    /* hand the labels over to the table */
    t->row_labels = rl.labels;
    rl.labels = NULL;
    rl.n = 0;
    t->col_labels = cl.labels;
    cl.labels = NULL;
    cl.n = 0;
    rc = MICIC_OK;
    *out = t;
    t = NULL;
    micic_error_clear(err);
fail:
    if (rc != MICIC_OK) {
        /* labels are still in the level sets: free the table's own arrays only */
        if (t) {
            micic__free(t->counts);
            micic__free(t->row_tot);
            micic__free(t->col_tot);
            micic__free(t);
        }
        if (rc == MICIC_ELIMIT)
            micic__error(err, rc, "a %zu x %zu table is too large", rl.n, cl.n);
        else
            micic__error(err, rc, NULL);
    }
    levelset_free(&rl);
    levelset_free(&cl);
    micic__free(ra.v);
    micic__free(ca.v);
    micic__free(pass);
    micic_query_free(q);
    micic__tokenizer_free(tok);
    return rc;
}

void micic_crosstab_free(micic_crosstab *t) {
    size_t i;
    if (!t) return;
    if (t->row_labels)
        for (i = 0; i < t->nrows; i++) micic__free(t->row_labels[i]);
    if (t->col_labels)
        for (i = 0; i < t->ncols; i++) micic__free(t->col_labels[i]);
    micic__free(t->row_labels);
    micic__free(t->col_labels);
    micic__free(t->counts);
    micic__free(t->row_tot);
    micic__free(t->col_tot);
    micic__free(t);
}

micic_field micic_crosstab_row_field(const micic_crosstab *t) {
    return t ? t->rf : MICIC_FIELD_COUNT;
}
micic_field micic_crosstab_col_field(const micic_crosstab *t) {
    return t ? t->cf : MICIC_FIELD_COUNT;
}
size_t micic_crosstab_nrows(const micic_crosstab *t) { return t ? t->nrows : 0; }
size_t micic_crosstab_ncols(const micic_crosstab *t) { return t ? t->ncols : 0; }
const char *micic_crosstab_row_label(const micic_crosstab *t, size_t i) {
    return t && i < t->nrows ? t->row_labels[i] : NULL;
}
const char *micic_crosstab_col_label(const micic_crosstab *t, size_t j) {
    return t && j < t->ncols ? t->col_labels[j] : NULL;
}
long micic_crosstab_count(const micic_crosstab *t, size_t i, size_t j) {
    return t && i < t->nrows && j < t->ncols ? t->counts[i * t->ncols + j] : 0;
}
long micic_crosstab_row_total(const micic_crosstab *t, size_t i) {
    return t && i < t->nrows ? t->row_tot[i] : 0;
}
long micic_crosstab_col_total(const micic_crosstab *t, size_t j) {
    return t && j < t->ncols ? t->col_tot[j] : 0;
}
long micic_crosstab_total(const micic_crosstab *t) { return t ? t->total : 0; }
size_t micic_crosstab_records(const micic_crosstab *t) { return t ? t->records : 0; }

/* ------------------------------------------------------------------ */
/* Rendering (shared with lib/gaps.c through crosstab_internal.h)        */
/* ------------------------------------------------------------------ */

int micic__csv_field(micic_buf *b, const char *s, int last) {
    size_t n = strlen(s), need;
    /* csv_write2 quotes every field and doubles embedded quotes: 2n + 2 */
    if (micic_buf_reserve(b, 2 * n + 3) != MICIC_OK) return MICIC_ENOMEM;
    need = csv_write2(b->data + b->len, 2 * n + 2, s, n, CSV_QUOTE);
    if (need > 2 * n + 2) return MICIC_EINTERNAL;
    b->len += need;
    return micic_buf_putc(b, last ? '\n' : ',');
}

void micic__text_cell(micic_buf *b, const char *s, size_t width, int right) {
    size_t w = micic__utf8_chars(s, strlen(s)), k;
    if (right)
        for (k = w; k < width; k++) micic_buf_putc(b, ' ');
    micic_buf_puts(b, s);
    if (!right)
        for (k = w; k < width; k++) micic_buf_putc(b, ' ');
}

static size_t text_width(const char *s) { return micic__utf8_chars(s, strlen(s)); }

static int render_text(const micic_crosstab *t, micic_buf *b) {
    char corner[64], num[32];
    size_t w0, *w, i, j;
    snprintf(corner, sizeof corner, "%s \\ %s", micic_field_name(t->rf), micic_field_name(t->cf));
    w = micic__calloc(t->ncols + 1, sizeof *w);
    if (!w) return MICIC_ENOMEM;
    w0 = text_width(corner);
    if (w0 < 5) w0 = 5; /* "Total" */
    for (i = 0; i < t->nrows; i++)
        if (text_width(t->row_labels[i]) > w0) w0 = text_width(t->row_labels[i]);
    for (j = 0; j <= t->ncols; j++) {
        long tot = j < t->ncols ? t->col_tot[j] : t->total;
        w[j] = j < t->ncols ? text_width(t->col_labels[j]) : 5;
        snprintf(num, sizeof num, "%ld", tot); /* totals are the widest numbers */
        if (strlen(num) > w[j]) w[j] = strlen(num);
    }
    micic__text_cell(b, corner, w0, 0);
    for (j = 0; j <= t->ncols; j++) {
        micic_buf_puts(b, "  ");
        micic__text_cell(b, j < t->ncols ? t->col_labels[j] : "Total", w[j], 1);
    }
    micic_buf_putc(b, '\n');
    for (i = 0; i <= t->nrows; i++) {
        micic__text_cell(b, i < t->nrows ? t->row_labels[i] : "Total", w0, 0);
        for (j = 0; j <= t->ncols; j++) {
            long c;
            if (i < t->nrows)
                c = j < t->ncols ? t->counts[i * t->ncols + j] : t->row_tot[i];
            else
                c = j < t->ncols ? t->col_tot[j] : t->total;
            snprintf(num, sizeof num, "%ld", c);
            micic_buf_puts(b, "  ");
            micic__text_cell(b, num, w[j], 1);
        }
        micic_buf_putc(b, '\n');
    }
    micic__free(w);
    return b->failed ? MICIC_ENOMEM : MICIC_OK;
}

static int render_csv(const micic_crosstab *t, micic_buf *b) {
    char num[32];
    size_t i, j;
    int rc = micic__csv_field(b, micic_field_name(t->rf), 0);
    for (j = 0; rc == MICIC_OK && j < t->ncols; j++) rc = micic__csv_field(b, t->col_labels[j], 0);
    if (rc == MICIC_OK) rc = micic__csv_field(b, "Total", 1);
    for (i = 0; rc == MICIC_OK && i <= t->nrows; i++) {
        rc = micic__csv_field(b, i < t->nrows ? t->row_labels[i] : "Total", 0);
        for (j = 0; rc == MICIC_OK && j <= t->ncols; j++) {
            long c;
            if (i < t->nrows)
                c = j < t->ncols ? t->counts[i * t->ncols + j] : t->row_tot[i];
            else
                c = j < t->ncols ? t->col_tot[j] : t->total;
            snprintf(num, sizeof num, "%ld", c);
            rc = micic__csv_field(b, num, j == t->ncols);
        }
    }
    return rc;
}

static json_t *levels_json(micic_field f, char **labels, size_t n) {
    json_t *o = json_object(), *a = json_array();
    size_t i;
    if (!o || !a) goto fail;
    for (i = 0; i < n; i++)
        if (json_array_append_new(a, json_string(labels[i])) != 0) goto fail;
    if (json_object_set_new(o, "field", json_string(micic_field_name(f))) != 0) goto fail;
    if (json_object_set_new(o, "levels", a) != 0) {
        a = NULL;
        goto fail;
    }
    return o;
fail:
    json_decref(a);
    json_decref(o);
    return NULL;
}

static json_t *longs_json(const long *v, size_t n) {
    json_t *a = json_array();
    size_t i;
    if (!a) return NULL;
    for (i = 0; i < n; i++) {
        if (json_array_append_new(a, json_integer((json_int_t)v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static int dump_cb(const char *buffer, size_t size, void *data) {
    return micic_buf_append((micic_buf *)data, buffer, size) == MICIC_OK ? 0 : -1;
}

int micic__json_dump(json_t *root, micic_buf *b) {
    if (!root || json_dump_callback(root, dump_cb, b, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        return MICIC_ENOMEM;
    return micic_buf_putc(b, '\n');
}

static int render_json(const micic_crosstab *t, micic_buf *b) {
    json_t *root = json_object(), *counts = json_array();
    size_t i;
    int ok = root && counts, rc;
    for (i = 0; ok && i < t->nrows; i++)
        ok = json_array_append_new(counts, longs_json(t->counts + i * t->ncols, t->ncols)) == 0;
    ok = ok && json_object_set_new(root, "rows", levels_json(t->rf, t->row_labels, t->nrows)) == 0;
    ok = ok && json_object_set_new(root, "cols", levels_json(t->cf, t->col_labels, t->ncols)) == 0;
    ok = ok && json_object_set(root, "counts", counts) == 0;
    ok = ok && json_object_set_new(root, "row_totals", longs_json(t->row_tot, t->nrows)) == 0;
    ok = ok && json_object_set_new(root, "col_totals", longs_json(t->col_tot, t->ncols)) == 0;
    ok = ok && json_object_set_new(root, "total", json_integer((json_int_t)t->total)) == 0;
    ok = ok && json_object_set_new(root, "records", json_integer((json_int_t)t->records)) == 0;
    ok = ok && json_object_set_new(root, "once_per_record", json_boolean(t->once)) == 0;
    json_decref(counts);
    rc = ok ? micic__json_dump(root, b) : MICIC_ENOMEM;
    json_decref(root);
    return rc;
}

int micic_crosstab_render(const micic_crosstab *t, micic_table_format fmt, char **out,
                          micic_error *err) {
    micic_buf b = MICIC_BUF_INIT;
    int rc;
    if (out) *out = NULL;
    if (!t || !out) return micic__error(err, MICIC_EINVAL, "invalid table or output");
    switch (fmt) {
    case MICIC_TABLE_TEXT: rc = render_text(t, &b); break;
    case MICIC_TABLE_CSV: rc = render_csv(t, &b); break;
    case MICIC_TABLE_JSON: rc = render_json(t, &b); break;
    default:
        return micic__error(err, MICIC_EINVAL, "unknown table format %d", (int)fmt);
    }
    if (rc != MICIC_OK || !(*out = micic_buf_detach(&b))) {
        micic_buf_free(&b);
        return micic__error(err, rc != MICIC_OK ? rc : MICIC_ENOMEM, NULL);
    }
    micic_error_clear(err);
    return MICIC_OK;
}
