/* micic search: faceted and ranked full-text search (docs/search.md). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "cli.h"

enum { OPT_K1 = MICIC_CLI_KEY_LONG + 1, OPT_B, OPT_SNIPPET, OPT_MARKS };

static const micic_cli_option search_options[] = {
    {'k', "limit", "N", "show at most N results (default 10; 0 = all)"},
    {'F', "format", "FMT", "output format: text (default), csv or json"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {OPT_K1, "k1", "X", "BM25 k1, term frequency saturation (default 1.2; >= 0)"},
    {OPT_B, "b", "X", "BM25 b, length normalization (default 0.75; 0..1)"},
    {OPT_SNIPPET, "snippet", "N", "snippet length in characters (default 160; 0 = none)"},
    {OPT_MARKS, "marks", "OPEN,CLOSE", "marks around matched words (default '[,]')"},
    {'q', "quiet", NULL, "do not print reading diagnostics nor progress bars on standard error"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec search_spec = {
    "search",
    "QUERY [FILE...] [-k N] [--format text|csv|json]",
    "Search practice records by facets and words, ranked by BM25.",
    "QUERY combines facet terms field:value (guideline, theme, phase, crisis, type,\n"
    "stakeholder, stakeholder_type, country, population, need, source, kind, id,\n"
    "title, description, link), free words and \"quoted phrases\" with AND, OR, NOT\n"
    "(upper case) and parentheses; terms side by side are ANDed. Words and phrases\n"
    "are matched, stemmed, in titles, descriptions and stakeholder names and rank\n"
    "the results (BM25); a query of facets only lists the matches in input order.\n"
    "Facet values are normalized: phase:\"post crisis\", country:LY, guideline:14.\n"
    "See docs/query.md and docs/search.md.\n\n"
    "Records are read from every FILE ('-' = standard input), or from the bundled\n"
    "corpus when no FILE is given. Text output: rank, score, id, title, then the\n"
    "snippet with matched words marked.\n"
    "Exit status: 0 searched (also when nothing matched), 1 an input could not be\n"
    "read, 2 bad command line or query syntax error.",
    search_options,
    "  micic search evacuation\n"
    "  micic search 'guideline:14 crisis:conflict NOT country:LBY' -k 0\n"
    "  micic search '\"post evacuation\" OR relocation' --format json\n"
    "  micic search 'stakeholder:IOM' records.csv --format csv > hits.csv\n"};

typedef enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON } out_format;

static int parse_out_format(const char *cmd, const char *name, out_format *out) {
    static const char *const names[] = {"text", "csv", "json"};
    const char *near;
    size_t i;
    for (i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (out_format)i;
            return MICIC_EXIT_OK;
        }
    }
    near = micic_cli_closest(name, names, 3);
    if (near)
        return micic_cli_usage_error(cmd, "unknown format '%s' for --format; did you mean '%s'?",
                                     name, near);
    return micic_cli_usage_error(cmd, "unknown format '%s' for --format (one of: text, csv, json)",
                                 name);
}

static int parse_double(const char *cmd, const char *opt, const char *text, double lo, double hi,
                        double *out) {
    char *end;
    double v;
    errno = 0;
    v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < lo || v > hi) {
        if (hi < 1e300)
            return micic_cli_usage_error(cmd, "%s expects a number from %g to %g, not '%s'", opt,
                                         lo, hi, text);
        return micic_cli_usage_error(cmd, "%s expects a number >= %g, not '%s'", opt, lo, text);
    }
    *out = v;
    return MICIC_EXIT_OK;
}

/* Print a query syntax error with a caret under the column. */
static int query_error(const char *cmd, const char *query, int rc, const micic_error *err) {
    fprintf(stderr, "micic %s: %s: %s (column %d)\n", cmd,
            rc == MICIC_EUTF8 ? "invalid query" : "query syntax error", err->text, err->column);
    if (err->column > 0 && strlen(query) < 200 && !strchr(query, '\n')) {
        int i;
        fprintf(stderr, "  %s\n  ", query);
        for (i = 1; i < err->column; i++) fputc(' ', stderr);
        fputs("^\n", stderr);
    }
    fprintf(stderr, "Try 'micic %s --help' or see docs/query.md.\n", cmd);
    return MICIC_EXIT_USAGE;
}

static const char *title_of(const micic_corpus *c, size_t rec) {
    const micic_practice *p = micic_corpus_get(c, rec);
    return p ? micic_practice_first(p, MICIC_FIELD_TITLE) : "";
}

static void csv_field(const char *s, int last) {
    csv_fwrite(stdout, s, strlen(s));
    fputc(last ? '\n' : ',', stdout);
}

