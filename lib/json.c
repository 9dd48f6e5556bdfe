/*
 * JSON and JSON Lines readers and writers, built on jansson. The formats
 * and data/practice.schema.json are documented in docs/formats.md.
 *
 * Reading JSON: the document is a sequence of top-level values (normally
 * one): an array of record objects, or a record object. Arrays are walked
 * element by element (jansson's JSON_DISABLE_EOF_CHECK decodes one element
 * and reports how many bytes it used), so only one element's tree is alive
 * at a time, every record gets the line:column where its object starts,
 * and a syntax error rejects one record: when the damaged element is an
 * object whose closing brace can still be found (braces counted outside
 * strings) and a ',' or ']' follows it, reading goes on after it; otherwise
 * (an unclosed string or brace, a damaged element right after a skipped
 * one, an error between elements) the records before the error are kept
 * and reading of the document stops there. A JSON file is read in place
 * (micic__json_doc on the mapped file, io.c): its bytes are checked and then
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
 * Wrong JSON types ("country": 5) give "json-type" with the record index and
 * the field; the record is kept without that value.
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
} jctx;

static void jctx_free(jctx *j) {
    micic_buf_free(&j->scratch);
    micic_buf_free(&j->text);
    micic_buf_free(&j->orig);
    micic_buf_free(&j->clean);
}

/* Where the record being converted is. */
typedef struct recpos {
    long index;
    int line;
    int col;
    const char *id; /* id given in the object, or NULL */
} recpos;

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

/* Text of a string or accepted number into j->text (NUL bytes -> U+FFFD).
 * Returns 1 with the text, 0 when v has the wrong type, <0 on failure. */
