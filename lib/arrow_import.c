/*
 * Arrow C Stream Interface import (micic_corpus_from_arrow, micic/arrow.h):
 * the record batches of any producer (micic_corpus_to_arrow, pyarrow,
 * polars, DuckDB) read into practices through the same reading context as
 * the CSV and JSON readers (lib/fmt_common.c), so values are canonicalized,
 * cut and reported the same way.
 */
#include <errno.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "internal.h"
#include "micic/arrow.h"

/* ------------------------------------------------------------------ */
/* Typed views of the arrays                                            */
/* ------------------------------------------------------------------ */

enum kind { K_NULL, K_STR32, K_STR64, K_VIEW, K_INT };

/* A leaf: strings, integers or nulls, possibly dictionary-encoded. */
typedef struct leafr {
    enum kind kind;
    int width;      /* K_INT: bytes */
    int is_signed;  /* K_INT */
    const struct ArrowArray *a;
    struct leafr *dict; /* dictionary-encoded: the index is this leaf (K_INT) */
} leafr;

enum shape { S_LEAF, S_LIST32, S_LIST64, S_MAP };

typedef struct colr {
    enum shape shape;
    const struct ArrowArray *a; /* the column array */
    leafr item;                 /* leaf, list item or map key */
    leafr value;                /* map value */
    leafr dict_item, dict_value;
} colr;

static int leaf_type(const struct ArrowSchema *s, enum kind *kind, int *width, int *is_signed) {
    const char *f = s->format;
    *width = 0;
    *is_signed = 0;
    if (!f) return 0;
    if (strcmp(f, "n") == 0) *kind = K_NULL;
    else if (strcmp(f, "u") == 0 || strcmp(f, "z") == 0) *kind = K_STR32;
    else if (strcmp(f, "U") == 0 || strcmp(f, "Z") == 0) *kind = K_STR64;
    else if (strcmp(f, "vu") == 0 || strcmp(f, "vz") == 0) *kind = K_VIEW;
    else if (f[1] == '\0' && strchr("cCsSiIlL", f[0])) {
        *kind = K_INT;
        *is_signed = f[0] == 'c' || f[0] == 's' || f[0] == 'i' || f[0] == 'l';
        *width = f[0] == 'c' || f[0] == 'C' ? 1 : f[0] == 's' || f[0] == 'S' ? 2
                 : f[0] == 'i' || f[0] == 'I' ? 4 : 8;
    } else
        return 0;
    return 1;
}

/* Type of a leaf schema (with its dictionary); 0 when unsupported. */
static int leaf_schema_ok(const struct ArrowSchema *s, leafr *l, leafr *dict) {
    enum kind k;
    int w, sg;
    memset(l, 0, sizeof *l);
    if (!leaf_type(s, &k, &w, &sg)) return 0;
    l->kind = k;
    l->width = w;
    l->is_signed = sg;
    if (s->dictionary) {
        if (k != K_INT || !dict) return 0;
        memset(dict, 0, sizeof *dict);
        if (s->dictionary->dictionary || !leaf_type(s->dictionary, &dict->kind, &dict->width,
                                                    &dict->is_signed))
            return 0;
        l->dict = dict;
    }
    return 1;
}

/* Shape and leaf types of a column schema; 0 when unsupported. */
static int col_schema_ok(const struct ArrowSchema *s, colr *c) {
    memset(c, 0, sizeof *c);
    if (!s->format) return 0;
    if (strcmp(s->format, "+l") == 0 || strcmp(s->format, "+L") == 0) {
        c->shape = s->format[1] == 'l' ? S_LIST32 : S_LIST64;
        return s->n_children == 1 && leaf_schema_ok(s->children[0], &c->item, &c->dict_item);
    }
    if (strcmp(s->format, "+m") == 0) {
        const struct ArrowSchema *e = s->n_children == 1 ? s->children[0] : NULL;
        c->shape = S_MAP;
        return e && e->n_children == 2 &&
               leaf_schema_ok(e->children[0], &c->item, &c->dict_item) &&
               leaf_schema_ok(e->children[1], &c->value, &c->dict_value);
    }
    c->shape = S_LEAF;
    return leaf_schema_ok(s, &c->item, &c->dict_item);
}