static int print_results(const char *cmd, const micic_corpus *corpus, const micic_query *q,
                         const micic_results *r, out_format fmt) {
    size_t i, n = micic_results_size(r);
    char num[64];
    if (fmt == OUT_JSON) {
        json_t *doc = json_object(), *arr = json_array();
        char *canon = micic_query_to_string(q);
        int rc;
        if (!doc || !arr || !canon) {
            json_decref(doc);
            json_decref(arr);
            micic_free(canon);
            return micic_cli_fail(cmd, "out of memory");
        }
        json_object_set_new(doc, "query", json_string(canon));
        micic_free(canon);
        json_object_set_new(doc, "ranked", json_boolean(micic_query_is_ranked(q)));
        json_object_set_new(doc, "total", json_integer((json_int_t)micic_results_total(r)));
        for (i = 0; i < n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
            json_object_set_new(o, "score", json_real(micic_results_score(r, i)));
            json_object_set_new(o, "id", json_string(micic_results_id(r, i)));
            json_object_set_new(o, "title", json_string(title_of(corpus, micic_results_record(r, i))));
            json_object_set_new(o, "snippet", json_string(micic_results_snippet(r, i)));
            json_array_append_new(arr, o);
        }
        json_object_set_new(doc, "results", arr);
        rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(doc);
        fputc('\n', stdout);
        return rc == 0 ? MICIC_EXIT_OK : micic_cli_fail(cmd, "error writing JSON");
    }
    if (fmt == OUT_CSV) {
        fputs("rank,score,id,title,snippet\n", stdout);
        for (i = 0; i < n; i++) {
            snprintf(num, sizeof num, "%zu", i + 1);
            csv_field(num, 0);
            snprintf(num, sizeof num, "%.6f", micic_results_score(r, i));
            csv_field(num, 0);
            csv_field(micic_results_id(r, i), 0);
            csv_field(title_of(corpus, micic_results_record(r, i)), 0);
            csv_field(micic_results_snippet(r, i), 1);
        }
        return MICIC_EXIT_OK;
    }
    for (i = 0; i < n; i++) {
        const char *title = title_of(corpus, micic_results_record(r, i));
        const char *snip = micic_results_snippet(r, i);
        printf("%3zu. %8.4f  %s  %s\n", i + 1, micic_results_score(r, i), micic_results_id(r, i),
               *title ? title : "(no title)");
        if (*snip) printf("      %s\n", snip);
    }
    printf("%zu of %zu matching record%s\n", n, micic_results_total(r),
           micic_results_total(r) == 1 ? "" : "s");
    return MICIC_EXIT_OK;
}

int micic_cmd_search(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **files;
    char *marks = NULL;
    const char *query = NULL;
    size_t n_files = 0;
    micic_search_options so = MICIC_SEARCH_OPTIONS_INIT;
    micic_format from = MICIC_FORMAT_AUTO;
    out_format fmt = OUT_TEXT;
    micic_corpus *corpus = NULL;
    micic_index *ix = NULL;
    micic_query *q = NULL;
    micic_results *r = NULL;
    micic_error err;
    int k, status = MICIC_EXIT_OK, rc, quiet = 0;

    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &search_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG:
            if (!query) query = a.arg;
            else files[n_files++] = (char *)a.arg;
            break;
        case 'k': status = micic_cli_parse_size(cmd, "-k", a.arg, &so.limit); break;
        case 'F': status = parse_out_format(cmd, a.arg, &fmt); break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_K1: status = parse_double(cmd, "--k1", a.arg, 0.0, 1e308, &so.k1); break;
        case OPT_B: status = parse_double(cmd, "--b", a.arg, 0.0, 1.0, &so.b); break;
        case OPT_SNIPPET:
            status = micic_cli_parse_size(cmd, "--snippet", a.arg, &so.snippet_chars);
            break;
        case OPT_MARKS: {
            char *comma;
            free(marks);
            marks = malloc(strlen(a.arg) + 1);
            if (!marks) {
                status = micic_cli_fail(cmd, "out of memory");
                break;
            }
            strcpy(marks, a.arg);
            comma = strchr(marks, ',');
            if (!comma) {
                status = micic_cli_usage_error(cmd, "--marks expects OPEN,CLOSE (e.g. '<b>,</b>')");
                break;
            }
            *comma = '\0';
            so.mark_open = marks;
            so.mark_close = comma + 1;
            break;
        }
        case 'q': quiet = 1; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK && !query)
        status = micic_cli_usage_error(cmd, "expected a QUERY");
    if (status == MICIC_EXIT_OK) { /* a bad query is a command-line error: check it first */
        rc = micic_query_parse(query, &q, &err);
        if (rc == MICIC_EQUERY || rc == MICIC_EUTF8) status = query_error(cmd, query, rc, &err);
        else if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    if (status == MICIC_EXIT_OK && !(corpus = micic_corpus_new()))
        status = micic_cli_fail(cmd, "out of memory");
    if (status == MICIC_EXIT_OK)
        status = micic_cli_load_ex(cmd, corpus, files, n_files, from, quiet);
    if (status == MICIC_EXIT_OK && !quiet)
        micic_cli_print_diagnostics(micic_corpus_read_report(corpus), MICIC_SEVERITY_ERROR,
                                    stderr);
    if (status == MICIC_EXIT_OK) status = micic_cli_index(cmd, corpus, quiet, &ix);
    if (status == MICIC_EXIT_OK) {
        rc = micic_search_query(ix, q, &so, &r, &err);
        if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    if (status == MICIC_EXIT_OK) status = print_results(cmd, corpus, q, r, fmt);
    micic_results_free(r);
    micic_query_free(q);
    micic_index_free(ix);
    micic_corpus_free(corpus);
    free(marks);
    free(files);
    return status < 0 ? MICIC_EXIT_OK : status;
}
