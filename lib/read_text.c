/*
 * Repository record text: reader (micic__read_text) and writer
 * (micic__write_text), plus the line splitter shared with the guideline
 * document reader (text_internal.h). The format is documented in
 * docs/formats-text.md; keep the two in step.
 */
#include <stdio.h>
#include <string.h>

#include "catalogue_internal.h"
#include "fmt_common.h"
#include "io_internal.h"
#include "micic/catalogue.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "text_internal.h"
#include "validate_internal.h"

/* ================================================================== */
/* Lines                                                               */
/* ================================================================== */

/* Length of the valid UTF-8 sequence at u[0..n), 0 when invalid or NUL. */
static size_t seq_len(const unsigned char *u, size_t n) {
    size_t k;
    if (u[0] == 0) return 0;
    if (u[0] < 0x80) return 1;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) k = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) k = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4) k = 4;
    else return 0;
    if (k > n || !micic__utf8_valid((const char *)u, k)) return 0;
    return k;
}

/* 1 when u[0..n) (the very end of the input) is the beginning of a
 * multi-byte sequence that was cut off. */
static int cut_sequence(const unsigned char *u, size_t n) {
    size_t need, i;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) need = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) need = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4) need = 4;
    else return 0;
    if (n >= need) return 0;
    for (i = 1; i < n; i++)
        if ((u[i] & 0xC0) != 0x80) return 0;
    return 1;
}

typedef struct raw_line {
    size_t start; /* in the sanitized buffer */
    size_t len;
    size_t offset; /* in the input */
} raw_line;

static int add_bad(micic__tdoc *d, size_t *cap, int line, int col, int code) {
    if (d->nbad && d->bad[d->nbad - 1].line == line && d->bad[d->nbad - 1].code == code) {
        d->bad[d->nbad - 1].count++;
        return MICIC_OK;
    }
    if (d->nbad == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        micic__tbad *b = micic__realloc(d->bad, nc * sizeof *b);
        if (!b) return MICIC_ENOMEM;
        d->bad = b;
        *cap = nc;
    }
    d->bad[d->nbad].line = line;
    d->bad[d->nbad].col = col;
    d->bad[d->nbad].code = code;
    d->bad[d->nbad].count = 1;
    d->nbad++;
    return MICIC_OK;
}

int micic__tdoc_load(micic__tdoc *d, const char *data, size_t len) {
    micic_buf out = MICIC_BUF_INIT;
    raw_line *raw = NULL;
    size_t nraw = 0, capraw = 0, capbad = 0, i = 0, k;
    const unsigned char *u = (const unsigned char *)data;
    memset(d, 0, sizeof *d);
    d->input_len = len;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) i = 3;
    while (i < len) {
        size_t j = i, start = out.len;
        int col = 1, line = (int)(nraw + 1);
        /* sanitize up to the end of the line */
        while (j < len && u[j] != '\n' && u[j] != '\r') {
            size_t q = seq_len(u + j, len - j);
            if (q) {
                if (micic_buf_append(&out, data + j, q) != MICIC_OK) goto oom;
                j += q;
            } else {
                int code = u[j] == 0 ? MICIC_CODE_NUL_BYTE : MICIC_CODE_INVALID_UTF8;
                size_t rest = len - j;
                if (code == MICIC_CODE_INVALID_UTF8 && cut_sequence(u + j, rest)) {
                    code = MICIC_CODE_TRUNCATED;
                    if (add_bad(d, &capbad, line, col, code) != MICIC_OK) goto oom;
                    if (micic_buf_append(&out, "\xEF\xBF\xBD", 3) != MICIC_OK) goto oom;
                    j = len;
                    col++;
                    break;
                }
                if (add_bad(d, &capbad, line, col, code) != MICIC_OK) goto oom;
                if (micic_buf_append(&out, "\xEF\xBF\xBD", 3) != MICIC_OK) goto oom;
                j++;
            }
            col++;
        }
        if (nraw == capraw) {
            size_t nc = capraw ? capraw * 2 : 64;
            raw_line *r = micic__realloc(raw, nc * sizeof *r);
            if (!r) goto oom;
            raw = r;
            capraw = nc;
        }
        raw[nraw].start = start;
        raw[nraw].len = out.len - start;
        raw[nraw].offset = i;
        nraw++;
        if (j < len) { /* end of line: CRLF, CR or LF */
            if (u[j] == '\r' && j + 1 < len && u[j + 1] == '\n') j++;
            j++;
        }
        i = j;
    }
    if (micic_buf_cstr(&out) == NULL) goto oom;
    d->text = micic_buf_detach(&out);
    if (!d->text) goto oom;
    d->text_len = 0;
    d->lines = micic__calloc(nraw ? nraw : 1, sizeof *d->lines);
    if (!d->lines) goto oom2;
    for (k = 0; k < nraw; k++) {
        micic__tline *l = &d->lines[k];
        const char *ls = d->text + raw[k].start;
        l->s = micic__trim(ls, raw[k].len, &l->n);
        l->line = (int)(k + 1);
        l->col = 1 + (int)micic__utf8_chars(ls, (size_t)(l->s - ls));
        l->offset = raw[k].offset;
        d->text_len = raw[k].start + raw[k].len;
    }
    d->nlines = nraw;
    micic__free(raw);
    return MICIC_OK;
oom:
    micic_buf_free(&out);
oom2:
    micic__free(raw);
    micic__tdoc_free(d);
    return MICIC_ENOMEM;
}

void micic__tdoc_free(micic__tdoc *d) {
    if (!d) return;
    micic__free(d->text);
    micic__free(d->lines);
    micic__free(d->bad);
    memset(d, 0, sizeof *d);
}

/* ================================================================== */
/* Line classification (shared by the reader and the writer)           */
/* ================================================================== */

int micic__text_is_separator(const char *s, size_t n) {
    size_t i;
    if (n < 3 || (s[0] != '=' && s[0] != '-')) return 0;
    for (i = 1; i < n; i++)
        if (s[i] != s[0]) return 0;
    return 1;
}

int micic__text_is_guideline_heading(const char *s, size_t n) {
    size_t i = 9;
    if (n < 10 || micic__strncasecmp(s, "guideline", 9) != 0) return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '#')) i++;
    return i < n && s[i] >= '0' && s[i] <= '9';
}

#define LABEL_MAX 120

/* A known field label: "Label: value" or "Label" alone on its line. */
typedef struct label_hit {
    micic_field field;
    const char *v; /* inline value (trimmed), n = 0 when none */
    size_t vn;
    int vcol;      /* column of v */
    int has_value;
} label_hit;

/* Field named by s[0..n) (a label, variant or machine name). */
static int field_of(const char *s, size_t n, micic_field *f) {
    char buf[LABEL_MAX + 1];
    if (n == 0 || n > LABEL_MAX) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return micic_field_from_name(buf, f) == MICIC_OK;
}

/* 1 when the line s[0..n) (trimmed) is a known field label; col is the
 * column of s. */
static int known_label(const char *s, size_t n, int col, label_hit *h) {
    const char *colon;
    memset(h, 0, sizeof *h);
    if (n == 0) return 0;
    if (micic__text_is_guideline_heading(s, n)) return 0;
    colon = memchr(s, ':', n);
    /* alone (a trailing ':' is allowed); a line with text after its colon is
       "Label: value" even when the value would fold away ("Title: -") */
    if (field_of(s, n, &h->field)) {
        size_t rn = 0;
        if (!colon) return 1;
        micic__trim(colon + 1, n - (size_t)(colon + 1 - s), &rn);
        if (rn == 0) return 1;
        memset(h, 0, sizeof *h);
    }
    if (!colon || colon == s) return 0;
    {
        size_t ln, rest = n - (size_t)(colon + 1 - s);
        const char *lab = micic__trim(s, (size_t)(colon - s), &ln);
        const char *after = colon + 1;
        if (rest >= 2 && after[0] == '/' && after[1] == '/') return 0; /* a URL */
        if (!field_of(lab, ln, &h->field)) return 0;
        h->v = micic__trim(after, rest, &h->vn);
        h->vcol = col + (int)micic__utf8_chars(s, (size_t)(h->v - s));
        h->has_value = h->vn > 0;
    }
    return 1;
}

/* An unknown label trimmed of spaces, tabs and no-break spaces only: a
 * zero-width character at its end (U+200B, U+FEFF) is part of the label,
 * so that two labels that differ by one are not merged (the writer writes
 * such labels as they are). */
static const char *label_trim(const char *s, size_t n, size_t *len_out) {
    const unsigned char *u = (const unsigned char *)s;
    for (;;) {
        if (n && (u[0] == ' ' || u[0] == '\t')) {
            u++;
            n--;
        } else if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) {
            u += 2;
            n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (u[n - 1] == ' ' || u[n - 1] == '\t')) n--;
        else if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0) n -= 2;
        else break;
    }
    *len_out = n;
    return (const char *)u;
}

/* 1 when s[0..n) looks like "Some label: value" (an unknown field); the
 * label (trimmed) goes to *lab and *labn, the value to *v and *vn. */