/* Attach the arrays of a batch to a column reader; 0 when they do not fit. */
static int leaf_bind(leafr *l, const struct ArrowArray *a) {
    l->a = a;
    if (!a) return 0;
    if (l->kind == K_NULL) return 1;
    if (l->kind == K_VIEW) {
        if (a->n_buffers < 2) return 0;
    } else if (a->n_buffers < (l->kind == K_INT ? 2 : 3)) {
        return 0;
    }
    if (l->dict) return a->dictionary && leaf_bind(l->dict, a->dictionary);
    return 1;
}

static int col_bind(colr *c, const struct ArrowArray *a) {
    c->a = a;
    if (!a) return 0;
    if (c->shape == S_LEAF) return leaf_bind(&c->item, a);
    if (a->n_buffers < 2 || a->n_children != 1 || !a->buffers[1]) return 0;
    if (c->shape == S_MAP) {
        const struct ArrowArray *e = a->children[0];
        return e && e->n_children == 2 && leaf_bind(&c->item, e->children[0]) &&
               leaf_bind(&c->value, e->children[1]);
    }
    return leaf_bind(&c->item, a->children[0]);
}

static int bit_valid(const struct ArrowArray *a, int64_t i) {
    const uint8_t *v;
    if (a->null_count == 0 || a->n_buffers < 1 || !(v = a->buffers[0])) return 1;
    i += a->offset;
    return (v[i / 8] >> (i % 8)) & 1;
}

static long long int_at(const leafr *l, const struct ArrowArray *a, int64_t i,
                        unsigned long long *u) {
    const void *b = a->buffers[1];
    i += a->offset;
    *u = 0;
    switch (l->width) {
    case 1: return l->is_signed ? ((const int8_t *)b)[i] : (long long)(*u = ((const uint8_t *)b)[i]);
    case 2: return l->is_signed ? ((const int16_t *)b)[i] : (long long)(*u = ((const uint16_t *)b)[i]);
    case 4: return l->is_signed ? ((const int32_t *)b)[i] : (long long)(*u = ((const uint32_t *)b)[i]);
    default:
        if (l->is_signed) return ((const int64_t *)b)[i];
        *u = ((const uint64_t *)b)[i];
        return 0;
    }
}

/* Text of leaf element i: 1 with *s, *n (numbers formatted into num), 0 null. */
static int leaf_get(const leafr *l, int64_t i, const char **s, size_t *n, char num[32]) {
    const struct ArrowArray *a = l->a;
    if (l->kind == K_NULL || !bit_valid(a, i)) return 0;
    if (l->dict) {
        unsigned long long u;
        long long k = int_at(l, a, i, &u);
        int64_t idx = l->is_signed ? (int64_t)k : (int64_t)u;
        if (idx < 0 || idx >= l->dict->a->length) return 0;
        return leaf_get(l->dict, idx, s, n, num);
    }
    switch (l->kind) {
    case K_STR32: {
        const int32_t *o = (const int32_t *)a->buffers[1] + a->offset + i;
        *s = (const char *)a->buffers[2] + o[0];
        *n = (size_t)(o[1] - o[0]);
        return 1;
    }
    case K_STR64: {
        const int64_t *o = (const int64_t *)a->buffers[1] + a->offset + i;
        *s = (const char *)a->buffers[2] + o[0];
        *n = (size_t)(o[1] - o[0]);
        return 1;
    }
    case K_VIEW: {
        const uint8_t *v = (const uint8_t *)a->buffers[1] + (size_t)(a->offset + i) * 16;
        int32_t len, bufi, off;
        memcpy(&len, v, 4);
        if (len <= 12) {
            *s = (const char *)v + 4;
        } else {
            memcpy(&bufi, v + 8, 4);
            memcpy(&off, v + 12, 4);
            if (bufi < 0 || 2 + (int64_t)bufi >= a->n_buffers) return 0;
            *s = (const char *)a->buffers[2 + bufi] + off;
        }
        *n = len < 0 ? 0 : (size_t)len;
        return 1;
    }
    case K_INT: {
        unsigned long long u;
        long long k = int_at(l, a, i, &u);
        if (l->is_signed) snprintf(num, 32, "%lld", k);
        else snprintf(num, 32, "%llu", u);
        *s = num;
        *n = strlen(num);
        return 1;
    }
    default: return 0;
    }
}

