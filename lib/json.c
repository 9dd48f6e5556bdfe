/*
 * JSON and JSON Lines readers and writers, built on jansson. The formats
 * and data/practice.schema.json are documented in docs/formats.md.
 *
 * Reading JSON: the document is a sequence of top-level values (normally
 * one): an array of record objects, or a record object. Arrays are walked
 * element by element (jansson's JSON_DISABLE_EOF_CHECK decodes one element
 * and reports how many bytes it used), so only one element's tree is alive
 * at a time, every record gets the line:column where its object starts,
 * and a syntax error rejects one record: reading resynchronises on the
 * next element (resync(): the next '{' that can start one, newlines ending
 * strings), saying how many bytes were skipped; a missing ',' between
 * elements is reported and forgiven, a stray token skipped. An element's
 * size is measured (element_end) before it is decoded, so one larger than
 * max_record_bytes is rejected without building its tree. A JSON file is
 * read in place (micic__json_doc on the mapped file, io.c): its bytes are
 * checked and then
 * walked a megabyte at a time, each megabyte handed back once read.
 *
 * Reading JSON Lines: each line is an independent document; a bad line is
 * one rejected record, the others are read. The streaming reader keeps one
 * line in memory (at most max_record_bytes; longer lines are rejected).
 *
 * Invalid UTF-8 and NUL bytes are replaced by U+FFFD before jansson sees
 * the text ("invalid-utf8" / "nul-byte" with line:column; records kept), so
 * the treatment matches the CSV reader. "\u0000" escapes inside strings are
 * accepted (JSON_ALLOW_NUL) and become U+FFFD with a "nul-byte" diagnostic.
 *
 * Wrong JSON types ("country": true) give "json-type" with the record index
 * and the field, at the value's line:column (jindex: the keys and values of
 * the record found by one scan of its text); the record is kept without
 * that value. Numbers where strings are expected are kept as text, null is
 * no value, a duplicate key keeps the last value: each with "json-type".
 *
 * Values are canonicalized like in every reader (micic_practice_add with
 * value NULL: the text read is the original), except values that have an
 * original in the record's "original" object: those are taken as written
 * and the original restored, so JSON written with originals reads back
 * exactly (docs/formats.md).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "io_internal.h"
#include "micic/practice.h"
#include "micic/report.h"

#define LOAD_FLAGS (JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_ALLOW_NUL)
#define STREAM_CHUNK ((size_t)64 * 1024)
#define PROGRESS_STEP ((size_t)1 << 20)
#define WRITE_FLUSH ((size_t)64 * 1024)

/* ------------------------------------------------------------------ */
/* Reading: JSON value -> practice                                      */
/* ------------------------------------------------------------------ */

typedef struct jctx {
    micic__rd *rd;
    /* micic__json_doc(): pages of the document behind the reader are handed
       back (release) as it goes, every PROGRESS_STEP bytes */
    micic__release_fn release;
    void *release_payload;
    const char *doc;   /* the text release() applies to (NULL: none) */
    size_t released;   /* doc[0..released) handed back */
    size_t input_len;  /* micic__json_doc(): bytes of the document as given; progress
                          is reported against it (a sanitized copy may be longer) */
    micic_buf scratch; /* value copy for micic__rd_add_* */
    micic_buf text;    /* string with NULs replaced */
    micic_buf orig;    /* original text (NUL-terminated copy) */
    micic_buf clean;   /* sanitized input line */
    /* the text of the record being converted (positions of its values) */
    const char *etext;
    size_t elen;
    struct jindex *top, *ext; /* its keys, and the keys of its "extra" */
} jctx;

/*
 * Positions of the keys and values of an object in the record's text
 * (jctx.etext): built by one linear scan when the record is converted, so
 * that every diagnostic and every value location points at the value
 * (line:column), and duplicate keys are found. Keys are compared as
 * written (escapes not decoded: a key with a backslash is not found and
 * its values get the record's position).
 */
typedef struct jkey {
    const char *k; /* the key as written, between its quotes */
    size_t klen;
    size_t seq;    /* order in the object */
    size_t voff;   /* offset of the value in etext */
    int kline, kcol, vline, vcol;
} jkey;

typedef struct jindex {
    jkey *v;
    size_t n, cap;
    int sorted;
    /* the last array item located (item_pos): later items go on from it */
    size_t it_voff, it_i, it_off;
    int it_line, it_col;
} jindex;

static void jindex_free(struct jindex *x) {
    if (x) micic__free(x->v);
    micic__free(x);
}

static void jctx_free(jctx *j) {
    micic_buf_free(&j->scratch);
    micic_buf_free(&j->text);
    micic_buf_free(&j->orig);
    micic_buf_free(&j->clean);
    jindex_free(j->top);
    jindex_free(j->ext);
}

/* Where the record being converted is, and the value being read. */
typedef struct recpos {
    long index;
    int line;       /* the value being read (the record's start when unknown) */
    int col;
    int rline;      /* the record's start */
    int rcol;
    const char *id; /* id given in the object, or NULL */
    const jkey *key; /* the key of the value being read, or NULL */
} recpos;

/* ---- scanning the record's text -------------------------------------- */

typedef struct scan {
    const char *s;
    size_t n, i;
    int line, col;
} scan;

static void sc_adv(scan *c) {
    unsigned char u = (unsigned char)c->s[c->i++];
    if (u == '\n') {
        c->line++;
        c->col = 1;
    } else if ((u & 0xC0) != 0x80) {
        c->col++;
    }
}

static void sc_ws(scan *c) {
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
                           c->s[c->i] == '\r'))
        sc_adv(c);
}

/* Past a string whose opening quote is at c->i. */
static void sc_string(scan *c) {
    sc_adv(c);
    while (c->i < c->n && c->s[c->i] != '"') {
        if (c->s[c->i] == '\\' && c->i + 1 < c->n) sc_adv(c);
        sc_adv(c);
    }
    if (c->i < c->n) sc_adv(c);
}

/* Past the value at c->i. */
static void sc_value(scan *c) {
    long depth = 0;
    if (c->i >= c->n) return;
    if (c->s[c->i] == '"') {
        sc_string(c);
        return;
    }
    if (c->s[c->i] != '{' && c->s[c->i] != '[') {
        while (c->i < c->n && !strchr(",}] \t\r\n", c->s[c->i])) sc_adv(c);
        return;
    }
    while (c->i < c->n) {
        char ch = c->s[c->i];
        if (ch == '"') {
            sc_string(c);
            continue;
        }
        if (ch == '{' || ch == '[') depth++;
        else if (ch == '}' || ch == ']') depth--;
        sc_adv(c);
        if (depth == 0) return;
    }
}

