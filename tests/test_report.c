/* Diagnostics and reports: code table, bookkeeping, text/JSON/CSV rendering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <csv.h>
#include <jansson.h>

#include "internal.h"
#include "micic/micic.h"

#define SCHEMA_PATH MICIC_SEEDS_DIR "/../report.schema.json"

/* The contract of include/micic/report.h: number and string id of every code. */
typedef struct code_row {
    int code;
    const char *name;
} code_row;

static const code_row ALL_CODES[] = {
    {MICIC_CODE_INVALID_UTF8, "invalid-utf8"},
    {MICIC_CODE_NUL_BYTE, "nul-byte"},
    {MICIC_CODE_RAGGED_ROW, "ragged-row"},
    {MICIC_CODE_JSON_SYNTAX, "json-syntax"},
    {MICIC_CODE_JSON_TYPE, "json-type"},
    {MICIC_CODE_UNKNOWN_LABEL, "unknown-label"},
    {MICIC_CODE_TRUNCATED, "truncated-input"},
    {MICIC_CODE_EMPTY_INPUT, "empty-input"},
    {MICIC_CODE_CSV_SYNTAX, "csv-syntax"},
    {MICIC_CODE_RECORD_REJECTED, "record-rejected"},
    {MICIC_CODE_DUPLICATE_ID, "duplicate-id"},
    {MICIC_CODE_LIMIT, "limit-exceeded"},
    {MICIC_CODE_LAYOUT, "layout-inferred"},
    {MICIC_CODE_MISSING_FIELD, "missing-field"},
    {MICIC_CODE_UNKNOWN_VALUE, "unknown-value"},
    {MICIC_CODE_GUIDELINE_RANGE, "guideline-out-of-range"},
    {MICIC_CODE_TITLE_MISMATCH, "guideline-title-mismatch"},
    {MICIC_CODE_THEME_MISMATCH, "theme-mismatch"},
    {MICIC_CODE_UNKNOWN_COUNTRY, "unknown-country"},
    {MICIC_CODE_BAD_URL, "malformed-url"},
    {MICIC_CODE_DUPLICATE_RECORD, "duplicate-record"},
    {MICIC_CODE_PHASE_MISMATCH, "phase-mismatch"},
    {MICIC_CODE_SHORT_DESCRIPTION, "short-description"},
    {MICIC_CODE_GUIDELINE_TEXT, "guideline-text-in-description"},
    {MICIC_CODE_CONTROL_CHAR, "control-character"},
    {MICIC_CODE_FIELD_TOO_LONG, "field-too-long"},
    {MICIC_CODE_FILE_SKIPPED, "file-skipped"},
    {MICIC_CODE_NORMALIZED, "normalized"},
};
#define NALL (sizeof ALL_CODES / sizeof ALL_CODES[0])

static void test_code_table(void **state) {
    size_t i, j;
    int c, named = 0;
    (void)state;
    for (i = 0; i < NALL; i++) {
        int code = ALL_CODES[i].code;
        micic_severity s = micic_code_severity(code);
        assert_string_equal(micic_code_name(code), ALL_CODES[i].name);
        assert_int_equal(micic_code_from_name(ALL_CODES[i].name), code);
        assert_true(strlen(micic_code_description(code)) > 10);
        assert_true(s == MICIC_SEVERITY_INFO || s == MICIC_SEVERITY_WARNING ||
                    s == MICIC_SEVERITY_ERROR);
        for (j = 0; j < i; j++) assert_string_not_equal(ALL_CODES[j].name, ALL_CODES[i].name);
    }
    /* no code outside the contract has a name */
    for (c = 0; c < 1000; c++)
        if (micic_code_name(c)[0]) named++;
    assert_int_equal(named, (int)NALL);
    /* string ids are case-insensitive on input */
    assert_int_equal(micic_code_from_name("Unknown-Value"), MICIC_CODE_UNKNOWN_VALUE);
    assert_int_equal(micic_code_from_name("no-such-code"), 0);
    assert_int_equal(micic_code_from_name(NULL), 0);
    assert_string_equal(micic_code_name(999), "");
    assert_string_equal(micic_code_description(0), "");
    /* the defaults the readers rely on */
    assert_int_equal(micic_code_severity(MICIC_CODE_DUPLICATE_ID), MICIC_SEVERITY_WARNING);
    assert_int_equal(micic_code_severity(MICIC_CODE_EMPTY_INPUT), MICIC_SEVERITY_ERROR);
    assert_int_equal(micic_code_severity(MICIC_CODE_PHASE_MISMATCH), MICIC_SEVERITY_INFO);
    assert_int_equal(micic_code_severity(MICIC_CODE_LAYOUT), MICIC_SEVERITY_INFO);
    assert_int_equal(micic_code_severity(MICIC_CODE_NORMALIZED), MICIC_SEVERITY_INFO);
    assert_int_equal(micic_code_severity(MICIC_CODE_RECORD_REJECTED), MICIC_SEVERITY_ERROR);
}

