/*
 * Diagnostics and reports: the code table, micic_report, and rendering
 * as compiler-style text, JSON (jansson; data/report.schema.json) and CSV
 * (libcsv quoting). See docs/report-json.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>
#include <utf8proc.h>

#include "internal.h"
#include "micic/report.h"

/* ------------------------------------------------------------------ */
/* Code table (one static const table, sorted by number)                */
/* ------------------------------------------------------------------ */

typedef struct code_info {
    int code;
    const char *name;
    micic_severity severity;
    const char *description;
} code_info;

static const code_info CODES[] = {
    {MICIC_CODE_INVALID_UTF8, "invalid-utf8", MICIC_SEVERITY_ERROR,
     "The input holds bytes that are not valid UTF-8."},
    {MICIC_CODE_NUL_BYTE, "nul-byte", MICIC_SEVERITY_ERROR,
     "The input holds a NUL byte, which text formats do not allow."},
    {MICIC_CODE_RAGGED_ROW, "ragged-row", MICIC_SEVERITY_WARNING,
     "A CSV row has a different number of fields than the header."},
    {MICIC_CODE_JSON_SYNTAX, "json-syntax", MICIC_SEVERITY_ERROR,
     "The input is not well-formed JSON."},
    {MICIC_CODE_JSON_TYPE, "json-type", MICIC_SEVERITY_WARNING,
     "A JSON value has the wrong type for its field."},
    {MICIC_CODE_UNKNOWN_LABEL, "unknown-label", MICIC_SEVERITY_WARNING,
     "A field label is not recognized; the value is kept as an extra field."},
    {MICIC_CODE_TRUNCATED, "truncated-input", MICIC_SEVERITY_ERROR,
     "The input ends in the middle of a record."},
    {MICIC_CODE_EMPTY_INPUT, "empty-input", MICIC_SEVERITY_ERROR,
     "No record was found in the input (empty, header only, or not a record format)."},
    {MICIC_CODE_CSV_SYNTAX, "csv-syntax", MICIC_SEVERITY_ERROR,
     "The input is not well-formed CSV."},
    {MICIC_CODE_RECORD_REJECTED, "record-rejected", MICIC_SEVERITY_ERROR,
     "A record could not be read and was left out."},
    {MICIC_CODE_DUPLICATE_ID, "duplicate-id", MICIC_SEVERITY_WARNING,
     "A record id was already used; the record was renamed to stay unique."},
    {MICIC_CODE_LIMIT, "limit-exceeded", MICIC_SEVERITY_ERROR,
     "A value or record exceeds a size limit and was cut or rejected."},
    {MICIC_CODE_LAYOUT, "layout-inferred", MICIC_SEVERITY_INFO,
     "The reader inferred part of a record from its layout (no heading said so)."},
    {MICIC_CODE_FILE_SKIPPED, "file-skipped", MICIC_SEVERITY_ERROR,
     "A file of a directory could not be read (or is not a regular file) and was skipped; "
     "the other files were read."},
    {MICIC_CODE_MISSING_FIELD, "missing-field", MICIC_SEVERITY_ERROR,
     "A required field has no value."},
    {MICIC_CODE_UNKNOWN_VALUE, "unknown-value", MICIC_SEVERITY_ERROR,
     "A value is not in the field's controlled vocabulary."},
    {MICIC_CODE_GUIDELINE_RANGE, "guideline-out-of-range", MICIC_SEVERITY_ERROR,
     "A guideline number is not between 1 and 15."},
    {MICIC_CODE_TITLE_MISMATCH, "guideline-title-mismatch", MICIC_SEVERITY_WARNING,
     "A guideline's number and title do not belong together."},
    {MICIC_CODE_THEME_MISMATCH, "theme-mismatch", MICIC_SEVERITY_WARNING,
     "A thematic area does not match the record's guidelines."},
    {MICIC_CODE_UNKNOWN_COUNTRY, "unknown-country", MICIC_SEVERITY_ERROR,
     "A country is not an ISO 3166-1 country or \"Global\"."},
    {MICIC_CODE_BAD_URL, "malformed-url", MICIC_SEVERITY_WARNING,
     "A related link looks like a URL but is malformed."},
    {MICIC_CODE_DUPLICATE_RECORD, "duplicate-record", MICIC_SEVERITY_WARNING,
     "A record looks like a duplicate of an earlier one."},
    {MICIC_CODE_PHASE_MISMATCH, "phase-mismatch", MICIC_SEVERITY_INFO,
     "The crisis phase is the phase of none of the record's guidelines (common and often "
     "right: practices run before, during and after a crisis)."},
    {MICIC_CODE_SHORT_DESCRIPTION, "short-description", MICIC_SEVERITY_WARNING,
     "The description is shorter than the configured minimum."},
    {MICIC_CODE_GUIDELINE_TEXT, "guideline-text-in-description", MICIC_SEVERITY_WARNING,
     "The description contains text copied from a guideline."},
    {MICIC_CODE_CONTROL_CHAR, "control-character", MICIC_SEVERITY_WARNING,
     "A value contains a control character."},
    {MICIC_CODE_FIELD_TOO_LONG, "field-too-long", MICIC_SEVERITY_WARNING,
     "A value is longer than the configured maximum."},
    {MICIC_CODE_NORMALIZED, "normalized", MICIC_SEVERITY_INFO,
     "A value was rewritten to its canonical form."},
};