static int unknown_label(const char *s, size_t n, const char **lab, size_t *labn,
                         const char **v, size_t *vn) {
    const char *colon = memchr(s, ':', n);
    size_t i, ln, words = 1;
    const char *l;
    if (!colon || colon == s || (size_t)(colon - s) > 60) return 0;
    l = label_trim(s, (size_t)(colon - s), &ln);
    if (ln == 0) return 0;
    {
        unsigned char c0 = (unsigned char)l[0];
        if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 >= 0x80)) return 0;
    }
    for (i = 0; i < ln; i++) {
        unsigned char c = (unsigned char)l[i];
        if (c == ' ') {
            words++;
            continue;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c >= 0x80 || c == '_' || c == '-' || c == '\'' || c == '/' || c == '(' ||
            c == ')' || c == '&')
            continue;
        return 0;
    }
    if (words > 6) return 0;
    {
        size_t rest = n - (size_t)(colon + 1 - s);
        if (rest >= 2 && colon[1] == '/' && colon[2] == '/') return 0;
        *v = micic__trim(colon + 1, rest, vn);
    }
    *lab = l;
    *labn = ln;
    return 1;
}

/* Thematic-area label of a guideline (tolerant), or 0. */
static int theme_number(const char *s, size_t n) {
    char buf[160];
    const micic_guideline *g;
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    g = micic_guideline_by_theme(buf);
    return g ? micic_guideline_number(g) : 0;
}

/* 1 when a line could be read as anything but plain text by the reader in
 * some context; the writer puts a backslash in front of such lines. */
static int needs_escape(const char *s, size_t n) {
    label_hit h;
    const char *a, *b;
    size_t an, bn;
    if (n == 0) return 0;
    if (s[0] == '\\') return 1;
    if (micic__text_is_separator(s, n) || micic__text_is_guideline_heading(s, n)) return 1;
    if (known_label(s, n, 1, &h)) return 1;
    if (unknown_label(s, n, &a, &an, &b, &bn)) return 1;
    if (n <= 120 && theme_number(s, n)) return 1;
    return 0;
}

/* ================================================================== */
/* List values                                                          */
/* ================================================================== */

typedef struct part {
    const char *s;
    size_t n;
    int col;
    int quoted; /* 1: was in quotes, 2: and holds "" for a quote */
} part;

/* Text of a part into buf ("" -> " in a quoted part). */
static const char *part_text(const part *pt, micic_buf *buf, size_t *n_out) {
    size_t i;
    if (pt->quoted != 2) {
        *n_out = pt->n;
        return pt->s;
    }
    micic_buf_clear(buf);
    for (i = 0; i < pt->n; i++) {
        micic_buf_putc(buf, pt->s[i]);
        if (pt->s[i] == '"' && i + 1 < pt->n && pt->s[i + 1] == '"') i++;
    }
    if (!micic_buf_cstr(buf)) return NULL;
    *n_out = buf->len;
    return buf->data;
}

typedef struct parts {
    part *v;
    size_t n, cap;
} parts;

static int parts_push(parts *ps, const char *s, size_t n, int col, int quoted) {
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 8;
        part *a = micic__realloc(ps->v, nc * sizeof *a);
        if (!a) return MICIC_ENOMEM;
        ps->v = a;
        ps->cap = nc;
    }
    ps->v[ps->n].s = s;
    ps->v[ps->n].n = n;
    ps->v[ps->n].col = col;
    ps->v[ps->n].quoted = quoted;
    ps->n++;
    return MICIC_OK;
}

/* Split s[0..n) on commas outside parentheses and outside a value written
 * in double quotes ("a, b" is one value; the quotes are removed). */
static int split_commas(const char *s, size_t n, int col, parts *ps) {
    size_t i = 0, at = 0, chars = 0; /* chars = micic__utf8_chars(s, at), kept up to date
                                        (counting from s each time was quadratic) */
#define COL_AT(off) (chars += micic__utf8_chars(s + at, (size_t)(off) - at), at = (off), \
                     col + (int)chars)
    ps->n = 0;
    while (i <= n) {
        size_t start, j, tn;
        int depth = 0, quoted = 0;
        const char *t;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        start = i;
        if (i < n && s[i] == '"') { /* "a, b" with "" for a quote inside */
            size_t q = i + 1;
            while (q < n && !(s[q] == '"' && !(q + 1 < n && s[q + 1] == '"'))) q += s[q] == '"' ? 2 : 1;
            if (q < n) {
                size_t after = q + 1;
                while (after < n && (s[after] == ' ' || s[after] == '\t')) after++;
                if (after == n || s[after] == ',') {
                    quoted = memchr(s + i + 1, '"', q - i - 1) ? 2 : 1;
                    if (parts_push(ps, s + i + 1, q - i - 1,
                                   COL_AT(i + 1), quoted) != MICIC_OK)
                        return MICIC_ENOMEM;
                    i = after + 1;
                    continue;
                }
            }
        }
        for (j = i; j < n; j++) {
            if (s[j] == '(') depth++;
            else if (s[j] == ')' && depth > 0) depth--;
            else if (s[j] == ',' && depth == 0) break;
        }
        t = micic__trim(s + start, j - start, &tn);
        if (tn && parts_push(ps, t, tn, COL_AT(t - s), quoted) != MICIC_OK)
            return MICIC_ENOMEM;
        i = j + 1;
    }
#undef COL_AT
    return MICIC_OK;
}

