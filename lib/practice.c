/*
 * Practice records (micic_practice) and corpora (micic_corpus).
 *
 * Memory layout (a corpus may hold a million records):
 *  - a practice holds one growable array of values, grouped by field (a
 *    field is a contiguous range), so a record costs few allocations;
 *  - a value is one allocation holding "canonical\0original\0", or just
 *    "canonical\0" when the original is the same text (the two pointers are
 *    then equal);
 *  - source names are interned per practice (the first one inline: usually
 *    one string per record) and values refer to them by a small index;
 *  - a corpus keeps an open-addressing hash table of ids -> record index,
 *    so micic_corpus_find() is O(1) on average. No global state.
 *
 * Ids of records in a corpus are frozen: micic_practice_add(),
 * micic_practice_set_value() and micic_practice_clear() refuse to change
 * MICIC_FIELD_ID of a practice owned by a corpus (the id index would go
 * stale).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "micic/catalogue.h"
#include "micic/io.h"
#include "micic/practice.h"
#include "micic/report.h"

/* ------------------------------------------------------------------ */
/* Field table                                                          */
/* ------------------------------------------------------------------ */

#define NO_VOCAB (-1)

typedef struct field_info {
    const char *name;
    const char *label;
    int single;
    int vocab;
} field_info;

static const field_info FIELDS[MICIC_FIELD_COUNT] = {
    {"id", "Id", 1, NO_VOCAB},
    {"title", "Title", 1, NO_VOCAB},
    {"type", "Type of practice", 0, MICIC_VOCAB_TYPE},
    {"country", "Country", 0, NO_VOCAB},
    {"stakeholder", "Name of Stakeholder", 0, NO_VOCAB},
    {"stakeholder_type", "Type of Stakeholder Implementing the Practice", 0,
     MICIC_VOCAB_STAKEHOLDER_TYPE},
    {"crisis", "Type of crisis", 0, MICIC_VOCAB_CRISIS},
    {"phase", "Crisis phase", 0, MICIC_VOCAB_PHASE},
    {"description", "Description", 1, NO_VOCAB},
    {"link", "Related Links", 0, NO_VOCAB},
    {"guideline", "Guidelines/Thematic Areas", 0, NO_VOCAB},
    {"theme", "Thematic area", 0, MICIC_VOCAB_THEME},
    {"population", "Migrant population targeted", 0, MICIC_VOCAB_POPULATION},
    {"need", "Migrants' vulnerabilities and needs addressed", 0, MICIC_VOCAB_NEED},
    {"source", "Source", 1, MICIC_VOCAB_SOURCE},
    {"kind", "Kind", 1, MICIC_VOCAB_KIND},
};

/* Accepted spellings after normalization (lower case, '_' and '-' -> ' ',
 * white space collapsed, curly apostrophes straight, trailing ':' and
 * "(check all that apply)" removed). Machine names and labels are matched
 * through FIELDS as well. */
typedef struct field_alias {
    const char *text;
    micic_field field;
} field_alias;

static const field_alias ALIASES[] = {
    {"ids", MICIC_FIELD_ID},
    {"identifier", MICIC_FIELD_ID},
    {"titles", MICIC_FIELD_TITLE},
    {"types", MICIC_FIELD_TYPE},
    {"types of practice", MICIC_FIELD_TYPE},
    {"type of practices", MICIC_FIELD_TYPE},
    {"practice type", MICIC_FIELD_TYPE},
    {"countries", MICIC_FIELD_COUNTRY},
    {"stakeholders", MICIC_FIELD_STAKEHOLDER},
    {"name of stakeholder implementing the practice", MICIC_FIELD_STAKEHOLDER},
    {"names of stakeholders", MICIC_FIELD_STAKEHOLDER},
    {"name of stakeholders", MICIC_FIELD_STAKEHOLDER},
    {"stakeholder types", MICIC_FIELD_STAKEHOLDER_TYPE},
    {"type of stakeholder", MICIC_FIELD_STAKEHOLDER_TYPE},
    {"types of stakeholder", MICIC_FIELD_STAKEHOLDER_TYPE},
    {"type of stakeholders", MICIC_FIELD_STAKEHOLDER_TYPE},
    {"crises", MICIC_FIELD_CRISIS},
    {"type of crises", MICIC_FIELD_CRISIS},
    {"types of crisis", MICIC_FIELD_CRISIS},
    {"crisis type", MICIC_FIELD_CRISIS},
    {"phases", MICIC_FIELD_PHASE},
    {"crisis phases", MICIC_FIELD_PHASE},
    {"description of the practice", MICIC_FIELD_DESCRIPTION},
    {"links", MICIC_FIELD_LINK},
    {"related link", MICIC_FIELD_LINK},
    {"guidelines", MICIC_FIELD_GUIDELINE},
    {"guideline(s)", MICIC_FIELD_GUIDELINE},
    {"guideline(s)/thematic area(s)", MICIC_FIELD_GUIDELINE},
    {"guidelines/thematic area", MICIC_FIELD_GUIDELINE},
    {"guideline/thematic area", MICIC_FIELD_GUIDELINE},
    {"guidelines / thematic areas", MICIC_FIELD_GUIDELINE},
    {"themes", MICIC_FIELD_THEME},
    {"thematic areas", MICIC_FIELD_THEME},
    {"thematic area(s)", MICIC_FIELD_THEME},
    {"populations", MICIC_FIELD_POPULATION},
    {"migrant population targeted by the practice", MICIC_FIELD_POPULATION},
    {"migrant populations targeted", MICIC_FIELD_POPULATION},
    {"migrant populations targeted by the practice", MICIC_FIELD_POPULATION},
    {"needs", MICIC_FIELD_NEED},
    {"migrants' vulnerabilities and needs addressed by the practice", MICIC_FIELD_NEED},
    {"migrant vulnerabilities and needs addressed", MICIC_FIELD_NEED},
    {"vulnerabilities and needs", MICIC_FIELD_NEED},
    {"vulnerabilities and needs addressed", MICIC_FIELD_NEED},
    {"sources", MICIC_FIELD_SOURCE},
    {"kinds", MICIC_FIELD_KIND},
};