static void test_severity_names(void **state) {
    micic_severity s = MICIC_SEVERITY_INFO;
    (void)state;
    assert_string_equal(micic_severity_name(MICIC_SEVERITY_INFO), "info");
    assert_string_equal(micic_severity_name(MICIC_SEVERITY_WARNING), "warning");
    assert_string_equal(micic_severity_name(MICIC_SEVERITY_ERROR), "error");
    assert_string_equal(micic_severity_name((micic_severity)7), "");
    assert_int_equal(micic_severity_from_name("WARNING", &s), MICIC_OK);
    assert_int_equal(s, MICIC_SEVERITY_WARNING);
    assert_int_equal(micic_severity_from_name("Error", &s), MICIC_OK);
    assert_int_equal(s, MICIC_SEVERITY_ERROR);
    assert_int_equal(micic_severity_from_name("fatal", &s), MICIC_EINVAL);
    assert_int_equal(micic_severity_from_name(NULL, &s), MICIC_EINVAL);
}

/* A report with three diagnostics of different severities. */
static micic_report *sample_report(void) {
    micic_report *r = micic_report_new();
    assert_non_null(r);
    assert_int_equal(micic_report_add(r, MICIC_CODE_UNKNOWN_VALUE, MICIC_SEVERITY_ERROR, 3,
                                      "P4", "crisis", "in.csv", 5, 12, "Conflit",
                                      "'Conflit' is not a type of crisis", "Conflict"),
                     MICIC_OK);
    assert_int_equal(micic_report_add(r, MICIC_CODE_EMPTY_INPUT, MICIC_SEVERITY_WARNING, -1,
                                      NULL, NULL, NULL, 0, 0, NULL, "the input holds no records",
                                      NULL),
                     MICIC_OK);
    assert_int_equal(micic_report_add(r, MICIC_CODE_NORMALIZED, MICIC_SEVERITY_INFO, 0, NULL,
                                      "country", "f.txt", 7, 0, "Cote d'Ivoire",
                                      "country rewritten to its ISO short name", NULL),
                     MICIC_OK);
    return r;
}

static void test_add_and_accessors(void **state) {
    micic_report *r = sample_report();
    const micic_diagnostic *d;
    (void)state;
    assert_int_equal(micic_report_size(r), 3);
    d = micic_report_get(r, 0);
    assert_int_equal(micic_diagnostic_code(d), MICIC_CODE_UNKNOWN_VALUE);
    assert_string_equal(micic_diagnostic_code_name(d), "unknown-value");
    assert_int_equal(micic_diagnostic_severity(d), MICIC_SEVERITY_ERROR);
    assert_int_equal(micic_diagnostic_record_index(d), 3);
    assert_string_equal(micic_diagnostic_record_id(d), "P4");
    assert_string_equal(micic_diagnostic_field(d), "crisis");
    assert_string_equal(micic_diagnostic_source(d), "in.csv");
    assert_int_equal(micic_diagnostic_line(d), 5);
    assert_int_equal(micic_diagnostic_column(d), 12);
    assert_string_equal(micic_diagnostic_value(d), "Conflit");
    assert_string_equal(micic_diagnostic_message(d), "'Conflit' is not a type of crisis");
    assert_string_equal(micic_diagnostic_suggestion(d), "Conflict");
    /* NULL strings are stored as "", a NULL suggestion stays NULL */
    d = micic_report_get(r, 1);
    assert_string_equal(micic_diagnostic_record_id(d), "");
    assert_string_equal(micic_diagnostic_field(d), "");
    assert_string_equal(micic_diagnostic_source(d), "");
    assert_string_equal(micic_diagnostic_value(d), "");
    assert_null(micic_diagnostic_suggestion(d));
    assert_int_equal(micic_diagnostic_record_index(d), -1);
    assert_null(micic_report_get(r, 3));
    /* borrowed pointers survive later additions */
    d = micic_report_get(r, 0);
    assert_int_equal(micic_report_add(r, MICIC_CODE_BAD_URL, MICIC_SEVERITY_WARNING, 1, "P2",
                                      "link", "x", 1, 1, "htp:/x", "malformed URL", NULL),
                     MICIC_OK);
    assert_string_equal(micic_diagnostic_record_id(d), "P4");

    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 1);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_WARNING), 2);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_INFO), 1);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_BAD_URL), 1);
    assert_int_equal(micic_report_count_code(r, MICIC_CODE_JSON_SYNTAX), 0);
    /* usage errors */
    assert_int_equal(micic_report_add(r, 999, MICIC_SEVERITY_ERROR, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                     MICIC_EINVAL);
    assert_int_equal(micic_report_add(r, MICIC_CODE_BAD_URL, (micic_severity)5, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0),
                     MICIC_EINVAL);
    assert_int_equal(micic_report_add(NULL, MICIC_CODE_BAD_URL, MICIC_SEVERITY_ERROR, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0),
                     MICIC_EINVAL);
    assert_int_equal(micic_report_size(r), 4);
    micic_report_free(r);
    micic_report_free(NULL);
    assert_int_equal(micic_report_size(NULL), 0);
}