/* 1 when s[0..n) is a sure match of the field's vocabulary (or a country). */
static int sure_value(micic_field f, const char *s, size_t n) {
    char buf[256];
    int vocab;
    if (n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (f == MICIC_FIELD_COUNTRY) return micic_country_lookup(buf) != NULL;
    if (micic_field_vocab(f, &vocab)) return micic_vocab_lookup((micic_vocab)vocab, buf) != NULL;
    return 0;
}

/* Fields whose own-line values are split on commas too (form exports put
 * "Government of Japan, International Organization for Migration (IOM)"
 * on one line under the stakeholder label). */
static int splits_lines(micic_field f) {
    int vocab;
    if (f == MICIC_FIELD_COUNTRY || f == MICIC_FIELD_STAKEHOLDER) return 1;
    return micic_field_vocab(f, &vocab) && micic_vocab_is_closed((micic_vocab)vocab);
}

/* Merge neighbouring parts that together are a sure vocabulary or country
 * match ("Palestine, State of"), longest first. In place. */
static void merge_parts(micic_field f, parts *ps) {
    size_t i = 0, o = 0;
    int vocab;
    if (f != MICIC_FIELD_COUNTRY && !micic_field_vocab(f, &vocab)) return;
    while (i < ps->n) {
        size_t best = i, j;
        if (!ps->v[i].quoted) {
            for (j = (i + 3 < ps->n ? i + 3 : ps->n - 1); j > i; j--) {
                size_t k, len;
                int ok = 1;
                for (k = i; k <= j; k++)
                    if (ps->v[k].quoted) ok = 0;
                if (!ok) continue;
                len = (size_t)(ps->v[j].s + ps->v[j].n - ps->v[i].s);
                if (sure_value(f, ps->v[i].s, len)) {
                    best = j;
                    break;
                }
            }
        }
        ps->v[o] = ps->v[i];
        if (best > i) ps->v[o].n = (size_t)(ps->v[best].s + ps->v[best].n - ps->v[i].s);
        o++;
        i = best + 1;
    }
    ps->n = o;
}

/* ================================================================== */
/* Reader                                                              */
/* ================================================================== */

/* One value line of a block. */
typedef struct bline {
    const char *s;
    size_t n;
    int line;
    int col;
    int blank_before; /* a blank line came before it */
    size_t offset;    /* input offset of its line */
} bline;

enum { B_NONE, B_FIELD, B_UNKNOWN, B_GL };

/* A diagnostic held until the record it belongs to is complete. */
typedef struct pdiag {
    int code;
    int line;
    int col;
    char *field;
    char *value;
    char *msg;
    char *suggest;
} pdiag;

typedef struct tparser {
    micic__rd rd;
    micic__tdoc doc;
    micic_practice *p;  /* record being read, NULL between records */
    size_t rec_offset;  /* input offset where the record's text starts */
    int rec_line;
    size_t labels;      /* known labels seen in the whole input */
    size_t cur;         /* index of the line being read */
    size_t skip;        /* index of a line already consumed (a wrapped heading's end), or 0 */
    /* current block */
    int bkind;
    micic_field bf;
    const char *blab;   /* label of an unknown block */
    size_t blabn;
    int bline_no, bcol; /* where the block's label is */
    bline *bl;
    size_t bn, bcap;
    int pending_blank;
    /* guideline block */
    bline gtheme, gprev, gskip;
    int has_gtheme, has_gprev, has_gskip, gprev_heading;
    /* text before the first label of a record */
    bline cand;
    int has_cand, prefix_blank, prefix_lines;
    /* diagnostics of the record being read */
    pdiag *dg;
    size_t ndg, capdg;
    micic_buf tmp;
    micic_buf joined;
    micic_buf unq;
    parts ps;
} tparser;

static int oom(tparser *t) { return micic__error(t->rd.err, MICIC_ENOMEM, NULL); }

static int diag(tparser *t, int code, const char *field, int line, int col, const char *value,
                size_t vn, const char *suggest, const char *msg) {
    pdiag *d;
    if (!t->rd.report) return MICIC_OK;
    if (t->ndg == t->capdg) {
        size_t nc = t->capdg ? t->capdg * 2 : 8;
        pdiag *a = micic__realloc(t->dg, nc * sizeof *a);
        if (!a) return oom(t);
        t->dg = a;
        t->capdg = nc;
    }
    d = &t->dg[t->ndg];
    memset(d, 0, sizeof *d);
    d->code = code;
    d->line = line;
    d->col = col;
    d->field = micic__strdup(field ? field : "");
    d->value = value ? micic__strndup(value, vn) : micic__strdup("");
    d->msg = micic__strdup(msg);
    d->suggest = suggest ? micic__strdup(suggest) : NULL;
    t->ndg++;
    if (!d->field || !d->value || !d->msg || (suggest && !d->suggest)) return oom(t);
    return MICIC_OK;
}

static void free_diags(tparser *t) {
    size_t i;
    for (i = 0; i < t->ndg; i++) {
        micic__free(t->dg[i].field);
        micic__free(t->dg[i].value);
        micic__free(t->dg[i].msg);
        micic__free(t->dg[i].suggest);
    }
    t->ndg = 0;
}

static int flush_diags(tparser *t, long index, const char *id) {
    size_t i;
    int rc = MICIC_OK;
    for (i = 0; i < t->ndg && rc == MICIC_OK; i++) {
        const pdiag *d = &t->dg[i];
        if (micic_report_add(t->rd.report, d->code, micic_code_severity(d->code), index, id,
                             d->field, t->rd.source, d->line, d->col, d->value, d->msg,
                             d->suggest) == MICIC_ENOMEM)
            rc = oom(t);
    }
    free_diags(t);
    return rc;
}

/* Add s[0..n) to field f of the current record; value NULL lets the model
 * canonicalize. Values over the field limit are cut (and reported). */
static int add_value(tparser *t, micic_field f, const char *s, size_t n, const char *value,
                     int line, int col) {
    size_t keep = micic__utf8_cut(s, n, t->rd.max_field);
    int rc;
    if (keep < n) {
        char msg[160];
        snprintf(msg, sizeof msg, "value of %zu bytes cut to the limit of %zu bytes", n,
                 t->rd.max_field);
        if ((rc = diag(t, MICIC_CODE_LIMIT, micic_field_name(f), line, col, NULL, 0, NULL,
                       msg)) != MICIC_OK)
            return rc;
    }
    micic_buf_clear(&t->tmp);
    if (micic_buf_append(&t->tmp, s, keep) != MICIC_OK || !micic_buf_cstr(&t->tmp))
        return oom(t);
    rc = micic_practice_add(t->p, f, t->tmp.data, value, t->rd.source, line, col, t->rd.err);
    return rc == MICIC_ENOMEM ? rc : MICIC_OK;
}

static int add_bline(tparser *t, micic_field f, const bline *b) {
    return add_value(t, f, b->s, b->n, NULL, b->line, b->col);
}

/* Join block lines: consecutive lines with "\n", a blank line between
 * them makes a paragraph break "\n\n". */
static int join_lines(tparser *t, const bline *b, size_t n) {
    size_t i;
    micic_buf_clear(&t->joined);
    for (i = 0; i < n; i++) {
        if (i > 0 && micic_buf_puts(&t->joined, b[i].blank_before ? "\n\n" : "\n") != MICIC_OK)
            return oom(t);
        if (micic_buf_append(&t->joined, b[i].s, b[i].n) != MICIC_OK) return oom(t);
    }
    if (!micic_buf_cstr(&t->joined)) return oom(t);
    return MICIC_OK;
}

static int push_bline(tparser *t, const char *s, size_t n, int line, int col, size_t offset) {
    bline *b;
    if (t->bn == t->bcap) {
        size_t nc = t->bcap ? t->bcap * 2 : 16;
        bline *a = micic__realloc(t->bl, nc * sizeof *a);
        if (!a) return oom(t);
        t->bl = a;
        t->bcap = nc;
    }
    b = &t->bl[t->bn++];
    b->s = s;
    b->n = n;
    b->line = line;
    b->col = col;
    b->blank_before = t->pending_blank;
    b->offset = offset;
    t->pending_blank = 0;
    return MICIC_OK;
}

static void block_reset(tparser *t) {
    t->bkind = B_NONE;
    t->bn = 0;
    t->pending_blank = 0;
    t->has_gtheme = t->has_gprev = t->has_gskip = t->gprev_heading = 0;
    t->blab = NULL;
    t->blabn = 0;
}

static int ends_with_punct(const char *s, size_t n) {
    return n > 0 && strchr(".,;:!?", s[n - 1]) != NULL;
}

static int has_letter(const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0) return 1;
    }
    return 0;
}

int micic__text_is_bullet(const char *s, size_t n) {
    return n > 0 && (s[0] == '-' || s[0] == '*' ||
                     (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                      (unsigned char)s[2] == 0xA2));
}

/* A line that can be a record title. */
static int title_like(const bline *b) {
    if (b->n == 0 || b->n > 200 || ends_with_punct(b->s, b->n) ||
        micic__text_is_bullet(b->s, b->n) ||
        !has_letter(b->s, b->n))
        return 0;
    if (b->n >= 4 && micic__strncasecmp(b->s, "www.", 4) == 0) return 0;
    {
        size_t i;
        for (i = 0; i + 2 < b->n; i++)
            if (b->s[i] == ':' && b->s[i + 1] == '/' && b->s[i + 2] == '/') return 0;
    }
    return 1;
}

/* A short line right before a "GUIDELINE N" heading that is its
 * thematic area even when the catalogue does not know the wording. */
static int theme_candidate(const bline *b) {
    if (b->n == 0 || b->n > 120 || ends_with_punct(b->s, b->n) ||
        micic__text_is_bullet(b->s, b->n) ||
        !has_letter(b->s, b->n) || micic__text_is_guideline_heading(b->s, b->n))
        return 0;
    if (b->n == 16 && micic__strncasecmp(b->s, "sample practices", 16) == 0) return 0;
    return 1;
}

/* ---- prose under a field label ------------------------------------- */

/* Words (runs of non-blanks) in s[0..n), and how many of them are the
 * small function words of running English prose. */
static size_t count_words(const char *s, size_t n, size_t *function_words) {
    static const char *const fw[] = {"the", "a", "an", "of", "to", "in", "for", "with", "and",
                                     "by", "on", "that", "which", "was", "were", "is", "are",
                                     "has", "have", "their", "its", "from", "this", "as", "it",
                                     "be", "been", "who", "also", "during", "through"};
    size_t i = 0, words = 0, k;
    *function_words = 0;
    while (i < n) {
        size_t start;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i >= n) break;
        start = i;
        while (i < n && s[i] != ' ' && s[i] != '\t') i++;
        words++;
        for (k = 0; k < sizeof fw / sizeof fw[0]; k++)
            if (strlen(fw[k]) == i - start &&
                micic__strncasecmp(s + start, fw[k], i - start) == 0) {
                (*function_words)++;
                break;
            }
    }
    return words;
}

static int ends_sentence(const char *s, size_t n) {
    while (n > 0 && (s[n - 1] == '"' || s[n - 1] == ')' || s[n - 1] == '\''))
        n--;
    return n > 0 && strchr(".!?;:", s[n - 1]) != NULL;
}

/* 1 when a vocabulary field's line holds a value, an accepted synonym or a
 * near miss of one in each of its comma-separated parts. */
static int vocab_line(tparser *t, micic_field f, const char *s, size_t n) {
    size_t i;
    int vocab = -1;
    if (f != MICIC_FIELD_COUNTRY && !micic_field_vocab(f, &vocab)) return 0;
    if (split_commas(s, n, 1, &t->ps) != MICIC_OK) return 1; /* out of memory: keep as values */
    merge_parts(f, &t->ps);
    for (i = 0; i < t->ps.n; i++) {
        char buf[256];
        const part *pt = &t->ps.v[i];
        if (pt->n >= sizeof buf) return 0;
        memcpy(buf, pt->s, pt->n);
        buf[pt->n] = '\0';
        if (f == MICIC_FIELD_COUNTRY) {
            if (!micic_country_lookup(buf) && !micic_country_suggest(buf, NULL)) return 0;
        } else if (!micic_vocab_lookup((micic_vocab)vocab, buf) &&
                   !micic_vocab_suggest((micic_vocab)vocab, buf, NULL)) {
            return 0;
        }
    }
    return t->ps.n > 0;
}

/* Fields whose values are short names or vocabulary labels: a line of
 * running prose under one of them is where a description without its
 * "Description" heading starts. */
static int takes_names(micic_field f) {
    switch (f) {
    case MICIC_FIELD_TYPE: case MICIC_FIELD_COUNTRY: case MICIC_FIELD_STAKEHOLDER:
    case MICIC_FIELD_STAKEHOLDER_TYPE: case MICIC_FIELD_CRISIS: case MICIC_FIELD_PHASE:
    case MICIC_FIELD_POPULATION: case MICIC_FIELD_NEED: case MICIC_FIELD_SOURCE:
    case MICIC_FIELD_KIND: case MICIC_FIELD_LINK:
        return 1;
    default:
        return 0;
    }
}

/* 1 when s[0..n), a line under the label of field f, is prose rather than
 * a value: not a value, synonym or near miss of the field's vocabulary,
 * and sentence-like (enough words, and a sentence end or the function
 * words of running text). Names of organisations and link texts must
 * read as a sentence to count. */