/* Range [*b, *e) of the items of row i of a list or map column. */
static void list_range(const colr *c, int64_t i, int64_t *b, int64_t *e) {
    const struct ArrowArray *a = c->a;
    if (!bit_valid(a, i)) {
        *b = *e = 0;
        return;
    }
    if (c->shape == S_LIST64) {
        const int64_t *o = (const int64_t *)a->buffers[1] + a->offset + i;
        *b = o[0];
        *e = o[1];
    } else {
        const int32_t *o = (const int32_t *)a->buffers[1] + a->offset + i;
        *b = o[0];
        *e = o[1];
    }
}

/* Element k of row i: for a leaf column k is 0. 1 value, 0 null/absent. */
static int col_get(const colr *c, int64_t i, int64_t k, const char **s, size_t *n,
                   char num[32]) {
    int64_t b, e;
    if (c->shape == S_LEAF) return k == 0 ? leaf_get(&c->item, i, s, n, num) : 0;
    list_range(c, i, &b, &e);
    if (k >= e - b) return 0;
    return leaf_get(&c->item, b + k, s, n, num);
}

static int64_t col_count(const colr *c, int64_t i) {
    int64_t b, e;
    if (c->shape == S_LEAF) return 1;
    list_range(c, i, &b, &e);
    return e > b ? e - b : 0;
}

/* ------------------------------------------------------------------ */
/* Columns -> fields                                                    */
/* ------------------------------------------------------------------ */

enum role { R_VALUE, R_ORIGINAL, R_LINE, R_COLUMN, R_REC_SOURCE, R_REC_LINE, R_REC_COLUMN,
            R_EXTRA, R_UNKNOWN, R_SKIP };

typedef struct incol {
    enum role role;
    micic_field f;
    const char *name;
    colr c;
} incol;

typedef struct imp {
    micic__rd *rd;
    incol *cols;
    int64_t ncols;
    /* per field: the columns of its values, originals, lines and columns */
    int value_col[MICIC_FIELD_COUNT];
    int orig_col[MICIC_FIELD_COUNT];
    int line_col[MICIC_FIELD_COUNT];
    int column_col[MICIC_FIELD_COUNT];
    int rec_source, rec_line, rec_column;
    micic_buf text, orig, label, scratch, source;
    size_t row_bytes;
} imp;

static int suffix_field(const char *name, const char *suffix, micic_field *f) {
    size_t n = strlen(name), m = strlen(suffix);
    char buf[64];
    if (n <= m || n - m >= sizeof buf || strcmp(name + n - m, suffix) != 0) return 0;
    memcpy(buf, name, n - m);
    buf[n - m] = '\0';
    return micic__field_lookup(buf, f) == MICIC_OK;
}

