/*
 * Validation of practice records (include/micic/validate.h).
 * Codes, severities and examples: docs/diagnostics.md.
 *
 * Design
 *  - One pass over the records; each value is scanned once for UTF-8
 *    validity, control characters and length (no allocation). Vocabulary,
 *    country and guideline lookups go through a per-call micic__catcache:
 *    canonical values are recognized by a plain byte comparison, anything
 *    else is looked up once and memoized. Diagnostics are the only thing
 *    allocated, and only when something is wrong.
 *  - Descriptions are reduced to a fixed-size signature (lib/dedup.c) that
 *    serves both the guideline-text check and duplicate detection.
 *  - Severities: the code table of lib/report.c (micic_code_severity()),
 *    except "unknown-value" in an open vocabulary (population, need,
 *    source): info, or warning when a known value is close (a likely typo);
 *    and a guideline given by its title instead of its number: warning.
 *    Then the caller's overrides, then strict mode (warning -> error).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_internal.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "micic/validate.h"
#include "validate_internal.h"

/* Longest value copied into a diagnostic (bytes); longer ones are cut and
 * end with "…". */
#define VALUE_MAX 200

/* ------------------------------------------------------------------ */
/* Catalogue cache                                                      */
/* ------------------------------------------------------------------ */

#define MEMO_CAP 8192
#define MEMO_FILL 6144

enum { TAG_VOCAB = 1, TAG_SUGGEST = 32, TAG_COUNTRY = 64, TAG_CSUGGEST, TAG_TITLE,
       TAG_THEME, TAG_PHASE };

/* Hash of s[0..n): 8 bytes per multiply, then a finalizer. */
static uint64_t bytes_hash(const char *s, size_t n, uint64_t seed) {
    uint64_t h = seed ^ ((uint64_t)n * 0x9E3779B97F4A7C15ULL);
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t v = 0;
        memcpy(&v, s, n);
        h = (h ^ v) * 0x94D049BB133111EBULL;
    }
    return micic__mix64(h);
}

static uint64_t text_hash(int tag, const char *s) {
    return bytes_hash(s, strlen(s), (uint64_t)(unsigned)tag);
}

/* Kind of a canonical-table entry besides the vocabularies. */
#define CANON_COUNTRY MICIC_VOCAB_COUNT

static void canon_put(micic__catcache *cc, const char *text, int kind, int idx) {
    uint64_t h = bytes_hash(text, strlen(text), 0);
    size_t j = (size_t)h & (MICIC__CANON_SLOTS - 1);
    while (cc->canon[j].text) j = (j + 1) & (MICIC__CANON_SLOTS - 1);
    cc->canon[j].text = text;
    cc->canon[j].hash = h;
    cc->canon[j].kind = kind;
    cc->canon[j].idx = idx;
}

/* Index of the entry of this kind whose text is exactly s (length n), or -1. */
static int canon_find(const micic__catcache *cc, const char *s, size_t n, int kind) {
    uint64_t h = bytes_hash(s, n, 0);
    size_t j = (size_t)h & (MICIC__CANON_SLOTS - 1);
    while (cc->canon[j].text) {
        const micic__canon *e = &cc->canon[j];
        if (e->hash == h && e->kind == kind && strcmp(e->text, s) == 0) return e->idx;
        j = (j + 1) & (MICIC__CANON_SLOTS - 1);
    }
    return -1;
}

void micic__cc_init(micic__catcache *cc) {
    int v, g;
    size_t i, total = 0;
    memset(cc, 0, sizeof *cc);
    for (v = 0; v < MICIC_VOCAB_COUNT; v++) {
        size_t n = micic_vocab_size((micic_vocab)v);
        if (n > MICIC__MAX_LABELS) n = MICIC__MAX_LABELS;
        for (i = 0; i < n; i++) {
            cc->labels[v][i] = micic_vocab_label((micic_vocab)v, i);
            canon_put(cc, cc->labels[v][i], v, (int)i);
        }
        cc->nlabels[v] = n;
        total += n;
    }
    /* country names (static strings); the table keeps at least half its
       slots free so probes stay short */
    for (i = 0; i < micic_country_count() && total * 2 < MICIC__CANON_SLOTS; i++, total++)
        canon_put(cc, micic_country_name(micic_country_at(i)), CANON_COUNTRY, (int)i);
    cc->theme_by_index = cc->nlabels[MICIC_VOCAB_THEME] == 15;
    for (g = 1; g <= 15; g++) {
        const micic_guideline *gl = micic_guideline_get(g);
        size_t k, nv = micic_guideline_variant_count(gl);
        cc->themes[g] = micic_guideline_theme(gl);
        cc->titles[g] = micic_guideline_title(gl);
        cc->phases[g] = micic_guideline_phase(gl);
        for (k = 0; k < nv && k < MICIC__MAX_VARIANTS; k++)
            cc->variants[g][k] = micic_guideline_variant(gl, k);
        /* theme label g-1 is guideline g's theme (checked, not assumed) */
        if (!cc->theme_by_index || strcmp(cc->labels[MICIC_VOCAB_THEME][g - 1], cc->themes[g]) != 0)
            cc->theme_by_index = 0;
    }
    cc->phase_by_index = cc->nlabels[MICIC_VOCAB_PHASE] == 3;
    for (g = 1; g <= 3 && cc->phase_by_index; g++)
        if (strcmp(cc->labels[MICIC_VOCAB_PHASE][g - 1], micic_phase_label((micic_phase)g)) != 0)
            cc->phase_by_index = 0;
}

void micic__cc_free(micic__catcache *cc) {
    size_t i;
    if (!cc) return;
    if (cc->memo)
        for (i = 0; i < cc->memo_cap; i++) micic__free(cc->memo[i].text);
    micic__free(cc->memo);
    cc->memo = NULL;
}

/* Entry for (tag, s), or NULL; *slot receives where it would go. */
static micic__memo_entry *memo_find(micic__catcache *cc, int tag, const char *s, uint64_t h) {
    size_t j;
    if (!cc->memo) return NULL;
    j = (size_t)h & (cc->memo_cap - 1);
    while (cc->memo[j].text) {
        if (cc->memo[j].hash == h && cc->memo[j].tag == tag && strcmp(cc->memo[j].text, s) == 0)
            return &cc->memo[j];
        j = (j + 1) & (cc->memo_cap - 1);
    }
    return NULL;
}

/* Remember a result; silently does nothing when full or out of memory. */
static void memo_put(micic__catcache *cc, int tag, const char *s, uint64_t h, int i1, int i2,
                     const void *ptr) {
    size_t j;
    char *copy;
    if (!cc->memo) {
        cc->memo = micic__calloc(MEMO_CAP, sizeof *cc->memo);
        if (!cc->memo) return;
        cc->memo_cap = MEMO_CAP;
    }
    if (cc->memo_count >= MEMO_FILL || strlen(s) > 512) return;
    copy = micic__strdup(s);
    if (!copy) return;
    j = (size_t)h & (cc->memo_cap - 1);
    while (cc->memo[j].text) j = (j + 1) & (cc->memo_cap - 1);
    cc->memo[j].hash = h;
    cc->memo[j].text = copy;
    cc->memo[j].tag = tag;
    cc->memo[j].i1 = i1;
    cc->memo[j].i2 = i2;
    cc->memo[j].ptr = ptr;
    cc->memo_count++;
}