static int prose_line(tparser *t, micic_field f, const char *s, size_t n) {
    size_t fw, words;
    int vocab;
    if (!takes_names(f) || n < 20) return 0;
    if (f == MICIC_FIELD_LINK) { /* a URL, or a line of one word, is a link */
        size_t i;
        if (!memchr(s, ' ', n) || (n >= 4 && micic__strncasecmp(s, "www.", 4) == 0)) return 0;
        for (i = 0; i + 2 < n; i++)
            if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') return 0;
    }
    words = count_words(s, n, &fw);
    if (words < 5) return 0;
    if (f == MICIC_FIELD_STAKEHOLDER || f == MICIC_FIELD_LINK || f == MICIC_FIELD_SOURCE)
        return words >= 25 || (words >= 6 && fw >= 2 && ends_sentence(s, n));
    if (f != MICIC_FIELD_COUNTRY && micic_field_vocab(f, &vocab) &&
        !micic_vocab_is_closed((micic_vocab)vocab))
        return (words >= 6 && fw >= 2 && ends_sentence(s, n)) || words >= 25;
    if (vocab_line(t, f, s, n)) return 0;
    return ends_sentence(s, n) || fw >= 2 || words >= 8;
}

/* ---- guideline blocks ---------------------------------------------- */

static int add_theme(tparser *t, const bline *b) { return add_bline(t, MICIC_FIELD_THEME, b); }

/* 1 when the heading b ("GUIDELINE N: title") was wrapped onto the next
 * line of the input (copied text): the next line, right below it, makes
 * the title closer to guideline N's. The joined text goes to t->joined. */
static int wrapped_heading(tparser *t, const bline *b) {
    const micic__tline *nx;
    int alone[16], joined[16], num = 0, num2 = 0;
    label_hit h;
    if (t->cur + 1 >= t->doc.nlines) return 0;
    nx = &t->doc.lines[t->cur + 1];
    if (nx->n == 0 || nx->n > 200 || nx->s[0] == '\\' ||
        micic__text_is_guideline_heading(nx->s, nx->n) ||
        micic__text_is_separator(nx->s, nx->n) || known_label(nx->s, nx->n, 1, &h) ||
        (nx->n <= 120 && theme_number(nx->s, nx->n)))
        return 0;
    micic_buf_clear(&t->joined);
    if (micic_buf_append(&t->joined, b->s, b->n) != MICIC_OK ||
        micic_buf_putc(&t->joined, ' ') != MICIC_OK ||
        micic_buf_append(&t->joined, nx->s, nx->n) != MICIC_OK || !micic_buf_cstr(&t->joined))
        return 0;
    if (micic__title_scores(t->joined.data, joined, &num2) != MICIC_OK || !num2) return 0;
    {
        char one[320];
        size_t k = b->n < sizeof one - 1 ? b->n : sizeof one - 1;
        memcpy(one, b->s, k);
        one[k] = '\0';
        if (micic__title_scores(one, alone, &num) != MICIC_OK) return 0;
    }
    return num == num2 && joined[num] > alone[num] && joined[num] >= MICIC__TITLE_SURE;
}

/* "GUIDELINE N: title" (forced = 0) or a bare title of guideline `forced`. */
static int gl_heading(tparser *t, const bline *b, int forced) {
    const bline *theme = NULL;
    int rc;
    if (t->has_gtheme) theme = &t->gtheme;
    else if (t->has_gprev && !t->gprev_heading && theme_candidate(&t->gprev)) theme = &t->gprev;
    if (theme && (rc = add_theme(t, theme)) != MICIC_OK) return rc;
    t->has_gtheme = 0;
    if (forced) {
        char num[8];
        snprintf(num, sizeof num, "%d", forced);
        return add_value(t, MICIC_FIELD_GUIDELINE, b->s, b->n, num, b->line, b->col);
    }
    if (wrapped_heading(t, b)) { /* the title goes on on the next line */
        t->skip = t->cur + 1;
        return add_value(t, MICIC_FIELD_GUIDELINE, t->joined.data, t->joined.len, NULL, b->line,
                         b->col);
    }
    return add_bline(t, MICIC_FIELD_GUIDELINE, b);
}

/* Number of the guideline whose title is s[0..n) (no "GUIDELINE N" prefix), or 0. */
static int bare_title(const char *s, size_t n) {
    char buf[300];
    int num = 0, tm = 0;
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (micic_guideline_title_match(buf, &num, &tm) != MICIC_OK || num) return 0;
    return tm;
}

/* One non-blank line inside a guideline block. Only the thematic-area line
 * and the "GUIDELINE N: title" line are kept; the guideline's own text and
 * its sample practices are skipped. */
static int gl_line(tparser *t, const bline *b, int escaped) {
    int rc = MICIC_OK, heading = 0, tm;
    if (escaped) {
        t->gskip = *b;
        t->has_gskip = 1;
    } else if (micic__text_is_guideline_heading(b->s, b->n)) {
        rc = gl_heading(t, b, 0);
        heading = 1;
    } else if (b->n <= 120 && theme_number(b->s, b->n)) {
        if (t->has_gtheme) rc = add_theme(t, &t->gtheme);
        t->gtheme = *b;
        t->has_gtheme = 1;
    } else if (t->has_gtheme && t->has_gprev && t->gprev.line == t->gtheme.line &&
               (tm = bare_title(b->s, b->n)) != 0) {
        rc = gl_heading(t, b, tm);
        heading = 1;
    } else {
        t->gskip = *b;
        t->has_gskip = 1;
    }
    t->gprev = *b;
    t->has_gprev = 1;
    t->gprev_heading = heading;
    return rc;
}

/* Value written after the guideline label itself ("Guidelines: 3, 8"). */
static int gl_inline(tparser *t, const char *s, size_t n, int line, int col) {
    size_t i;
    int rc;
    if ((rc = split_commas(s, n, col, &t->ps)) != MICIC_OK) return oom(t);
    for (i = 0; i < t->ps.n; i++) {
        part ptv = t->ps.v[i];
        const part *pt = &ptv;
        size_t k;
        int digits = 1, tm;
        ptv.s = part_text(&t->ps.v[i], &t->unq, &ptv.n);
        if (!ptv.s) return oom(t);
        for (k = 0; k < pt->n; k++)
            if (pt->s[k] < '0' || pt->s[k] > '9') digits = 0;
        if (pt->quoted) /* quoted: the value as it is */
            rc = add_value(t, t->bf, pt->s, pt->n, NULL, line, pt->col);
        else if (t->bf == MICIC_FIELD_THEME || (!digits && theme_number(pt->s, pt->n)))
            rc = add_value(t, MICIC_FIELD_THEME, pt->s, pt->n, NULL, line, pt->col);
        else if (!digits && !micic__text_is_guideline_heading(pt->s, pt->n) &&
                 (tm = bare_title(pt->s, pt->n)) != 0) {
            char num[8];
            snprintf(num, sizeof num, "%d", tm);
            rc = add_value(t, MICIC_FIELD_GUIDELINE, pt->s, pt->n, num, line, pt->col);
        } else
            rc = add_value(t, MICIC_FIELD_GUIDELINE, pt->s, pt->n, NULL, line, pt->col);
        if (rc != MICIC_OK) return rc;
    }
    return MICIC_OK;
}

/* ---- blocks ---------------------------------------------------------- */

static int add_list_text(tparser *t, micic_field f, const bline *b, int split) {
    size_t i;
    int rc;
    if (!split) return add_bline(t, f, b);
    if (split_commas(b->s, b->n, b->col, &t->ps) != MICIC_OK) return oom(t);
    merge_parts(f, &t->ps);
    for (i = 0; i < t->ps.n; i++) {
        const part *pt = &t->ps.v[i];
        size_t n;
        const char *text = part_text(pt, &t->unq, &n);
        if (!text) return oom(t);
        if ((rc = add_value(t, f, text, n, NULL, b->line, pt->col)) != MICIC_OK) return rc;
    }
    return MICIC_OK;
}

/* End of the link text starting at s[0..n): the site writes several links
 * on one line separated by a capital "I" ("Documentation (Page 39)I Global
 * Filipino Movement", "Print the Guideline I Print the Guideline and
 * Practices"): an "I" glued to a ")" , "." or a lower-case letter, or
 * standing alone between spaces, followed by a space and a capital. URLs
 * are never cut. Returns n when there is no separator. */
static size_t link_end(const char *s, size_t n, size_t *next) {
    size_t i;
    *next = n;
    if (memchr(s, '/', n) && !memchr(s, ' ', n)) return n; /* a bare URL */
    for (i = 1; i + 2 < n; i++) {
        unsigned char p = (unsigned char)s[i - 1], c2 = (unsigned char)s[i + 2];
        if (s[i] != 'I' || s[i + 1] != ' ' || !(c2 >= 'A' && c2 <= 'Z')) continue;
        if (p == ')' || p == '.' || (p >= 'a' && p <= 'z') || p == ' ') {
            size_t end = p == ' ' ? i - 1 : i;
            if (end == 0) continue;
            *next = i + 2;
            return end;
        }
    }
    return n;
}

/* The link texts of one line under "Related Links". */
static int add_links(tparser *t, const bline *b) {
    size_t pos = 0;
    int rc = MICIC_OK;
    while (pos < b->n && rc == MICIC_OK) {
        size_t next, tn, end = link_end(b->s + pos, b->n - pos, &next);
        const char *tx = micic__trim(b->s + pos, end, &tn);
        if (tn)
            rc = add_value(t, MICIC_FIELD_LINK, tx, tn, NULL, b->line,
                           b->col + (int)micic__utf8_chars(b->s, (size_t)(tx - b->s)));
        pos += next;
    }
    return rc;
}

