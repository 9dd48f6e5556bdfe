/* Helpers shared by the CSV, long CSV, JSON and JSON Lines readers and writers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "micic/practice.h"
#include "micic/report.h"

#define DEFAULT_MAX_FIELD ((size_t)1 << 20)   /* 1 MiB */
#define DEFAULT_MAX_RECORD ((size_t)16 << 20) /* 16 MiB */

/* ---- string map --------------------------------------------------- */

static size_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

size_t *micic__strmap_get(const micic__strmap *m, const char *key) {
    size_t mask, k;
    if (!m->nslots) return NULL;
    mask = m->nslots - 1;
    for (k = hash_str(key) & mask; m->keys[k]; k = (k + 1) & mask)
        if (strcmp(m->keys[k], key) == 0) return &m->values[k];
    return NULL;
}

static void strmap_place(char **keys, size_t *values, size_t nslots, char *key, size_t value) {
    size_t mask = nslots - 1, k;
    for (k = hash_str(key) & mask; keys[k]; k = (k + 1) & mask) {
    }
    keys[k] = key;
    values[k] = value;
}

int micic__strmap_put(micic__strmap *m, const char *key, size_t value, int *inserted) {
    char *copy;
    if (inserted) *inserted = 0;
    if (micic__strmap_get(m, key)) return MICIC_OK;
    if ((m->n + 1) * 2 > m->nslots) {
        size_t ns = m->nslots ? m->nslots * 2 : 16, i;
        char **keys = micic__calloc(ns, sizeof *keys);
        size_t *values = micic__calloc(ns, sizeof *values);
        if (!keys || !values) {
            micic__free(keys);
            micic__free(values);
            return MICIC_ENOMEM;
        }
        for (i = 0; i < m->nslots; i++)
            if (m->keys[i]) strmap_place(keys, values, ns, m->keys[i], m->values[i]);
        micic__free(m->keys);
        micic__free(m->values);
        m->keys = keys;
        m->values = values;
        m->nslots = ns;
    }
    copy = micic__strdup(key);
    if (!copy) return MICIC_ENOMEM;
    strmap_place(m->keys, m->values, m->nslots, copy, value);
    m->n++;
    if (inserted) *inserted = 1;
    return MICIC_OK;
}

void micic__strmap_free(micic__strmap *m) {
    size_t i;
    for (i = 0; i < m->nslots; i++) micic__free(m->keys[i]);
    micic__free(m->keys);
    micic__free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->nslots = m->n = 0;
}

/* ---- UTF-8 -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), 0 when invalid or NUL. */
static size_t valid_seq(const unsigned char *s, size_t n) {
    size_t k;
    unsigned c = s[0];
    if (c == 0) return 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) k = 2;
    else if (c >= 0xE0 && c <= 0xEF) k = 3;
    else if (c >= 0xF0 && c <= 0xF4) k = 4;
    else return 0;
    if (k > n || !micic__utf8_valid((const char *)s, k)) return 0;
    return k;
}

size_t micic__utf8_scan(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < n) {
        size_t k;
        while (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, u + i, 8);
            /* any byte >= 0x80 or == 0 */
            if ((v | ((v - ones) & ~v)) & highs) break;
            i += 8;
        }
        if (i >= n) break;
        if (!(k = valid_seq(u + i, n - i))) return i;
        i += k;
    }
    return n;
}

size_t micic__utf8_sanitize(const char *s, size_t n, micic_buf *out) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0, bad = 0;
    while (i < n) {
        size_t k = valid_seq(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        if (micic_buf_append(out, s + run, i - run) != MICIC_OK ||
            micic_buf_append(out, "\xEF\xBF\xBD", 3) != MICIC_OK)
            return (size_t)-1;
        bad++;
        i++;
        run = i;
    }
    if (micic_buf_append(out, s + run, n - run) != MICIC_OK) return (size_t)-1;
    return bad;
}

size_t micic__utf8_cut(const char *s, size_t n, size_t max) {
    size_t k;
    if (n <= max) return n;
    k = max;
    /* back up over continuation bytes to the start of a sequence */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && max - k < 3) k--;
    return k;
}

/* ---- reading context ---------------------------------------------- */

int micic__rd_init(micic__rd *rd, const char *source, const micic_read_options *opts,
                   micic_report *report, micic_corpus *corpus, micic_record_cb cb,
                   void *payload, micic_error *err) {
    memset(rd, 0, sizeof *rd);
    if (opts && opts->version != MICIC_READ_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "read options version %d is not supported",
                            opts->version);
    if (!corpus && !cb) return micic__error(err, MICIC_EINVAL, "no corpus and no callback");
    rd->source = source ? source : "<buffer>";
    rd->report = report;
    rd->corpus = corpus;
    rd->cb = cb;
    rd->payload = payload;
    rd->max_field = (opts && opts->max_field_bytes) ? opts->max_field_bytes : DEFAULT_MAX_FIELD;
    rd->max_record =
        (opts && opts->max_record_bytes) ? opts->max_record_bytes : DEFAULT_MAX_RECORD;
    rd->progress = opts ? opts->progress : NULL;
    rd->progress_payload = opts ? opts->progress_payload : NULL;
    rd->err = err;
    micic_error_clear(err);
    return MICIC_OK;
}

void micic__rd_finish(micic__rd *rd) {
    micic__report_note_records(rd->report, rd->accepted, rd->rejected);
    micic__strmap_free(&rd->unknown);
}

int micic__rd_accept(micic__rd *rd, micic_practice *p) {
    int rc;
    rd->accepted++;
    if (rd->corpus) return micic_corpus_add(rd->corpus, p, rd->err);
    rc = rd->cb(p, rd->payload);
    micic_practice_free(p);
    if (rc) return micic__error(rd->err, MICIC_ECANCELLED, "the record callback stopped reading");
    return MICIC_OK;
}