int micic__cc_label_exact(const micic__catcache *cc, micic_vocab v, const char *s, size_t n) {
    if ((int)v < 0 || v >= MICIC_VOCAB_COUNT) return -1;
    return canon_find(cc, s, n, (int)v);
}

int micic__cc_vocab_index(micic__catcache *cc, micic_vocab v, const char *s, size_t n) {
    int idx = micic__cc_label_exact(cc, v, s, n);
    uint64_t h;
    micic__memo_entry *e;
    if (idx >= 0) return idx;
    h = text_hash(TAG_VOCAB + (int)v, s);
    if ((e = memo_find(cc, TAG_VOCAB + (int)v, s, h)) != NULL) return e->i1;
    idx = micic_vocab_index(v, s);
    memo_put(cc, TAG_VOCAB + (int)v, s, h, idx, 0, NULL);
    return idx;
}

const char *micic__cc_vocab_suggest(micic__catcache *cc, micic_vocab v, const char *s,
                                    int *distance) {
    uint64_t h = text_hash(TAG_SUGGEST + (int)v, s);
    micic__memo_entry *e = memo_find(cc, TAG_SUGGEST + (int)v, s, h);
    const char *r;
    int d = -1;
    if (e) {
        if (distance) *distance = e->i1;
        return (const char *)e->ptr;
    }
    r = micic_vocab_suggest(v, s, &d);
    memo_put(cc, TAG_SUGGEST + (int)v, s, h, d, 0, r);
    if (distance) *distance = d;
    return r;
}

const micic_country *micic__cc_country(micic__catcache *cc, const char *s, size_t n,
                                       int *exact) {
    uint64_t h;
    micic__memo_entry *e;
    const micic_country *c;
    int idx = canon_find(cc, s, n, CANON_COUNTRY);
    if (exact) *exact = idx >= 0;
    if (idx >= 0) return micic_country_at((size_t)idx);
    h = text_hash(TAG_COUNTRY, s);
    if ((e = memo_find(cc, TAG_COUNTRY, s, h)) != NULL) return (const micic_country *)e->ptr;
    c = micic_country_lookup(s);
    memo_put(cc, TAG_COUNTRY, s, h, 0, 0, c);
    return c;
}

const micic_country *micic__cc_country_suggest(micic__catcache *cc, const char *s,
                                               int *distance) {
    uint64_t h = text_hash(TAG_CSUGGEST, s);
    micic__memo_entry *e = memo_find(cc, TAG_CSUGGEST, s, h);
    const micic_country *c;
    int d = -1;
    if (e) {
        if (distance) *distance = e->i1;
        return (const micic_country *)e->ptr;
    }
    c = micic_country_suggest(s, &d);
    memo_put(cc, TAG_CSUGGEST, s, h, d, 0, c);
    if (distance) *distance = d;
    return c;
}

void micic__cc_title_match(micic__catcache *cc, const char *s, int *number, int *title) {
    uint64_t h = text_hash(TAG_TITLE, s);
    micic__memo_entry *e = memo_find(cc, TAG_TITLE, s, h);
    int n = 0, t = 0;
    if (e) {
        *number = e->i1;
        *title = e->i2;
        return;
    }
    if (micic_guideline_title_match(s, &n, &t) != MICIC_OK) n = t = 0;
    memo_put(cc, TAG_TITLE, s, h, n, t, NULL);
    *number = n;
    *title = t;
}

int micic__cc_theme(micic__catcache *cc, const char *s) {
    int g;
    uint64_t h;
    micic__memo_entry *e;
    const micic_guideline *gl;
    int idx = canon_find(cc, s, strlen(s), MICIC_VOCAB_THEME);
    /* theme label i is the theme of guideline i + 1 (catalogue order) */
    if (idx >= 0 && idx < 15 && cc->themes[idx + 1] == cc->labels[MICIC_VOCAB_THEME][idx])
        return idx + 1;
    for (g = 1; g <= 15; g++)
        if (strcmp(cc->themes[g], s) == 0) return g;
    h = text_hash(TAG_THEME, s);
    if ((e = memo_find(cc, TAG_THEME, s, h)) != NULL) return e->i1;
    gl = micic_guideline_by_theme(s);
    g = gl ? micic_guideline_number(gl) : 0;
    memo_put(cc, TAG_THEME, s, h, g, 0, NULL);
    return g;
}

micic_phase micic__cc_phase(micic__catcache *cc, const char *s) {
    int i = micic__cc_label_exact(cc, MICIC_VOCAB_PHASE, s, strlen(s));
    uint64_t h;
    micic__memo_entry *e;
    micic_phase ph;
    if (i >= 0) return (micic_phase)(i + 1);
    h = text_hash(TAG_PHASE, s);
    if ((e = memo_find(cc, TAG_PHASE, s, h)) != NULL) return (micic_phase)e->i1;
    ph = micic_phase_lookup(s);
    memo_put(cc, TAG_PHASE, s, h, (int)ph, 0, NULL);
    return ph;
}

int micic__guideline_digits(const char *s) {
    size_t n;
    const char *t = micic__trim(s, strlen(s), &n);
    size_t i;
    int num = 0;
    if (n == 0 || n > 6) return -1;
    for (i = 0; i < n; i++) {
        if (t[i] < '0' || t[i] > '9') return -1;
        num = num * 10 + (t[i] - '0');
    }
    return num;
}

/* ------------------------------------------------------------------ */
/* Options                                                              */
/* ------------------------------------------------------------------ */

void micic_validate_options_init(micic_validate_options *opts) {
    static const micic_validate_options defaults = MICIC_VALIDATE_OPTIONS_INIT;
    if (opts) *opts = defaults;
}

static int code_slot(int code);
static int code_known(int code) {
    return micic_code_name(code)[0] != '\0' && code_slot(code) >= 0;
}