static int key_cmp(const void *a, const void *b) {
    const jkey *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int d = memcmp(x->k, y->k, n);
    if (d) return d;
    if (x->klen != y->klen) return x->klen < y->klen ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Index the object whose '{' is at etext[off] (line:col), into *xp
 * (allocated on first use). MICIC_OK or MICIC_ENOMEM. */
static int index_object(jctx *j, struct jindex **xp, size_t off, int line, int col) {
    jindex *x = *xp;
    scan c;
    if (!x && !(x = *xp = micic__calloc(1, sizeof *x)))
        return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
    x->n = 0;
    x->sorted = 0;
    x->it_voff = (size_t)-1;
    c.s = j->etext;
    c.n = j->elen;
    c.i = off;
    c.line = line;
    c.col = col;
    if (c.i >= c.n || c.s[c.i] != '{') return MICIC_OK;
    sc_adv(&c);
    for (;;) {
        jkey *k;
        sc_ws(&c);
        if (c.i >= c.n || c.s[c.i] != '"') break;
        if (x->n == x->cap) {
            size_t cap = x->cap ? x->cap * 2 : 16;
            jkey *a = micic__realloc(x->v, cap * sizeof *a);
            if (!a) return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
            x->v = a;
            x->cap = cap;
        }
        k = &x->v[x->n];
        k->kline = c.line;
        k->kcol = c.col;
        k->k = c.s + c.i + 1;
        sc_string(&c);
        k->klen = (size_t)(c.s + c.i - k->k) - 1;
        k->seq = x->n++;
        sc_ws(&c);
        if (c.i >= c.n || c.s[c.i] != ':') break;
        sc_adv(&c);
        sc_ws(&c);
        k->voff = c.i;
        k->vline = c.line;
        k->vcol = c.col;
        sc_value(&c);
        sc_ws(&c);
        if (c.i >= c.n || c.s[c.i] != ',') break;
        sc_adv(&c);
    }
    if (x->n > 1) qsort(x->v, x->n, sizeof *x->v, key_cmp);
    x->sorted = 1;
    return MICIC_OK;
}

/* The last occurrence of key (decoded, as jansson gives it) in x, or NULL. */
static const jkey *find_key(const jindex *x, const char *key) {
    size_t lo = 0, hi, klen = strlen(key);
    jkey probe;
    if (!x || !x->sorted || x->n == 0) return NULL;
    probe.k = key;
    probe.klen = klen;
    probe.seq = (size_t)-1;
    hi = x->n;
    while (lo < hi) { /* first entry greater than (key, last seq) */
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&x->v[mid], &probe) <= 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return NULL;
    return x->v[lo - 1].klen == klen && memcmp(x->v[lo - 1].k, key, klen) == 0 ? &x->v[lo - 1]
                                                                              : NULL;
}

/* Duplicate keys of x: a diagnostic at each key after the first. */
static int duplicate_keys(jctx *j, const jindex *x, const recpos *rp, const char *where) {
    size_t i;
    int rc = MICIC_OK;
    if (!x) return MICIC_OK;
    for (i = 1; i < x->n && rc == MICIC_OK; i++) {
        const jkey *a = &x->v[i - 1], *b = &x->v[i];
        char name[96];
        size_t nl;
        if (a->klen != b->klen || memcmp(a->k, b->k, a->klen) != 0) continue;
        nl = micic__utf8_cut(b->k, b->klen, sizeof name - 1);
        memcpy(name, b->k, nl);
        name[nl] = '\0';
        rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, name, b->kline,
                            b->kcol, "duplicate", "duplicate key '%s'%s: the last value is "
                            "kept, the one before (line %d, column %d) is dropped",
                            name, where, a->vline, a->vcol);
    }
    return rc;
}

/* Line:column of item i of the array value of k (from the last item
 * located when it is earlier in the same array: linear over an array). */
static void item_pos(jctx *j, jindex *x, const jkey *k, size_t i, int *line, int *col) {
    scan c;
    size_t at;
    *line = k->vline;
    *col = k->vcol;
    c.s = j->etext;
    c.n = j->elen;
    if (x->it_voff == k->voff && x->it_i <= i) {
        c.i = x->it_off;
        c.line = x->it_line;
        c.col = x->it_col;
        at = x->it_i;
    } else {
        c.i = k->voff;
        c.line = k->vline;
        c.col = k->vcol;
        if (c.i >= c.n || c.s[c.i] != '[') return;
        sc_adv(&c);
        sc_ws(&c);
        at = 0;
    }
    while (at < i && c.i < c.n) {
        sc_value(&c);
        sc_ws(&c);
        if (c.i >= c.n || c.s[c.i] != ',') return;
        sc_adv(&c);
        sc_ws(&c);
        at++;
    }
    x->it_voff = k->voff;
    x->it_i = at;
    x->it_off = c.i;
    x->it_line = c.line;
    x->it_col = c.col;
    *line = c.line;
    *col = c.col;
}

/* rp->line/col: item i of the value being read (or the whole value, or the
 * record when it is not found). */
static void at_item(jctx *j, recpos *rp, jindex *x, size_t i) {
    if (!rp->key) return;
    item_pos(j, x, rp->key, i, &rp->line, &rp->col);
}

/* rp->line/col and rp->key: the value of key in x. */
static void at_key(recpos *rp, const jindex *x, const char *key) {
    rp->key = find_key(x, key);
    rp->line = rp->key ? rp->key->vline : rp->rline;
    rp->col = rp->key ? rp->key->vcol : rp->rcol;
}

static const char *type_name(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "value";
}

static int type_diag(jctx *j, const recpos *rp, const char *field, const json_t *v,
                     const char *expected) {
    return micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, field, rp->line,
                          rp->col, type_name(v), "'%s' holds %s %s where %s is expected; value "
                          "dropped (record kept)", field,
                          json_is_array(v) || json_is_object(v) || json_is_integer(v) ? "an" : "a",
                          type_name(v), expected);
}

/* The shortest text of a JSON real that reads back as the same number. */
static void real_text(micic_buf *b, double d) {
    char t[64];
    int prec;
    for (prec = 15; prec <= 17; prec++) {
        snprintf(t, sizeof t, "%.*g", prec, d);
        if (strtod(t, NULL) == d) break;
    }
    micic_buf_puts(b, t);
}

/* "'title' is null: no value" (null is not a value; "" or no key says so). */
static int null_diag(jctx *j, const recpos *rp, const char *field) {
    return micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, field, rp->line,
                          rp->col, "null",
                          "'%s' holds null where a string is expected: no value (leave the "
                          "key out or write \"\")", field);
}

/*
 * Text of a string or number into j->text (NUL bytes -> U+FFFD). A number
 * is kept as its text with a json-type diagnostic, except integers (and
 * integral reals) when @p integers_ok (guideline numbers). Returns 1 with
 * the text, 0 when v has the wrong type, <0 on failure.
 */
static int value_text(jctx *j, const recpos *rp, const char *field, const json_t *v,
                      int integers_ok, const char **s, size_t *n) {
    micic_buf_clear(&j->text);
    if (json_is_string(v)) {
        const char *t = json_string_value(v);
        size_t len = json_string_length(v);
        if (memchr(t, '\0', len)) {
            int rc;
            if (micic__utf8_sanitize(t, len, &j->text) == (size_t)-1)
                return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
            rc = micic__rd_diag(j->rd, MICIC_CODE_NUL_BYTE, rp->index, rp->id, field, rp->line,
                                rp->col, NULL, "NUL character in '%s' replaced by U+FFFD",
                                field);
            if (rc != MICIC_OK) return rc;
        } else {
            /* jansson's own string, NUL-terminated at len: no copy */
            *s = t;
            *n = len;
            return 1;
        }
    } else if (json_is_integer(v) || json_is_real(v)) {
        int integral = json_is_integer(v) ||
                       (json_real_value(v) >= -1e15 && json_real_value(v) <= 1e15 &&
                        (double)(long long)json_real_value(v) == json_real_value(v));
        if (json_is_integer(v))
            micic_buf_printf(&j->text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (integers_ok && integral)
            micic_buf_printf(&j->text, "%lld", (long long)json_real_value(v));
        else
            real_text(&j->text, json_real_value(v));
        if (!micic_buf_cstr(&j->text)) return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
        if (!(integers_ok && integral)) {
            int rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, field,
                                    rp->line, rp->col, type_name(v),
                                    "'%s' holds a number where a string is expected: kept as "
                                    "the text \"%s\"", field, j->text.data);
            if (rc != MICIC_OK) return rc;
        }
    } else {
        return 0;
    }
    if (!micic_buf_cstr(&j->text)) return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
    *s = j->text.data;
    *n = j->text.len;
    return 1;
}