static void test_records_and_extend(void **state) {
    micic_report *r = micic_report_new(), *s = sample_report();
    (void)state;
    assert_int_equal(micic_report_records_in(r), 0);
    micic__report_note_records(r, 5, 2);
    micic__report_note_records(r, 1, 0);
    assert_int_equal(micic_report_records_in(r), 8);
    assert_int_equal(micic_report_rejected(r), 2);
    micic__report_note_records(s, 3, 1);
    assert_int_equal(micic_report_extend(r, s), MICIC_OK);
    assert_int_equal(micic_report_size(r), 3);
    assert_int_equal(micic_report_records_in(r), 12);
    assert_int_equal(micic_report_rejected(r), 3);
    assert_int_equal(micic_report_count(r, MICIC_SEVERITY_ERROR), 1);
    assert_string_equal(micic_diagnostic_suggestion(micic_report_get(r, 0)), "Conflict");
    assert_ptr_not_equal(micic_report_get(r, 0), micic_report_get(s, 0));
    /* extending a report with itself duplicates its diagnostics once */
    assert_int_equal(micic_report_extend(r, r), MICIC_OK);
    assert_int_equal(micic_report_size(r), 6);
    assert_int_equal(micic_report_records_in(r), 12);
    assert_int_equal(micic_report_extend(r, NULL), MICIC_EINVAL);
    micic_report_free(r);
    micic_report_free(s);
}

static void test_filter(void **state) {
    micic_report *r = sample_report(), *f = NULL;
    (void)state;
    micic__report_note_records(r, 4, 1);
    assert_int_equal(micic_report_filter(r, 0, MICIC_SEVERITY_WARNING, NULL, &f), MICIC_OK);
    assert_int_equal(micic_report_size(f), 2);
    assert_int_equal(micic_report_count(f, MICIC_SEVERITY_INFO), 0);
    assert_int_equal(micic_report_records_in(f), 5);
    assert_int_equal(micic_report_rejected(f), 1);
    micic_report_free(f);
    assert_int_equal(micic_report_filter(r, MICIC_CODE_NORMALIZED, MICIC_SEVERITY_INFO, NULL,
                                         &f),
                     MICIC_OK);
    assert_int_equal(micic_report_size(f), 1);
    assert_string_equal(micic_diagnostic_field(micic_report_get(f, 0)), "country");
    micic_report_free(f);
    assert_int_equal(micic_report_filter(r, 0, MICIC_SEVERITY_INFO, "crisis", &f), MICIC_OK);
    assert_int_equal(micic_report_size(f), 1);
    assert_int_equal(micic_diagnostic_code(micic_report_get(f, 0)), MICIC_CODE_UNKNOWN_VALUE);
    micic_report_free(f);
    assert_int_equal(micic_report_filter(r, MICIC_CODE_NORMALIZED, MICIC_SEVERITY_ERROR, NULL,
                                         &f),
                     MICIC_OK);
    assert_int_equal(micic_report_size(f), 0);
    micic_report_free(f);
    assert_int_equal(micic_report_filter(r, 0, MICIC_SEVERITY_INFO, NULL, NULL), MICIC_EINVAL);
    micic_report_free(r);
}