static int check_options(const micic_validate_options *o, micic_error *err) {
    int i;
    if (o->version != MICIC_VALIDATE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION,
                            "validate options version %d is not supported (expected %d)",
                            o->version, MICIC_VALIDATE_OPTIONS_VERSION);
    if (o->required & ~((1u << MICIC_FIELD_COUNT) - 1u))
        return micic__error(err, MICIC_EINVAL, "required: unknown field bits 0x%x",
                            o->required & ~((1u << MICIC_FIELD_COUNT) - 1u));
    if (o->required_recommended & ~((1u << MICIC_FIELD_COUNT) - 1u))
        return micic__error(err, MICIC_EINVAL, "required_recommended: unknown field bits 0x%x",
                            o->required_recommended & ~((1u << MICIC_FIELD_COUNT) - 1u));
    if (!(o->duplicate_threshold > 0.0 && o->duplicate_threshold <= 1.0))
        return micic__error(err, MICIC_EINVAL,
                            "duplicate_threshold must be in (0, 1], got %g",
                            o->duplicate_threshold);
    for (i = 0; i < MICIC_MAX_OVERRIDES; i++) {
        if (o->disabled[i] && !code_known(o->disabled[i]))
            return micic__error(err, MICIC_EINVAL, "disabled[%d]: unknown code %d", i,
                                o->disabled[i]);
        if (o->override_code[i]) {
            micic_severity s = o->override_severity[i];
            if (!code_known(o->override_code[i]))
                return micic__error(err, MICIC_EINVAL, "override_code[%d]: unknown code %d", i,
                                    o->override_code[i]);
            if (s != MICIC_SEVERITY_INFO && s != MICIC_SEVERITY_WARNING &&
                s != MICIC_SEVERITY_ERROR)
                return micic__error(err, MICIC_EINVAL,
                                    "override_severity[%d]: invalid severity %d", i, (int)s);
        }
    }
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Context and emission                                                 */
/* ------------------------------------------------------------------ */

/* Codes 101..147, 201..247, 301..347 -> bit 0..47 (the tables below). */
#define CODE_SLOTS 48
static int code_slot(int code) {
    int group = code / 100, k = code % 100;
    if (group < 1 || group > 3 || k < 1 || k > 16) return -1;
    return (group - 1) * 16 + (k - 1);
}

typedef struct vctx {
    const micic_validate_options *o;
    micic_report *report;
    uint64_t disabled_mask;             /* bit code_slot(code): check off */
    signed char severity[CODE_SLOTS];   /* override, or -1 */
    micic__catcache cc;
    micic__shingles shingles;
    int shingles_ready;  /* 1 built, -1 failed */
    size_t added;        /* diagnostics added by this call */
    size_t suppressed;   /* diagnostics over the cap */
    micic_severity suppressed_max;
    int rc;              /* first allocation failure */
    int dedup;           /* duplicate detection runs (micic_validate only) */
} vctx;

static int disabled(const vctx *c, int code) {
    int k = code_slot(code);
    return k >= 0 && (c->disabled_mask >> k) & 1u;
}

static micic_severity final_severity(const vctx *c, int code, micic_severity s) {
    int k = code_slot(code);
    if (k >= 0 && c->severity[k] >= 0) s = (micic_severity)c->severity[k];
    if (c->o->strict && s == MICIC_SEVERITY_WARNING) s = MICIC_SEVERITY_ERROR;
    return s;
}

/* Copy at most VALUE_MAX bytes of v (whole UTF-8 characters) + "…". */
static const char *short_value(const char *v, char *buf, size_t cap) {
    size_t n;
    if (!v) return "";
    n = strlen(v);
    if (n <= VALUE_MAX || cap < VALUE_MAX + 4) return v;
    n = VALUE_MAX;
    while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80) n--;
    memcpy(buf, v, n);
    memcpy(buf + n, "\xe2\x80\xa6", 4);
    return buf;
}

typedef struct where {
    const micic_practice *p;
    long index;
    micic_field field; /* MICIC_FIELD_COUNT: use label */
    const char *label; /* field name for extras */
    size_t i;          /* value index; (size_t)-1 = the record */
} where;

static void emit(vctx *c, int code, micic_severity sev, const where *w, const char *value,
                 const char *suggestion, const char *fmt, ...) MICIC_PRINTF(7, 8);

static void emit(vctx *c, int code, micic_severity sev, const where *w, const char *value,
                 const char *suggestion, const char *fmt, ...) {
    char message[512], vbuf[VALUE_MAX + 8], sbuf[VALUE_MAX + 8];
    micic_location loc;
    const char *field;
    va_list ap;
    sev = final_severity(c, code, sev);
    if (c->o->max_diagnostics && c->added >= c->o->max_diagnostics) {
        if (c->suppressed == 0 || sev > c->suppressed_max) c->suppressed_max = sev;
        c->suppressed++;
        return;
    }
    va_start(ap, fmt);
    if (vsnprintf(message, sizeof message, fmt, ap) >= (int)sizeof message) {
        /* cut: drop a partial UTF-8 character at the end */
        size_t n = sizeof message - 1;
        while (n > 0 && ((unsigned char)message[n] & 0xC0) == 0x80) n--;
        message[n] = '\0';
    }
    va_end(ap);
    if (w->field < MICIC_FIELD_COUNT) {
        field = micic_field_name(w->field);
        if (w->i == (size_t)-1 ||
            micic_practice_location(w->p, w->field, w->i, &loc) != MICIC_OK)
            loc = micic_practice_record_location(w->p);
    } else {
        field = w->label;
        loc = micic_practice_record_location(w->p);
    }
    if (micic_report_add(c->report, code, sev, w->index, micic_practice_id(w->p), field,
                         loc.source, loc.line, loc.column, short_value(value, vbuf, sizeof vbuf),
                         message,
                         suggestion ? short_value(suggestion, sbuf, sizeof sbuf) : NULL) !=
        MICIC_OK) {
        if (!c->rc) c->rc = MICIC_ENOMEM;
        return;
    }
    c->added++;
}

/* ------------------------------------------------------------------ */
/* Text scanning                                                        */
/* ------------------------------------------------------------------ */

typedef struct text_info {
    int valid;        /* UTF-8 */
    size_t chars;     /* code points */
    int has_control;  /* C0 (but TAB, LF, CR), DEL or C1 */
    unsigned control; /* the first one */
} text_info;

static void scan_text(const char *s, size_t n, text_info *t) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    t->valid = 1;
    t->chars = 0;
    t->has_control = 0;
    t->control = 0;
    while (i < n) {
        unsigned c;
        /* fast path: 8 ASCII bytes with no control character */
        while (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, u + i, 8);
            if ((v & 0x8080808080808080ULL) ||
                ((v - 0x2020202020202020ULL) & ~v & 0x8080808080808080ULL) ||
                (((v ^ 0x7F7F7F7F7F7F7F7FULL) - 0x0101010101010101ULL) &
                 ~(v ^ 0x7F7F7F7F7F7F7F7FULL) & 0x8080808080808080ULL))
                break;
            i += 8;
            t->chars += 8;
        }
        if (i >= n) break;
        c = u[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                if (!t->has_control) t->control = c;
                t->has_control = 1;
            }
            i++;
        } else {
            unsigned cp;
            size_t len, k;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
            } else {
                t->valid = 0;
                return;
            }
            if (i + len > n) {
                t->valid = 0;
                return;
            }
            for (k = 1; k < len; k++) {
                if ((u[i + k] & 0xC0) != 0x80) {
                    t->valid = 0;
                    return;
                }
                cp = (cp << 6) | (u[i + k] & 0x3F);
            }
            if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                (cp >= 0xD800 && cp <= 0xDFFF)) {
                t->valid = 0;
                return;
            }
            if (cp >= 0x80 && cp <= 0x9F) {
                if (!t->has_control) t->control = cp;
                t->has_control = 1;
            }
            i += len;
        }
        t->chars++;
    }
}

/* s with every invalid UTF-8 byte replaced by U+FFFD (new, micic_free), or NULL. */
static char *replace_invalid(const char *s) {
    micic_buf b = MICIC_BUF_INIT;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t k = 1, len = 0;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) len = 3;
        else if (c >= 0xF0 && c <= 0xF4) len = 4;
        if (len && i + len <= n && micic__utf8_valid(s + i, len)) k = len;
        else len = 0;
        if (len) micic_buf_append(&b, s + i, k);
        else micic_buf_puts(&b, "\xef\xbf\xbd");
        i += k;
    }
    return micic_buf_detach(&b);
}