/* Original i of a field from the "original" object (string or array), or NULL. */
static const char *original_at(jctx *j, const json_t *orig, size_t i) {
    const json_t *o = NULL;
    if (json_is_string(orig) && i == 0) o = orig;
    else if (json_is_array(orig)) o = json_array_get(orig, i);
    if (!json_is_string(o)) return NULL;
    micic_buf_clear(&j->orig);
    if (micic__utf8_sanitize(json_string_value(o), json_string_length(o), &j->orig) ==
            (size_t)-1 ||
        !micic_buf_cstr(&j->orig))
        return NULL;
    return j->orig.data;
}

static int add_field(jctx *j, micic_practice *p, micic_field f, const char *key,
                     const json_t *v, const json_t *orig, recpos *rp) {
    int single = micic_field_is_single(f);
    int integers_ok = f == MICIC_FIELD_GUIDELINE;
    const char *s;
    size_t n, i, before = micic_practice_count(p, f);
    int r;
    if (json_is_null(v)) return null_diag(j, rp, key);
    if (!json_is_array(v)) {
        r = value_text(j, rp, key, v, integers_ok, &s, &n);
        if (r < 0) return r;
        if (r == 0)
            return type_diag(j, rp, key, v,
                             single ? "a string" : "a string or an array of strings");
        if (n == 0) return MICIC_OK; /* "" is no value, as an empty CSV cell */
        return micic__rd_add_value(j->rd, p, f, s, n, original_at(j, orig, 0), rp->line,
                                   rp->col, rp->index, &j->scratch);
    }
    for (i = 0; i < json_array_size(v); i++) {
        const json_t *e = json_array_get(v, i);
        at_item(j, rp, j->top, i);
        if (json_is_null(e)) {
            if ((r = null_diag(j, rp, key)) != MICIC_OK) return r;
            continue;
        }
        if (single && micic_practice_count(p, f) > before) {
            return micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, key,
                                  rp->line, rp->col, "array",
                                  "'%s' holds one value but the array has %zu; only the "
                                  "first was kept",
                                  key, json_array_size(v));
        }
        r = value_text(j, rp, key, e, integers_ok, &s, &n);
        if (r < 0) return r;
        if (r == 0) {
            if ((r = type_diag(j, rp, key, e, "a string")) != MICIC_OK) return r;
            continue;
        }
        if (n == 0) continue;
        r = micic__rd_add_value(j->rd, p, f, s, n, original_at(j, orig, i), rp->line, rp->col,
                                rp->index, &j->scratch);
        if (r != MICIC_OK) return r;
    }
    return MICIC_OK;
}

/* An extra: a string or an array of strings under label (its positions in
 * index x). */
static int add_extra(jctx *j, micic_practice *p, const char *label, const json_t *v,
                     recpos *rp, jindex *x) {
    size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
    for (i = 0; i < n; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        const char *s = NULL;
        size_t len = 0;
        int r;
        if (json_is_array(v)) at_item(j, rp, x, i);
        if (json_is_null(e)) {
            if ((r = null_diag(j, rp, label)) != MICIC_OK) return r;
            continue;
        }
        r = value_text(j, rp, label, e, 0, &s, &len);
        if (r < 0) return r;
        if (r == 0) {
            r = type_diag(j, rp, label, e,
                          json_is_array(v) ? "a string" : "a string or an array of strings");
            if (r != MICIC_OK) return r;
            continue;
        }
        /* an empty value is kept: the writer wrote what the record held */
        r = micic__rd_add_extra(j->rd, p, label, s, len, rp->line, rp->col, rp->index,
                                &j->scratch);
        if (r != MICIC_OK) return r;
    }
    return MICIC_OK;
}

/* Size the practice for the whole record before filling it
 * (micic__practice_reserve), as the CSV reader does: a value per string,
 * number or array element of a known field, and one block for the text of
 * the free-text fields (vocabulary values, countries and guideline numbers
 * mostly point at the catalogue). Saves an allocation per value. The field
 * of each of the first KEY_CACHE keys goes to fields[] (-1: not a field) for
 * the conversion, which walks the keys in the same order. */
#define KEY_CACHE 32 /* fields of the first keys, looked up once per record */

static void reserve_record(json_t *obj, micic_practice *p, int fields[KEY_CACHE]) {
    const char *key;
    json_t *v;
    size_t nvalues = 0, text = 0, k = 0;
    json_object_foreach(obj, key, v) {
        micic_field f;
        size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
        int copied, found = micic__field_lookup(key, &f) == MICIC_OK;
        if (k < KEY_CACHE) fields[k++] = found ? (int)f : -1;
        if (!found) continue;
        copied = f != MICIC_FIELD_COUNTRY && f != MICIC_FIELD_GUIDELINE &&
                 !micic_field_vocab(f, NULL);
        for (i = 0; i < n; i++) {
            const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
            if (json_is_null(e) || json_is_array(e) || json_is_object(e)) continue;
            nvalues++;
            if (copied && json_is_string(e)) text += json_string_length(e) + 1;
        }
    }
    micic__practice_reserve(p, nvalues, text);
}

