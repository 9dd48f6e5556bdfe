/* micic validate: check records against the MICIC vocabularies and rules,
 * optionally normalize them (--fix). See docs/diagnostics.md. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Long-only option keys. */
enum {
    OPT_FORMAT = MICIC_CLI_KEY_LONG + 1,
    OPT_STRICT,
    OPT_FIX,
    OPT_DISABLE,
    OPT_SEVERITY,
    OPT_MAX,
    OPT_DELIMITER
};

static const micic_cli_option validate_options[] = {
    {OPT_FORMAT, "format", "FMT", "report format: text (default), json or csv"},
    {OPT_STRICT, "strict", NULL, "warnings count as errors (and are reported as errors)"},
    {OPT_FIX, "fix", NULL, "normalize values to canonical labels and write the records to -o OUT"},
    {'o', "output", "OUT", "with --fix: where to write the normalized records ('-' = stdout)"},
    {'t', "to", "FMT", "with --fix: format of OUT (default: from its extension)"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {OPT_DELIMITER, "delimiter", "CHAR", "CSV cell delimiter: ',', ';', tab or '|' (default: sniffed)"},
    {OPT_DISABLE, "disable", "CODE", "do not run the check of CODE (e.g. short-description); repeatable"},
    {OPT_SEVERITY, "severity", "CODE=LEVEL", "report CODE as info, warning or error; repeatable"},
    {OPT_MAX, "max-diagnostics", "N", "report at most N diagnostics (0 = no limit; default 10000)"},
    {'q', "quiet", NULL, "print nothing (no report, no progress bar); only the exit status tells the result"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec validate_spec = {
    "validate",
    "[FILE...] [--format text|json|csv] [--strict] [--fix -o OUT [--to FMT]] [--quiet]",
    "Check practice records against the MICIC vocabularies and rules.",
    "Reads every FILE ('-' = standard input; with no FILE, the bundled corpus)\n"
    "and reports, with file:line:column, what is wrong in the records: missing\n"
    "required fields (description, guideline or thematic area, type of crisis\n"
    "except for recommended practices, crisis phase), values outside a\n"
    "controlled vocabulary or unknown countries (with the closest canonical\n"
    "value), guideline numbers outside 1-15, guideline titles that do not match\n"
    "their number, thematic areas or crisis phases that do not match the\n"
    "record's guidelines, malformed URLs among related links, duplicate records,\n"
    "short descriptions or descriptions copying a guideline's text, control\n"
    "characters, invalid UTF-8 and over-long values. Problems found while\n"
    "reading are reported too. Codes and severities: docs/diagnostics.md.\n\n"
    "With --fix, values are first rewritten to their canonical form where the\n"
    "match is sure (each rewrite is an info 'normalized' diagnostic), the\n"
    "records are written to OUT (format from --to or OUT's extension: .csv,\n"
    ".json, .jsonl, .txt), and the normalized records are validated.\n\n"
    "An input in which no record was found (an empty file, a CSV header alone,\n"
    "unrecognised content) is an 'empty-input' error. CSV cells may be separated\n"
    "by ',', ';', tabs or '|': sniffed from the header line, or --delimiter.\n\n"
    "Exit status: 0 no errors (in --strict mode: no warnings either), 1 errors\n"
    "were found (an input without records included) or input records were lost\n"
    "while reading (rejected, or in input that had to be skipped), 2 bad command\n"
    "line or a file could not be read or written.",
    validate_options,
    "  micic validate                          # the bundled corpus\n"
    "  micic validate records.csv --format json > report.json\n"
    "  micic validate records.txt --strict --disable short-description\n"
    "  micic validate records.csv --fix -o clean.json\n"};

/* Output format from a file name's extension; MICIC_EXIT_OK or usage error. */
static int format_from_extension(const char *cmd, const char *path, micic_format *out) {
    static const struct {
        const char *ext;
        micic_format f;
    } exts[] = {{".csv", MICIC_FORMAT_CSV},     {".json", MICIC_FORMAT_JSON},
                {".jsonl", MICIC_FORMAT_JSONL}, {".ndjson", MICIC_FORMAT_JSONL},
                {".txt", MICIC_FORMAT_TEXT}};
    const char *dot = strrchr(path, '.');
    size_t i;
    if (dot && !strchr(dot, '/')) {
        for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
            size_t k;
            int same = strlen(dot) == strlen(exts[i].ext);
            for (k = 0; same && dot[k]; k++)
                if ((dot[k] | 0x20) != exts[i].ext[k] && dot[k] != exts[i].ext[k]) same = 0;
            if (same) {
                *out = exts[i].f;
                return MICIC_EXIT_OK;
            }
        }
    }
    return micic_cli_usage_error(cmd,
                                 "cannot tell the format of '%s' from its name; use --to FMT "
                                 "(csv, json, jsonl, text or long)",
                                 path);
}

static int parse_code(const char *cmd, const char *opt, const char *name, int *code) {
    *code = micic_code_from_name(name);
    if (*code == 0 && name[0] >= '0' && name[0] <= '9') {
        *code = atoi(name);
        if (!micic_code_name(*code)[0]) *code = 0;
    }
    if (*code == 0)
        return micic_cli_usage_error(cmd, "%s: unknown diagnostic code '%s' (see docs/diagnostics.md)",
                                     opt, name);
    return MICIC_EXIT_OK;
}

static int add_disabled(const char *cmd, micic_validate_options *o, const char *name) {
    int code, i;
    if (parse_code(cmd, "--disable", name, &code) != MICIC_EXIT_OK) return MICIC_EXIT_USAGE;
    for (i = 0; i < MICIC_MAX_OVERRIDES; i++) {
        if (o->disabled[i] == 0 || o->disabled[i] == code) {
            o->disabled[i] = code;
            return MICIC_EXIT_OK;
        }
    }
    return micic_cli_usage_error(cmd, "--disable: at most %d codes", MICIC_MAX_OVERRIDES);
}

static int add_severity(const char *cmd, micic_validate_options *o, const char *spec) {
    char name[64];
    const char *eq = strchr(spec, '=');
    micic_severity s;
    int code, i;
    size_t len = eq ? (size_t)(eq - spec) : 0;
    if (!eq || len == 0 || len >= sizeof name)
        return micic_cli_usage_error(cmd, "--severity needs CODE=LEVEL, not '%s'", spec);
    memcpy(name, spec, len);
    name[len] = '\0';
    if (parse_code(cmd, "--severity", name, &code) != MICIC_EXIT_OK) return MICIC_EXIT_USAGE;
    if (micic_severity_from_name(eq + 1, &s) != MICIC_OK)
        return micic_cli_usage_error(cmd, "--severity: level must be info, warning or error, not '%s'",
                                     eq + 1);
    for (i = 0; i < MICIC_MAX_OVERRIDES; i++) {
        if (o->override_code[i] == 0 || o->override_code[i] == code) {
            o->override_code[i] = code;
            o->override_severity[i] = s;
            return MICIC_EXIT_OK;
        }
    }
    return micic_cli_usage_error(cmd, "--severity: at most %d codes", MICIC_MAX_OVERRIDES);
}

int micic_cmd_validate(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **inputs;
    size_t n_inputs = 0, changed = 0;
    const char *out_path = NULL;
    micic_format from = MICIC_FORMAT_AUTO, to = MICIC_FORMAT_AUTO;
    micic_report_format rfmt = MICIC_REPORT_TEXT;
    micic_validate_options vo;
    int quiet = 0, fix = 0, have_to = 0, k, status = MICIC_EXIT_OK, rc;
    micic_corpus *corpus = NULL;
    micic_report *all = NULL, *vreport = NULL;
    micic_cli_progress bar;
    micic_error err;
    char *text = NULL;
    FILE *report_out = stdout;

    micic_validate_options_init(&vo);
    inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) {
        micic_cli_fail(cmd, "out of memory");
        return MICIC_EXIT_USAGE;
    }
    micic_cli_args_init(&a, &validate_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        int st = MICIC_EXIT_OK;
        switch (k) {
        case MICIC_CLI_HELP: free(inputs); return MICIC_EXIT_OK;
        case MICIC_CLI_BAD: free(inputs); return MICIC_EXIT_USAGE;
        case MICIC_CLI_ARG: inputs[n_inputs++] = (char *)a.arg; break;
        case OPT_FORMAT:
            if (strcmp(a.arg, "text") == 0) rfmt = MICIC_REPORT_TEXT;
            else if (strcmp(a.arg, "json") == 0) rfmt = MICIC_REPORT_JSON;
            else if (strcmp(a.arg, "csv") == 0) rfmt = MICIC_REPORT_CSV;
            else st = micic_cli_usage_error(cmd, "unknown report format '%s' for --format "
                                                 "(text, json or csv)", a.arg);
            break;
        case OPT_STRICT: vo.strict = 1; break;
        case OPT_FIX: fix = 1; break;
        case 'o': out_path = a.arg; break;
        case 't':
            st = micic_cli_parse_format(cmd, "--to", a.arg, 1, &to);
            have_to = 1;
            break;
        case 'f': st = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_DELIMITER: st = micic_cli_parse_delimiter(cmd, a.arg); break;
        case OPT_DISABLE: st = add_disabled(cmd, &vo, a.arg); break;
        case OPT_SEVERITY: st = add_severity(cmd, &vo, a.arg); break;
        case OPT_MAX: st = micic_cli_parse_size(cmd, "--max-diagnostics", a.arg, &vo.max_diagnostics); break;
        case 'q': quiet = 1; break;
        default: break;
        }
        if (st != MICIC_EXIT_OK) {
            free(inputs);
            return MICIC_EXIT_USAGE;
        }
    }
    if (fix && !out_path) {
        free(inputs);
        return micic_cli_usage_error(cmd, "--fix needs -o OUT (where to write the records)");
    }
    if (!fix && (out_path || have_to)) {
        free(inputs);
        return micic_cli_usage_error(cmd, "-o and --to are only used with --fix");
    }
    if (fix && !have_to) {
        if (strcmp(out_path, "-") == 0) {
            free(inputs);
            return micic_cli_usage_error(cmd, "writing to standard output needs --to FMT");
        }
        if (format_from_extension(cmd, out_path, &to) != MICIC_EXIT_OK) {
            free(inputs);
            return MICIC_EXIT_USAGE;
        }
    }
    if (fix && micic_cli_check_output(cmd, out_path, inputs, n_inputs) != MICIC_EXIT_OK) {
        free(inputs);
        return MICIC_EXIT_USAGE;
    }
    if (fix && strcmp(out_path, "-") == 0) report_out = stderr; /* keep stdout for records */

    corpus = micic_corpus_new();
    all = micic_report_new();
    if (!corpus || !all) {
        status = micic_cli_fail(cmd, "out of memory");
        goto done;
    }
    if (micic_cli_load_ex(cmd, corpus, inputs, n_inputs, from, quiet) != MICIC_EXIT_OK) {
        status = MICIC_EXIT_USAGE; /* I/O error: the message was printed */
        goto done;
    }
    if (micic_report_extend(all, micic_corpus_read_report(corpus)) != MICIC_OK) {
        status = micic_cli_fail(cmd, "out of memory");
        goto done;
    }
    if (fix) {
        micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
        rc = micic_normalize(corpus, all, &changed, &err);
        if (rc != MICIC_OK) {
            micic_cli_fail_error(cmd, rc, &err);
            status = MICIC_EXIT_USAGE;
            goto done;
        }
        rc = micic_write_file(corpus, out_path, to, &wo, &err);
        if (rc != MICIC_OK) {
            micic_cli_fail_error(cmd, rc, &err);
            status = MICIC_EXIT_USAGE;
            goto done;
        }
    }
    micic_cli_progress_start(&bar, cmd, "validating", quiet, 0);
    rc = micic_validate_with_progress(corpus, &vo, micic_cli_progress_cb, &bar, &vreport, &err);
    micic_cli_progress_end(&bar);
    if (rc != MICIC_OK) {
        micic_cli_fail_error(cmd, rc, &err);
        status = MICIC_EXIT_USAGE;
        goto done;
    }
    if (micic_report_extend(all, vreport) != MICIC_OK) {
        status = micic_cli_fail(cmd, "out of memory");
        goto done;
    }
    /* input records lost while reading (rejected, or not reached) fail too */
    status = micic_validate_ok(all, vo.strict) && !micic_report_lost(micic_corpus_read_report(corpus))
                 ? MICIC_EXIT_OK
                 : MICIC_EXIT_FAIL;
    if (!quiet) {
        rc = micic_report_render(all, rfmt, &text, &err);
        if (rc != MICIC_OK) {
            micic_cli_fail_error(cmd, rc, &err);
            status = MICIC_EXIT_USAGE;
            goto done;
        }
        fputs(text, report_out);
        if (text[0] && text[strlen(text) - 1] != '\n') fputc('\n', report_out);
        if (fix) fprintf(stderr, "micic %s: %zu value(s) normalized, records written to %s\n",
                         cmd, changed, out_path);
    }
done:
    micic_free(text);
    micic_report_free(vreport);
    micic_report_free(all);
    micic_corpus_free(corpus);
    free(inputs);
    return status;
}