static int plan_columns(imp *im, const struct ArrowSchema *schema) {
    int64_t i;
    int f, rc = MICIC_OK;
    for (f = 0; f < MICIC_FIELD_COUNT; f++)
        im->value_col[f] = im->orig_col[f] = im->line_col[f] = im->column_col[f] = -1;
    im->rec_source = im->rec_line = im->rec_column = -1;
    im->ncols = schema->n_children;
    im->cols = im->ncols ? micic__calloc((size_t)im->ncols, sizeof *im->cols) : NULL;
    if (im->ncols && !im->cols) return micic__error(im->rd->err, MICIC_ENOMEM, NULL);
    for (i = 0; i < im->ncols && rc == MICIC_OK; i++) {
        const struct ArrowSchema *s = schema->children[i];
        incol *c = &im->cols[i];
        micic_field fld;
        const char *name = s && s->name ? s->name : "";
        int ok = s && col_schema_ok(s, &c->c);
        c->name = name;
        c->role = R_SKIP;
        if (strcmp(name, "extra") == 0) {
            c->role = R_EXTRA;
            ok = ok && c->c.shape == S_MAP;
        } else if (ok && c->c.shape == S_MAP) {
            ok = 0;
        } else if (micic__field_lookup(name, &fld) == MICIC_OK) {
            c->role = R_VALUE;
            c->f = fld;
            if (im->value_col[fld] >= 0) {
                /* a second column of the same field: its values are kept as extras */
                c->role = R_UNKNOWN;
            } else {
                im->value_col[fld] = (int)i;
            }
        } else if (suffix_field(name, "_original", &fld)) {
            c->role = R_ORIGINAL;
            c->f = fld;
            im->orig_col[fld] = (int)i;
        } else if (suffix_field(name, "_line", &fld) && c->c.item.kind == K_INT) {
            c->role = R_LINE;
            c->f = fld;
            im->line_col[fld] = (int)i;
        } else if (suffix_field(name, "_column", &fld) && c->c.item.kind == K_INT) {
            c->role = R_COLUMN;
            c->f = fld;
            im->column_col[fld] = (int)i;
        } else if (strcmp(name, "record_source") == 0 && c->c.shape == S_LEAF) {
            c->role = R_REC_SOURCE;
            im->rec_source = (int)i;
        } else if (strcmp(name, "record_line") == 0 && c->c.item.kind == K_INT) {
            c->role = R_REC_LINE;
            im->rec_line = (int)i;
        } else if (strcmp(name, "record_column") == 0 && c->c.item.kind == K_INT) {
            c->role = R_REC_COLUMN;
            im->rec_column = (int)i;
        } else {
            c->role = R_UNKNOWN;
            if (ok) rc = micic__rd_unknown_label(im->rd, name, 1, (int)i + 1);
        }
        if (!ok) {
            if (c->role == R_VALUE) im->value_col[c->f] = -1;
            if (c->role == R_ORIGINAL) im->orig_col[c->f] = -1;
            c->role = R_SKIP;
            if (rc == MICIC_OK)
                rc = micic__rd_diag(im->rd, MICIC_CODE_JSON_TYPE, -1, NULL, name, 1, (int)i + 1,
                                    s && s->format ? s->format : "",
                                    "Arrow column '%s' of type '%s' cannot hold practice "
                                    "values; column skipped",
                                    name, s && s->format ? s->format : "?");
        }
    }
    return rc;
}

/* s[0..n) as a NUL-terminated UTF-8 string in buf (bad bytes -> U+FFFD,
 * reported). NULL on allocation failure. */
static const char *clean_text(imp *im, micic_buf *buf, const char *s, size_t n, long index,
                              const char *field, int line, int col, int *rc) {
    size_t bad;
    micic_buf_clear(buf);
    *rc = MICIC_OK;
    im->row_bytes += n;
    if (micic__utf8_scan(s, n) == n) {
        if (micic_buf_append(buf, s, n) != MICIC_OK || !micic_buf_cstr(buf)) goto nomem;
        return buf->data;
    }
    bad = micic__utf8_sanitize(s, n, buf);
    if (bad == (size_t)-1 || !micic_buf_cstr(buf)) goto nomem;
    *rc = micic__rd_diag(im->rd, memchr(s, '\0', n) ? MICIC_CODE_NUL_BYTE : MICIC_CODE_INVALID_UTF8,
                         index, NULL, field, line, col, NULL,
                         "%zu invalid UTF-8 or NUL byte(s) replaced by U+FFFD", bad);
    return *rc == MICIC_OK ? buf->data : NULL;
nomem:
    *rc = micic__error(im->rd->err, MICIC_ENOMEM, NULL);
    return NULL;
}

static int int_cell(const imp *im, int col, int64_t row, int64_t k, int dflt) {
    const char *s;
    size_t n;
    char num[32];
    long v;
    if (col < 0 || !col_get(&im->cols[col].c, row, k, &s, &n, num)) return dflt;
    v = strtol(s, NULL, 10);
    return v < 0 || v > INT32_MAX ? dflt : (int)v;
}