#define NCODES (sizeof CODES / sizeof CODES[0])

static const code_info *code_find(int code) {
    size_t i;
    for (i = 0; i < NCODES; i++)
        if (CODES[i].code == code) return &CODES[i];
    return NULL;
}

const char *micic_code_name(int code) {
    const code_info *c = code_find(code);
    return c ? c->name : "";
}

int micic_code_from_name(const char *name) {
    size_t i;
    if (!name) return 0;
    for (i = 0; i < NCODES; i++)
        if (micic__strcasecmp(CODES[i].name, name) == 0) return CODES[i].code;
    return 0;
}

micic_severity micic_code_severity(int code) {
    const code_info *c = code_find(code);
    return c ? c->severity : MICIC_SEVERITY_ERROR;
}

const char *micic_code_description(int code) {
    const code_info *c = code_find(code);
    return c ? c->description : "";
}

static int severity_ok(micic_severity s) {
    return s == MICIC_SEVERITY_INFO || s == MICIC_SEVERITY_WARNING ||
           s == MICIC_SEVERITY_ERROR;
}

const char *micic_severity_name(micic_severity s) {
    switch (s) {
    case MICIC_SEVERITY_INFO: return "info";
    case MICIC_SEVERITY_WARNING: return "warning";
    case MICIC_SEVERITY_ERROR: return "error";
    default: return "";
    }
}

int micic_severity_from_name(const char *name, micic_severity *out) {
    int s;
    if (!name) return MICIC_EINVAL;
    for (s = MICIC_SEVERITY_INFO; s <= MICIC_SEVERITY_ERROR; s++) {
        if (micic__strcasecmp(name, micic_severity_name((micic_severity)s)) == 0) {
            if (out) *out = (micic_severity)s;
            return MICIC_OK;
        }
    }
    return MICIC_EINVAL;
}

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

/* One allocation: the struct followed by its strings. */
struct micic_diagnostic {
    int code;
    micic_severity severity;
    long record_index;
    int line;
    int column;
    const char *record_id;
    const char *field;
    const char *source;
    const char *value;
    const char *message;
    const char *suggestion; /* NULL when none */
    char text[];
};