static int field_ok(micic_field f) { return (int)f >= 0 && f < MICIC_FIELD_COUNT; }

const char *micic_field_name(micic_field f) { return field_ok(f) ? FIELDS[f].name : ""; }

const char *micic_field_label(micic_field f) { return field_ok(f) ? FIELDS[f].label : ""; }

int micic_field_is_single(micic_field f) { return field_ok(f) ? FIELDS[f].single : 0; }

int micic_field_vocab(micic_field f, int *vocab_out) {
    if (!field_ok(f) || FIELDS[f].vocab == NO_VOCAB) return 0;
    if (vocab_out) *vocab_out = FIELDS[f].vocab;
    return 1;
}

/* Normalize a field name into out (size cap); 0 when it does not fit. */
static int normalize_name(const char *name, char *out, size_t cap) {
    static const char suffix[] = "(check all that apply)";
    const size_t suffix_len = sizeof suffix - 1;
    size_t n = 0, len;
    const char *s = micic__trim(name, strlen(name), &len);
    const char *end = s + len;
    int space = 0;
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        /* U+2018 / U+2019 (E2 80 98/99) and U+02BC -> ' */
        if (c == 0xE2 && end - s >= 3 && (unsigned char)s[1] == 0x80 &&
            ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99)) {
            c = '\'';
            s += 3;
        } else if (c == 0xCA && end - s >= 2 && (unsigned char)s[1] == 0xBC) {
            c = '\'';
            s += 2;
        } else {
            s++;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_' || c == '-' ||
            c == '\f' || c == '\v') {
            space = 1;
            continue;
        }
        if (space && n > 0) {
            if (n + 1 >= cap) return 0;
            out[n++] = ' ';
        }
        space = 0;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        if (n + 1 >= cap) return 0;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    /* strip trailing ':' and "(check all that apply)", in either order */
    for (;;) {
        int changed = 0;
        while (n > 0 && (out[n - 1] == ':' || out[n - 1] == ' ')) {
            out[--n] = '\0';
            changed = 1;
        }
        if (n >= suffix_len && memcmp(out + n - suffix_len, suffix, suffix_len) == 0) {
            n -= suffix_len;
            out[n] = '\0';
            changed = 1;
        }
        if (!changed) break;
    }
    return 1;
}

/* Compare normalized text with a table string (ASCII, single spaces, no
 * suffix) mapped on the fly the way normalize_name() maps characters. */
static int name_equals(const char *norm, const char *t) {
    for (; *norm && *t; norm++, t++) {
        char c = *t;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        else if (c == '_' || c == '-') c = ' ';
        if (c != *norm) return 0;
    }
    return *norm == *t;
}

int micic_field_from_name(const char *name, micic_field *out) {
    char norm[128];
    size_t i;
    if (!name || !normalize_name(name, norm, sizeof norm) || norm[0] == '\0')
        return MICIC_ENOTFOUND;
    for (i = 0; i < MICIC_FIELD_COUNT; i++) {
        if (name_equals(norm, FIELDS[i].name) || name_equals(norm, FIELDS[i].label)) {
            if (out) *out = (micic_field)i;
            return MICIC_OK;
        }
    }
    for (i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++) {
        if (name_equals(norm, ALIASES[i].text)) {
            if (out) *out = ALIASES[i].field;
            return MICIC_OK;
        }
    }
    return MICIC_ENOTFOUND;
}

/* ------------------------------------------------------------------ */
/* Practice                                                             */
/* ------------------------------------------------------------------ */

typedef struct pvalue {
    char *value;          /* canonical text; owns the block when borrowed == OWNED */
    const char *original; /* == value, or inside the same block */
    uint32_t src;         /* 0 = none, 1 = src1, k >= 2: more_src[k - 2] */
    int line;
    int column;
    int borrowed;         /* OWNED, STATIC (a catalogue label) or POOLED (in p->pool) */
} pvalue;

#define OWNED 0  /* value is its own micic__malloc block */
#define STATIC 1 /* value (== original) is a static catalogue label */
#define POOLED 2 /* value lives in the practice's text pool, freed with it */

/* Most values of a record are vocabulary labels, country names or guideline
 * numbers written exactly as the catalogue spells them: those point at the
 * catalogue's static string instead of a copy of their own (a loaded corpus
 * then costs little more than its free text). */
static void pv_release(pvalue *v) {
    if (v->borrowed == OWNED) micic__free(v->value);
}

typedef struct pextra {
    char *label; /* owns "label\0value\0" */
    const char *value;
} pextra;