/* The values of one column of row `row` (batch row) into p. */
static int take_column(imp *im, micic_practice *p, int ci, int64_t row, long index, int line) {
    incol *c = &im->cols[ci];
    int64_t k, m = col_count(&c->c, row);
    int rc = MICIC_OK, col = ci + 1;
    char num[32], num2[32];
    if (c->role == R_EXTRA) {
        int64_t b, e;
        list_range(&c->c, row, &b, &e);
        for (k = b; k < e && rc == MICIC_OK; k++) {
            const char *ls, *vs = "", *lab, *val;
            size_t ln, vn = 0;
            if (!leaf_get(&c->c.item, k, &ls, &ln, num)) continue;
            if (!leaf_get(&c->c.value, k, &vs, &vn, num2)) {
                vs = "";
                vn = 0;
            }
            lab = clean_text(im, &im->label, ls, ln, index, "extra", line, col, &rc);
            if (!lab) break;
            val = clean_text(im, &im->text, vs, vn, index, lab, line, col, &rc);
            if (!val) break;
            rc = micic__rd_add_extra(im->rd, p, lab, val, im->text.len, line, col, index,
                                     &im->scratch);
        }
        return rc;
    }
    for (k = 0; k < m && rc == MICIC_OK; k++) {
        const char *s, *v, *o = NULL;
        size_t n;
        int vline = line, vcol = col;
        if (!col_get(&c->c, row, k, &s, &n, num) || n == 0) continue;
        if (c->role == R_UNKNOWN) {
            v = clean_text(im, &im->text, s, n, index, c->name, line, col, &rc);
            if (v)
                rc = micic__rd_add_extra(im->rd, p, c->name, v, im->text.len, line, col, index,
                                         &im->scratch);
            continue;
        }
        /* R_VALUE */
        if (im->line_col[c->f] >= 0) vline = int_cell(im, im->line_col[c->f], row, k, 0);
        if (im->column_col[c->f] >= 0) vcol = int_cell(im, im->column_col[c->f], row, k, 0);
        v = clean_text(im, &im->text, s, n, index, micic_field_name(c->f), vline, vcol, &rc);
        if (!v) break;
        if (im->orig_col[c->f] >= 0) {
            const char *os;
            size_t on;
            if (col_get(&im->cols[im->orig_col[c->f]].c, row, k, &os, &on, num2)) {
                o = clean_text(im, &im->orig, os, on, index, micic_field_name(c->f), vline,
                               vcol, &rc);
                if (!o) break;
            }
        }
        rc = micic__rd_add_value(im->rd, p, c->f, v, im->text.len, o, vline, vcol, index,
                                 &im->scratch);
    }
    return rc;
}

static int take_row(imp *im, int64_t row, long index, int line) {
    micic__rd *rd = im->rd;
    const char *source = rd->source;
    int rline = line, rcol = 1, rc = MICIC_OK;
    int64_t ci;
    micic_practice *p = micic_practice_new();
    if (!p) return micic__error(rd->err, MICIC_ENOMEM, NULL);
    im->row_bytes = 0;
    if (im->rec_source >= 0) {
        const char *s;
        size_t n;
        char num[32];
        if (col_get(&im->cols[im->rec_source].c, row, 0, &s, &n, num) && n > 0) {
            const char *t = clean_text(im, &im->source, s, n, index, "record_source", line, 1,
                                       &rc);
            if (!t) {
                micic_practice_free(p);
                return rc;
            }
            rd->source = t;
        }
    }
    if (im->rec_line >= 0) rline = int_cell(im, im->rec_line, row, 0, 0);
    if (im->rec_column >= 0) rcol = int_cell(im, im->rec_column, row, 0, 0);
    if (micic_practice_set_record_location(p, rd->source, rline, rcol, rd->err) != MICIC_OK)
        rc = MICIC_ENOMEM;
    for (ci = 0; ci < im->ncols && rc == MICIC_OK; ci++) {
        enum role r = im->cols[ci].role;
        if (r == R_VALUE || r == R_EXTRA || r == R_UNKNOWN)
            rc = take_column(im, p, (int)ci, row, index, line);
    }
    if (rc == MICIC_OK && im->row_bytes > rd->max_record) {
        micic_practice_free(p);
        p = NULL;
        rc = micic__rd_diag(rd, MICIC_CODE_LIMIT, index, NULL, NULL, line, 1, NULL,
                            "record of %zu bytes, larger than the limit of %zu bytes, rejected",
                            im->row_bytes, rd->max_record);
        micic__rd_reject(rd);
    }
    rd->source = source;
    if (rc != MICIC_OK) {
        micic_practice_free(p);
        return rc;
    }
    return p ? micic__rd_accept(rd, p) : MICIC_OK;
}