void micic__rd_reject(micic__rd *rd) { rd->rejected++; }

int micic__rd_diag(micic__rd *rd, int code, long index, const char *id, const char *field,
                   int line, int column, const char *value, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    int rc;
    if (!rd->report) return MICIC_OK;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rc = micic_report_add(rd->report, code, micic_code_severity(code), index, id, field,
                          rd->source, line, column, value, msg, NULL);
    if (rc == MICIC_ENOMEM) return micic__error(rd->err, MICIC_ENOMEM, NULL);
    return MICIC_OK;
}

int micic__rd_unknown_label(micic__rd *rd, const char *label, int line, int column) {
    int inserted;
    if (!rd->report) return MICIC_OK;
    if (micic__strmap_put(&rd->unknown, label, 0, &inserted) != MICIC_OK)
        return micic__error(rd->err, MICIC_ENOMEM, NULL);
    if (!inserted) return MICIC_OK;
    return micic__rd_diag(rd, MICIC_CODE_UNKNOWN_LABEL, -1, NULL, label, line, column, label,
                          "unknown field '%s' kept as an extra field", label);
}

/* Copy s[0..n) into scratch, cut to the field limit (reported). */
static const char *limited(micic__rd *rd, const char *s, size_t n, const char *field, int line,
                           int column, long index, micic_buf *scratch, int *rc) {
    size_t keep = micic__utf8_cut(s, n, rd->max_field);
    *rc = MICIC_OK;
    if (keep < n) {
        *rc = micic__rd_diag(rd, MICIC_CODE_LIMIT, index, NULL, field, line, column, NULL,
                             "value of %zu bytes cut to the limit of %zu bytes", n,
                             rd->max_field);
        if (*rc != MICIC_OK) return NULL;
    }
    micic_buf_clear(scratch);
    if (micic_buf_append(scratch, s, keep) != MICIC_OK) {
        *rc = micic__error(rd->err, MICIC_ENOMEM, NULL);
        return NULL;
    }
    return scratch->data;
}

/* 1 when s[0..n) is empty or only white space (cheap for ordinary text). */
static int blank(const char *s, size_t n) {
    unsigned char a, z;
    size_t tlen;
    if (n == 0) return 1;
    a = (unsigned char)s[0];
    z = (unsigned char)s[n - 1];
    if (a > ' ' && a < 0x80 && z > ' ' && z < 0x80) return 0;
    micic__trim(s, n, &tlen);
    return tlen == 0;
}

int micic__rd_add_value(micic__rd *rd, micic_practice *p, micic_field f, const char *s,
                        size_t n, const char *original, int line, int column, long index,
                        micic_buf *scratch) {
    int rc;
    const char *v;
    if (!original && blank(s, n)) return MICIC_OK; /* only white space: no value */
    if (n <= rd->max_field && s[n] == '\0') {
        v = s; /* NUL-terminated already and within the limit: no copy */
    } else {
        v = limited(rd, s, n, micic_field_name(f), line, column, index, scratch, &rc);
        if (!v) return rc;
    }
    /* value NULL: the model canonicalizes sure matches and keeps v as the
     * original; with a restored original the value is taken as written */
    if (original) {
        /* a restored original obeys the same limit as the value */
        micic_buf ob = MICIC_BUF_INIT;
        size_t on = strlen(original);
        if (on > rd->max_field) {
            size_t keep = micic__utf8_cut(original, on, rd->max_field);
            rc = micic__rd_diag(rd, MICIC_CODE_LIMIT, index, NULL, micic_field_name(f), line,
                                column, NULL, "original of %zu bytes cut to the limit of %zu bytes",
                                on, rd->max_field);
            if (rc != MICIC_OK) return rc;
            if (micic_buf_append(&ob, original, keep) != MICIC_OK) {
                micic_buf_free(&ob);
                return micic__error(rd->err, MICIC_ENOMEM, NULL);
            }
            original = ob.data;
        }
        rc = micic_practice_add(p, f, original, v, rd->source, line, column, NULL);
        micic_buf_free(&ob);
    } else {
        rc = micic_practice_add(p, f, v, NULL, rd->source, line, column, NULL);
    }
    return rc == MICIC_ENOMEM ? micic__error(rd->err, rc, NULL) : MICIC_OK;
}

int micic__rd_add_extra(micic__rd *rd, micic_practice *p, const char *label, const char *s,
                        size_t n, int line, int column, long index, micic_buf *scratch) {
    int rc;
    const char *v = limited(rd, s, n, label, line, column, index, scratch, &rc);
    if (!v) return rc;
    rc = micic_practice_add_extra(p, label, v, NULL);
    return rc == MICIC_ENOMEM ? micic__error(rd->err, rc, NULL) : MICIC_OK;
}

int micic__rd_progress(micic__rd *rd, size_t done, size_t total) {
    if (rd->progress && rd->progress(done, total, rd->progress_payload))
        return micic__error(rd->err, MICIC_ECANCELLED, "the progress callback stopped reading");
    return MICIC_OK;
}

int micic__field_lookup(const char *name, micic_field *out) {
    int f;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        const char *fname = micic_field_name((micic_field)f);
        /* first byte first: most keys differ there (called per JSON key) */
        if (name[0] == fname[0] && strcmp(name, fname) == 0) {
            *out = (micic_field)f;
            return MICIC_OK;
        }
    }
    return micic_field_from_name(name, out);
}

/* ---- writing ------------------------------------------------------ */

int micic__write_all(FILE *out, const char *data, size_t len, micic_error *err) {
    if (len && fwrite(data, 1, len, out) != len)
        return micic__error(err, MICIC_EIO, "write failed");
    return MICIC_OK;
}