/* All values of a practice live in one array, grouped by field in field
 * order: field f holds v[beg(f) .. end[f]) where beg(f) = end[f - 1]
 * (0 for the first field). */
struct micic_practice {
    pvalue *v;
    uint32_t nv;
    uint32_t capv;
    uint32_t end[MICIC_FIELD_COUNT];
    char *src1;      /* first source name (usually the only one) */
    char **more_src; /* further source names */
    uint32_t nmore;
    uint32_t capmore;
    pextra *extras;
    size_t nextras;
    size_t capextras;
    uint32_t rec_src;
    int rec_line;
    int rec_column;
    int in_corpus; /* owned by a corpus: the id is frozen */
    /* Text pool reserved by a reader for a whole row (micic__practice_reserve):
       values are carved from it instead of one allocation each. A value
       replaced or cleared leaves its bytes unused until the practice is freed. */
    char *pool;
    size_t pool_len;
    size_t pool_cap;
};

static uint32_t fbeg(const micic_practice *p, micic_field f) {
    return f == 0 ? 0 : p->end[f - 1];
}

static uint32_t fcount(const micic_practice *p, micic_field f) {
    return p->end[f] - fbeg(p, f);
}

micic_practice *micic_practice_new(void) {
    return micic__calloc(1, sizeof(micic_practice));
}

void micic_practice_free(micic_practice *p) {
    size_t i;
    if (!p) return;
    for (i = 0; i < p->nv; i++) pv_release(&p->v[i]);
    micic__free(p->v);
    micic__free(p->src1);
    for (i = 0; i < p->nmore; i++) micic__free(p->more_src[i]);
    micic__free(p->more_src);
    for (i = 0; i < p->nextras; i++) micic__free(p->extras[i].label);
    micic__free(p->extras);
    micic__free(p->pool);
    micic__free(p);
}

void micic__practice_reserve(micic_practice *p, size_t nvalues, size_t text_bytes) {
    if (!p) return;
    if (nvalues > p->capv - p->nv && nvalues < UINT32_MAX / 4 - p->nv) {
        uint32_t cap = p->nv + (uint32_t)nvalues;
        pvalue *a = micic__realloc(p->v, (size_t)cap * sizeof *a);
        if (a) {
            p->v = a;
            p->capv = cap;
        }
    }
    if (text_bytes && !p->pool && (p->pool = micic__malloc(text_bytes)) != NULL) {
        p->pool_cap = text_bytes;
        p->pool_len = 0;
    }
}

/* One block "value\0original\0" (or "value\0" when equal). */
static char *make_block(const char *value, size_t vlen, const char *original, size_t olen,
                        const char **original_out) {
    char *b;
    if (vlen == olen && memcmp(value, original, vlen) == 0) {
        b = micic__strndup(value, vlen);
        *original_out = b;
        return b;
    }
    if (vlen > SIZE_MAX - olen - 2) return NULL;
    b = micic__malloc(vlen + olen + 2);
    if (!b) return NULL;
    memcpy(b, value, vlen);
    b[vlen] = '\0';
    memcpy(b + vlen + 1, original, olen);
    b[vlen + 1 + olen] = '\0';
    *original_out = b + vlen + 1;
    return b;
}

/* make_block() from the practice's pool when it has room (*kind = POOLED),
 * else from the heap (*kind = OWNED). */
static char *pool_block(micic_practice *p, const char *value, size_t vlen, const char *original,
                        size_t olen, const char **original_out, int *kind) {
    int same = vlen == olen && memcmp(value, original, vlen) == 0;
    size_t need = same ? vlen + 1 : vlen + olen + 2;
    char *b;
    if (vlen >= SIZE_MAX / 2 || olen >= SIZE_MAX / 2 || need > p->pool_cap - p->pool_len) {
        *kind = OWNED;
        return make_block(value, vlen, original, olen, original_out);
    }
    b = p->pool + p->pool_len;
    p->pool_len += need;
    memcpy(b, value, vlen);
    b[vlen] = '\0';
    if (same) {
        *original_out = b;
    } else {
        memcpy(b + vlen + 1, original, olen);
        b[vlen + 1 + olen] = '\0';
        *original_out = b + vlen + 1;
    }
    *kind = POOLED;
    return b;
}

static const char *source_name(const micic_practice *p, uint32_t idx) {
    if (idx == 1 && p->src1) return p->src1;
    if (idx >= 2 && idx - 2 < p->nmore) return p->more_src[idx - 2];
    return "";
}

/* Intern a source name; *idx gets 0 for none. */
static int intern_source(micic_practice *p, const char *source, uint32_t *idx) {
    uint32_t i;
    char *copy;
    *idx = 0;
    if (!source || !*source) return MICIC_OK;
    if (p->src1 && strcmp(p->src1, source) == 0) {
        *idx = 1;
        return MICIC_OK;
    }
    for (i = 0; i < p->nmore; i++) {
        if (strcmp(p->more_src[i], source) == 0) {
            *idx = i + 2;
            return MICIC_OK;
        }
    }
    copy = micic__strdup(source);
    if (!copy) return MICIC_ENOMEM;
    if (!p->src1) {
        p->src1 = copy;
        *idx = 1;
        return MICIC_OK;
    }
    if (p->nmore == p->capmore) {
        uint32_t cap = p->capmore ? p->capmore * 2 : 2;
        char **s2 = p->capmore < UINT32_MAX / 4
                        ? micic__realloc(p->more_src, (size_t)cap * sizeof *s2)
                        : NULL;
        if (!s2) {
            micic__free(copy);
            return MICIC_ENOMEM;
        }
        p->more_src = s2;
        p->capmore = cap;
    }
    p->more_src[p->nmore++] = copy;
    *idx = p->nmore + 1;
    return MICIC_OK;
}