static void test_render_text(void **state) {
    micic_report *r = sample_report();
    char *out = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_report_render(r, MICIC_REPORT_TEXT, &out, &err), MICIC_OK);
    assert_string_equal(out,
                        "in.csv:5:12: error: [unknown-value] 'Conflit' is not a type of crisis "
                        "(did you mean 'Conflict'?) (record P4)\n"
                        "<input>: warning: [empty-input] the input holds no records\n"
                        "f.txt:7: info: [normalized] country rewritten to its ISO short name "
                        "(record #0)\n"
                        "1 error, 1 warning, 1 info\n");
    micic_free(out);
    micic__report_note_records(r, 2, 1);
    assert_int_equal(micic_report_add(r, MICIC_CODE_RECORD_REJECTED, MICIC_SEVERITY_ERROR, 2,
                                      NULL, NULL, "in.csv", 9, 1, NULL, "record rejected", NULL),
                     MICIC_OK);
    assert_int_equal(micic_report_render(r, MICIC_REPORT_TEXT, &out, NULL), MICIC_OK);
    assert_non_null(strstr(out, "in.csv:9:1: error: [record-rejected] record rejected "
                                "(record #2)\n2 errors, 1 warning, 1 info "
                                "(3 records read, 1 rejected)\n"));
    micic_free(out);
    micic_report_free(r);
    /* empty report: just the summary */
    r = micic_report_new();
    assert_int_equal(micic_report_render(r, MICIC_REPORT_TEXT, &out, NULL), MICIC_OK);
    assert_string_equal(out, "0 errors, 0 warnings, 0 info\n");
    micic_free(out);
    assert_int_equal(micic_report_render(r, (micic_report_format)9, &out, &err), MICIC_EINVAL);
    assert_null(out);
    assert_int_equal(err.code, MICIC_EINVAL);
    assert_int_equal(micic_report_render(NULL, MICIC_REPORT_TEXT, &out, NULL), MICIC_EINVAL);
    micic_report_free(r);
}

/* The duplicate-id note that micic_corpus_add() files, as a user sees it. */
static void test_render_corpus_read_report(void **state) {
    micic_corpus *c = micic_corpus_new();
    char *out = NULL;
    int i;
    (void)state;
    for (i = 0; i < 2; i++) {
        micic_practice *p = micic_practice_new();
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, "G14-1", NULL,
                                            MICIC_SEEDS_DIR "/x.csv", 2 + i, 1, NULL),
                         MICIC_OK);
        assert_int_equal(micic_corpus_add(c, p, NULL), MICIC_OK);
    }
    assert_int_equal(micic_report_render(micic_corpus_read_report(c), MICIC_REPORT_TEXT, &out,
                                         NULL),
                     MICIC_OK);
    assert_string_equal(out, MICIC_SEEDS_DIR "/x.csv:3:1: warning: [duplicate-id] duplicate id "
                                             "'G14-1' renamed to 'G14-1-2' (first used on line "
                                             "2) (record G14-1-2)\n"
                                             "0 errors, 1 warning, 0 info\n");
    micic_free(out);
    micic_corpus_free(c);
}

/* Check obj has every key listed in schema_obj's "required" and that
 * values match the schema's "type" / "enum" / "const" where given. */