/* Convert one record object into a new practice (*out). */
static int object_to_practice(jctx *j, json_t *obj, recpos *rp, micic_practice **out) {
    micic__rd *rd = j->rd;
    micic_practice *p = micic_practice_new();
    const json_t *orig = json_object_get(obj, "original"), *idv = json_object_get(obj, "id");
    const char *key;
    json_t *v;
    int rc = MICIC_OK, fields[KEY_CACHE];
    size_t k = 0;
    *out = NULL;
    if (!p) return micic__error(rd->err, MICIC_ENOMEM, NULL);
    if (micic_practice_set_record_location(p, rd->source, rp->line, rp->col, rd->err)) {
        micic_practice_free(p);
        return MICIC_ENOMEM;
    }
    rp->id = json_is_string(idv) ? json_string_value(idv) : NULL;
    /* where each key and value is, and keys given twice */
    rc = index_object(j, &j->top, 0, rp->rline, rp->rcol);
    if (rc == MICIC_OK) rc = duplicate_keys(j, j->top, rp, "");
    reserve_record(obj, p, fields);
    if (rc == MICIC_OK && orig && !json_is_object(orig)) {
        at_key(rp, j->top, "original");
        rc = type_diag(j, rp, "original", orig, "an object");
        orig = NULL;
    }
    json_object_foreach(obj, key, v) {
        micic_field f;
        int known = -2; /* not cached */
        if (k < KEY_CACHE) known = fields[k++];
        if (rc != MICIC_OK) break;
        if (known >= 0) { /* a field name: neither "original" nor "extra" */
            f = (micic_field)known;
            at_key(rp, j->top, key);
            rc = add_field(j, p, f, key, v,
                           orig ? json_object_get(orig, micic_field_name(f)) : NULL, rp);
            continue;
        }
        if (strcmp(key, "original") == 0) continue;
        at_key(rp, j->top, key);
        if (strcmp(key, "extra") == 0) {
            const char *label;
            json_t *ev;
            if (json_is_null(v)) {
                rc = null_diag(j, rp, "extra");
                continue;
            }
            if (!json_is_object(v)) {
                rc = type_diag(j, rp, "extra", v, "an object");
                continue;
            }
            if (rp->key)
                rc = index_object(j, &j->ext, rp->key->voff, rp->key->vline, rp->key->vcol);
            else if (j->ext)
                j->ext->n = 0;
            if (rc == MICIC_OK) rc = duplicate_keys(j, j->ext, rp, " in \"extra\"");
            json_object_foreach(v, label, ev) {
                if (rc != MICIC_OK) break;
                at_key(rp, j->ext, label);
                rc = add_extra(j, p, label, ev, rp, j->ext);
            }
        } else if (micic__field_lookup(key, &f) == MICIC_OK) {
            rc = add_field(j, p, f, key, v,
                           orig ? json_object_get(orig, micic_field_name(f)) : NULL, rp);
        } else {
            rc = micic__rd_unknown_label(rd, key, rp->key ? rp->key->kline : rp->line,
                                         rp->key ? rp->key->kcol : rp->col);
            if (rc == MICIC_OK) rc = add_extra(j, p, key, v, rp, j->top);
        }
    }
    if (rc != MICIC_OK) {
        micic_practice_free(p);
        return rc;
    }
    *out = p;
    return MICIC_OK;
}

/* Convert and hand over a top-level or array-element value of @p bytes
 * bytes of text (0: not measured; a JSON Lines line is checked before it is
 * decoded), whose text is text[0..text_len) (the positions of its values
 * are found there). A value larger than max_record_bytes is rejected. */
static int take_record(jctx *j, json_t *v, int line, int col, size_t bytes, const char *text,
                       size_t text_len) {
    recpos rp;
    micic_practice *p;
    int rc;
    rp.index = MICIC__RD_INDEX(j->rd);
    rp.line = rp.rline = line;
    rp.col = rp.rcol = col;
    rp.id = NULL;
    rp.key = NULL;
    j->etext = text;
    j->elen = text_len;
    if (bytes > j->rd->max_record) {
        rc = micic__rd_diag(j->rd, MICIC_CODE_LIMIT, rp.index, NULL, NULL, line, col, NULL,
                            "record of %zu bytes, larger than the limit of %zu bytes, rejected",
                            bytes, j->rd->max_record);
        micic__rd_reject(j->rd);
        return rc;
    }
    if (!json_is_object(v)) {
        rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp.index, NULL, NULL, line, col,
                            type_name(v), "a record must be a JSON object, not %s %s; "
                            "record rejected",
                            json_is_array(v) || json_is_integer(v) ? "an" : "a", type_name(v));
        micic__rd_reject(j->rd);
        return rc;
    }
    if ((rc = object_to_practice(j, v, &rp, &p)) != MICIC_OK) return rc;
    return micic__rd_accept(j->rd, p);
}

/* ------------------------------------------------------------------ */
/* Reading: positions and bad bytes                                     */
/* ------------------------------------------------------------------ */

/* Line/column (characters) of a byte offset, advanced incrementally. */
typedef struct tracker {
    const char *d;
    size_t pos;
    size_t line, col;
} tracker;

static void track_to(tracker *t, size_t to) {
    const unsigned char *u = (const unsigned char *)t->d;
    size_t i;
    for (i = t->pos; i < to; i++) {
        if (u[i] == '\n') {
            t->line++;
            t->col = 1;
        } else if ((u[i] & 0xC0) != 0x80) {
            t->col++;
        }
    }
    t->pos = to;
}

static int clamp(size_t v) { return v > 0x7fffffff ? 0x7fffffff : (int)v; }

/* Length of the valid UTF-8 sequence at s, 0 when invalid (NUL counts as valid). */
static size_t seq_ok(const unsigned char *s, size_t n) {
    size_t k;
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) k = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) k = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) k = 4;
    else return 0;
    return (k <= n && micic__utf8_valid((const char *)s, k)) ? k : 0;
}

/*
 * When d[0..n) holds invalid UTF-8 or NUL bytes, report the first of each
 * (line:column from base_line/base_col) and return a sanitized copy in
 * j->clean (*out); otherwise *out = d. index: record index or -1.
 */