micic_practice *micic_practice_copy(const micic_practice *p) {
    micic_practice *c;
    size_t i;
    if (!p) return NULL;
    c = micic_practice_new();
    if (!c) return NULL;
    if (p->src1 && !(c->src1 = micic__strdup(p->src1))) goto fail;
    if (p->nmore) {
        c->more_src = micic__calloc(p->nmore, sizeof *c->more_src);
        if (!c->more_src) goto fail;
        c->capmore = p->nmore;
        for (i = 0; i < p->nmore; i++) {
            c->more_src[i] = micic__strdup(p->more_src[i]);
            if (!c->more_src[i]) goto fail;
            c->nmore++;
        }
    }
    if (p->nv) {
        c->v = micic__calloc(p->nv, sizeof *c->v);
        if (!c->v) goto fail;
        c->capv = p->nv;
        for (i = 0; i < p->nv; i++) {
            const pvalue *pv = &p->v[i];
            pvalue *cv = &c->v[i];
            if (pv->borrowed == STATIC) {
                cv->value = pv->value;
                cv->original = pv->original;
                cv->borrowed = STATIC;
            } else {
                cv->value = make_block(pv->value, strlen(pv->value), pv->original,
                                       strlen(pv->original), &cv->original);
                if (!cv->value) goto fail;
            }
            cv->src = pv->src;
            cv->line = pv->line;
            cv->column = pv->column;
            c->nv++;
        }
        memcpy(c->end, p->end, sizeof c->end);
    }
    if (p->nextras) {
        c->extras = micic__calloc(p->nextras, sizeof *c->extras);
        if (!c->extras) goto fail;
        c->capextras = p->nextras;
        for (i = 0; i < p->nextras; i++) {
            const char *l = p->extras[i].label, *v = p->extras[i].value;
            size_t ll = strlen(l), vl = strlen(v);
            char *b = micic__malloc(ll + vl + 2);
            if (!b) goto fail;
            memcpy(b, l, ll + 1);
            memcpy(b + ll + 1, v, vl + 1);
            c->extras[i].label = b;
            c->extras[i].value = b + ll + 1;
            c->nextras++;
        }
    }
    c->rec_src = p->rec_src;
    c->rec_line = p->rec_line;
    c->rec_column = p->rec_column;
    return c;
fail:
    /* c->end is still zero unless every value was copied: free what exists */
    micic_practice_free(c);
    return NULL;
}

const char *micic_practice_id(const micic_practice *p) {
    return micic_practice_first(p, MICIC_FIELD_ID);
}

size_t micic_practice_count(const micic_practice *p, micic_field f) {
    return (p && field_ok(f)) ? fcount(p, f) : 0;
}

static const pvalue *get_value(const micic_practice *p, micic_field f, size_t i) {
    if (!p || !field_ok(f) || i >= fcount(p, f)) return NULL;
    return &p->v[fbeg(p, f) + i];
}

const char *micic_practice_value(const micic_practice *p, micic_field f, size_t i) {
    const pvalue *v = get_value(p, f, i);
    return v ? v->value : NULL;
}

const char *micic_practice_first(const micic_practice *p, micic_field f) {
    const pvalue *v = get_value(p, f, 0);
    return v ? v->value : "";
}

const char *micic_practice_original(const micic_practice *p, micic_field f, size_t i) {
    const pvalue *v = get_value(p, f, i);
    return v ? v->original : NULL;
}

int micic_practice_location(const micic_practice *p, micic_field f, size_t i,
                            micic_location *out) {
    const pvalue *v = get_value(p, f, i);
    if (!v) return MICIC_ENOTFOUND;
    if (out) {
        out->source = source_name(p, v->src);
        out->line = v->line;
        out->column = v->column;
    }
    return MICIC_OK;
}

micic_location micic_practice_record_location(const micic_practice *p) {
    micic_location loc;
    loc.source = p ? source_name(p, p->rec_src) : "";
    loc.line = p ? p->rec_line : 0;
    loc.column = p ? p->rec_column : 0;
    return loc;
}

/* ---- canonicalization -------------------------------------------- */

/* Run a catalogue lookup on s[0..n) which needs a NUL-terminated string:
 * uses `whole` directly when the slice is all of it, else a temporary copy. */
typedef struct slice {
    const char *s;
    size_t n;
} slice;

static const char *slice_cstr(slice sl, const char *whole, char **tmp) {
    *tmp = NULL;
    if (sl.s == whole && whole[sl.n] == '\0') return whole;
    *tmp = micic__strndup(sl.s, sl.n);
    return *tmp;
}

/* Guideline number in 1..15 from "14", "14.", "Guideline 14", "GUIDELINE 14: title",
 * "Guideline 14 - title"; 0 when it is none of these. */