static void check_against(const json_t *obj, const json_t *schema_obj) {
    const json_t *req = json_object_get(schema_obj, "required");
    const json_t *props = json_object_get(schema_obj, "properties");
    const char *key;
    json_t *prop;
    size_t i;
    assert_true(json_is_object(obj));
    assert_true(json_is_array(req));
    assert_true(json_array_size(req) > 0);
    for (i = 0; i < json_array_size(req); i++) {
        const char *k = json_string_value(json_array_get(req, i));
        if (!json_object_get(obj, k)) fail_msg("required key '%s' missing", k);
    }
    json_object_foreach((json_t *)(uintptr_t)props, key, prop) {
        const json_t *v = json_object_get(obj, key);
        const json_t *type = json_object_get(prop, "type");
        const json_t *en = json_object_get(prop, "enum");
        const json_t *cn = json_object_get(prop, "const");
        size_t k;
        int ok = 0;
        if (!v) continue;
        if (cn) assert_true(json_equal(v, cn));
        if (en) {
            for (k = 0; k < json_array_size(en); k++)
                if (json_equal(json_array_get(en, k), v)) ok = 1;
            if (!ok) fail_msg("'%s' not in its enum", key);
        }
        if (!type) continue;
        ok = 0;
        for (k = 0; k < (json_is_array(type) ? json_array_size(type) : 1); k++) {
            const char *t = json_string_value(json_is_array(type) ? json_array_get(type, k)
                                                                  : type);
            if ((!strcmp(t, "string") && json_is_string(v)) ||
                (!strcmp(t, "integer") && json_is_integer(v)) ||
                (!strcmp(t, "null") && json_is_null(v)) ||
                (!strcmp(t, "object") && json_is_object(v)) ||
                (!strcmp(t, "array") && json_is_array(v)))
                ok = 1;
        }
        if (!ok) fail_msg("'%s' has the wrong JSON type", key);
    }
    /* additionalProperties: false */
    json_object_foreach((json_t *)(uintptr_t)obj, key, prop) {
        if (!json_object_get(props, key)) fail_msg("key '%s' is not in the schema", key);
    }
}

static void test_render_json(void **state) {
    micic_report *r = sample_report();
    char *out = NULL;
    json_t *root, *schema, *diags, *d;
    json_error_t jerr;
    size_t i;
    (void)state;
    micic__report_note_records(r, 6, 2);
    /* invalid UTF-8 in a value must not break the output */
    assert_int_equal(micic_report_add(r, MICIC_CODE_INVALID_UTF8, MICIC_SEVERITY_ERROR, 4,
                                      "P5", "title", "bad.txt", 2, 3, "caf\xE9 au lait",
                                      "invalid UTF-8 byte", NULL),
                     MICIC_OK);
    assert_int_equal(micic_report_render(r, MICIC_REPORT_JSON, &out, NULL), MICIC_OK);
    root = json_loads(out, 0, &jerr);
    if (!root) fail_msg("rendered JSON does not parse: %s", jerr.text);
    assert_int_equal(json_integer_value(json_object_get(root, "version")), 1);
    d = json_object_get(root, "summary");
    assert_int_equal(json_integer_value(json_object_get(d, "total")), 4);
    assert_int_equal(json_integer_value(json_object_get(d, "errors")), 2);
    assert_int_equal(json_integer_value(json_object_get(d, "warnings")), 1);
    assert_int_equal(json_integer_value(json_object_get(d, "info")), 1);
    assert_int_equal(json_integer_value(json_object_get(d, "records_in")), 8);
    assert_int_equal(json_integer_value(json_object_get(d, "rejected")), 2);
    diags = json_object_get(root, "diagnostics");
    assert_int_equal(json_array_size(diags), 4);
    d = json_array_get(diags, 0);
    assert_int_equal(json_integer_value(json_object_get(d, "code")), 202);
    assert_string_equal(json_string_value(json_object_get(d, "code_name")), "unknown-value");
    assert_string_equal(json_string_value(json_object_get(d, "severity")), "error");
    assert_int_equal(json_integer_value(json_object_get(d, "record_index")), 3);
    assert_string_equal(json_string_value(json_object_get(d, "record_id")), "P4");
    assert_string_equal(json_string_value(json_object_get(d, "field")), "crisis");
    assert_string_equal(json_string_value(json_object_get(d, "source")), "in.csv");
    assert_int_equal(json_integer_value(json_object_get(d, "line")), 5);
    assert_int_equal(json_integer_value(json_object_get(d, "column")), 12);
    assert_string_equal(json_string_value(json_object_get(d, "value")), "Conflit");
    assert_string_equal(json_string_value(json_object_get(d, "suggestion")), "Conflict");
    d = json_array_get(diags, 1);
    assert_int_equal(json_integer_value(json_object_get(d, "record_index")), -1);
    assert_true(json_is_null(json_object_get(d, "suggestion")));
    d = json_array_get(diags, 3);
    assert_string_equal(json_string_value(json_object_get(d, "value")),
                        "caf\xEF\xBF\xBD au lait");

    /* every required key of data/report.schema.json is there, types match */
    schema = json_load_file(SCHEMA_PATH, 0, &jerr);
    if (!schema) fail_msg("cannot load %s: %s", SCHEMA_PATH, jerr.text);
    assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    check_against(root, schema);
    check_against(json_object_get(root, "summary"),
                  json_object_get(json_object_get(schema, "properties"), "summary"));
    for (i = 0; i < json_array_size(diags); i++)
        check_against(json_array_get(diags, i),
                      json_object_get(json_object_get(schema, "$defs"), "diagnostic"));
    json_decref(schema);
    json_decref(root);
    micic_free(out);
    micic_report_free(r);
}