/* s without its control characters (new, micic_free), or NULL. */
static char *strip_controls(const char *s) {
    size_t n = strlen(s), i = 0, j = 0;
    char *out = micic__malloc(n + 1);
    const unsigned char *u = (const unsigned char *)s;
    if (!out) return NULL;
    while (i < n) {
        unsigned c = u[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
            i += 2; /* C1 control U+0080..U+009F */
            continue;
        }
        out[j++] = (char)c;
        i++;
    }
    out[j] = '\0';
    return out;
}

/* ------------------------------------------------------------------ */
/* URLs                                                                 */
/* ------------------------------------------------------------------ */

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_hex(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int is_unreserved(unsigned char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
static int is_subdelim(unsigned char c) { return c && strchr("!$&'()*+,;=", c) != NULL; }

/* A link value that looks like an attempt at a URL: "http"/"https"/"ftp"
 * followed by ':' or '/', "www." at the start, or "://" anywhere. */
static int url_attempt(const char *s, size_t n) {
    size_t k = 0;
    if (n >= 4 && micic__strncasecmp(s, "www.", 4) == 0) return 1;
    if (n >= 4 && micic__strncasecmp(s, "http", 4) == 0) k = 4;
    else if (n >= 3 && micic__strncasecmp(s, "ftp", 3) == 0) k = 3;
    if (k) {
        if (k < n && (s[k] == 's' || s[k] == 'S')) k++;
        if (k < n && (s[k] == ':' || s[k] == '/')) return 1;
    }
    for (k = 0; k + 2 < n; k++)
        if (s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/') return 1;
    return 0;
}

/* pct-encoded or a byte of a non-ASCII character (IRI, RFC 3987); *i advanced. */
static int url_pchar_extra(const unsigned char *u, size_t n, size_t *i) {
    if (u[*i] == '%') {
        if (*i + 2 < n + 0 && is_hex(u[*i + 1]) && is_hex(u[*i + 2])) {
            *i += 3;
            return 1;
        }
        return 0;
    }
    if (u[*i] >= 0x80) {
        (*i)++;
        return 1;
    }
    return 0;
}

/*
 * RFC 3986 basics for an absolute http, https or ftp URL:
 * scheme "://" [userinfo "@"] host [":" port] path [?query] [#fragment],
 * host a registered name (dot-separated labels of letters, digits and
 * hyphens, not starting or ending with a hyphen) or a bracketed IP
 * literal, port digits <= 65535, and only unreserved, sub-delims, ":",
 * "@", "/", "?" or %XX in the rest. Non-ASCII characters are accepted
 * (IRIs, RFC 3987); spaces are not.
 */
static int url_valid(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, auth_end, host_start, k, at = (size_t)-1;
    if (n >= 7 && micic__strncasecmp(s, "http://", 7) == 0) i = 7;
    else if (n >= 8 && micic__strncasecmp(s, "https://", 8) == 0) i = 8;
    else if (n >= 6 && micic__strncasecmp(s, "ftp://", 6) == 0) i = 6;
    else return 0;
    auth_end = i;
    while (auth_end < n && u[auth_end] != '/' && u[auth_end] != '?' && u[auth_end] != '#')
        auth_end++;
    /* userinfo */
    for (k = i; k < auth_end; k++)
        if (u[k] == '@') at = k;
    if (at != (size_t)-1) {
        k = i;
        while (k < at) {
            if (is_unreserved(u[k]) || is_subdelim(u[k]) || u[k] == ':') k++;
            else if (!url_pchar_extra(u, at, &k)) return 0;
        }
        i = at + 1;
    }
    host_start = i;
    if (i < auth_end && u[i] == '[') {
        while (i < auth_end && u[i] != ']') {
            if (!(is_hex(u[i]) || u[i] == ':' || u[i] == '.' || u[i] == '[')) return 0;
            i++;
        }
        if (i >= auth_end || i == host_start + 1) return 0;
        i++;
    } else {
        size_t label = 0;
        unsigned char prev = 0;
        while (i < auth_end && u[i] != ':') {
            unsigned char c = u[i];
            if (c == '.') {
                if (label == 0 || prev == '-') return 0;
                label = 0;
            } else if (is_alpha(c) || is_digit(c) || c >= 0x80) {
                label++;
            } else if (c == '-') {
                if (label == 0) return 0;
                label++;
            } else {
                return 0;
            }
            if (label > 63) return 0;
            prev = c;
            i++;
        }
        if (i == host_start || prev == '-') return 0;
    }
    if (i < auth_end) {
        unsigned long port = 0;
        if (u[i] != ':') return 0;
        for (i++; i < auth_end; i++) {
            if (!is_digit(u[i])) return 0;
            port = port * 10 + (unsigned long)(u[i] - '0');
            if (port > 65535) return 0;
        }
    }
    /* path, query, fragment */
    {
        int in_fragment = 0;
        while (i < n) {
            unsigned char c = u[i];
            if (is_unreserved(c) || is_subdelim(c) || c == ':' || c == '@' || c == '/' ||
                c == '?') {
                i++;
            } else if (c == '#' && !in_fragment) {
                in_fragment = 1;
                i++;
            } else if (!url_pchar_extra(u, n, &i)) {
                return 0;
            }
        }
    }
    return 1;
}

/* A repaired URL for a malformed one (new, micic_free), or NULL when no
 * sure repair exists: missing scheme ("www."), "http//", "http:/",
 * "http:\\", "http:///", and spaces (as %20). NULL and *nomem = 1 when
 * memory ran out. */
static char *url_repair(const char *s, size_t n, int *nomem) {
    micic_buf b = MICIC_BUF_INIT;
    size_t i = 0, k;
    char *out;
    if (n >= 4 && micic__strncasecmp(s, "www.", 4) == 0) {
        micic_buf_puts(&b, "http://");
    } else {
        size_t sl = 0;
        if (n >= 5 && micic__strncasecmp(s, "https", 5) == 0) sl = 5;
        else if (n >= 4 && micic__strncasecmp(s, "http", 4) == 0) sl = 4;
        else if (n >= 3 && micic__strncasecmp(s, "ftp", 3) == 0) sl = 3;
        if (sl) {
            k = sl;
            while (k < n && (s[k] == ':' || s[k] == '/' || s[k] == '\\')) k++;
            if (k > sl) {
                for (i = 0; i < sl; i++)
                    micic_buf_putc(&b, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]));
                micic_buf_puts(&b, "://");
                i = k;
            }
        }
    }
    for (; i < n; i++) {
        if (s[i] == ' ') micic_buf_puts(&b, "%20");
        else micic_buf_putc(&b, s[i]);
    }
    out = micic_buf_detach(&b);
    if (!out) *nomem = 1;
    if (out && (!url_valid(out, strlen(out)) || strcmp(out, s) == 0)) {
        micic__free(out);
        out = NULL;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* Per-value checks                                                     */
/* ------------------------------------------------------------------ */

static int field_vocab(micic_field f, micic_vocab *v) {
    switch (f) {
    case MICIC_FIELD_TYPE: *v = MICIC_VOCAB_TYPE; return 1;
    case MICIC_FIELD_STAKEHOLDER_TYPE: *v = MICIC_VOCAB_STAKEHOLDER_TYPE; return 1;
    case MICIC_FIELD_CRISIS: *v = MICIC_VOCAB_CRISIS; return 1;
    case MICIC_FIELD_PHASE: *v = MICIC_VOCAB_PHASE; return 1;
    case MICIC_FIELD_THEME: *v = MICIC_VOCAB_THEME; return 1;
    case MICIC_FIELD_POPULATION: *v = MICIC_VOCAB_POPULATION; return 1;
    case MICIC_FIELD_NEED: *v = MICIC_VOCAB_NEED; return 1;
    case MICIC_FIELD_SOURCE: *v = MICIC_VOCAB_SOURCE; return 1;
    case MICIC_FIELD_KIND: *v = MICIC_VOCAB_KIND; return 1;
    default: return 0;
    }
}

/* Checks a vocabulary value; returns its label index, or -1 when unknown. */
static int check_vocab(vctx *c, const where *w, micic_vocab v, const char *value, size_t len) {
    const char *sugg;
    int d = -1, closed, idx;
    micic_severity sev;
    if (!len) return -1;
    idx = micic__cc_vocab_index(&c->cc, v, value, len);
    if (idx >= 0 || disabled(c, MICIC_CODE_UNKNOWN_VALUE)) return idx;
    sugg = micic__cc_vocab_suggest(&c->cc, v, value, &d);
    closed = micic_vocab_is_closed(v);
    if (closed) sev = micic_code_severity(MICIC_CODE_UNKNOWN_VALUE);
    else sev = sugg ? MICIC_SEVERITY_WARNING : MICIC_SEVERITY_INFO;
    if (closed)
        emit(c, MICIC_CODE_UNKNOWN_VALUE, sev, w, value, sugg,
             "'%s' is not a value of %s (closed vocabulary '%s')", value,
             micic_field_label(w->field), micic_vocab_name(v));
    else
        emit(c, MICIC_CODE_UNKNOWN_VALUE, sev, w, value, sugg,
             "'%s' is not a known value of %s (open vocabulary '%s')", value,
             micic_field_label(w->field), micic_vocab_name(v));
    return -1;
}

static void check_country(vctx *c, const where *w, const char *value, size_t len) {
    const micic_country *sugg;
    int d = -1;
    if (!len || disabled(c, MICIC_CODE_UNKNOWN_COUNTRY)) return;
    if (micic__cc_country(&c->cc, value, len, NULL)) return;
    sugg = micic__cc_country_suggest(&c->cc, value, &d);
    emit(c, MICIC_CODE_UNKNOWN_COUNTRY, micic_code_severity(MICIC_CODE_UNKNOWN_COUNTRY), w,
         value, sugg ? micic_country_name(sugg) : NULL,
         "'%s' is not an ISO 3166-1 country name or code, nor \"Global\"", value);
}

static void check_link(vctx *c, const where *w, const char *value, size_t len) {
    size_t n;
    const char *t = micic__trim(value, len, &n);
    char *fix;
    int nomem = 0;
    if (!n || disabled(c, MICIC_CODE_BAD_URL) || !url_attempt(t, n) || url_valid(t, n)) return;
    { /* a link followed by a note in parentheses: "http://x/y.pdf (pages 20 and 27)" */
        const char *sp = memchr(t, ' ', n);
        size_t un = sp ? (size_t)(sp - t) : n, rn;
        const char *rest = sp ? micic__trim(sp, n - un, &rn) : NULL;
        if (rest && rn >= 2 && rest[0] == '(' && rest[rn - 1] == ')' && url_valid(t, un)) return;
    }
    fix = url_repair(t, n, &nomem);
    if (nomem) {
        if (!c->rc) c->rc = MICIC_ENOMEM;
        return;
    }
    emit(c, MICIC_CODE_BAD_URL, micic_code_severity(MICIC_CODE_BAD_URL), w, value, fix,
         "'%s' looks like a URL but is not a valid http, https or ftp URL", value);
    micic__free(fix);
}

int micic__guideline_has_title(const char *s) {
    const char *p = s;
    size_t i;
    for (; *p; p++)
        if (micic__strncasecmp(p, "guideline", 9) == 0) break;
    if (!*p) return 0;
    p += 9;
    while (*p == ' ' || *p == '#') p++;
    while (is_digit((unsigned char)*p)) p++;
    for (i = 0; p[i]; i++)
        if (is_alpha((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80) return 1;
    return 0;
}

static void heading_of(int number, const vctx *c, char *buf, size_t cap) {
    snprintf(buf, cap, "GUIDELINE %d: %s", number, c->cc.titles[number]);
}

/* Title/number check of a heading text (the original of a guideline value). */
/* 1 when text is exactly "GUIDELINE N: <title or known variant of N>"
 * (any case for the word, ':' '.' '-' or spaces after N): the common,
 * well-formed heading, recognized without folding. */
static int heading_exact(const vctx *c, const char *text, int number) {
    const char *p = text;
    int n = 0, digits = 0;
    size_t k;
    if (micic__strncasecmp(p, "guideline", 9) != 0) return 0;
    p += 9;
    while (*p == ' ') p++;
    while (*p >= '0' && *p <= '9' && digits < 3) {
        n = n * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || n != number || n < 1 || n > 15) return 0;
    if (*p != ':' && *p != '.' && *p != ' ' && *p != '-') return 0;
    while (*p == ':' || *p == '.' || *p == ' ' || *p == '-') p++;
    if (strcmp(p, c->cc.titles[n]) == 0) return 1;
    for (k = 0; k < MICIC__MAX_VARIANTS && c->cc.variants[n][k]; k++)
        if (strcmp(p, c->cc.variants[n][k]) == 0) return 1;
    return 0;
}

/* A heading "GUIDELINE N: title" is a mismatch only when its title is
 * closer to another guideline's title than to guideline N's (word level:
 * articles, "and"/"&", plurals, a typo, a title cut off after half of its
 * words or wrapped onto the next line all still match their own). */
static void check_heading(vctx *c, const where *w, const char *text, int canonical) {
    int pn = 0, scores[16], other, os;
    char sugg[300];
    if (disabled(c, MICIC_CODE_TITLE_MISMATCH)) return;
    if (canonical && heading_exact(c, text, canonical)) return;
    if (micic__title_scores(text, scores, &pn) != MICIC_OK) return;
    if (!pn) pn = canonical;
    if (pn < 1 || pn > 15) return;
    other = micic__title_best(scores, pn, &os);
    if (!other || os <= scores[pn] || os < MICIC__TITLE_CLOSE) return;
    heading_of(pn, c, sugg, sizeof sugg);
    emit(c, MICIC_CODE_TITLE_MISMATCH, micic_code_severity(MICIC_CODE_TITLE_MISMATCH), w, text,
         sugg,
         "guideline number %d does not match the title, which is closer to the title of "
         "guideline %d ('%s')",
         pn, other, c->cc.titles[other]);
}

/* Checks one guideline value; returns its number (1..15) or 0. */
static int check_guideline(vctx *c, const where *w, const char *value, const char *original) {
    int num = micic__guideline_digits(value);
    if (!*value) return 0;
    if (num >= 0) {
        if (num < 1 || num > 15) {
            if (!disabled(c, MICIC_CODE_GUIDELINE_RANGE))
                emit(c, MICIC_CODE_GUIDELINE_RANGE,
                     micic_code_severity(MICIC_CODE_GUIDELINE_RANGE), w, value, NULL,
                     "guideline number %d is outside 1-15", num);
            return 0;
        }
        if (original && strcmp(original, value) != 0 && micic__guideline_digits(original) < 0)
            check_heading(c, w, original, num);
        return num;
    } else {
        int pn = 0, tn = 0;
        micic__cc_title_match(&c->cc, value, &pn, &tn);
        if (pn && tn && pn != tn) {
            check_heading(c, w, value, 0);
            return 0;
        }
        if (tn || pn) {
            int g = tn ? tn : pn;
            char sugg[16];
            snprintf(sugg, sizeof sugg, "%d", g);
            if (pn && !tn && micic__guideline_has_title(value)) check_heading(c, w, value, 0);
            if (!disabled(c, MICIC_CODE_UNKNOWN_VALUE))
                emit(c, MICIC_CODE_UNKNOWN_VALUE, MICIC_SEVERITY_WARNING, w, value, sugg,
                     "guideline given as text instead of its number; it is guideline %d", g);
            return g;
        }
        if (!disabled(c, MICIC_CODE_GUIDELINE_RANGE))
            emit(c, MICIC_CODE_GUIDELINE_RANGE, micic_code_severity(MICIC_CODE_GUIDELINE_RANGE),
                 w, value, NULL, "'%s' is not a guideline number (1-15) nor a guideline title",
                 value);
        return 0;
    }
}

static size_t popcount16(unsigned m) {
    size_t n = 0;
    for (; m; m &= m - 1) n++;
    return n;
}

static void list_guidelines(unsigned mask, char *buf, size_t cap) {
    int g;
    size_t len = 0;
    buf[0] = '\0';
    for (g = 1; g <= 15; g++) {
        if (!(mask & (1u << g))) continue;
        len += (size_t)snprintf(buf + len, cap > len ? cap - len : 0, "%s%d", len ? ", " : "", g);
        if (len >= cap) break;
    }
}

/* ------------------------------------------------------------------ */
/* Record checks                                                        */
/* ------------------------------------------------------------------ */

static int has_value(const micic_practice *p, micic_field f) {
    size_t i, n = micic_practice_count(p, f);
    for (i = 0; i < n; i++) {
        const char *v = micic_practice_value(p, f, i);
        size_t len;
        micic__trim(v, strlen(v), &len);
        if (len) return 1;
    }
    return 0;
}

static int is_recommended(const micic_practice *p) {
    return strcmp(micic_practice_first(p, MICIC_FIELD_KIND), MICIC_KIND_RECOMMENDED) == 0;
}

static void check_required(vctx *c, const micic_practice *p, long index, int recommended) {
    /* the required set depends on the kind (see MICIC_REQUIRED_RECOMMENDED_DEFAULT) */
    unsigned req = recommended ? c->o->required_recommended : c->o->required;
    int f;
    if (disabled(c, MICIC_CODE_MISSING_FIELD)) return;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        where w;
        int present;
        if (!(req & MICIC_FIELD_BIT(f))) continue;
        if (f == MICIC_FIELD_GUIDELINE)
            present = has_value(p, MICIC_FIELD_GUIDELINE) || has_value(p, MICIC_FIELD_THEME);
        else
            present = has_value(p, (micic_field)f);
        if (present) continue;
        w.p = p;
        w.index = index;
        w.field = (micic_field)f;
        w.label = NULL;
        w.i = (size_t)-1;
        if (f == MICIC_FIELD_GUIDELINE)
            emit(c, MICIC_CODE_MISSING_FIELD, micic_code_severity(MICIC_CODE_MISSING_FIELD), &w,
                 "", NULL, "required field '%s' (or '%s') is missing or empty",
                 micic_field_label(MICIC_FIELD_GUIDELINE), micic_field_label(MICIC_FIELD_THEME));
        else
            emit(c, MICIC_CODE_MISSING_FIELD, micic_code_severity(MICIC_CODE_MISSING_FIELD), &w,
                 "", NULL, "required field '%s' is missing or empty",
                 micic_field_label((micic_field)f));
    }
}

/* Encoding, control characters and length of one value; 0 when the value
 * is not valid UTF-8 (then no other check looks at it). */
static int check_text(vctx *c, const where *w, const char *value, size_t len, size_t *chars) {
    text_info t;
    scan_text(value, len, &t);
    if (chars) *chars = t.chars;
    if (!t.valid) {
        if (!disabled(c, MICIC_CODE_INVALID_UTF8)) {
            char *shown = replace_invalid(value);
            if (!shown) {
                if (!c->rc) c->rc = MICIC_ENOMEM;
                return 0;
            }
            emit(c, MICIC_CODE_INVALID_UTF8, micic_code_severity(MICIC_CODE_INVALID_UTF8), w,
                 shown, NULL, "the value is not valid UTF-8 (invalid bytes are shown as U+FFFD)");
            micic__free(shown);
        }
        return 0;
    }
    if (t.has_control && !disabled(c, MICIC_CODE_CONTROL_CHAR)) {
        char *fix = strip_controls(value);
        if (!fix) {
            if (!c->rc) c->rc = MICIC_ENOMEM;
            return 1;
        }
        emit(c, MICIC_CODE_CONTROL_CHAR, micic_code_severity(MICIC_CODE_CONTROL_CHAR), w, value,
             fix, "the value contains the control character U+%04X", t.control);
        micic__free(fix);
    }
    if (c->o->max_field_chars && t.chars > c->o->max_field_chars &&
        !disabled(c, MICIC_CODE_FIELD_TOO_LONG))
        emit(c, MICIC_CODE_FIELD_TOO_LONG, micic_code_severity(MICIC_CODE_FIELD_TOO_LONG), w,
             value, NULL, "the value has %zu characters (maximum %zu)", t.chars,
             c->o->max_field_chars);
    return 1;
}

static int ensure_shingles(vctx *c) {
    if (c->shingles_ready == 0) {
        if (micic__shingles_build(&c->shingles) == MICIC_OK) {
            c->shingles_ready = 1;
        } else {
            c->shingles_ready = -1;
            if (!c->rc) c->rc = MICIC_ENOMEM;
        }
    }
    return c->shingles_ready == 1;
}

static void check_description(vctx *c, const where *w, const char *value, size_t n,
                              size_t chars, int recommended, micic__desc_sig *sig,
                              int *have_sig) {
    /* Recommended practices come from the guideline documents, which quote
       the Guidelines and their Sample Practices by design (seed 000's
       records are the Sample Practices): only reported practices, whose
       description must be their own, are checked for guideline text. */
    int want_text = !disabled(c, MICIC_CODE_GUIDELINE_TEXT) && !recommended;
    if (!n) return;
    if (chars < c->o->min_description && !disabled(c, MICIC_CODE_SHORT_DESCRIPTION))
        emit(c, MICIC_CODE_SHORT_DESCRIPTION, micic_code_severity(MICIC_CODE_SHORT_DESCRIPTION),
             w, value, NULL, "the description has %zu characters (minimum %zu)", chars,
             c->o->min_description);
    if (!want_text && !c->dedup) return;
    if (want_text && !ensure_shingles(c)) want_text = 0;
    micic__desc_scan(value, n, want_text ? &c->shingles : NULL, c->dedup, sig);
    *have_sig = 1;
    if (sig->gl_number) {
        char run[VALUE_MAX + 8];
        size_t len = sig->gl_end - sig->gl_start;
        if (len > VALUE_MAX) len = VALUE_MAX;
        while (len > 0 && ((unsigned char)value[sig->gl_start + len] & 0xC0) == 0x80) len--;
        memcpy(run, value + sig->gl_start, len);
        run[len] = '\0';
        emit(c, MICIC_CODE_GUIDELINE_TEXT, micic_code_severity(MICIC_CODE_GUIDELINE_TEXT), w,
             run, NULL,
             "the description contains at least %d consecutive words copied from the text of "
             "guideline %d",
             MICIC__SHINGLE_WORDS, sig->gl_number);
    }
}

/* Values whose resolution is remembered for the cross-field checks. */
#define KEEP 32

/* All checks of one record. *have_sig is set when sig was filled. */
static void check_record(vctx *c, const micic_practice *p, long index, micic__desc_sig *sig,
                         int *have_sig) {
    unsigned gmask = 0;
    size_t i, n;
    int f, recommended = is_recommended(p);
    int theme_g[KEEP];    /* guideline of theme value i (0 unknown) */
    int phase_of[KEEP];   /* micic_phase of phase value i */
    where w;
    *have_sig = 0;
    w.p = p;
    w.index = index;
    w.label = NULL;
    check_required(c, p, index, recommended);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        micic_vocab v = MICIC_VOCAB_TYPE;
        int has_vocab = field_vocab((micic_field)f, &v);
        n = micic_practice_count(p, (micic_field)f);
        w.field = (micic_field)f;
        for (i = 0; i < n; i++) {
            const char *value = micic_practice_value(p, (micic_field)f, i);
            size_t chars = 0, len = strlen(value);
            int idx;
            w.i = i;
            if (!check_text(c, &w, value, len, &chars)) {
                if (i < KEEP && f == MICIC_FIELD_THEME) theme_g[i] = 0;
                if (i < KEEP && f == MICIC_FIELD_PHASE) phase_of[i] = MICIC_PHASE_NONE;
                continue;
            }
            if (has_vocab) {
                idx = check_vocab(c, &w, v, value, len);
                if (i < KEEP && f == MICIC_FIELD_THEME)
                    theme_g[i] = idx >= 0 && c->cc.theme_by_index ? idx + 1
                                                                  : micic__cc_theme(&c->cc, value);
                if (i < KEEP && f == MICIC_FIELD_PHASE)
                    phase_of[i] = idx >= 0 && c->cc.phase_by_index ? idx + 1
                                                                   : (int)micic__cc_phase(&c->cc, value);
            } else if (f == MICIC_FIELD_COUNTRY) {
                check_country(c, &w, value, len);
            } else if (f == MICIC_FIELD_LINK) {
                check_link(c, &w, value, len);
            } else if (f == MICIC_FIELD_GUIDELINE) {
                const char *orig = micic_practice_original(p, (micic_field)f, i);
                int g = check_guideline(c, &w, value, orig);
                if (g >= 1 && g <= 15) gmask |= 1u << g;
            } else if (f == MICIC_FIELD_DESCRIPTION) {
                check_description(c, &w, value, len, chars, recommended, sig, have_sig);
            }
        }
    }
    /* extras: encoding, control characters, length */
    n = micic_practice_extra_count(p);
    w.field = MICIC_FIELD_COUNT;
    w.i = (size_t)-1;
    for (i = 0; i < n; i++) {
        const char *value = micic_practice_extra_value(p, i);
        w.label = micic_practice_extra_label(p, i);
        check_text(c, &w, value, strlen(value), NULL);
    }
    w.label = NULL;
    if (!gmask) return;
    /* thematic areas against the guidelines */
    if (!disabled(c, MICIC_CODE_THEME_MISMATCH)) {
        unsigned tmask = 0, missing;
        n = micic_practice_count(p, MICIC_FIELD_THEME);
        for (i = 0; i < n; i++) {
            int g = i < KEEP ? theme_g[i]
                             : micic__cc_theme(&c->cc, micic_practice_value(p, MICIC_FIELD_THEME, i));
            if (g) tmask |= 1u << g;
        }
        missing = gmask & ~tmask;
        w.field = MICIC_FIELD_THEME;
        for (i = 0; i < n; i++) {
            const char *value = micic_practice_value(p, MICIC_FIELD_THEME, i);
            int g = i < KEEP ? theme_g[i] : micic__cc_theme(&c->cc, value);
            char list[64];
            const char *sugg = NULL;
            if (!g || (gmask & (1u << g))) continue;
            if (popcount16(missing) == 1) {
                int k;
                for (k = 1; k <= 15; k++)
                    if (missing & (1u << k)) sugg = c->cc.themes[k];
            }
            list_guidelines(gmask, list, sizeof list);
            w.i = i;
            emit(c, MICIC_CODE_THEME_MISMATCH, micic_code_severity(MICIC_CODE_THEME_MISMATCH),
                 &w, value, sugg,
                 "thematic area '%s' belongs to guideline %d, which is not among the record's "
                 "guidelines (%s)",
                 value, g, list);
        }
    }
    /* crisis phases against the guidelines */
    if (!disabled(c, MICIC_CODE_PHASE_MISMATCH)) {
        unsigned pmask = 0;
        int g;
        for (g = 1; g <= 15; g++)
            if (gmask & (1u << g)) pmask |= 1u << c->cc.phases[g];
        n = micic_practice_count(p, MICIC_FIELD_PHASE);
        w.field = MICIC_FIELD_PHASE;
        for (i = 0; i < n; i++) {
            const char *value = micic_practice_value(p, MICIC_FIELD_PHASE, i);
            int ph = i < KEEP ? phase_of[i] : (int)micic__cc_phase(&c->cc, value);
            const char *sugg = NULL;
            char list[64];
            if (ph == MICIC_PHASE_NONE || (pmask & (1u << ph))) continue;
            if (popcount16(pmask) == 1) {
                int k;
                for (k = 1; k <= 3; k++)
                    if (pmask & (1u << k)) sugg = micic_phase_label((micic_phase)k);
            }
            list_guidelines(gmask, list, sizeof list);
            w.i = i;
            emit(c, MICIC_CODE_PHASE_MISMATCH, micic_code_severity(MICIC_CODE_PHASE_MISMATCH),
                 &w, value, sugg,
                 "crisis phase '%s' is not the phase of any of the record's guidelines (%s)",
                 value, list);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Duplicates                                                           */
/* ------------------------------------------------------------------ */

static void report_duplicates(vctx *c, const micic_corpus *corpus, const micic_practice *p,
                              long index, const micic__dup_result *r) {
    where w;
    w.p = p;
    w.index = index;
    w.label = NULL;
    w.i = 0;
    if (r->title_kind == MICIC__DUP_TITLE_STAKEHOLDER) {
        const micic_practice *o = micic_corpus_get(corpus, (size_t)r->title_of);
        w.field = MICIC_FIELD_TITLE;
        emit(c, MICIC_CODE_DUPLICATE_RECORD, micic_code_severity(MICIC_CODE_DUPLICATE_RECORD),
             &w, micic_practice_first(p, MICIC_FIELD_TITLE), NULL,
             "same title and stakeholders as record %ld ('%s')", r->title_of,
             micic_practice_id(o));
    }
    if (r->desc_kind != MICIC__DUP_NONE) {
        const micic_practice *o = micic_corpus_get(corpus, (size_t)r->desc_of);
        w.field = MICIC_FIELD_DESCRIPTION;
        if (r->desc_kind == MICIC__DUP_EXACT_DESCRIPTION)
            emit(c, MICIC_CODE_DUPLICATE_RECORD,
                 micic_code_severity(MICIC_CODE_DUPLICATE_RECORD), &w,
                 micic_practice_first(p, MICIC_FIELD_DESCRIPTION), NULL,
                 "same description as record %ld ('%s')", r->desc_of, micic_practice_id(o));
        else
            emit(c, MICIC_CODE_DUPLICATE_RECORD,
                 micic_code_severity(MICIC_CODE_DUPLICATE_RECORD), &w,
                 micic_practice_first(p, MICIC_FIELD_DESCRIPTION), NULL,
                 "description nearly identical to that of record %ld ('%s'): word similarity "
                 "%.2f",
                 r->desc_of, micic_practice_id(o), r->similarity);
    }
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */
/* ------------------------------------------------------------------ */

static void ctx_init(vctx *c, const micic_validate_options *o, micic_report *report) {
    int i;
    memset(c, 0, sizeof *c);
    c->o = o;
    c->report = report;
    for (i = 0; i < CODE_SLOTS; i++) c->severity[i] = -1;
    for (i = 0; i < MICIC_MAX_OVERRIDES; i++) {
        int k = code_slot(o->disabled[i]);
        if (o->disabled[i] && k >= 0) c->disabled_mask |= (uint64_t)1 << k;
    }
    for (i = 0; i < MICIC_MAX_OVERRIDES; i++) { /* later entries win */
        int k = code_slot(o->override_code[i]);
        if (o->override_code[i] && k >= 0) c->severity[k] = (signed char)o->override_severity[i];
    }
    micic__cc_init(&c->cc);
}

/* Append the "limit-exceeded" summary when the cap was hit. */
static void ctx_finish(vctx *c) {
    if (c->suppressed && !c->rc) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "%zu more diagnostics were not reported (max_diagnostics = %zu)", c->suppressed,
                 c->o->max_diagnostics);
        if (micic_report_add(c->report, MICIC_CODE_LIMIT, c->suppressed_max, -1, NULL, NULL,
                             NULL, 0, 0, "", msg, NULL) != MICIC_OK)
            c->rc = MICIC_ENOMEM;
    }
    micic__cc_free(&c->cc);
    if (c->shingles_ready == 1) micic__shingles_free(&c->shingles);
}

int micic_validate_practice(const micic_practice *p, long index,
                            const micic_validate_options *opts, micic_report *report,
                            micic_error *err) {
    micic_validate_options defaults;
    micic__desc_sig sig;
    vctx *c;
    int have_sig, rc;
    if (!p || !report) return micic__error(err, MICIC_EINVAL, "practice and report are required");
    if (!opts) {
        micic_validate_options_init(&defaults);
        opts = &defaults;
    }
    if ((rc = check_options(opts, err)) != MICIC_OK) return rc;
    c = micic__malloc(sizeof *c); /* ~45 KB of tables: not on the stack */
    if (!c) return micic__error(err, MICIC_ENOMEM, NULL);
    ctx_init(c, opts, report);
    check_record(c, p, index, &sig, &have_sig);
    ctx_finish(c);
    rc = c->rc;
    micic__free(c);
    if (rc) return micic__error(err, rc, NULL);
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_validate(const micic_corpus *corpus, const micic_validate_options *opts,
                   micic_report **report_out, micic_error *err) {
    return micic_validate_with_progress(corpus, opts, NULL, NULL, report_out, err);
}

/* Records between two progress calls. */
#define PROGRESS_EVERY 1024

int micic_validate_with_progress(const micic_corpus *corpus, const micic_validate_options *opts,
                                 micic_progress_cb progress, void *payload,
                                 micic_report **report_out, micic_error *err) {
    micic_validate_options defaults;
    micic__dedup *dd = NULL;
    micic_report *report;
    vctx *c;
    size_t i, n;
    int rc;
    if (report_out) *report_out = NULL;
    if (!corpus || !report_out)
        return micic__error(err, MICIC_EINVAL, "corpus and report_out are required");
    if (!opts) {
        micic_validate_options_init(&defaults);
        opts = &defaults;
    }
    if ((rc = check_options(opts, err)) != MICIC_OK) return rc;
    report = micic_report_new();
    c = micic__malloc(sizeof *c); /* ~45 KB of tables: not on the stack */
    if (!report || !c) {
        micic_report_free(report);
        micic__free(c);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    ctx_init(c, opts, report);
    n = micic_corpus_size(corpus);
    if (n > 1 && !disabled(c, MICIC_CODE_DUPLICATE_RECORD)) {
        dd = micic__dedup_new(corpus, opts->duplicate_threshold);
        if (!dd) c->rc = MICIC_ENOMEM;
        else c->dedup = 1;
    }
    for (i = 0; i < n && !c->rc; i++) {
        const micic_practice *p = micic_corpus_get(corpus, i);
        micic__desc_sig sig;
        int have_sig;
        check_record(c, p, (long)i, &sig, &have_sig);
        if (dd) {
            micic__dup_result r;
            if (micic__dedup_add(dd, (long)i, have_sig ? &sig : NULL, &r) != MICIC_OK) {
                c->rc = MICIC_ENOMEM;
                break;
            }
            report_duplicates(c, corpus, p, (long)i, &r);
        }
        if (progress && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n) &&
            progress(i + 1, n, payload) != 0) {
            c->rc = MICIC_ECANCELLED;
            break;
        }
    }
    micic__dedup_free(dd);
    ctx_finish(c);
    rc = c->rc;
    micic__free(c);
    if (rc) {
        micic_report_free(report);
        if (rc == MICIC_ECANCELLED)
            return micic__error(err, rc, "validation cancelled by the progress callback");
        return micic__error(err, rc, NULL);
    }
    *report_out = report;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_validate_ok(const micic_report *report, int strict) {
    if (!report) return 0;
    if (micic_report_count(report, MICIC_SEVERITY_ERROR)) return 0;
    if (strict && micic_report_count(report, MICIC_SEVERITY_WARNING)) return 0;
    return 1;
}