static int stream_error(micic__rd *rd, struct ArrowArrayStream *s, int e, const char *what) {
    const char *msg = s->get_last_error ? s->get_last_error(s) : NULL;
    if (e == ENOMEM) return micic__error(rd->err, MICIC_ENOMEM, "Arrow stream: out of memory");
    return micic__error(rd->err, MICIC_EFORMAT, "Arrow stream: %s failed: %s", what,
                        msg ? msg : strerror(e));
}

int micic_corpus_from_arrow(micic_corpus *corpus, struct ArrowArrayStream *stream,
                            const char *source_name, const micic_read_options *opts,
                            micic_error *err) {
    micic__rd rd;
    imp im;
    struct ArrowSchema schema;
    int rc, e;
    size_t rows = 0;
    if (!stream || !stream->release) return micic__error(err, MICIC_EINVAL, "NULL or released stream");
    if (!corpus) {
        stream->release(stream);
        return micic__error(err, MICIC_EINVAL, "NULL corpus");
    }
    if (!source_name) source_name = "<arrow>";
    rc = micic__rd_init(&rd, source_name, opts, micic_corpus_read_report_mutable(corpus), corpus,
                        NULL, NULL, err);
    if (rc != MICIC_OK) {
        stream->release(stream);
        return rc;
    }
    memset(&im, 0, sizeof im);
    im.rd = &rd;
    memset(&schema, 0, sizeof schema);
    e = stream->get_schema(stream, &schema);
    if (e != 0) {
        rc = stream_error(&rd, stream, e, "get_schema");
        goto done;
    }
    if (!schema.format || strcmp(schema.format, "+s") != 0) {
        rc = micic__error(err, MICIC_EFORMAT,
                          "Arrow stream: a table (struct of columns) was expected, not type '%s'",
                          schema.format ? schema.format : "?");
        goto done;
    }
    if ((rc = plan_columns(&im, &schema)) != MICIC_OK) goto done;
    for (;;) {
        struct ArrowArray batch;
        int64_t r, ci;
        memset(&batch, 0, sizeof batch);
        e = stream->get_next(stream, &batch);
        if (e != 0) {
            rc = stream_error(&rd, stream, e, "get_next");
            break;
        }
        if (!batch.release) break; /* end of stream */
        if (batch.n_children != im.ncols) {
            rc = micic__error(err, MICIC_EFORMAT, "Arrow stream: a batch of %" PRId64
                              " columns in a table of %" PRId64, batch.n_children, im.ncols);
        }
        for (ci = 0; ci < im.ncols && rc == MICIC_OK; ci++) {
            incol *c = &im.cols[ci];
            if (c->role == R_SKIP) continue;
            if (!col_bind(&c->c, batch.children[ci]) ||
                batch.children[ci]->length < batch.offset + batch.length)
                rc = micic__error(err, MICIC_EFORMAT,
                                  "Arrow stream: column '%s' does not match its schema",
                                  c->name);
        }
        for (r = 0; r < batch.length && rc == MICIC_OK; r++) {
            long index = MICIC__RD_INDEX(&rd);
            int line = rows + 1 > (size_t)INT32_MAX ? INT32_MAX : (int)(rows + 1);
            rc = take_row(&im, batch.offset + r, index, line);
            rows++;
        }
        batch.release(&batch);
        if (rc == MICIC_OK) rc = micic__rd_progress(&rd, rows, 0);
        if (rc != MICIC_OK) break;
    }
done:
    if (schema.release) schema.release(&schema);
    stream->release(stream);
    micic__free(im.cols);
    micic_buf_free(&im.text);
    micic_buf_free(&im.orig);
    micic_buf_free(&im.label);
    micic_buf_free(&im.scratch);
    micic_buf_free(&im.source);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}