int micic_diagnostic_code(const micic_diagnostic *d) { return d ? d->code : 0; }
const char *micic_diagnostic_code_name(const micic_diagnostic *d) {
    return d ? micic_code_name(d->code) : "";
}
micic_severity micic_diagnostic_severity(const micic_diagnostic *d) {
    return d ? d->severity : MICIC_SEVERITY_INFO;
}
long micic_diagnostic_record_index(const micic_diagnostic *d) {
    return d ? d->record_index : -1;
}
const char *micic_diagnostic_record_id(const micic_diagnostic *d) {
    return d ? d->record_id : "";
}
const char *micic_diagnostic_field(const micic_diagnostic *d) { return d ? d->field : ""; }
const char *micic_diagnostic_source(const micic_diagnostic *d) { return d ? d->source : ""; }
int micic_diagnostic_line(const micic_diagnostic *d) { return d ? d->line : 0; }
int micic_diagnostic_column(const micic_diagnostic *d) { return d ? d->column : 0; }
const char *micic_diagnostic_value(const micic_diagnostic *d) { return d ? d->value : ""; }
const char *micic_diagnostic_message(const micic_diagnostic *d) {
    return d ? d->message : "";
}
const char *micic_diagnostic_suggestion(const micic_diagnostic *d) {
    return d ? d->suggestion : NULL;
}

static micic_diagnostic *diag_new(int code, micic_severity severity, long record_index,
                                  const char *record_id, const char *field,
                                  const char *source, int line, int column,
                                  const char *value, const char *message,
                                  const char *suggestion) {
    const char *in[6];
    size_t len[6], total = 0, i;
    const char **outp[6];
    micic_diagnostic *d;
    char *w;
    in[0] = record_id ? record_id : "";
    in[1] = field ? field : "";
    in[2] = source ? source : "";
    in[3] = value ? value : "";
    in[4] = message ? message : "";
    in[5] = suggestion ? suggestion : "";
    for (i = 0; i < 6; i++) {
        len[i] = strlen(in[i]);
        if (len[i] > SIZE_MAX / 8) return NULL;
        total += len[i] + 1;
    }
    d = micic__malloc(sizeof *d + total);
    if (!d) return NULL;
    d->code = code;
    d->severity = severity;
    d->record_index = record_index < -1 ? -1 : record_index;
    d->line = line < 0 ? 0 : line;
    d->column = column < 0 ? 0 : column;
    outp[0] = &d->record_id;
    outp[1] = &d->field;
    outp[2] = &d->source;
    outp[3] = &d->value;
    outp[4] = &d->message;
    outp[5] = &d->suggestion;
    w = d->text;
    for (i = 0; i < 6; i++) {
        memcpy(w, in[i], len[i] + 1);
        *outp[i] = w;
        w += len[i] + 1;
    }
    if (!suggestion) d->suggestion = NULL;
    return d;
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */
/* ------------------------------------------------------------------ */

struct micic_report {
    micic_diagnostic **items; /* separately allocated: borrowed pointers stay valid */
    size_t n;
    size_t cap;
    size_t by_severity[3];
    size_t records_in;
    size_t rejected;
    size_t skipped; /* bytes of input skipped (records there never reached) */
    size_t skipped_files;
};

micic_report *micic_report_new(void) { return micic__calloc(1, sizeof(micic_report)); }

void micic_report_free(micic_report *r) {
    size_t i;
    if (!r) return;
    for (i = 0; i < r->n; i++) micic__free(r->items[i]);
    micic__free(r->items);
    micic__free(r);
}

size_t micic_report_size(const micic_report *r) { return r ? r->n : 0; }

const micic_diagnostic *micic_report_get(const micic_report *r, size_t i) {
    return (r && i < r->n) ? r->items[i] : NULL;
}

size_t micic_report_count(const micic_report *r, micic_severity s) {
    return (r && severity_ok(s)) ? r->by_severity[s] : 0;
}

size_t micic_report_count_code(const micic_report *r, int code) {
    size_t i, k = 0;
    if (!r) return 0;
    for (i = 0; i < r->n; i++)
        if (r->items[i]->code == code) k++;
    return k;
}

size_t micic_report_rejected(const micic_report *r) { return r ? r->rejected : 0; }

size_t micic_report_records_in(const micic_report *r) { return r ? r->records_in : 0; }

size_t micic_report_skipped_bytes(const micic_report *r) { return r ? r->skipped : 0; }

int micic_report_lost(const micic_report *r) {
    return r && (r->rejected || r->skipped || r->skipped_files);
}

size_t micic_report_skipped_files(const micic_report *r) { return r ? r->skipped_files : 0; }

void micic__report_note_skipped(micic_report *r, size_t bytes) {
    if (r) r->skipped += bytes;
}

void micic__report_note_skipped_file(micic_report *r) {
    if (r) r->skipped_files++;
}

void micic__report_note_records(micic_report *r, size_t accepted, size_t rejected) {
    if (!r) return;
    r->records_in += accepted + rejected;
    r->rejected += rejected;
}

/* Append d (steals it; frees it on failure). */
static int report_push(micic_report *r, micic_diagnostic *d) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        micic_diagnostic **a = micic__realloc(r->items, cap * sizeof *a);
        if (!a) {
            micic__free(d);
            return MICIC_ENOMEM;
        }
        r->items = a;
        r->cap = cap;
    }
    r->items[r->n++] = d;
    r->by_severity[d->severity]++;
    return MICIC_OK;
}