static int value_text(jctx *j, const recpos *rp, const char *field, const json_t *v,
                      int numbers_ok, const char **s, size_t *n) {
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
    } else if (numbers_ok && json_is_integer(v)) {
        micic_buf_printf(&j->text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (numbers_ok && json_is_real(v) && json_real_value(v) >= -1e15 &&
               json_real_value(v) <= 1e15 &&
               (double)(long long)json_real_value(v) == json_real_value(v)) {
        micic_buf_printf(&j->text, "%lld", (long long)json_real_value(v));
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
                     const json_t *v, const json_t *orig, const recpos *rp) {
    int single = micic_field_is_single(f);
    int numbers_ok = f == MICIC_FIELD_GUIDELINE || f == MICIC_FIELD_ID;
    const char *s;
    size_t n, i, before = micic_practice_count(p, f);
    int r;
    if (json_is_null(v)) return MICIC_OK;
    if (!json_is_array(v)) {
        r = value_text(j, rp, key, v, numbers_ok, &s, &n);
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
        if (json_is_null(e)) continue;
        if (single && micic_practice_count(p, f) > before) {
            return micic__rd_diag(j->rd, MICIC_CODE_JSON_TYPE, rp->index, rp->id, key,
                                  rp->line, rp->col, "array",
                                  "'%s' holds one value but the array has %zu; only the "
                                  "first was kept",
                                  key, json_array_size(v));
        }
        r = value_text(j, rp, key, e, numbers_ok, &s, &n);
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

/* An extra: a string or an array of strings under label. */
static int add_extra(jctx *j, micic_practice *p, const char *label, const json_t *v,
                     const recpos *rp) {
    size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
    for (i = 0; i < n; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        const char *s = NULL;
        size_t len = 0;
        int r;
        if (json_is_null(e)) continue;
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
    reserve_record(obj, p, fields);
    if (orig && !json_is_object(orig)) {
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
            rc = add_field(j, p, f, key, v,
                           orig ? json_object_get(orig, micic_field_name(f)) : NULL, rp);
            continue;
        }
        if (strcmp(key, "original") == 0) continue;
        if (strcmp(key, "extra") == 0) {
            const char *label;
            json_t *ev;
            if (json_is_null(v)) continue;
            if (!json_is_object(v)) {
                rc = type_diag(j, rp, "extra", v, "an object");
                continue;
            }
            json_object_foreach(v, label, ev) {
                if ((rc = add_extra(j, p, label, ev, rp)) != MICIC_OK) break;
            }
        } else if (micic__field_lookup(key, &f) == MICIC_OK) {
            rc = add_field(j, p, f, key, v,
                           orig ? json_object_get(orig, micic_field_name(f)) : NULL, rp);
        } else {
            rc = micic__rd_unknown_label(rd, key, rp->line, rp->col);
            if (rc == MICIC_OK) rc = add_extra(j, p, key, v, rp);
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
 * decoded). A value larger than max_record_bytes is rejected. */
static int take_record(jctx *j, json_t *v, int line, int col, size_t bytes) {
    recpos rp;
    micic_practice *p;
    int rc;
    rp.index = MICIC__RD_INDEX(j->rd);
    rp.line = line;
    rp.col = col;
    rp.id = NULL;
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
 * Where reading can go on after a damaged record object starting at pos:
 * just past its closing brace, found by counting braces and brackets outside
 * strings (escapes honoured), when a ',' or ']' follows it; 0 when there is
 * no such place (the damage is in the structure itself: an unclosed string
 * or brace, a truncated input).
 */
static size_t resume_after(const char *d, size_t pos, size_t n) {
    size_t i, depth = 0;
    int in_string = 0;
    if (pos >= n || d[pos] != '{') return 0;
    for (i = pos; i < n; i++) {
        char c = d[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            size_t k = i + 1;
            while (k < n && is_ws(d[k])) k++;
            return k < n && (d[k] == ',' || d[k] == ']') ? i + 1 : 0;
        }
    }
    return 0;
}

/* Decode one value at t->pos; NULL after reporting an error (one record
 * rejected). With @p resume, a damaged record object is skipped when
 * resume_after() finds its end: *resume is then that offset (else 0). */
static json_t *decode_at(jctx *j, tracker *t, size_t n, int *rc, size_t *resume) {
    json_error_t e;
    json_t *v = json_loadb(t->d + t->pos, n - t->pos, LOAD_FLAGS, &e);
    *rc = MICIC_OK;
    if (!v) {
        size_t at = resume ? resume_after(t->d, t->pos, n) : 0;
        if (resume) *resume = at;
        *rc = syntax_diag(j, &e, MICIC__RD_INDEX(j->rd), t->line, t->col,
                          at ? "record rejected; reading goes on after it"
                             : "record rejected and the rest of the document not read");
        micic__rd_reject(j->rd);
        return NULL;
    }
    /* on success jansson reports the bytes it used in e.position */
    track_to(t, t->pos + (size_t)e.position);
    return v;
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

/* Walk the elements of an array whose '[' is at t->pos. A damaged record
 * object is rejected and skipped (resume_after), unless the element before
 * it was skipped too (the skipping may have gone wrong: no guessing twice);
 * other syntax errors set *stop. */
static int read_array(jctx *j, tracker *t, size_t n, int *stop, size_t *next_progress) {
    const char *d = t->d;
    size_t pos = t->pos + 1;
    int rc, skipped = 0;
    for (;;) {
        json_t *v;
        int line, col;
        size_t resume = 0;
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
        line = clamp(t->line);
        col = clamp(t->col);
        if ((v = decode_at(j, t, n, &rc, skipped ? NULL : &resume))) {
            skipped = 0;
            rc = take_record(j, v, line, col, t->pos - pos);
            json_decref(v);
            if (rc != MICIC_OK) return rc;
        } else if (rc == MICIC_OK && resume) {
            skipped = 1;
            track_to(t, resume);
        } else {
            *stop = STOP;
            return rc;
        }
        pos = t->pos;
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
        track_to(t, pos);
        *stop = STOP;
        if (pos >= n)
            return micic__rd_diag(j->rd, MICIC_CODE_TRUNCATED, -1, NULL, NULL, clamp(t->line),
                                  clamp(t->col), NULL,
                                  "the input ends inside an array: ']' expected");
        rc = micic__rd_diag(j->rd, MICIC_CODE_JSON_SYNTAX, MICIC__RD_INDEX(j->rd), NULL, NULL,
                            clamp(t->line), clamp(t->col), NULL,
                            "',' or ']' expected: record rejected and the rest of the "
                            "document not read");
        micic__rd_reject(j->rd);
        return rc;
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
            int line = clamp(t.line), col = clamp(t.col);
            json_t *v = decode_at(&j, &t, n, &rc, NULL);
            if (!v) break;
            rc = take_record(&j, v, line, col, t.pos - pos);
            json_decref(v);
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
        rc = take_record(j, v, clamp(lineno), clamp(col), 0);
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