static int check_bytes(jctx *j, const char *d, size_t n, size_t base_line, size_t base_col,
                       long index, const char **out, size_t *out_len) {
    const unsigned char *u = (const unsigned char *)d;
    size_t i = 0, line = base_line, col = base_col;
    int bad_line = 0, bad_col = 0, nul_line = 0, nul_col = 0, rc;
    unsigned bad_byte = 0;
    *out = d;
    *out_len = n;
    if ((i = micic__utf8_scan(d, n)) == n) return MICIC_OK;
    /* count lines and columns up to the first bad byte, then go on */
    {
        size_t k;
        for (k = 0; k < i; k++) {
            if (u[k] == '\n') {
                line++;
                col = 1;
            } else if ((u[k] & 0xC0) != 0x80) {
                col++;
            }
        }
    }
    while (i < n) {
        size_t k = seq_ok(u + i, n - i);
        if (!k) {
            if (!bad_line) {
                bad_line = clamp(line);
                bad_col = clamp(col);
                bad_byte = u[i];
            }
            k = 1;
        } else if (u[i] == 0 && !nul_line) {
            nul_line = clamp(line);
            nul_col = clamp(col);
        }
        if (u[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += k;
    }
    if (bad_line) {
        char v[8];
        snprintf(v, sizeof v, "\\x%02X", bad_byte);
        rc = micic__rd_diag(j->rd, MICIC_CODE_INVALID_UTF8, index, NULL, NULL, bad_line,
                            bad_col, v,
                            "invalid UTF-8 byte 0x%02X replaced by U+FFFD (records kept)",
                            bad_byte);
        if (rc != MICIC_OK) return rc;
    }
    if (nul_line) {
        rc = micic__rd_diag(j->rd, MICIC_CODE_NUL_BYTE, index, NULL, NULL, nul_line, nul_col,
                            NULL, "NUL byte replaced by U+FFFD");
        if (rc != MICIC_OK) return rc;
    }
    micic_buf_clear(&j->clean);
    if (micic__utf8_sanitize(d, n, &j->clean) == (size_t)-1 || !micic_buf_cstr(&j->clean))
        return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
    *out = j->clean.data;
    *out_len = j->clean.len;
    return MICIC_OK;
}

/* A jansson decoding error -> json-syntax / truncated-input at line:col. */
static int syntax_diag(jctx *j, const json_error_t *e, long index, size_t line, size_t col,
                       const char *what) {
    int code;
    size_t l = line, c = col;
    /* jansson ran out of memory: the read fails, no record is silently lost.
     * jansson says so with json_error_out_of_memory, or (when json_object(),
     * json_array() or an insertion fails inside its parser) by leaving the
     * error as json_loadb() initialized it: code unknown, no text. */
    if (json_error_code(e) == json_error_out_of_memory ||
        (json_error_code(e) == json_error_unknown && e->text[0] == '\0'))
        return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
    code = json_error_code(e) == json_error_premature_end_of_input ? MICIC_CODE_TRUNCATED
                                                                        : MICIC_CODE_JSON_SYNTAX;
    if (e->line >= 1) {
        l = line + (size_t)e->line - 1;
        c = e->line == 1 ? col + (size_t)(e->column > 0 ? e->column - 1 : 0)
                         : (size_t)(e->column > 0 ? e->column : 1);
    }
    return micic__rd_diag(j->rd, code, index, NULL, NULL, clamp(l), clamp(c), NULL, "%s: %s",
                          e->text, what);
}

/* ------------------------------------------------------------------ */
/* JSON documents                                                       */
/* ------------------------------------------------------------------ */

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

enum { GO_ON = 0, STOP = 1 };

/*
 * End of the object or array starting at d[pos] ('{' or '['): the offset
 * just past its closing bracket, brackets counted outside strings (escapes
 * honoured; a newline ends a string, as no valid string holds one, so an
 * unclosed string does not hide the rest of the input). 0 when it does not
 * close before n. Scanning is linear and
 * allocates nothing, so an element's size is known before it is decoded.
 */
static size_t element_end(jctx *j, const char *d, size_t pos, size_t n, size_t *lines,
                          size_t *since) {
    size_t i, depth = 0, limit = j->rd->max_record;
    int in_string = 0, releasing = j->release && j->doc == d;
    *lines = *since = 0;
    for (i = pos; i < n; i++) {
        char c = d[i];
        if (c == '\n') {
            ++*lines;
            *since = 0;
        } else if (((unsigned char)c & 0xC0) != 0x80) {
            ++*since;
        }
        /* past the limit the element is rejected unread: a mapped file's
           pages are handed back as the scan goes (the scan is the only read) */
        if (releasing && i - pos > limit && i - j->released >= PROGRESS_STEP) {
            j->release(d, j->released, i, j->release_payload);
            j->released = i;
        }
        if (in_string) {
            if (c == '\\' && i + 1 < n && d[i + 1] != '\n') {
                i++;
                if (((unsigned char)d[i] & 0xC0) != 0x80) ++*since;
            } else if (c == '"' || c == '\n') {
                in_string = 0; /* no string holds a newline */
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

/*
 * Where reading can go on after damage at d[from], scanning at nesting
 * depth @p depth (1: inside the damaged element, whose opening bracket is
 * d[from - 1]; 0: between elements): the next '{' that can start an
 * element — outside strings, back at depth 0 and not after a ':' (the
 * value of a key), or first on its line after a line ending with ',' or
 * '[' at depth 1 at most (a damaged string can hide a closing brace), or
 * after "}," wherever it is (a string left open on a line without a newline
 * turns the rest of the line inside out) — or,
 * in an array, the ']' that closes it at depth 0 (*closes = 1). A newline
 * ends a string (JSON strings cannot hold one: an unclosed string ends at
 * the line end). n when there is no such place.
 */
static size_t resync(const char *d, size_t from, size_t n, long depth, int in_array,
                     int *closes) {
    size_t i;
    int in_string = 0, line_start = 0;
    char prev = 0, line_last = 0; /* last non-blank byte of the line, strings included */
    char raw1 = 0, raw2 = 0;      /* the last two non-blank bytes, strings included */
    *closes = 0;
    for (i = from; i < n; i++) {
        char c = d[i];
        if (c == '\n') {
            in_string = 0;
            line_start = 1;
            continue;
        }
        if (!is_ws(c)) {
            /* "},{" starts an element even where a damaged string has
               turned strings inside out (no newline to end it) */
            if (c == '{' && raw1 == ',' && raw2 == '}' && depth <= 1) return i;
            raw2 = raw1;
            raw1 = c;
        }
        if (in_string) {
            if (!is_ws(c)) line_last = c;
            if (c == '\\' && i + 1 < n && d[i + 1] != '\n') i++;
            else if (c == '"') {
                in_string = 0;
                prev = '"';
            }
            continue;
        }
        if (is_ws(c)) continue;
        if (c == '{' && ((depth <= 0 && prev != ':') ||
                         (line_start && depth <= 1 && (line_last == ',' || line_last == '['))))
            return i;
        if (c == '"') in_string = 1;
        else if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') {
            if (depth > 0) depth--;
            else if (c == ']' && in_array) {
                *closes = 1;
                return i;
            }
        }
        prev = line_last = c;
        line_start = 0;
    }
    return n;
}

/* Decode one value at t->pos (at most len bytes; 0: to the end); NULL
 * with the error in *e. */
static json_t *decode_at(tracker *t, size_t n, size_t len, json_error_t *e) {
    json_t *v = json_loadb(t->d + t->pos, len ? len : n - t->pos, LOAD_FLAGS, e);
    /* on success jansson reports the bytes it used in e->position */
    if (v) track_to(t, t->pos + (size_t)e->position);
    return v;
}

/* Where reading goes on after a skip to t->pos (end: the input's end). */
static void went_on(char *msg, size_t size, const tracker *t, size_t n, size_t skipped) {
    if (t->pos < n)
        snprintf(msg, size, "%zu bytes skipped, reading goes on at line %d, column %d",
                 skipped, clamp(t->line), clamp(t->col));
    else
        snprintf(msg, size, "%zu bytes skipped to the end of the input (no record found "
                 "in them)", skipped);
}

/* Damage between elements at t->pos: skip to where reading can go on
 * (resync), say how many bytes were skipped, and count them. */
static int skip_damage(jctx *j, tracker *t, size_t n, int in_array, const char *why,
                       int *closes) {
    size_t from = t->pos, to = resync(t->d, from, n, 0, in_array, closes);
    int line = clamp(t->line), col = clamp(t->col);
    char msg[160];
    track_to(t, to);
    micic__report_note_skipped(j->rd->report, to - from);
    went_on(msg, sizeof msg, t, n, to - from);
    return micic__rd_diag(j->rd, MICIC_CODE_JSON_SYNTAX, -1, NULL, NULL, line, col, NULL,
                          "%s: %s", why, msg);
}

static int report_progress(jctx *j, size_t pos, size_t total, size_t *next) {
    if (pos < *next) return MICIC_OK;
    *next = pos + PROGRESS_STEP;
    if (j->release && j->doc && pos > j->released) {
        j->release(j->doc, j->released, pos, j->release_payload);
        j->released = pos;
    }
    if (j->input_len) {
        total = j->input_len;
        if (pos > total) pos = total;
    }
    return micic__rd_progress(j->rd, pos, total);
}

/* An element of n_bytes bytes over max_record_bytes: rejected unread. */
static int reject_oversized(jctx *j, int line, int col, size_t bytes) {
    int rc = micic__rd_diag(j->rd, MICIC_CODE_LIMIT, MICIC__RD_INDEX(j->rd), NULL, NULL, line,
                            col, NULL,
                            "record of %zu bytes, larger than the limit of %zu bytes, "
                            "rejected (not decoded)",
                            bytes, j->rd->max_record);
    micic__rd_reject(j->rd);
    return rc;
}

/*
 * One element or top-level value at t->pos (not white space): its size is
 * checked before it is decoded (an object or array over max_record_bytes is
 * rejected unread), then it is decoded and taken. A damaged element is
 * rejected and reading resynchronises on the next element (skip_damage).
 * *closes: the resync found the ']' closing the array; *resynced: it went
 * on to the start of an element.
 */
static int read_element(jctx *j, tracker *t, size_t n, int in_array, int *closes,
                        int *resynced) {
    size_t pos = t->pos, end = 0, to;
    int line = clamp(t->line), col = clamp(t->col), rc;
    json_error_t e;
    char what[200];
    json_t *v;
    *closes = *resynced = 0;
    if (t->d[pos] == '{' || t->d[pos] == '[') {
        size_t lines, since;
        end = element_end(j, t->d, pos, n, &lines, &since);
        if (end && end - pos > j->rd->max_record) {
            if ((rc = reject_oversized(j, line, col, end - pos)) != MICIC_OK) return rc;
            /* the position after it, counted by the scan (not read again) */
            t->pos = end;
            t->col = lines ? 1 + since : t->col + since;
            t->line += lines;
            return MICIC_OK;
        }
    }
    if ((v = decode_at(t, n, end ? end - pos : 0, &e))) {
        rc = take_record(j, v, line, col, t->pos - pos, t->d + pos, t->pos - pos);
        json_decref(v);
        return rc;
    }
    if (t->d[pos] != '{' && t->d[pos] != '[') { /* a stray token, not a record */
        if (json_error_code(&e) == json_error_out_of_memory ||
            (json_error_code(&e) == json_error_unknown && e.text[0] == '\0'))
            return micic__error(j->rd->err, MICIC_ENOMEM, NULL);
        *resynced = 1;
        return skip_damage(j, t, n, in_array, "not a JSON value", closes);
    }
    /* damaged: rejected, and reading goes on at the next element */
    *resynced = 1;
    to = resync(t->d, pos + 1, n, 1, in_array, closes);
    track_to(t, to);
    micic__report_note_skipped(j->rd->report, to - pos);
    snprintf(what, sizeof what, "record rejected; ");
    went_on(what + strlen(what), sizeof what - strlen(what), t, n, to - pos);
    rc = syntax_diag(j, &e, MICIC__RD_INDEX(j->rd), (size_t)line, (size_t)col, what);
    micic__rd_reject(j->rd);
    return rc;
}

/* Walk the elements of an array whose '[' is at t->pos. A damaged element
 * is rejected and reading goes on at the next element (resync); a missing
 * ',' between two elements is reported and read as if it were there; a
 * stray token between elements is skipped. *stop: the input ended inside
 * the array. */
static int read_array(jctx *j, tracker *t, size_t n, int *stop, size_t *next_progress) {
    const char *d = t->d;
    size_t pos = t->pos + 1;
    int rc, closes, resynced;
    for (;;) {
        while (pos < n && is_ws(d[pos])) pos++;
        track_to(t, pos);
        if (pos >= n) {
            *stop = STOP;
            return micic__rd_diag(j->rd, MICIC_CODE_TRUNCATED, -1, NULL, NULL, clamp(t->line),
                                  clamp(t->col), NULL,
                                  "the input ends inside an array: ']' expected");
        }
        if (d[pos] == ']') {
            track_to(t, pos + 1);
            return MICIC_OK;
        }
        if ((rc = read_element(j, t, n, 1, &closes, &resynced)) != MICIC_OK) return rc;
        pos = t->pos;
        if (closes || resynced) continue; /* at the ']', or at the next element */
        while (pos < n && is_ws(d[pos])) pos++;
        if (pos < n && d[pos] == ',') {
            size_t after = pos + 1;
            while (after < n && is_ws(d[after])) after++;
            if (after < n && d[after] == ']') {
                track_to(t, pos);
                rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_SYNTAX, -1, NULL, NULL,
                                    clamp(t->line), clamp(t->col), ",",
                                    "trailing comma before ']' ignored");
                if (rc != MICIC_OK) return rc;
                track_to(t, after + 1);
                return MICIC_OK;
            }
            pos++;
            if ((rc = report_progress(j, pos, n, next_progress)) != MICIC_OK) return rc;
            continue;
        }
        if (pos < n && d[pos] == ']') {
            track_to(t, pos + 1);
            return MICIC_OK;
        }
        if (pos >= n) continue; /* truncated: reported at the top */
        track_to(t, pos);
        if (d[pos] == '{') {
            /* the next element, without a ',' before it: nothing lost */
            rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_SYNTAX, -1, NULL, NULL, clamp(t->line),
                                clamp(t->col), NULL,
                                "',' missing between two elements: read as if it were there");
            if (rc != MICIC_OK) return rc;
            continue;
        }
        if ((rc = skip_damage(j, t, n, 1, "',' or ']' expected", &closes)) != MICIC_OK)
            return rc;
        pos = t->pos;
    }
}

int micic__read_json(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err) {
    if (!corpus || (!data && len)) return micic__error(err, MICIC_EINVAL, "invalid argument");
    return micic__json_doc(data, len, source, opts, corpus, NULL, NULL, NULL, NULL, report, err);
}

int micic__json_doc(const char *data, size_t len, const char *source,
                    const micic_read_options *opts, micic_corpus *corpus, micic_record_cb cb,
                    void *payload, micic__release_fn release, void *release_payload,
                    micic_report *report, micic_error *err) {
    micic__rd rd;
    jctx j;
    tracker t;
    const char *d;
    size_t n, next_progress = PROGRESS_STEP, values = 0;
    int rc, stop = GO_ON;
    if ((rc = micic__rd_init(&rd, source, opts, report, corpus, cb, payload, err)) != MICIC_OK)
        return rc;
    memset(&j, 0, sizeof j);
    j.rd = &rd;
    if (!data) data = "";
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (release) {
        /* check the bytes a block at a time, handing each back once checked,
           so that the text is never resident whole; the walk below then
           hands back what it has read as it goes */
        size_t pos = 0;
        while (pos < len) {
            size_t end = len - pos > PROGRESS_STEP ? pos + PROGRESS_STEP : len;
            size_t k = pos + micic__utf8_scan(data + pos, end - pos);
            if (k < end && (end == len || end - k >= 4)) break; /* a bad byte */
            release(data, pos, k, release_payload);
            pos = k; /* k < end: a sequence cut by the block, checked with the next */
        }
        if (pos == len) {
            j.release = release;
            j.release_payload = release_payload;
            j.doc = data;
        }
    }
    j.input_len = len;
    if (j.doc) { /* checked above */
        d = data;
        n = len;
    } else {
        rc = check_bytes(&j, data, len, 1, 1, -1, &d, &n);
    }
    t.d = d;
    t.pos = 0;
    t.line = t.col = 1;
    while (rc == MICIC_OK && stop == GO_ON) {
        size_t pos = t.pos;
        while (pos < n && is_ws(d[pos])) pos++;
        track_to(&t, pos);
        if (pos >= n) break;
        values++;
        if (d[pos] == '[') {
            rc = read_array(&j, &t, n, &stop, &next_progress);
        } else {
            int closes, resynced;
            rc = read_element(&j, &t, n, 0, &closes, &resynced);
        }
        if (rc == MICIC_OK) rc = report_progress(&j, t.pos, n, &next_progress);
    }
    if (rc == MICIC_OK && values == 0)
        rc = micic__rd_diag(&rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, 1, 1, NULL,
                            "the input holds no JSON value");
    if (rc == MICIC_OK) rc = micic__rd_progress(&rd, len, len);
    jctx_free(&j);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ------------------------------------------------------------------ */
/* JSON Lines                                                           */
/* ------------------------------------------------------------------ */

/* One line (without its '\n'); blank lines are not records; lines longer
 * than max_record_bytes are rejected. */
static int jsonl_line(jctx *j, const char *s, size_t n, size_t lineno) {
    json_error_t e;
    json_t *v;
    const char *d;
    size_t dn, i = 0;
    int rc;
    if (n && s[n - 1] == '\r') n--;
    while (i < n && is_ws(s[i])) i++;
    if (i == n) return MICIC_OK;
    if (n > j->rd->max_record) {
        rc = micic__rd_diag(j->rd, MICIC_CODE_LIMIT, MICIC__RD_INDEX(j->rd), NULL, NULL,
                            clamp(lineno), 1, NULL,
                            "line larger than the limit of %zu bytes rejected",
                            j->rd->max_record);
        micic__rd_reject(j->rd);
        return rc;
    }
    rc = check_bytes(j, s, n, lineno, 1, MICIC__RD_INDEX(j->rd), &d, &dn);
    if (rc != MICIC_OK) return rc;
    v = json_loadb(d, dn, JSON_ALLOW_NUL, &e);
    if (!v) {
        rc = syntax_diag(j, &e, MICIC__RD_INDEX(j->rd), lineno, 1, "line rejected");
        micic__rd_reject(j->rd);
        return rc;
    }
    {
        /* column of the first non-blank character */
        size_t col = 1 + (size_t)(i);
        rc = take_record(j, v, clamp(lineno), clamp(col), 0, d + i, dn - i);
    }
    json_decref(v);
    return rc;
}

int micic__read_jsonl(micic_corpus *corpus, const char *data, size_t len, const char *source,
                      const micic_read_options *opts, micic_report *report, micic_error *err) {
    micic__rd rd;
    jctx j;
    size_t pos = 0, lineno = 1, next_progress = PROGRESS_STEP, nonblank = 0;
    int rc;
    if (!corpus || (!data && len)) return micic__error(err, MICIC_EINVAL, "invalid argument");
    if ((rc = micic__rd_init(&rd, source, opts, report, corpus, NULL, NULL, err)) != MICIC_OK)
        return rc;
    memset(&j, 0, sizeof j);
    j.rd = &rd;
    if (!data) data = "";
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (rc == MICIC_OK && pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len, k;
        for (k = pos; k < end && nonblank == 0; k++) nonblank = !is_ws(data[k]);
        rc = jsonl_line(&j, data + pos, end - pos, lineno);
        pos = nl ? end + 1 : len;
        lineno++;
        if (rc == MICIC_OK) rc = report_progress(&j, pos, len, &next_progress);
    }
    if (rc == MICIC_OK && !nonblank)
        rc = micic__rd_diag(&rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, 1, 1, NULL,
                            "the input holds no JSON value");
    if (rc == MICIC_OK) rc = micic__rd_progress(&rd, len, len);
    jctx_free(&j);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* Read a stream line by line into @p corpus (when not NULL) or through @p cb. */
static int stream_jsonl(FILE *in, const char *source, const micic_read_options *opts,
                        micic_corpus *corpus, micic_record_cb cb, void *payload,
                        micic_report *report, micic_error *err) {
    micic__rd rd;
    jctx j;
    char *buf = NULL;
    size_t cap = STREAM_CHUNK, have = 0, lineno = 1, done = 0, nonblank = 0;
    int rc, first = 1, skipping = 0;
    if ((rc = micic__rd_init(&rd, source, opts, report, corpus, cb, payload, err)) != MICIC_OK)
        return rc;
    memset(&j, 0, sizeof j);
    j.rd = &rd;
    if (!(buf = micic__malloc(cap))) rc = micic__error(err, MICIC_ENOMEM, NULL);
    while (rc == MICIC_OK) {
        size_t got = fread(buf + have, 1, cap - have, in), start = 0;
        int final;
        if (ferror(in)) {
            rc = micic__error_at(err, MICIC_EIO, rd.source, 0, 0, (long long)done,
                                 "read error");
            break;
        }
        final = feof(in) != 0;
        have += got;
        if (first && (have >= 3 || final)) {
            first = 0;
            if (have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) start = 3;
        } else if (first) {
            continue;
        }
        /* complete lines */
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            size_t k;
            if (!nl) break;
            for (k = start; k < (size_t)(nl - buf) && nonblank == 0; k++)
                nonblank = !is_ws(buf[k]);
            if (skipping) skipping = 0; /* rest of an overlong line: already rejected */
            else rc = jsonl_line(&j, buf + start, (size_t)(nl - buf) - start, lineno);
            lineno++;
            start = (size_t)(nl - buf) + 1;
            if (rc != MICIC_OK) break;
        }
        if (rc != MICIC_OK) break;
        done += start;
        memmove(buf, buf + start, have - start);
        have -= start;
        if (final) {
            if (have && !skipping) {
                size_t k;
                for (k = 0; k < have && nonblank == 0; k++) nonblank = !is_ws(buf[k]);
                rc = jsonl_line(&j, buf, have, lineno);
            }
            done += have;
            if (rc == MICIC_OK) rc = micic__rd_progress(&rd, done, 0); /* the end */
            break;
        }
        if (have == cap) {
            /* no newline in a full buffer: grow it, or give up on the line */
            if (cap <= rd.max_record) {
                size_t ncap = cap * 2 > rd.max_record + 1 ? rd.max_record + 1 : cap * 2;
                char *nb = micic__realloc(buf, ncap);
                if (!nb) {
                    rc = micic__error(err, MICIC_ENOMEM, NULL);
                    break;
                }
                buf = nb;
                cap = ncap;
            } else {
                if (!skipping) {
                    nonblank = 1;
                    rc = micic__rd_diag(&rd, MICIC_CODE_LIMIT, MICIC__RD_INDEX(&rd), NULL, NULL,
                                        clamp(lineno), 1, NULL,
                                        "line larger than the limit of %zu bytes rejected",
                                        rd.max_record);
                    micic__rd_reject(&rd);
                    skipping = 1;
                }
                done += have;
                have = 0;
            }
        }
        if (rc == MICIC_OK) rc = micic__rd_progress(&rd, done, 0);
    }
    if (rc == MICIC_OK && !nonblank)
        rc = micic__rd_diag(&rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, 1, 1, NULL,
                            "the input holds no JSON value");
    micic__free(buf);
    jctx_free(&j);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

int micic__stream_jsonl(FILE *in, const char *source, const micic_read_options *opts,
                        micic_record_cb cb, void *payload, micic_report *report,
                        micic_error *err) {
    if (!in || !cb) return micic__error(err, MICIC_EINVAL, "invalid argument");
    return stream_jsonl(in, source, opts, NULL, cb, payload, report, err);
}

int micic__load_jsonl(FILE *in, const char *source, const micic_read_options *opts,
                      micic_corpus *corpus, micic_report *report, micic_error *err) {
    if (!in || !corpus) return micic__error(err, MICIC_EINVAL, "invalid argument");
    return stream_jsonl(in, source, opts, corpus, NULL, NULL, report, err);
}

/* ------------------------------------------------------------------ */
/* Writers                                                              */
/* ------------------------------------------------------------------ */

/* A JSON string for s; invalid UTF-8 (which no reader stores) becomes U+FFFD. */
static json_t *jstr(const char *s, micic_buf *tmp) {
    json_t *v = json_string(s);
    if (v) return v;
    micic_buf_clear(tmp);
    if (micic__utf8_sanitize(s, strlen(s), tmp) == (size_t)-1 || !micic_buf_cstr(tmp))
        return NULL;
    return json_string(tmp->data);
}

/* Set obj[key] = v, stealing v; 0 on failure. */
static int set_new(json_t *obj, const char *key, json_t *v) {
    return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *practice_to_json(const micic_practice *p, int with_originals, micic_buf *tmp,
                                micic_buf *ktmp) {
    json_t *obj = json_object(), *orig = NULL;
    size_t f, i, n;
    if (!obj) return NULL;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        const char *name = micic_field_name((micic_field)f);
        int differs = 0;
        n = micic_practice_count(p, (micic_field)f);
        if (!n) continue;
        if (micic_field_is_single((micic_field)f)) {
            if (!set_new(obj, name, jstr(micic_practice_value(p, (micic_field)f, 0), tmp)))
                goto fail;
        } else {
            json_t *a = json_array();
            if (!set_new(obj, name, a)) goto fail;
            for (i = 0; i < n; i++)
                if (json_array_append_new(a, jstr(micic_practice_value(p, (micic_field)f, i),
                                                  tmp)) != 0)
                    goto fail;
        }
        if (!with_originals) continue;
        for (i = 0; i < n && !differs; i++)
            differs = strcmp(micic_practice_value(p, (micic_field)f, i),
                             micic_practice_original(p, (micic_field)f, i)) != 0;
        if (differs) {
            json_t *a = json_array();
            if (!orig && !(orig = json_object())) {
                json_decref(a);
                goto fail;
            }
            if (!set_new(orig, name, a)) goto fail;
            for (i = 0; i < n; i++)
                if (json_array_append_new(
                        a, jstr(micic_practice_original(p, (micic_field)f, i), tmp)) != 0)
                    goto fail;
        }
    }
    n = micic_practice_extra_count(p);
    if (n) {
        json_t *ex = json_object();
        if (!set_new(obj, "extra", ex)) goto fail;
        for (i = 0; i < n; i++) {
            const char *label = micic_practice_extra_label(p, i);
            json_t *old;
            if (micic__utf8_scan(label, strlen(label)) != strlen(label)) {
                /* JSON keys must be UTF-8 (no reader stores anything else) */
                micic_buf_clear(ktmp);
                if (micic__utf8_sanitize(label, strlen(label), ktmp) == (size_t)-1 ||
                    !micic_buf_cstr(ktmp))
                    goto fail;
                label = ktmp->data;
            }
            old = json_object_get(ex, label);
            json_t *v = jstr(micic_practice_extra_value(p, i), tmp);
            if (!v) goto fail;
            if (!old) {
                if (!set_new(ex, label, v)) goto fail;
            } else if (json_is_string(old)) {
                json_t *a = json_array();
                if (!a || json_array_append(a, old) != 0 || json_array_append_new(a, v) != 0 ||
                    json_object_set_new(ex, label, a) != 0) {
                    json_decref(a);
                    goto fail;
                }
            } else if (json_array_append_new(old, v) != 0) {
                goto fail;
            }
        }
    }
    if (orig) {
        json_t *o = orig;
        orig = NULL;
        if (!set_new(obj, "original", o)) goto fail;
    }
    return obj;
fail:
    json_decref(orig);
    json_decref(obj);
    return NULL;
}

/* json_dump_callback() sink: append to a buffer, indenting every line of
 * the record by two spaces when pretty. */
typedef struct dump_sink {
    micic_buf *b;
    int indent;
} dump_sink;

static int dump_cb(const char *s, size_t n, void *data) {
    dump_sink *d = data;
    size_t i, run = 0;
    if (d->indent) {
        for (i = 0; i < n; i++) {
            if (s[i] == '\n') {
                micic_buf_append(d->b, s + run, i + 1 - run);
                micic_buf_append(d->b, "  ", 2);
                run = i + 1;
            }
        }
    }
    return micic_buf_append(d->b, s + run, n - run) == MICIC_OK ? 0 : -1;
}

static int write_records(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                         int lines, micic_error *err) {
    micic_buf b = MICIC_BUF_INIT, tmp = MICIC_BUF_INIT, ktmp = MICIC_BUF_INIT;
    int pretty = !lines && (!opts || opts->pretty);
    int with_originals = opts && opts->with_originals;
    size_t flags = pretty ? JSON_INDENT(2) : JSON_COMPACT;
    size_t r, n;
    int rc = MICIC_OK;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "invalid argument");
    if (opts && opts->version != MICIC_WRITE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "write options version %d is not supported",
                            opts->version);
    n = micic_corpus_size(corpus);
    if (!lines) micic_buf_puts(&b, n ? (pretty ? "[\n" : "[") : "[");
    for (r = 0; r < n && rc == MICIC_OK; r++) {
        json_t *obj = practice_to_json(micic_corpus_get(corpus, r), with_originals, &tmp, &ktmp);
        dump_sink sink;
        sink.b = &b;
        sink.indent = pretty;
        if (!lines && r) micic_buf_puts(&b, pretty ? ",\n" : ",");
        if (pretty) micic_buf_append(&b, "  ", 2);
        if (!obj || json_dump_callback(obj, dump_cb, &sink, flags) != 0) {
            json_decref(obj);
            rc = micic__error(err, MICIC_ENOMEM, NULL);
            break;
        }
        json_decref(obj);
        if (lines) micic_buf_putc(&b, '\n');
        if (b.failed) rc = micic__error(err, MICIC_ENOMEM, NULL);
        else if (b.len >= WRITE_FLUSH) {
            rc = micic__write_all(out, b.data, b.len, err);
            micic_buf_clear(&b);
        }
    }
    if (rc == MICIC_OK && !lines) micic_buf_puts(&b, n && pretty ? "\n]\n" : "]\n");
    if (rc == MICIC_OK) {
        if (b.failed) rc = micic__error(err, MICIC_ENOMEM, NULL);
        else rc = micic__write_all(out, b.data, b.len, err);
    }
    if (rc == MICIC_OK && fflush(out) != 0) rc = micic__error(err, MICIC_EIO, "write failed");
    micic_buf_free(&b);
    micic_buf_free(&tmp);
    micic_buf_free(&ktmp);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

int micic__write_json(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err) {
    return write_records(corpus, out, opts, 0, err);
}

int micic__write_jsonl(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                       micic_error *err) {
    return write_records(corpus, out, opts, 1, err);
}