/* Lines of the site's page footer ("Share", "Print", "Back to top") that a
 * copied page puts after the last field: they end the description block
 * when nothing follows them, and are dropped with an info. */
static int footer_line(const bline *b) {
    static const char *const words[] = {"share", "print", "back to top", "top", "email",
                                        "e-mail", "tweet", "facebook", "twitter", "linkedin",
                                        "share this", "print this page", "share this page"};
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == b->n && micic__strncasecmp(b->s, words[i], b->n) == 0) return 1;
    return 0;
}

static int drop_footer(tparser *t) {
    size_t keep = t->bn;
    char msg[160];
    while (keep > 1 && footer_line(&t->bl[keep - 1])) keep--;
    if (keep == t->bn) return MICIC_OK;
    snprintf(msg, sizeof msg, "%zu line%s of the site's page footer ('%.*s'...) left out of the "
             "description", t->bn - keep, t->bn - keep == 1 ? "" : "s", (int)t->bl[keep].n,
             t->bl[keep].s);
    t->bn = keep;
    return diag(t, MICIC_CODE_LAYOUT, micic_field_name(MICIC_FIELD_DESCRIPTION),
                t->bl[keep].line, t->bl[keep].col, NULL, 0, NULL, msg);
}

/* Closest field label to an unknown label, for a "did you mean". */
static const char *label_suggestion(const char *label) {
    int best = 4, f;
    const char *hit = NULL;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        const char *l = micic_field_label((micic_field)f);
        int d = micic__edit_distance(label, l, 3);
        if (d >= 0 && d < best) {
            best = d;
            hit = l;
        }
    }
    return hit;
}

/* Commit the current block to the record. */
static int close_block(tparser *t) {
    int rc = MICIC_OK;
    size_t i;
    switch (t->bkind) {
    case B_FIELD:
        if (t->bf == MICIC_FIELD_LINK) {
            for (i = 0; i < t->bn && rc == MICIC_OK; i++)
                rc = add_links(t, &t->bl[i]);
        } else if (micic_field_is_single(t->bf)) {
            if (t->bf == MICIC_FIELD_DESCRIPTION && (rc = drop_footer(t)) != MICIC_OK) break;
            if (t->bn && (rc = join_lines(t, t->bl, t->bn)) == MICIC_OK)
                rc = add_value(t, t->bf, t->joined.data, t->joined.len, NULL, t->bl[0].line,
                               t->bl[0].col);
        } else {
            for (i = 0; i < t->bn && rc == MICIC_OK; i++)
                rc = add_list_text(t, t->bf, &t->bl[i],
                                   (i == 0 && t->bl[0].line == t->bline_no) ||
                                       splits_lines(t->bf));
        }
        break;
    case B_UNKNOWN: {
        char label[64];
        char msg[160];
        size_t keep;
        memcpy(label, t->blab, t->blabn);
        label[t->blabn] = '\0';
        if ((rc = join_lines(t, t->bl, t->bn)) != MICIC_OK) break;
        keep = micic__utf8_cut(t->joined.data, t->joined.len, t->rd.max_field);
        t->joined.data[keep] = '\0';
        if (micic_practice_add_extra(t->p, label, t->joined.data, t->rd.err) != MICIC_OK) {
            rc = oom(t);
            break;
        }
        { /* reported once per label and input, at its first use (as CSV does) */
            int inserted = 0;
            if (micic__strmap_put(&t->rd.unknown, label, 0, &inserted) != MICIC_OK) {
                rc = oom(t);
                break;
            }
            if (!inserted) break;
        }
        snprintf(msg, sizeof msg, "unknown field label '%s' kept as an extra field", label);
        rc = diag(t, MICIC_CODE_UNKNOWN_LABEL, label, t->bline_no, t->bcol, t->joined.data,
                  keep, label_suggestion(label), msg);
        break;
    }
    case B_GL:
        if (t->has_gtheme) rc = add_theme(t, &t->gtheme);
        break;
    default:
        break;
    }
    block_reset(t);
    return rc;
}

static int begin_block(tparser *t, const micic__tline *l, const label_hit *h) {
    t->bline_no = l->line;
    t->bcol = l->col;
    t->bf = h->field;
    if (h->field == MICIC_FIELD_GUIDELINE || h->field == MICIC_FIELD_THEME) {
        t->bkind = B_GL;
        if (h->has_value) return gl_inline(t, h->v, h->vn, l->line, h->vcol);
        return MICIC_OK;
    }
    t->bkind = B_FIELD;
    if (h->has_value) return push_bline(t, h->v, h->vn, l->line, h->vcol, l->offset);
    return MICIC_OK;
}

/* ---- records ----------------------------------------------------------- */

static void region_start(tparser *t, size_t offset) {
    t->rec_offset = offset;
    t->has_cand = 0;
    t->prefix_blank = 0;
    t->prefix_lines = 0;
}

static int open_record(tparser *t, const micic__tline *l) {
    int rc;
    t->p = micic_practice_new();
    if (!t->p) return oom(t);
    block_reset(t);
    t->rec_line = t->has_cand ? t->cand.line : l->line;
    if (micic_practice_set_record_location(t->p, t->rd.source, t->rec_line, 1, t->rd.err) !=
        MICIC_OK)
        return oom(t);
    if (t->has_cand) {
        t->has_cand = 0;
        if ((rc = add_bline(t, MICIC_FIELD_TITLE, &t->cand)) != MICIC_OK) return rc;
    }
    return MICIC_OK;
}

/* Finish the record being read (if any): defaults, limits, hand it over. */
static int end_record(tparser *t, size_t end_offset) {
    long index = MICIC__RD_INDEX(&t->rd);
    int rc;
    if (!t->p) return flush_diags(t, -1, NULL);
    if ((rc = close_block(t)) != MICIC_OK) return rc;
    if (micic_practice_count(t->p, MICIC_FIELD_KIND) == 0 &&
        micic_practice_add(t->p, MICIC_FIELD_KIND, MICIC_KIND_REPORTED, NULL, t->rd.source, 0,
                           0, t->rd.err) != MICIC_OK)
        return oom(t);
    if (end_offset - t->rec_offset > t->rd.max_record) {
        char msg[160];
        char *id = micic__strdup(micic_practice_id(t->p));
        snprintf(msg, sizeof msg, "record of %zu bytes is larger than the limit of %zu bytes",
                 end_offset - t->rec_offset, t->rd.max_record);
        if (!id) return oom(t);
        rc = diag(t, MICIC_CODE_LIMIT, NULL, t->rec_line, 1, NULL, 0, NULL, msg);
        if (rc == MICIC_OK)
            rc = diag(t, MICIC_CODE_RECORD_REJECTED, NULL, t->rec_line, 1, NULL, 0, NULL,
                      "record rejected: it is larger than max_record_bytes");
        if (rc == MICIC_OK) rc = flush_diags(t, index, id);
        micic__free(id);
        micic_practice_free(t->p);
        t->p = NULL;
        micic__rd_reject(&t->rd);
        if (rc != MICIC_OK) return rc;
    } else {
        micic_practice *p = t->p;
        t->p = NULL;
        if ((rc = micic__rd_accept(&t->rd, p)) != MICIC_OK) return rc;
        {
            size_t n = micic_corpus_size(t->rd.corpus);
            const micic_practice *added = n ? micic_corpus_get(t->rd.corpus, n - 1) : NULL;
            if ((rc = flush_diags(t, index, added ? micic_practice_id(added) : NULL)) !=
                MICIC_OK)
                return rc;
        }
    }
    return micic__rd_progress(&t->rd, end_offset, t->doc.input_len);
}

/* Does a label for field f start a new record (no separator line)? */
static int starts_record(const tparser *t, micic_field f) {
    int same, complete;
    if (f != MICIC_FIELD_TYPE && f != MICIC_FIELD_TITLE && f != MICIC_FIELD_ID) return 0;
    same = micic_practice_count(t->p, f) > 0 ||
           (t->bkind == B_FIELD && t->bf == f && t->bn > 0);
    complete = micic_practice_count(t->p, MICIC_FIELD_DESCRIPTION) > 0 ||
               micic_practice_count(t->p, MICIC_FIELD_GUIDELINE) > 0 ||
               micic_practice_count(t->p, MICIC_FIELD_THEME) > 0 ||
               (t->bkind == B_FIELD && t->bf == MICIC_FIELD_DESCRIPTION && t->bn > 0) ||
               t->bkind == B_GL;
    return same || complete;
}

/* The next record's title at the end of the current block (a short line
 * standing alone right before the label that starts the next record). */
static int pop_title(tparser *t, bline *out) {
    if ((t->bkind == B_FIELD || t->bkind == B_UNKNOWN) && t->bn >= 2 &&
        t->bl[t->bn - 1].blank_before && title_like(&t->bl[t->bn - 1])) {
        *out = t->bl[--t->bn];
        return 1;
    }
    if (t->bkind == B_GL && t->has_gskip && t->has_gprev && t->gprev.line == t->gskip.line &&
        t->gskip.blank_before && title_like(&t->gskip)) {
        *out = t->gskip;
        t->has_gskip = 0;
        return 1;
    }
    return 0;
}

/* The thematic-area line at the end of the current block, right before a
 * "GUIDELINE N" heading that came without a guideline label. */