/* ---- CSV parse-back with libcsv ---------------------------------- */

#define MAXROWS 8
#define NCOLS 12

typedef struct csv_rows {
    char *cell[MAXROWS][NCOLS];
    size_t ncols[MAXROWS];
    size_t row;
    size_t col;
    int overflow;
} csv_rows;

static void on_field(void *s, size_t len, void *data) {
    csv_rows *t = data;
    if (t->row >= MAXROWS || t->col >= NCOLS) {
        t->overflow = 1;
        return;
    }
    t->cell[t->row][t->col] = calloc(1, len + 1);
    if (len) memcpy(t->cell[t->row][t->col], s, len);
    t->col++;
}

static void on_row(int c, void *data) {
    csv_rows *t = data;
    (void)c;
    if (t->row < MAXROWS) t->ncols[t->row] = t->col;
    t->row++;
    t->col = 0;
}

static void test_render_csv(void **state) {
    static const char *const header[NCOLS] = {
        "code",   "code_name", "severity", "record_index", "record_id", "field",
        "source", "line",      "column",   "value",        "message",   "suggestion"};
    static const char tricky[] = "Conflict, \"armed\"\nand more";
    micic_report *r = sample_report();
    struct csv_parser parser;
    csv_rows t;
    char *out = NULL;
    size_t i, j, n;
    (void)state;
    assert_int_equal(micic_report_add(r, MICIC_CODE_UNKNOWN_VALUE, MICIC_SEVERITY_WARNING, 7,
                                      "P8", "crisis", "a,b.csv", 3, 1, tricky,
                                      "not a type of crisis", " padded "),
                     MICIC_OK);
    assert_int_equal(micic_report_render(r, MICIC_REPORT_CSV, &out, NULL), MICIC_OK);
    {
        static const char head[] = "code,code_name,severity,record_index,record_id,field,"
                                   "source,line,column,value,message,suggestion\n";
        assert_memory_equal(out, head, sizeof head - 1);
    }
    /* fields without special characters are not quoted */
    assert_non_null(strstr(out, "\n202,unknown-value,error,3,P4,crisis,in.csv,5,12,Conflit,"));

    memset(&t, 0, sizeof t);
    assert_int_equal(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
    n = strlen(out);
    assert_int_equal(csv_parse(&parser, out, n, on_field, on_row, &t), n);
    assert_int_equal(csv_fini(&parser, on_field, on_row, &t), 0);
    csv_free(&parser);
    assert_false(t.overflow);
    assert_int_equal(t.row, 5);
    for (i = 0; i < t.row; i++) assert_int_equal(t.ncols[i], NCOLS);
    for (j = 0; j < NCOLS; j++) assert_string_equal(t.cell[0][j], header[j]);
    assert_string_equal(t.cell[1][0], "202");
    assert_string_equal(t.cell[1][11], "Conflict");
    assert_string_equal(t.cell[2][3], "-1");
    assert_string_equal(t.cell[2][11], "");
    assert_string_equal(t.cell[4][6], "a,b.csv");
    assert_string_equal(t.cell[4][9], tricky);
    assert_string_equal(t.cell[4][11], " padded ");
    for (i = 0; i < MAXROWS; i++)
        for (j = 0; j < NCOLS; j++) free(t.cell[i][j]);
    micic_free(out);
    micic_report_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_table),
        cmocka_unit_test(test_severity_names),
        cmocka_unit_test(test_add_and_accessors),
        cmocka_unit_test(test_records_and_extend),
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_render_text),
        cmocka_unit_test(test_render_corpus_read_report),
        cmocka_unit_test(test_render_json),
        cmocka_unit_test(test_render_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