int micic_report_add(micic_report *r, int code, micic_severity severity, long record_index,
                     const char *record_id, const char *field, const char *source, int line,
                     int column, const char *value, const char *message,
                     const char *suggestion) {
    micic_diagnostic *d;
    if (!r || !code_find(code) || !severity_ok(severity)) return MICIC_EINVAL;
    d = diag_new(code, severity, record_index, record_id, field, source, line, column, value,
                 message, suggestion);
    if (!d) return MICIC_ENOMEM;
    return report_push(r, d);
}

static int push_copy(micic_report *r, const micic_diagnostic *s) {
    micic_diagnostic *d = diag_new(s->code, s->severity, s->record_index, s->record_id,
                                   s->field, s->source, s->line, s->column, s->value,
                                   s->message, s->suggestion);
    if (!d) return MICIC_ENOMEM;
    return report_push(r, d);
}

int micic_report_extend(micic_report *r, const micic_report *src) {
    size_t i, n;
    if (!r || !src) return MICIC_EINVAL;
    n = src->n; /* r == src: copy what was there */
    for (i = 0; i < n; i++) {
        int rc = push_copy(r, src->items[i]);
        if (rc != MICIC_OK) return rc;
    }
    r->records_in += src == r ? 0 : src->records_in;
    r->rejected += src == r ? 0 : src->rejected;
    r->skipped += src == r ? 0 : src->skipped;
    r->skipped_files += src == r ? 0 : src->skipped_files;
    return MICIC_OK;
}

int micic_report_filter(const micic_report *r, int code, micic_severity min_severity,
                        const char *field, micic_report **out) {
    micic_report *f;
    size_t i;
    if (!out) return MICIC_EINVAL;
    *out = NULL;
    if (!r || !severity_ok(min_severity)) return MICIC_EINVAL;
    f = micic_report_new();
    if (!f) return MICIC_ENOMEM;
    for (i = 0; i < r->n; i++) {
        const micic_diagnostic *d = r->items[i];
        if (code && d->code != code) continue;
        if (d->severity < min_severity) continue;
        if (field && strcmp(d->field, field) != 0) continue;
        if (push_copy(f, d) != MICIC_OK) {
            micic_report_free(f);
            return MICIC_ENOMEM;
        }
    }
    f->records_in = r->records_in;
    f->rejected = r->rejected;
    *out = f;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                            */
/* ------------------------------------------------------------------ */

/* Append s to b with invalid UTF-8 bytes replaced by U+FFFD. */
static void put_utf8(micic_buf *b, const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t n = strlen(s), i = 0, run = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k > 0 && micic__utf8_valid(s + i, (size_t)k)) {
            i += (size_t)k;
            continue;
        }
        micic_buf_append(b, s + run, i - run);
        micic_buf_puts(b, "\xEF\xBF\xBD");
        i++;
        run = i;
    }
    micic_buf_append(b, s + run, n - run);
}

/* Valid-UTF-8 copy of s (new, micic__free) or NULL on allocation failure. */
static char *utf8_clean(const char *s) {
    micic_buf b = MICIC_BUF_INIT;
    put_utf8(&b, s);
    if (!micic_buf_cstr(&b)) {
        micic_buf_free(&b);
        return NULL;
    }
    return micic_buf_detach(&b);
}