static int pop_theme(tparser *t, bline *out) {
    const bline *last;
    if ((t->bkind != B_FIELD && t->bkind != B_UNKNOWN) || t->bn == 0) return 0;
    last = &t->bl[t->bn - 1];
    if (theme_number(last->s, last->n) ||
        (t->bn >= 2 && last->blank_before && theme_candidate(last))) {
        *out = *last;
        t->bn--;
        return 1;
    }
    return 0;
}

static int bad_bytes(tparser *t, const micic__tbad *b) {
    char msg[160];
    if (b->code == MICIC_CODE_TRUNCATED)
        snprintf(msg, sizeof msg, "the input ends inside a UTF-8 sequence (truncated); "
                                  "the partial character became U+FFFD");
    else if (b->code == MICIC_CODE_NUL_BYTE)
        snprintf(msg, sizeof msg, "%zu NUL byte%s on this line replaced by U+FFFD", b->count,
                 b->count == 1 ? "" : "s");
    else
        snprintf(msg, sizeof msg, "%zu invalid UTF-8 byte%s on this line replaced by U+FFFD",
                 b->count, b->count == 1 ? "" : "s");
    return diag(t, b->code, NULL, b->line, b->col, NULL, 0, NULL, msg);
}

/* A prose line under the label of field t->bf (line l, column col): the
 * field's block ends before it and a description block starts there, as
 * if a "Description" heading stood above it; said as an info. */
static int implicit_description(tparser *t, const micic__tline *l, int col) {
    char msg[300];
    micic_field was = t->bf;
    int rc = close_block(t);
    if (rc != MICIC_OK) return rc;
    t->bkind = B_FIELD;
    t->bf = MICIC_FIELD_DESCRIPTION;
    t->bline_no = l->line;
    t->bcol = col;
    snprintf(msg, sizeof msg,
             "description taken to start at %d:%d: no 'Description' heading, and this line "
             "reads as prose, not as a value of %s",
             l->line, col, micic_field_label(was));
    return diag(t, MICIC_CODE_LAYOUT, micic_field_name(MICIC_FIELD_DESCRIPTION), l->line, col,
                NULL, 0, NULL, msg);
}

static int parse(tparser *t) {
    size_t i, bi = 0;
    int rc;
    region_start(t, 0);
    for (i = 0; i < t->doc.nlines; i++) {
        const micic__tline *l = &t->doc.lines[i];
        const char *s = l->s;
        size_t n = l->n;
        int col = l->col, escaped = 0;
        label_hit h;
        bline b;
        t->cur = i;
        if (t->skip && i == t->skip) { /* joined to the heading above it */
            t->skip = 0;
            continue;
        }
        while (bi < t->doc.nbad && t->doc.bad[bi].line == l->line)
            if ((rc = bad_bytes(t, &t->doc.bad[bi++])) != MICIC_OK) return rc;
        if (n && s[0] == '\\') { /* escaped: plain text whatever it looks like */
            const char *e = micic__trim(s + 1, n - 1, &n);
            col += 1 + (int)micic__utf8_chars(s + 1, (size_t)(e - s - 1));
            s = e;
            escaped = 1;
        }
        if (!escaped && micic__text_is_separator(s, n)) {
            if ((rc = end_record(t, l->offset)) != MICIC_OK) return rc;
            region_start(t, i + 1 < t->doc.nlines ? t->doc.lines[i + 1].offset
                                                  : t->doc.input_len);
            continue;
        }
        if (n == 0 && !escaped) {
            if (t->p) t->pending_blank = 1;
            else t->prefix_blank = 1;
            continue;
        }
        b.s = s;
        b.n = n;
        b.line = l->line;
        b.col = col;
        b.offset = l->offset;
        if (!escaped && known_label(s, n, col, &h)) {
            t->labels++;
            if (t->p && starts_record(t, h.field)) {
                bline title;
                int has_title = pop_title(t, &title);
                size_t at = has_title ? title.offset : l->offset;
                if ((rc = end_record(t, at)) != MICIC_OK) return rc;
                region_start(t, at);
                if (has_title) {
                    t->cand = title;
                    t->has_cand = 1;
                }
            } else if (t->p && (rc = close_block(t)) != MICIC_OK) {
                return rc;
            }
            if (!t->p && (rc = open_record(t, l)) != MICIC_OK) return rc;
            if ((rc = begin_block(t, l, &h)) != MICIC_OK) return rc;
            continue;
        }
        if (!t->p) { /* text before a record: navigation, or its title */
            b.blank_before = t->prefix_blank;
            if (title_like(&b) && (t->prefix_lines == 0 || t->prefix_blank)) {
                t->cand = b;
                t->has_cand = 1;
            } else {
                t->has_cand = 0;
            }
            t->prefix_lines++;
            t->prefix_blank = 0;
            continue;
        }
        b.blank_before = t->pending_blank;
        if (!escaped && t->bkind != B_GL && micic__text_is_guideline_heading(s, n)) {
            bline theme;
            int has_theme = pop_theme(t, &theme);
            if ((rc = close_block(t)) != MICIC_OK) return rc;
            t->bkind = B_GL;
            t->bf = MICIC_FIELD_GUIDELINE;
            t->bline_no = l->line;
            t->bcol = col;
            if (has_theme) {
                t->gtheme = theme;
                t->has_gtheme = 1;
            }
        }
        if (t->bkind == B_GL) {
            t->pending_blank = 0;
            if ((rc = gl_line(t, &b, escaped)) != MICIC_OK) return rc;
            continue;
        }
        if (!escaped && (t->bkind == B_UNKNOWN ||
                         (t->bkind == B_FIELD && t->bf != MICIC_FIELD_DESCRIPTION &&
                          t->bf != MICIC_FIELD_LINK))) {
            const char *lab, *v;
            size_t labn, vn;
            if (unknown_label(s, n, &lab, &labn, &v, &vn)) {
                if ((rc = close_block(t)) != MICIC_OK) return rc;
                t->bkind = B_UNKNOWN;
                t->blab = lab;
                t->blabn = labn;
                t->bline_no = l->line;
                t->bcol = col;
                if (vn && (rc = push_bline(t, v, vn, l->line,
                                           col + (int)micic__utf8_chars(s, (size_t)(v - s)),
                                           l->offset)) != MICIC_OK)
                    return rc;
                continue;
            }
        }
        if (!escaped && t->bkind == B_FIELD &&
            micic_practice_count(t->p, MICIC_FIELD_DESCRIPTION) == 0 &&
            prose_line(t, t->bf, s, n)) {
            if ((rc = implicit_description(t, l, col)) != MICIC_OK) return rc;
        }
        if ((rc = push_bline(t, s, n, l->line, col, l->offset)) != MICIC_OK) return rc;
    }
    while (bi < t->doc.nbad)
        if ((rc = bad_bytes(t, &t->doc.bad[bi++])) != MICIC_OK) return rc;
    if (t->p && t->bkind != B_NONE && t->bn == 0 && t->bf != MICIC_FIELD_LINK &&
        (t->bkind != B_GL || (!t->has_gprev && micic_practice_count(t->p, t->bf) == 0))) {
        char msg[200];
        snprintf(msg, sizeof msg, "the input ends right after the label of '%s': "
                                  "its value is missing (truncated input?)",
                 t->bkind == B_UNKNOWN ? "extra field" : micic_field_name(t->bf));
        if ((rc = diag(t, MICIC_CODE_TRUNCATED, t->bkind == B_UNKNOWN ? NULL
                                                                        : micic_field_name(t->bf),
                       t->bline_no, t->bcol, NULL, 0, NULL, msg)) != MICIC_OK)
            return rc;
    }
    return end_record(t, t->doc.input_len);
}

/* ---- pages without field labels ------------------------------------- */

/* 1 when line l reads as running prose: at least 8 words and a sentence
 * end, not a bullet. */
static int prose_paragraph(const micic__tline *l) {
    size_t fw;
    return l->n >= 40 && !micic__text_is_bullet(l->s, l->n) && count_words(l->s, l->n, &fw) >= 8 &&
           ends_sentence(l->s, l->n);
}

/* Guideline whose boilerplate starts at line i: a "GUIDELINE N" heading, a
 * guideline's bare title, a thematic-area line (not a bullet) followed by
 * prose or a heading, or a run of MICIC__SHINGLE_WORDS words of a
 * guideline's body text or Sample Practices (gl may be NULL); 0 when none.
 * (A thematic-area line among menu lines is not enough.) */
static int boilerplate_of(const tparser *t, size_t i, const micic__shingles *gl) {
    const micic__tline *l = &t->doc.lines[i];
    int num = 0, tm = 0;
    char buf[300];
    size_t k = l->n < sizeof buf - 1 ? l->n : sizeof buf - 1;
    memcpy(buf, l->s, k);
    buf[k] = '\0';
    if (micic__text_is_guideline_heading(l->s, l->n)) {
        if (micic_guideline_title_match(buf, &num, &tm) == MICIC_OK && (num || tm))
            return num ? num : tm;
        return 0;
    }
    if (l->n <= 200 && !micic__text_is_bullet(l->s, l->n) && !ends_with_punct(l->s, l->n)) {
        size_t fw;
        if (count_words(l->s, l->n, &fw) >= 4 &&
            micic_guideline_title_match(buf, &num, &tm) == MICIC_OK && tm && !num)
            return tm;
        if (l->n <= 120 && (num = theme_number(l->s, l->n)) != 0) {
            size_t j = i + 1;
            while (j < t->doc.nlines && t->doc.lines[j].n == 0) j++;
            if (j < t->doc.nlines &&
                (prose_paragraph(&t->doc.lines[j]) ||
                 micic__text_is_guideline_heading(t->doc.lines[j].s, t->doc.lines[j].n)))
                return num;
        }
    }
    if (gl) {
        micic__desc_sig sig;
        micic__desc_scan(l->s, l->n, gl, 0, &sig);
        return sig.gl_number;
    }
    return 0;
}