static int guideline_number(const char *s, size_t n) {
    size_t i = 0, start;
    int with_word = 0, num = 0;
    if (n >= 9 && micic__strncasecmp(s, "guideline", 9) == 0) {
        with_word = 1;
        i = 9;
        if (i < n && (s[i] == 's' || s[i] == 'S')) return 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '#')) i++;
    }
    start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (i - start >= 3) return 0;
        num = num * 10 + (s[i] - '0');
        i++;
    }
    if (i == start || num < 1 || num > 15) return 0;
    if (i == n) return num;
    if (!with_word) return (s[i] == '.' && i + 1 == n) ? num : 0;
    /* after "Guideline N" only a separator may follow */
    {
        unsigned char c = (unsigned char)s[i];
        if (c == ':' || c == '.' || c == ' ' || c == '\t' || c == '-' || c == ',' ||
            c == ')' || c == 0xE2 /* en/em dash */)
            return num;
    }
    return 0;
}

/* Guideline numbers as text, for values that borrow them. */
static const char *const GUIDELINE_TEXT[16] = {"",  "1",  "2",  "3",  "4",  "5",
                                               "6", "7",  "8",  "9",  "10", "11",
                                               "12", "13", "14", "15"};

/* Canonical text of original for field f: a slice of original, or a static
 * catalogue string (label, country name, guideline number), then
 * *is_static is 1. */
static int canonicalize(micic_field f, const char *original, slice *out, int *is_static) {
    slice t;
    int vocab = 0;
    *is_static = 0;
    t.s = micic__trim(original, strlen(original), &t.n);
    *out = t;
    if (t.n == 0) return MICIC_OK;
    if (f == MICIC_FIELD_GUIDELINE) {
        int num = guideline_number(t.s, t.n);
        if (num) { /* 1..15 */
            out->s = GUIDELINE_TEXT[num];
            out->n = strlen(out->s);
            *is_static = 1;
        }
        return MICIC_OK;
    }
    if (f == MICIC_FIELD_COUNTRY || micic_field_vocab(f, &vocab)) {
        char *tmp;
        const char *label = NULL;
        const char *cs = slice_cstr(t, original, &tmp);
        if (!cs) return MICIC_ENOMEM;
        if (f == MICIC_FIELD_COUNTRY) {
            const micic_country *c = micic_country_lookup(cs);
            if (c) label = micic_country_name(c);
        } else {
            label = micic_vocab_lookup((micic_vocab)vocab, cs);
        }
        micic__free(tmp);
        if (label) {
            out->s = label; /* static */
            out->n = strlen(label);
            *is_static = 1;
        }
    }
    return MICIC_OK;
}

static int frozen_id(const micic_practice *p, micic_field f, micic_error *err) {
    if (f == MICIC_FIELD_ID && p->in_corpus)
        return micic__error(err, MICIC_EINVAL,
                            "the id of a record in a corpus cannot be changed");
    return MICIC_OK;
}