static void plural(micic_buf *b, size_t n, const char *word, int invariant) {
    micic_buf_printf(b, "%zu %s%s", n, word, (invariant || n == 1) ? "" : "s");
}

static void render_text(const micic_report *r, micic_buf *b) {
    size_t i;
    for (i = 0; i < r->n; i++) {
        const micic_diagnostic *d = r->items[i];
        put_utf8(b, d->source[0] ? d->source : "<input>");
        if (d->line > 0) {
            micic_buf_printf(b, ":%d", d->line);
            if (d->column > 0) micic_buf_printf(b, ":%d", d->column);
        }
        micic_buf_printf(b, ": %s: [%s] ", micic_severity_name(d->severity),
                         micic_code_name(d->code));
        put_utf8(b, d->message);
        if (d->suggestion) {
            micic_buf_puts(b, " (did you mean '");
            put_utf8(b, d->suggestion);
            micic_buf_puts(b, "'?)");
        }
        if (d->record_id[0]) {
            micic_buf_puts(b, " (record ");
            put_utf8(b, d->record_id);
            micic_buf_putc(b, ')');
        } else if (d->record_index >= 0) {
            micic_buf_printf(b, " (record #%ld)", d->record_index);
        }
        micic_buf_putc(b, '\n');
    }
    plural(b, r->by_severity[MICIC_SEVERITY_ERROR], "error", 0);
    micic_buf_puts(b, ", ");
    plural(b, r->by_severity[MICIC_SEVERITY_WARNING], "warning", 0);
    micic_buf_puts(b, ", ");
    plural(b, r->by_severity[MICIC_SEVERITY_INFO], "info", 1);
    if (r->records_in > 0)
        micic_buf_printf(b, " (%zu record%s read, %zu rejected)", r->records_in,
                         r->records_in == 1 ? "" : "s", r->rejected);
    micic_buf_putc(b, '\n');
}

/* Set key to a string value (invalid UTF-8 replaced); 0 on failure. */
static int json_set_str(json_t *obj, const char *key, const char *s) {
    json_t *v;
    if (!s) return json_object_set_new(obj, key, json_null()) == 0;
    v = json_string(s);
    if (!v) { /* invalid UTF-8: store a cleaned copy */
        char *c = utf8_clean(s);
        if (!c) return 0;
        v = json_string(c);
        micic__free(c);
        if (!v) return 0;
    }
    return json_object_set_new(obj, key, v) == 0;
}

static int json_set_int(json_t *obj, const char *key, json_int_t n) {
    json_t *v = json_integer(n);
    return v && json_object_set_new(obj, key, v) == 0;
}

static int render_json(const micic_report *r, micic_buf *b) {
    json_t *root = json_object(), *summary = json_object(), *list = json_array();
    int ok = root && summary && list;
    size_t i;
    if (ok) {
        ok = json_set_int(root, "version", 1) &&
             json_set_int(summary, "total", (json_int_t)r->n) &&
             json_set_int(summary, "errors",
                          (json_int_t)r->by_severity[MICIC_SEVERITY_ERROR]) &&
             json_set_int(summary, "warnings",
                          (json_int_t)r->by_severity[MICIC_SEVERITY_WARNING]) &&
             json_set_int(summary, "info", (json_int_t)r->by_severity[MICIC_SEVERITY_INFO]) &&
             json_set_int(summary, "records_in", (json_int_t)r->records_in) &&
             json_set_int(summary, "rejected", (json_int_t)r->rejected);
    }
    for (i = 0; ok && i < r->n; i++) {
        const micic_diagnostic *d = r->items[i];
        json_t *o = json_object();
        ok = o && json_set_int(o, "code", d->code) &&
             json_set_str(o, "code_name", micic_code_name(d->code)) &&
             json_set_str(o, "severity", micic_severity_name(d->severity)) &&
             json_set_int(o, "record_index", d->record_index) &&
             json_set_str(o, "record_id", d->record_id) &&
             json_set_str(o, "field", d->field) && json_set_str(o, "source", d->source) &&
             json_set_int(o, "line", d->line) && json_set_int(o, "column", d->column) &&
             json_set_str(o, "value", d->value) && json_set_str(o, "message", d->message) &&
             json_set_str(o, "suggestion", d->suggestion);
        if (o && json_array_append_new(list, o) != 0) ok = 0;
    }
    if (ok) {
        ok = json_object_set(root, "summary", summary) == 0 &&
             json_object_set(root, "diagnostics", list) == 0;
    }
    if (ok) {
        const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
        size_t need = json_dumpb(root, NULL, 0, flags);
        ok = need > 0 && micic_buf_reserve(b, need + 1) == MICIC_OK;
        /* the second dump allocates too (jansson's cycle check): check it */
        if (ok) ok = json_dumpb(root, b->data + b->len, need, flags) == need;
        if (ok) {
            b->len += need;
            b->data[b->len] = '\0';
            micic_buf_putc(b, '\n');
        }
    }
    json_decref(summary);
    json_decref(list);
    json_decref(root);
    return ok ? MICIC_OK : MICIC_ENOMEM;
}