/* "Sample Practices" (the heading of a guideline's sample practices). */
static int sample_line(const micic__tline *l) {
    return l->n >= 16 && micic__strncasecmp(l->s, "sample practices", 16) == 0;
}

/*
 * An input without a single field label (a search listing, or a page
 * copied without its labels) is one record when its text runs into a
 * guideline's boilerplate (boilerplate_of(): a "GUIDELINE N" heading, a
 * bare title, a thematic-area line followed by prose, or 12 words of a
 * guideline's text), as a search listing shows it after the practice's
 * text: the lines before it are the record, the guideline the
 * boilerplate's. A page without any (news, forms, menus) is no record; nor
 * is one whose heading is followed by something else than a guideline's
 * text (a list of publications). Its first line is the title when it
 * reads as one and text follows, the rest the description. Sets *made to
 * 1 when a record was read; the decision is an info diagnostic.
 */
static int labelless_page(tparser *t, int *made) {
    micic__shingles gl;
    int have_gl = micic__shingles_build(&gl) == MICIC_OK, num = 0, rc, titled;
    size_t i, stop = t->doc.nlines, first = t->doc.nlines, content = 0;
    const micic__tline *l0;
    bline b0;
    char msg[300];
    *made = 0;
    for (i = 0; i < t->doc.nlines; i++) {
        const micic__tline *l = &t->doc.lines[i];
        if (!l->n) continue;
        if ((num = boilerplate_of(t, i, have_gl ? &gl : NULL)) != 0) {
            size_t k = i + 1;
            while (k < t->doc.nlines && t->doc.lines[k].n == 0) k++;
            /* a heading followed by something else than the guideline's
               text (a list of publications: "Guidelines in Action") */
            if (micic__text_is_guideline_heading(l->s, l->n) && k < t->doc.nlines &&
                !prose_paragraph(&t->doc.lines[k]) &&
                !micic__text_is_guideline_heading(t->doc.lines[k].s, t->doc.lines[k].n) &&
                !sample_line(&t->doc.lines[k])) {
                if (have_gl) micic__shingles_free(&gl);
                return MICIC_OK;
            }
            stop = i;
            break;
        }
        if (first == t->doc.nlines) first = i;
        content++;
    }
    if (have_gl) micic__shingles_free(&gl);
    if (!content) return MICIC_OK;
    if (num && stop < t->doc.nlines) { /* the thematic-area line above a heading */
        size_t k = stop;
        while (k > 0 && t->doc.lines[k - 1].n == 0) k--;
        if (k > 0 && k - 1 > first &&
            theme_number(t->doc.lines[k - 1].s, t->doc.lines[k - 1].n) == num) {
            stop = k - 1;
            content--;
        }
    }
    l0 = &t->doc.lines[first];
    b0.s = l0->s;
    b0.n = l0->n;
    b0.line = l0->line;
    b0.col = l0->col;
    b0.offset = l0->offset;
    b0.blank_before = 0;
    titled = content >= 2 && title_like(&b0) && l0->n <= 150;
    if (!num) return MICIC_OK;
    region_start(t, l0->offset);
    if (titled) {
        t->cand = b0;
        t->has_cand = 1;
    }
    if ((rc = open_record(t, l0)) != MICIC_OK) return rc;
    t->bkind = B_FIELD;
    t->bf = MICIC_FIELD_DESCRIPTION;
    {
        int blank = 0;
        for (i = titled ? first + 1 : first; i < stop; i++) {
            const micic__tline *l = &t->doc.lines[i];
            if (!l->n) {
                blank = 1;
                continue;
            }
            t->pending_blank = blank && t->bn > 0;
            blank = 0;
            if ((rc = push_bline(t, l->s, l->n, l->line, l->col, l->offset)) != MICIC_OK)
                return rc;
        }
    }
    if ((rc = close_block(t)) != MICIC_OK) return rc;
    {
        char nb[8];
        const micic__tline *lb = &t->doc.lines[stop];
        snprintf(nb, sizeof nb, "%d", num);
        if ((rc = add_value(t, MICIC_FIELD_GUIDELINE, nb, strlen(nb), NULL, lb->line,
                            lb->col)) != MICIC_OK)
            return rc;
        snprintf(msg, sizeof msg,
                 "no field labels: the text before the boilerplate of guideline %d (at %d:%d) "
                 "read as one practice (%s description)",
                 num, lb->line, lb->col, titled ? "title line, then its" : "its");
    }
    if ((rc = diag(t, MICIC_CODE_LAYOUT, NULL, l0->line, l0->col, NULL, 0, NULL, msg)) !=
        MICIC_OK)
        return rc;
    if ((rc = end_record(t, stop < t->doc.nlines ? t->doc.lines[stop].offset
                                                 : t->doc.input_len)) != MICIC_OK)
        return rc;
    *made = 1;
    return MICIC_OK;
}

int micic__read_text(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err) {
    tparser t;
    micic_buf empty_tmp = MICIC_BUF_INIT;
    int rc;
    memset(&t, 0, sizeof t);
    t.tmp = empty_tmp;
    t.joined = empty_tmp;
    t.unq = empty_tmp;
    if ((rc = micic__rd_init(&t.rd, source, opts, report, corpus, NULL, NULL, err)) != MICIC_OK)
        return rc;
    if (!data && len) {
        micic__rd_finish(&t.rd);
        return micic__error(err, MICIC_EINVAL, "no data");
    }
    if (micic__tdoc_load(&t.doc, data ? data : "", len) != MICIC_OK) {
        micic__rd_finish(&t.rd);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    rc = parse(&t);
    if (rc == MICIC_OK && t.labels == 0) {
        int made = 0;
        rc = labelless_page(&t, &made);
        if (rc == MICIC_OK && made) t.labels = 1; /* a record was read */
    }
    if (rc == MICIC_OK && t.labels == 0) {
        size_t k;
        int blank = 1;
        for (k = 0; k < t.doc.nlines; k++)
            if (t.doc.lines[k].n) blank = 0;
        if (blank)
            rc = diag(&t, MICIC_CODE_EMPTY_INPUT, NULL, 0, 0, NULL, 0, NULL,
                      "the input is empty: no practice record");
        else
            rc = diag(&t, MICIC_CODE_EMPTY_INPUT, NULL, 1, 1, NULL, 0, NULL,
                      "no practice record found: no field label ('Type of practice:', "
                      "'Country', 'Description', ...) and no guideline heading or text; "
                      "expected a Repository practice page, a search listing or a CSV/JSON "
                      "file of records");
        if (rc == MICIC_OK) rc = flush_diags(&t, -1, NULL);
    }
    if (t.p) { /* stopped early: drop the unfinished record */
        micic_practice_free(t.p);
        t.p = NULL;
    }
    free_diags(&t);
    micic__free(t.dg);
    micic__free(t.bl);
    micic__free(t.ps.v);
    micic_buf_free(&t.tmp);
    micic_buf_free(&t.joined);
    micic_buf_free(&t.unq);
    micic__tdoc_free(&t.doc);
    micic__rd_finish(&t.rd);
    return rc;
}

/* ================================================================== */
/* Writer                                                              */
/* ================================================================== */

#define RECORD_SEPARATOR "===="

/* Write the lines of a value after the first one (first_done = 1) or all
 * of them: each trimmed, a backslash in front of a line the reader would
 * take for a label, separator or heading, a blank line for "\n\n". */
static void w_lines(micic_buf *o, const char *v, int skip_first) {
    const char *p = v;
    int first = 1;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p), tn;
        const char *tt = micic__trim(p, len, &tn);
        if (!(first && skip_first)) {
            if (tn && needs_escape(tt, tn)) micic_buf_putc(o, '\\');
            micic_buf_append(o, tt, tn);
            micic_buf_putc(o, '\n');
        }
        first = 0;
        if (!e) break;
        p = e + 1;
    }
}

/* "Label: first line" and the other lines of a single value. */
static void w_single(micic_buf *o, const char *label, const char *v) {
    const char *e = strchr(v, '\n');
    size_t len = e ? (size_t)(e - v) : strlen(v), tn;
    const char *tt = micic__trim(v, len, &tn);
    micic_buf_printf(o, "%s: ", label);
    micic_buf_append(o, tt, tn);
    micic_buf_putc(o, '\n');
    if (e) w_lines(o, v, 1);
    micic_buf_putc(o, '\n');
}

/* Append v in double quotes, a quote inside doubled. */
static void put_quoted(micic_buf *o, const char *v) {
    micic_buf_putc(o, '"');
    for (; *v; v++) {
        if (*v == '"') micic_buf_putc(o, '"');
        micic_buf_putc(o, *v);
    }
    micic_buf_putc(o, '"');
}

/* A list value needs quotes when the reader would split it or take its
 * quotes away. */