/* Store a value (canonical text v[0..vlen)) without the frozen-id check. */
static int store_value(micic_practice *p, micic_field f, const char *original,
                       const char *v, size_t vlen, int is_static, const char *source,
                       int line, int column, micic_error *err) {
    pvalue nv;
    uint32_t src, at, g;
    if (intern_source(p, source, &src) != MICIC_OK)
        return micic__error(err, MICIC_ENOMEM, NULL);
    if (is_static && strcmp(original, v) == 0) { /* v is NUL-terminated at vlen */
        nv.value = (char *)(uintptr_t)v;
        nv.original = v;
        nv.borrowed = STATIC;
    } else {
        nv.value =
            pool_block(p, v, vlen, original, strlen(original), &nv.original, &nv.borrowed);
        if (!nv.value) return micic__error(err, MICIC_ENOMEM, NULL);
    }
    nv.src = src;
    nv.line = line;
    nv.column = column;
    if (FIELDS[f].single && fcount(p, f) > 0) {
        pvalue *old = &p->v[fbeg(p, f)];
        pv_release(old);
        *old = nv;
        micic_error_clear(err);
        return MICIC_OK;
    }
    if (p->nv == p->capv) {
        uint32_t cap = p->capv ? p->capv * 2 : 8;
        pvalue *a;
        if (p->capv >= UINT32_MAX / 4) {
            pv_release(&nv);
            return micic__error(err, MICIC_ELIMIT, "too many values in one record");
        }
        a = micic__realloc(p->v, (size_t)cap * sizeof *a);
        if (!a) {
            pv_release(&nv);
            return micic__error(err, MICIC_ENOMEM, NULL);
        }
        p->v = a;
        p->capv = cap;
    }
    /* insert at the end of field f's range, shifting later fields */
    at = p->end[f];
    if (at < p->nv) memmove(&p->v[at + 1], &p->v[at], (p->nv - at) * sizeof *p->v);
    p->v[at] = nv;
    p->nv++;
    for (g = (uint32_t)f; g < MICIC_FIELD_COUNT; g++) p->end[g]++;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_practice_add(micic_practice *p, micic_field f, const char *original,
                       const char *value, const char *source, int line, int column,
                       micic_error *err) {
    slice canon;
    int rc, is_static = 0;
    if (!p || !field_ok(f)) return micic__error(err, MICIC_EINVAL, "invalid practice or field");
    if (!original && !value) return micic__error(err, MICIC_EINVAL, "no value given");
    if ((rc = frozen_id(p, f, err)) != MICIC_OK) return rc;
    if (!original) original = value;
    if (value) {
        canon.s = value;
        canon.n = strlen(value);
    } else if (canonicalize(f, original, &canon, &is_static) != MICIC_OK) {
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    rc = store_value(p, f, original, canon.s, canon.n, is_static, source, line, column, err);
    return rc;
}

/* Replace the canonical text of value i, keeping its original. */
static int replace_value(micic_practice *p, micic_field f, size_t i, const char *value,
                         micic_error *err) {
    pvalue *v = &p->v[fbeg(p, f) + i];
    const char *orig;
    char *b = make_block(value, strlen(value), v->original, strlen(v->original), &orig);
    if (!b) return micic__error(err, MICIC_ENOMEM, NULL);
    pv_release(v);
    v->value = b;
    v->original = orig;
    v->borrowed = OWNED;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_practice_set_value(micic_practice *p, micic_field f, size_t i, const char *value,
                             micic_error *err) {
    int rc;
    if (!p || !field_ok(f) || !value)
        return micic__error(err, MICIC_EINVAL, "invalid practice, field or value");
    if (i >= fcount(p, f))
        return micic__error(err, MICIC_ENOTFOUND, "field %s has no value %zu",
                            FIELDS[f].name, i);
    if ((rc = frozen_id(p, f, err)) != MICIC_OK) return rc;
    return replace_value(p, f, i, value, err);
}

void micic_practice_clear(micic_practice *p, micic_field f) {
    uint32_t b, n, j, g;
    if (!p || !field_ok(f) || (f == MICIC_FIELD_ID && p->in_corpus)) return;
    b = fbeg(p, f);
    n = fcount(p, f);
    if (!n) return;
    for (j = b; j < b + n; j++) pv_release(&p->v[j]);
    if (b + n < p->nv) memmove(&p->v[b], &p->v[b + n], (p->nv - b - n) * sizeof *p->v);
    p->nv -= n;
    for (g = (uint32_t)f; g < MICIC_FIELD_COUNT; g++) p->end[g] -= n;
}

int micic_practice_set_record_location(micic_practice *p, const char *source, int line,
                                       int column, micic_error *err) {
    uint32_t src;
    if (!p) return micic__error(err, MICIC_EINVAL, "invalid practice");
    if (intern_source(p, source, &src) != MICIC_OK)
        return micic__error(err, MICIC_ENOMEM, NULL);
    p->rec_src = src;
    p->rec_line = line;
    p->rec_column = column;
    micic_error_clear(err);
    return MICIC_OK;
}

size_t micic_practice_extra_count(const micic_practice *p) { return p ? p->nextras : 0; }

const char *micic_practice_extra_label(const micic_practice *p, size_t i) {
    return (p && i < p->nextras) ? p->extras[i].label : NULL;
}

const char *micic_practice_extra_value(const micic_practice *p, size_t i) {
    return (p && i < p->nextras) ? p->extras[i].value : NULL;
}

int micic_practice_add_extra(micic_practice *p, const char *label, const char *value,
                             micic_error *err) {
    size_t ll, vl;
    char *b;
    if (!p || !label) return micic__error(err, MICIC_EINVAL, "invalid practice or label");
    if (!value) value = "";
    if (p->nextras == p->capextras) {
        size_t cap = p->capextras ? p->capextras * 2 : 2;
        pextra *a = micic__realloc(p->extras, cap * sizeof *a);
        if (!a) return micic__error(err, MICIC_ENOMEM, NULL);
        p->extras = a;
        p->capextras = cap;
    }
    ll = strlen(label);
    vl = strlen(value);
    b = micic__malloc(ll + vl + 2);
    if (!b) return micic__error(err, MICIC_ENOMEM, NULL);
    memcpy(b, label, ll + 1);
    memcpy(b + ll + 1, value, vl + 1);
    p->extras[p->nextras].label = b;
    p->extras[p->nextras].value = b + ll + 1;
    p->nextras++;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_practice_equal(const micic_practice *a, const micic_practice *b) {
    size_t i;
    if (a == b) return 1;
    if (!a || !b) return 0;
    if (a->nv != b->nv || memcmp(a->end, b->end, sizeof a->end) != 0) return 0;
    for (i = 0; i < a->nv; i++)
        if (strcmp(a->v[i].value, b->v[i].value) != 0) return 0;
    if (a->nextras != b->nextras) return 0;
    for (i = 0; i < a->nextras; i++) {
        if (strcmp(a->extras[i].label, b->extras[i].label) != 0 ||
            strcmp(a->extras[i].value, b->extras[i].value) != 0)
            return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Corpus                                                               */
/* ------------------------------------------------------------------ */

/* A slot of the id table: record index + 1 (0 = empty) and the id's hash,
 * so that probing and growing never touch the records themselves. */
typedef struct id_slot {
    size_t idx1;
    size_t hash;
} id_slot;

struct micic_corpus {
    micic_practice **recs;
    size_t n;
    size_t cap;
    id_slot *slots; /* id hash table; open addressing */
    size_t nslots;  /* power of two, or 0 */
    size_t n_auto; /* records that came without an id */
    micic_report *report;
    /* Renaming of duplicate ids: for each id that was given more than once,
     * the last suffix k used ("<id>-k"). Records are never removed, so
     * "<id>-2" .. "<id>-k" are all taken and the next search starts at k + 1
     * (without it, n copies of one id cost O(n^2) lookups). Open
     * addressing; nrename_slots is a power of two, or 0. */
    struct corpus_rename {
        char *base; /* owned; NULL = empty slot */
        size_t last;
    } *rename;
    size_t nrename_slots;
    size_t nrename;
};

static size_t hash_id(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

micic_corpus *micic_corpus_new(void) {
    micic_corpus *c = micic__calloc(1, sizeof *c);
    if (!c) return NULL;
    c->report = micic_report_new();
    if (!c->report) {
        micic__free(c);
        return NULL;
    }
    return c;
}

void micic_corpus_free(micic_corpus *c) {
    size_t i;
    if (!c) return;
    for (i = 0; i < c->n; i++) micic_practice_free(c->recs[i]);
    micic__free(c->recs);
    micic__free(c->slots);
    for (i = 0; i < c->nrename_slots; i++) micic__free(c->rename[i].base);
    micic__free(c->rename);
    micic_report_free(c->report);
    micic__free(c);
}

size_t micic_corpus_size(const micic_corpus *c) { return c ? c->n : 0; }

const micic_practice *micic_corpus_get(const micic_corpus *c, size_t i) {
    return (c && i < c->n) ? c->recs[i] : NULL;
}

micic_practice *micic_corpus_get_mutable(micic_corpus *c, size_t i) {
    return (c && i < c->n) ? c->recs[i] : NULL;
}

long micic_corpus_index_of(const micic_corpus *c, const char *id) {
    size_t mask, k, h;
    if (!c || !id || !c->nslots) return -1;
    mask = c->nslots - 1;
    h = hash_id(id);
    for (k = h & mask; c->slots[k].idx1; k = (k + 1) & mask) {
        size_t idx = c->slots[k].idx1 - 1;
        if (c->slots[k].hash == h && strcmp(micic_practice_id(c->recs[idx]), id) == 0)
            return (long)idx;
    }
    return -1;
}

const micic_practice *micic_corpus_find(const micic_corpus *c, const char *id) {
    long i = micic_corpus_index_of(c, id);
    return i < 0 ? NULL : c->recs[i];
}

static void hash_insert(id_slot *slots, size_t nslots, size_t h, size_t idx) {
    size_t mask = nslots - 1, k;
    for (k = h & mask; slots[k].idx1; k = (k + 1) & mask) {
    }
    slots[k].idx1 = idx + 1;
    slots[k].hash = h;
}

/* Room for one more record in recs and the id table. */
static int corpus_reserve(micic_corpus *c) {
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        micic_practice **r = micic__realloc(c->recs, cap * sizeof *r);
        if (!r) return MICIC_ENOMEM;
        c->recs = r;
        c->cap = cap;
    }
    if ((c->n + 1) * 2 > c->nslots) {
        size_t ns = c->nslots ? c->nslots * 2 : 32, i;
        id_slot *s = micic__calloc(ns, sizeof *s);
        if (!s) return MICIC_ENOMEM;
        for (i = 0; i < c->nslots; i++)
            if (c->slots[i].idx1) hash_insert(s, ns, c->slots[i].hash, c->slots[i].idx1 - 1);
        micic__free(c->slots);
        c->slots = s;
        c->nslots = ns;
    }
    return MICIC_OK;
}

/* The rename entry of id `base`: its slot, or the empty slot where it goes
 * (NULL when the table is empty). */
static struct corpus_rename *rename_slot(const micic_corpus *c, const char *base) {
    size_t mask, k;
    if (!c->nrename_slots) return NULL;
    mask = c->nrename_slots - 1;
    for (k = hash_id(base) & mask; c->rename[k].base; k = (k + 1) & mask)
        if (strcmp(c->rename[k].base, base) == 0) break;
    return &c->rename[k];
}

/* Remember that "<base>-<last>" was the last suffix given to `base`. */
static int rename_note(micic_corpus *c, const char *base, size_t last) {
    struct corpus_rename *e;
    if ((c->nrename + 1) * 2 > c->nrename_slots) {
        size_t ns = c->nrename_slots ? c->nrename_slots * 2 : 16, i, mask = ns - 1, k;
        struct corpus_rename *t = micic__calloc(ns, sizeof *t);
        if (!t) return MICIC_ENOMEM;
        for (i = 0; i < c->nrename_slots; i++) {
            if (!c->rename[i].base) continue;
            for (k = hash_id(c->rename[i].base) & mask; t[k].base; k = (k + 1) & mask) {
            }
            t[k] = c->rename[i];
        }
        micic__free(c->rename);
        c->rename = t;
        c->nrename_slots = ns;
    }
    e = rename_slot(c, base);
    if (!e->base) {
        e->base = micic__strdup(base);
        if (!e->base) return MICIC_ENOMEM;
        c->nrename++;
    }
    e->last = last;
    return MICIC_OK;
}

int micic_corpus_add(micic_corpus *c, micic_practice *p, micic_error *err) {
    micic_buf id = MICIC_BUF_INIT;
    const char *given;
    int rc = MICIC_OK, renamed = 0, auto_id = 0;
    long first;
    size_t k;
    if (!p) return micic__error(err, MICIC_EINVAL, "no practice to add");
    if (p->in_corpus)
        return micic__error(err, MICIC_EINVAL, "the practice already belongs to a corpus");
    if (!c) {
        micic_practice_free(p);
        return micic__error(err, MICIC_EINVAL, "no corpus");
    }
    if (corpus_reserve(c) != MICIC_OK) {
        rc = micic__error(err, MICIC_ENOMEM, NULL);
        goto fail;
    }
    given = micic_practice_id(p);
    if (*given) {
        micic_buf_puts(&id, given);
    } else {
        auto_id = 1;
        micic_buf_printf(&id, "P%zu", c->n_auto + 1);
    }
    if (!micic_buf_cstr(&id)) {
        rc = micic__error(err, MICIC_ENOMEM, NULL);
        goto fail;
    }
    if ((first = micic_corpus_index_of(c, id.data)) >= 0) {
        size_t base_len = id.len;
        const struct corpus_rename *hint = rename_slot(c, id.data);
        for (k = hint && hint->base ? hint->last + 1 : 2;; k++) {
            id.len = base_len;
            id.data[base_len] = '\0';
            micic_buf_printf(&id, "-%zu", k);
            if (!micic_buf_cstr(&id)) {
                rc = micic__error(err, MICIC_ENOMEM, NULL);
                goto fail;
            }
            if (micic_corpus_index_of(c, id.data) < 0) break;
        }
        renamed = 1;
        id.data[base_len] = '\0';
        rc = rename_note(c, id.data, k);
        id.data[base_len] = '-';
        if (rc != MICIC_OK) {
            rc = micic__error(err, rc, NULL);
            goto fail;
        }
    }
    if (auto_id) {
        if (fcount(p, MICIC_FIELD_ID) > 0)
            rc = replace_value(p, MICIC_FIELD_ID, 0, id.data, err);
        else
            rc = store_value(p, MICIC_FIELD_ID, id.data, id.data, id.len, 0,
                             source_name(p, p->rec_src), p->rec_line, p->rec_column, err);
    } else if (renamed) {
        rc = replace_value(p, MICIC_FIELD_ID, 0, id.data, err);
    }
    if (rc != MICIC_OK) goto fail;
    if (renamed && !auto_id) {
        const pvalue *v = &p->v[fbeg(p, MICIC_FIELD_ID)];
        micic_buf msg = MICIC_BUF_INIT;
        uint32_t src = v->line ? v->src : p->rec_src;
        int line = v->line ? v->line : p->rec_line;
        int col = v->line ? v->column : p->rec_column;
        micic_location at = {"", 0, 0};
        if (first >= 0) {
            const micic_practice *fp = c->recs[first];
            if (micic_practice_location(fp, MICIC_FIELD_ID, 0, &at) != MICIC_OK || !at.line)
                at = micic_practice_record_location(fp);
        }
        micic_buf_printf(&msg, "duplicate id '%s' renamed to '%s'", v->original, v->value);
        /* name both lines: this one (the diagnostic's location) and the first */
        if (at.line && strcmp(at.source, source_name(p, src)) == 0)
            micic_buf_printf(&msg, " (first used on line %d)", at.line);
        else if (at.line)
            micic_buf_printf(&msg, " (first used at %s:%d)", at.source, at.line);
        rc = micic_buf_cstr(&msg)
                 ? micic_report_add(c->report, MICIC_CODE_DUPLICATE_ID,
                                    micic_code_severity(MICIC_CODE_DUPLICATE_ID),
                                    (long)c->n, v->value, "id", source_name(p, src), line,
                                    col, v->original, msg.data, NULL)
                 : MICIC_ENOMEM;
        micic_buf_free(&msg);
        if (rc != MICIC_OK) {
            rc = micic__error(err, rc, NULL);
            goto fail;
        }
    }
    if (auto_id) c->n_auto++;
    micic_buf_free(&id);
    if (p->capv > p->nv && p->nv) { /* records are mostly final here: no slack */
        pvalue *a = micic__realloc(p->v, (size_t)p->nv * sizeof *a);
        if (a) {
            p->v = a;
            p->capv = p->nv;
        }
    }
    p->in_corpus = 1;
    c->recs[c->n] = p;
    hash_insert(c->slots, c->nslots, hash_id(micic_practice_id(p)), c->n);
    c->n++;
    micic_error_clear(err);
    return MICIC_OK;
fail:
    micic_buf_free(&id);
    micic_practice_free(p);
    return rc;
}

int micic_corpus_extend(micic_corpus *c, const micic_corpus *src, micic_error *err) {
    size_t i, n;
    if (!c || !src) return micic__error(err, MICIC_EINVAL, "invalid corpus");
    n = src->n; /* c == src: copy only the records that were there */
    for (i = 0; i < n; i++) {
        micic_practice *p = micic_practice_copy(src->recs[i]);
        int rc;
        if (!p) return micic__error(err, MICIC_ENOMEM, NULL);
        if ((rc = micic_corpus_add(c, p, err)) != MICIC_OK) return rc;
    }
    micic_error_clear(err);
    return MICIC_OK;
}

size_t micic_corpus_rejected(const micic_corpus *c) {
    return c ? micic_report_rejected(c->report) : 0;
}

const micic_report *micic_corpus_read_report(const micic_corpus *corpus) {
    return corpus ? corpus->report : NULL;
}

micic_report *micic_corpus_read_report_mutable(micic_corpus *corpus) {
    return corpus ? corpus->report : NULL;
}