/* One CSV field: quoted with libcsv's csv_write() when it holds a comma,
 * quote, CR/LF or leading/trailing space; as is otherwise. */
static void csv_field(micic_buf *b, const char *s, int first) {
    size_t n = strlen(s), need;
    int quote = 0;
    if (!first) micic_buf_putc(b, ',');
    if (n == 0) return;
    if (strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
        s[n - 1] == '\t')
        quote = 1;
    if (!quote) {
        micic_buf_append(b, s, n);
        return;
    }
    need = csv_write(NULL, 0, s, n);
    if (micic_buf_reserve(b, need) != MICIC_OK) return;
    csv_write(b->data + b->len, need, s, n);
    b->len += need;
    b->data[b->len] = '\0';
}

static void csv_str(micic_buf *b, const char *s, int first) {
    char *c = utf8_clean(s);
    if (!c) {
        b->failed = 1;
        return;
    }
    csv_field(b, c, first);
    micic__free(c);
}

static void csv_num(micic_buf *b, long long n) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", n);
    csv_field(b, tmp, 0);
}

static void render_csv(const micic_report *r, micic_buf *b) {
    size_t i;
    micic_buf_puts(b, "code,code_name,severity,record_index,record_id,field,source,line,"
                      "column,value,message,suggestion\n");
    for (i = 0; i < r->n; i++) {
        const micic_diagnostic *d = r->items[i];
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%d", d->code);
        csv_field(b, tmp, 1);
        csv_field(b, micic_code_name(d->code), 0);
        csv_field(b, micic_severity_name(d->severity), 0);
        csv_num(b, d->record_index);
        csv_str(b, d->record_id, 0);
        csv_str(b, d->field, 0);
        csv_str(b, d->source, 0);
        csv_num(b, d->line);
        csv_num(b, d->column);
        csv_str(b, d->value, 0);
        csv_str(b, d->message, 0);
        csv_str(b, d->suggestion ? d->suggestion : "", 0);
        micic_buf_putc(b, '\n');
    }
}

int micic_report_render(const micic_report *r, micic_report_format fmt, char **out,
                        micic_error *err) {
    micic_buf b = MICIC_BUF_INIT;
    int rc = MICIC_OK;
    if (!out) return micic__error(err, MICIC_EINVAL, "no output pointer");
    *out = NULL;
    if (!r) return micic__error(err, MICIC_EINVAL, "no report");
    switch (fmt) {
    case MICIC_REPORT_TEXT: render_text(r, &b); break;
    case MICIC_REPORT_JSON: rc = render_json(r, &b); break;
    case MICIC_REPORT_CSV: render_csv(r, &b); break;
    default: return micic__error(err, MICIC_EINVAL, "unknown report format %d", (int)fmt);
    }
    if (rc != MICIC_OK || !micic_buf_cstr(&b)) {
        micic_buf_free(&b);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    *out = micic_buf_detach(&b);
    micic_error_clear(err);
    return MICIC_OK;
}