static int needs_quotes(const char *v) {
    int depth = 0;
    size_t n = strlen(v);
    const char *p;
    if (n && (v[0] == '"' || v[n - 1] == '"')) return 1;
    for (p = v; *p; p++) {
        if (*p == '(') depth++;
        else if (*p == ')') depth = depth > 0 ? depth - 1 : 0;
        else if (*p == ',') return 1;
    }
    return depth != 0;
}

/* 1 when reading `line` (the text after "Label: ") gives back exactly the
 * values of field f, 0 when not, -1 when memory ran out. */
static int list_round_trips(micic_field f, const micic_practice *p, const char *line) {
    parts ps = {NULL, 0, 0};
    micic_buf buf = MICIC_BUF_INIT;
    size_t i, n = micic_practice_count(p, f);
    int ok;
    if (split_commas(line, strlen(line), 1, &ps) != MICIC_OK) {
        micic__free(ps.v);
        return -1;
    }
    merge_parts(f, &ps);
    ok = ps.n == n;
    for (i = 0; ok == 1 && i < n; i++) {
        const char *v = micic_practice_value(p, f, i);
        size_t tn;
        const char *tx = part_text(&ps.v[i], &buf, &tn);
        ok = !tx ? -1 : strlen(v) == tn && memcmp(v, tx, tn) == 0;
    }
    micic__free(ps.v);
    micic_buf_free(&buf);
    return ok;
}

static void w_list(micic_buf *o, const micic_practice *p, micic_field f) {
    size_t i, n = micic_practice_count(p, f);
    micic_buf line = MICIC_BUF_INIT;
    int all_quoted, rt;
    if (!n) return;
    for (all_quoted = 0; all_quoted < 2; all_quoted++) {
        micic_buf_clear(&line);
        for (i = 0; i < n; i++) {
            const char *v = micic_practice_value(p, f, i);
            if (i) micic_buf_puts(&line, ", ");
            if (all_quoted || needs_quotes(v)) put_quoted(&line, v);
            else micic_buf_puts(&line, v);
        }
        if (!micic_buf_cstr(&line)) break;
        rt = list_round_trips(f, p, line.data);
        if (rt < 0) line.failed = 1;
        if (rt != 0) break;
    }
    if (micic_buf_cstr(&line)) micic_buf_printf(o, "%s: %s\n\n", micic_field_label(f), line.data);
    else o->failed = 1; /* out of memory: the caller reports it */
    micic_buf_free(&line);
}

/* Guideline number 1..15 of a canonical guideline value, else 0. */
static int guideline_value(const char *v) {
    int num = 0;
    size_t i, n = strlen(v);
    if (n == 0 || n > 2) return 0;
    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return 0;
        num = num * 10 + (v[i] - '0');
    }
    return (num >= 1 && num <= 15 && v[0] != '0') ? num : 0;
}

static int theme_value(const char *v) { return theme_number(v, strlen(v)); }

static void w_guideline_line(micic_buf *o, int num) {
    micic_buf_printf(o, "GUIDELINE %d: %s\n\n", num,
                     micic_guideline_title(micic_guideline_get(num)));
}

/* A guideline value written as a line of the block: a number 1..15 (as
 * "GUIDELINE N: title"), or a value that itself reads as a heading. */
static int block_guideline(const char *v) {
    return guideline_value(v) || (!strchr(v, '\n') &&
                                  micic__text_is_guideline_heading(v, strlen(v)));
}

static void w_guideline(micic_buf *o, const char *v) {
    int num = guideline_value(v);
    if (num) w_guideline_line(o, num);
    else micic_buf_printf(o, "%s\n\n", v);
}

/* "Label: "quoted value"" line (a value the block cannot show). */
static void w_label_value(micic_buf *o, micic_field f, const char *v) {
    micic_buf_printf(o, "%s: ", micic_field_label(f));
    put_quoted(o, v);
    micic_buf_puts(o, "\n\n");
}

/* "Guidelines/Thematic Areas" and a block per guideline: the thematic-area
 * line, then "GUIDELINE N: title". Themes and guidelines keep their order;
 * a value the block cannot show gets a label line of its own, quoted. */
static void w_guidelines(micic_buf *o, const micic_practice *p) {
    size_t nt = micic_practice_count(p, MICIC_FIELD_THEME);
    size_t ng = micic_practice_count(p, MICIC_FIELD_GUIDELINE);
    size_t i = 0, j = 0, k;
    int opened = 0; /* the bare label line is written before the first block line */
    for (;;) {
        const char *theme = i < nt ? micic_practice_value(p, MICIC_FIELD_THEME, i) : NULL;
        const char *gv = j < ng ? micic_practice_value(p, MICIC_FIELD_GUIDELINE, j) : NULL;
        int g = gv ? guideline_value(gv) : 0, tn = theme ? theme_value(theme) : 0;
        int matches_later = 0;
        if (!theme && !gv) break;
        if (gv && !block_guideline(gv)) {
            w_label_value(o, MICIC_FIELD_GUIDELINE, gv);
            opened = 1; /* the label line opened a block */
            j++;
            continue;
        }
        if (theme && !tn) {
            w_label_value(o, MICIC_FIELD_THEME, theme);
            opened = 1;
            i++;
            continue;
        }
        if (!opened) {
            micic_buf_printf(o, "%s\n\n", micic_field_label(MICIC_FIELD_GUIDELINE));
            opened = 1;
        }
        if (theme && g && tn == g) {
            micic_buf_printf(o, "%s\n\n", theme);
            w_guideline_line(o, g);
            i++;
            j++;
            continue;
        }
        for (k = j; theme && k < ng; k++)
            if (guideline_value(micic_practice_value(p, MICIC_FIELD_GUIDELINE, k)) == tn)
                matches_later = 1;
        if (theme && (!matches_later || !gv)) {
            micic_buf_printf(o, "%s\n\n", theme);
            i++;
        } else {
            w_guideline(o, gv);
            j++;
        }
    }
}

/* 1 when an extra's label reads back as an unknown label. */
static int extra_label_ok(const char *label) {
    char line[80];
    const char *lab, *v;
    size_t labn, vn, n = strlen(label);
    label_hit h;
    if (n == 0 || n > 60) return 0;
    snprintf(line, sizeof line, "%s: x", label);
    if (known_label(line, strlen(line), 1, &h)) return 0;
    return unknown_label(line, strlen(line), &lab, &labn, &v, &vn) && labn == n;
}

static void w_record(micic_buf *o, const micic_practice *p) {
    static const micic_field singles_first[] = {MICIC_FIELD_TITLE, MICIC_FIELD_ID};
    static const micic_field lists[] = {
        MICIC_FIELD_TYPE,   MICIC_FIELD_COUNTRY, MICIC_FIELD_STAKEHOLDER,
        MICIC_FIELD_STAKEHOLDER_TYPE, MICIC_FIELD_CRISIS, MICIC_FIELD_PHASE,
        MICIC_FIELD_POPULATION, MICIC_FIELD_NEED};
    static const micic_field singles_last[] = {MICIC_FIELD_SOURCE, MICIC_FIELD_KIND};
    size_t i;
    for (i = 0; i < sizeof singles_first / sizeof singles_first[0]; i++)
        if (micic_practice_count(p, singles_first[i]))
            w_single(o, micic_field_label(singles_first[i]),
                     micic_practice_first(p, singles_first[i]));
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++) w_list(o, p, lists[i]);
    for (i = 0; i < sizeof singles_last / sizeof singles_last[0]; i++)
        if (micic_practice_count(p, singles_last[i]))
            w_single(o, micic_field_label(singles_last[i]),
                     micic_practice_first(p, singles_last[i]));
    for (i = 0; i < micic_practice_extra_count(p); i++) {
        const char *label = micic_practice_extra_label(p, i);
        if (extra_label_ok(label)) w_single(o, label, micic_practice_extra_value(p, i));
    }
    if (micic_practice_count(p, MICIC_FIELD_DESCRIPTION)) {
        micic_buf_printf(o, "%s\n\n", micic_field_label(MICIC_FIELD_DESCRIPTION));
        w_lines(o, micic_practice_first(p, MICIC_FIELD_DESCRIPTION), 0);
        micic_buf_putc(o, '\n');
    }
    if (micic_practice_count(p, MICIC_FIELD_LINK)) {
        micic_buf_printf(o, "%s\n\n", micic_field_label(MICIC_FIELD_LINK));
        for (i = 0; i < micic_practice_count(p, MICIC_FIELD_LINK); i++) {
            w_lines(o, micic_practice_value(p, MICIC_FIELD_LINK, i), 0);
            micic_buf_putc(o, '\n');
        }
    }
    w_guidelines(o, p);
}

int micic__write_text(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err) {
    micic_buf o = MICIC_BUF_INIT;
    size_t i;
    int rc = MICIC_OK;
    (void)opts;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "no corpus or no stream");
    for (i = 0; i < micic_corpus_size(corpus) && rc == MICIC_OK; i++) {
        micic_buf_clear(&o);
        if (i) micic_buf_puts(&o, RECORD_SEPARATOR "\n\n");
        w_record(&o, micic_corpus_get(corpus, i));
        if (!micic_buf_cstr(&o)) rc = micic__error(err, MICIC_ENOMEM, NULL);
        else rc = micic__write_all(out, o.data, o.len, err);
    }
    micic_buf_free(&o);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}
