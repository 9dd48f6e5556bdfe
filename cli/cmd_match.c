/* micic suggest / similar / crosstab / gaps: matching practices to
 * guidelines and to each other, and counting them. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

/* Long-only option keys. */
enum {
    OPT_JSON = MICIC_CLI_KEY_LONG + 1,
    OPT_ONCE,
    OPT_MISSING,
    OPT_ALL_PHASES,
    OPT_NO_TRAIN,
    OPT_TRAIN,
    OPT_TEXT,
    OPT_DUPLICATES,
    OPT_FILTER
};

/* ======================================================================== */
/* shared helpers                                                            */
/* ======================================================================== */

static int parse_table_format(const char *cmd, const char *name, micic_table_format *out) {
    static const char *const names[] = {"text", "csv", "json"};
    const char *near;
    size_t i;
    for (i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (micic_table_format)i;
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

static int parse_field(const char *cmd, const char *what, const char *name, micic_field *out) {
    const char *names[MICIC_FIELD_COUNT];
    const char *near;
    size_t i;
    if (micic_field_from_name(name, out) == MICIC_OK) return MICIC_EXIT_OK;
    for (i = 0; i < MICIC_FIELD_COUNT; i++) names[i] = micic_field_name((micic_field)i);
    near = micic_cli_closest(name, names, MICIC_FIELD_COUNT);
    if (near)
        return micic_cli_usage_error(cmd, "unknown %s facet '%s'; did you mean '%s'?", what, name,
                                     near);
    return micic_cli_usage_error(cmd,
                                 "unknown %s facet '%s' (one of: guideline, theme, phase, "
                                 "crisis, type, stakeholder_type, stakeholder, country, "
                                 "population, need, source, kind, ...)",
                                 what, name);
}

/* Print a library string result and free it. */
static int put_result(const char *cmd, int rc, char *text, const micic_error *err) {
    if (rc != MICIC_OK) return micic_cli_fail_error(cmd, rc, err);
    fputs(text, stdout);
    micic_free(text);
    return MICIC_EXIT_OK;
}

/* Read all of standard input into a new NUL-terminated string (free()). */
static char *read_stdin(void) {
    size_t len = 0, cap = 4096, got;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    while ((got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int json_out(json_t *root) {
    int rc = root ? json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
    if (rc == 0) fputc('\n', stdout);
    json_decref(root);
    return rc;
}

/* ======================================================================== */
/* crosstab                                                                  */
/* ======================================================================== */

static const micic_cli_option crosstab_options[] = {
    {'F', "format", "FMT", "output format: text (default), csv or json"},
    {OPT_ONCE, "once", NULL, "a record adds at most 1 to any cell"},
    {OPT_MISSING, "missing", NULL, "count records without a value under \"(none)\""},
    {OPT_FILTER, "filter", "QUERY", "only records matching QUERY (docs/query.md)"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec crosstab_spec = {
    "crosstab",
    "ROWS COLS [--format text|csv|json] [--once] [--missing] [--filter QUERY] [FILE...]",
    "Count records by one facet against another.",
    "ROWS and COLS are facet names: guideline, theme, phase, crisis, type,\n"
    "stakeholder_type, stakeholder, country, population, need, source, kind (also\n"
    "id, title, link). Facets with a vocabulary and guideline list every level,\n"
    "zero rows and columns included; other facets list the values seen.\n"
    "A record with several values adds to several cells (and counts a repeated\n"
    "value twice); --once makes it add at most 1 to any cell. Margins (Total)\n"
    "are sums of the cells. With no FILE the bundled corpus is counted.\n"
    "See docs/crosstab.md.",
    crosstab_options,
    "  micic crosstab guideline phase\n"
    "  micic crosstab stakeholder_type crisis --format csv > table.csv\n"
    "  micic crosstab country guideline --filter 'kind:reported' --format json\n"};

int micic_cmd_crosstab(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **files;
    const char *facets[2] = {NULL, NULL};
    size_t n_files = 0, n_facets = 0;
    micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
    micic_table_format fmt = MICIC_TABLE_TEXT;
    micic_format from = MICIC_FORMAT_AUTO;
    micic_field rows = MICIC_FIELD_GUIDELINE, cols = MICIC_FIELD_PHASE;
    micic_corpus *corpus = NULL;
    micic_crosstab *t = NULL;
    micic_error err;
    char *text = NULL;
    int k, status = MICIC_EXIT_OK, rc;

    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &crosstab_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG:
            if (n_facets < 2)
                facets[n_facets++] = a.arg;
            else
                files[n_files++] = (char *)a.arg;
            break;
        case 'F': status = parse_table_format(cmd, a.arg, &fmt); break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_FILTER: o.filter = a.arg; break;
        case OPT_ONCE: o.once_per_record = 1; break;
        case OPT_MISSING: o.include_missing = 1; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK && n_facets < 2)
        status = micic_cli_usage_error(cmd, "expected two facets, ROWS and COLS");
    if (status == MICIC_EXIT_OK) status = parse_field(cmd, "row", facets[0], &rows);
    if (status == MICIC_EXIT_OK) status = parse_field(cmd, "column", facets[1], &cols);
    if (status == MICIC_EXIT_OK && o.filter) {
        /* a bad query is a command-line error: check it before reading */
        micic_query *q = NULL;
        rc = micic_query_parse(o.filter, &q, &err);
        micic_query_free(q);
        if (rc != MICIC_OK)
            status = micic_cli_usage_error(cmd, "bad --filter query: %s", err.text);
    }
    if (status == MICIC_EXIT_OK && !(corpus = micic_corpus_new()))
        status = micic_cli_fail(cmd, "out of memory");
    if (status == MICIC_EXIT_OK) status = micic_cli_load(cmd, corpus, files, n_files, from);
    if (status == MICIC_EXIT_OK) {
        rc = micic_crosstab_new(corpus, rows, cols, &o, &t, &err);
        if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    if (status == MICIC_EXIT_OK) {
        rc = micic_crosstab_render(t, fmt, &text, &err);
        status = put_result(cmd, rc, text, &err);
    }
    micic_crosstab_free(t);
    micic_corpus_free(corpus);
    free(files);
    return status < 0 ? MICIC_EXIT_OK : status;
}

/* ======================================================================== */
/* gaps                                                                      */
/* ======================================================================== */

static const micic_cli_option gaps_options[] = {
    {'F', "format", "FMT", "output format: text (default), csv or json"},
    {OPT_ALL_PHASES, "all-phases", NULL,
     "examine every phase of every guideline, not only the guideline's own phase"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec gaps_spec = {
    "gaps",
    "[--format text|csv|json] [--all-phases] [FILE...]",
    "List the guideline x stakeholder type x phase cells no practice covers.",
    "A practice covers a cell when it lists the guideline, the stakeholder type\n"
    "and the phase. By default each guideline is examined in its own phase\n"
    "(1-8 Crisis Preparedness, 9-13 Emergency Response, 14-15 Post-Crisis\n"
    "Action); --all-phases examines all three. With no FILE the bundled corpus\n"
    "is used. See docs/crosstab.md.",
    gaps_options,
    "  micic gaps\n"
    "  micic gaps --all-phases --format csv > gaps.csv\n"};

int micic_cmd_gaps(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **files;
    size_t n_files = 0;
    micic_table_format fmt = MICIC_TABLE_TEXT;
    micic_format from = MICIC_FORMAT_AUTO;
    micic_corpus *corpus = NULL;
    micic_gaps *g = NULL;
    micic_error err;
    char *text = NULL;
    int k, status = MICIC_EXIT_OK, own = 1, rc;

    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &gaps_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG: files[n_files++] = (char *)a.arg; break;
        case 'F': status = parse_table_format(cmd, a.arg, &fmt); break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_ALL_PHASES: own = 0; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK && !(corpus = micic_corpus_new()))
        status = micic_cli_fail(cmd, "out of memory");
    if (status == MICIC_EXIT_OK) status = micic_cli_load(cmd, corpus, files, n_files, from);
    if (status == MICIC_EXIT_OK) {
        rc = micic_gaps_new(corpus, own, &g, &err);
        if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    if (status == MICIC_EXIT_OK) {
        rc = micic_gaps_render(g, fmt, &text, &err);
        status = put_result(cmd, rc, text, &err);
    }
    micic_gaps_free(g);
    micic_corpus_free(corpus);
    free(files);
    return status < 0 ? MICIC_EXIT_OK : status;
}

/* ======================================================================== */
/* suggest                                                                   */
/* ======================================================================== */

static const micic_cli_option suggest_options[] = {
    {'k', "top", "N", "show the N best guidelines (default 3; 0 = all 15)"},
    {OPT_JSON, "json", NULL, "write JSON instead of text"},
    {OPT_TEXT, "text", "TEXT", "rank guidelines for TEXT instead of a file"},
    {OPT_TRAIN, "train", "FILE",
     "learn from the tagged practices of FILE (repeatable; default: the bundled corpus)"},
    {OPT_NO_TRAIN, "no-train", NULL, "learn from the built-in catalogue only"},
    {'f', "from", "FMT", "input format of FILE: auto (default), text, csv, json, jsonl, ..."},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec suggest_spec = {
    "suggest",
    "[FILE|-] [-k N] [--json] [--text TEXT] [--train FILE]... [--no-train]",
    "Rank the 15 Guidelines for practice records or a free text.",
    "FILE is a practice file: every record is ranked on its own fields (title,\n"
    "description, types, stakeholder types, needs, populations). '-' reads a\n"
    "free text from standard input; --text gives it on the command line. With\n"
    "neither, every record of the bundled corpus is ranked.\n"
    "The ranking learns from the built-in catalogue (guideline titles,\n"
    "descriptions, texts, thematic areas, Sample Practices) and, unless\n"
    "--no-train, from the tagged practices of the --train files (default: the\n"
    "bundled corpus, seed 003's practices tagged by data/seed003-guideline-map.tsv).\n"
    "Each line shows the guideline, its score (higher is better: the cosine\n"
    "with the guideline's learnt TF-IDF weights), its confidence p and the\n"
    "stemmed terms that drove it. See docs/suggest.md.\n"
    "Each ranking starts with the chosen guidelines (those whose calibrated\n"
    "confidence p passes the threshold: 1 to 4, marked '*'), followed by\n"
    "'(low confidence)' when no guideline is clearly ahead. A text or record\n"
    "with no word to rank by (empty, stopwords only) is an error (exit 1; the\n"
    "other records of a file are still ranked).",
    suggest_options,
    "  micic suggest --text 'evacuation of migrants stranded by conflict'\n"
    "  echo 'cash assistance for returnees' | micic suggest - -k 5\n"
    "  micic suggest records.json --json\n"};

static json_t *suggestions_json(const micic_suggestions *r) {
    json_t *arr = json_array();
    size_t i, j;
    if (!arr) return NULL;
    for (i = 0; i < micic_suggestions_size(r); i++) {
        int n = micic_suggestions_guideline(r, i);
        const micic_guideline *g = micic_guideline_get(n);
        json_t *o = json_object(), *terms = json_array();
        if (!o || !terms) {
            json_decref(o);
            json_decref(terms);
            json_decref(arr);
            return NULL;
        }
        for (j = 0; j < micic_suggestions_term_count(r, i); j++)
            json_array_append_new(terms, json_string(micic_suggestions_term(r, i, j)));
        json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
        json_object_set_new(o, "guideline", json_integer(n));
        json_object_set_new(o, "theme", json_string(g ? micic_guideline_theme(g) : ""));
        json_object_set_new(o, "title", json_string(g ? micic_guideline_title(g) : ""));
        json_object_set_new(o, "score", json_real(micic_suggestions_score(r, i)));
        json_object_set_new(o, "confidence", json_real(micic_suggestions_confidence(r, i)));
        json_object_set_new(o, "chosen", json_boolean(i < micic_suggestions_chosen(r)));
        json_object_set_new(o, "terms", terms);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The chosen guidelines and the confidence flag of a ranking, for JSON. */
static void suggestions_json_summary(json_t *o, const micic_suggestions *r) {
    json_t *chosen = json_array();
    size_t i;
    for (i = 0; i < micic_suggestions_chosen(r); i++)
        json_array_append_new(chosen, json_integer(micic_suggestions_guideline(r, i)));
    json_object_set_new(o, "chosen", chosen);
    json_object_set_new(o, "low_confidence", json_boolean(micic_suggestions_low_confidence(r)));
}

static void suggestions_text(const micic_suggestions *r) {
    size_t i, j;
    fputs("  chosen:", stdout);
    for (i = 0; i < micic_suggestions_chosen(r); i++)
        printf(" %d", micic_suggestions_guideline(r, i));
    fputs(micic_suggestions_low_confidence(r) ? "  (low confidence)\n" : "\n", stdout);
    for (i = 0; i < micic_suggestions_size(r); i++) {
        int n = micic_suggestions_guideline(r, i);
        const micic_guideline *g = micic_guideline_get(n);
        printf("  %c%2zu. guideline %2d  %.3f  p=%.2f  %s  [", i < micic_suggestions_chosen(r) ? '*' : ' ',
               i + 1, n, micic_suggestions_score(r, i), micic_suggestions_confidence(r, i),
               g ? micic_guideline_theme(g) : "");
        for (j = 0; j < micic_suggestions_term_count(r, i); j++)
            printf("%s%s", j ? ", " : "", micic_suggestions_term(r, i, j));
        fputs("]\n", stdout);
    }
}

static int build_suggester(const char *cmd, char *const *train, size_t n_train, int no_train,
                           micic_suggester **out) {
    micic_corpus *tc = NULL;
    micic_error err;
    int status = MICIC_EXIT_OK, rc;
    if (!no_train) {
        tc = micic_corpus_new();
        if (!tc) return micic_cli_fail(cmd, "out of memory");
        status = micic_cli_load(cmd, tc, train, n_train, MICIC_FORMAT_AUTO);
    }
    if (status == MICIC_EXIT_OK) {
        rc = micic_suggester_new(tc, NULL, out, &err);
        if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    micic_corpus_free(tc);
    return status;
}

int micic_cmd_suggest(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **train, *stdin_text = NULL;
    const char *file = NULL, *text = NULL;
    size_t n_train = 0, topk = 3, i, j, unranked = 0;
    micic_format from = MICIC_FORMAT_AUTO;
    micic_suggester *s = NULL;
    micic_corpus *corpus = NULL;
    micic_error err;
    json_t *root = NULL;
    int k, status = MICIC_EXIT_OK, json = 0, no_train = 0, rc;

    train = calloc((size_t)argc + 1, sizeof *train);
    if (!train) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &suggest_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG:
            if (file)
                status = micic_cli_usage_error(cmd, "expected one FILE, got '%s' and '%s'", file,
                                               a.arg);
            file = a.arg;
            break;
        case 'k': status = micic_cli_parse_size(cmd, "-k", a.arg, &topk); break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_JSON: json = 1; break;
        case OPT_TEXT: text = a.arg; break;
        case OPT_TRAIN: train[n_train++] = (char *)a.arg; break;
        case OPT_NO_TRAIN: no_train = 1; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK && text && file)
        status = micic_cli_usage_error(cmd, "give either FILE or --text, not both");
    if (status == MICIC_EXIT_OK && no_train && n_train)
        status = micic_cli_usage_error(cmd, "--no-train and --train exclude each other");
    if (status == MICIC_EXIT_OK && file && strcmp(file, "-") == 0) {
        stdin_text = read_stdin();
        if (!stdin_text) status = micic_cli_fail(cmd, "could not read standard input");
        text = stdin_text;
    }
    if (status == MICIC_EXIT_OK) status = build_suggester(cmd, train, n_train, no_train, &s);

    if (status == MICIC_EXIT_OK && text) {
        micic_suggestions *r = NULL;
        rc = micic_suggest(s, text, topk, &r, &err);
        if (rc != MICIC_OK) {
            status = micic_cli_fail_error(cmd, rc, &err);
        } else if (json) {
            root = json_object();
            if (root) {
                suggestions_json_summary(root, r);
                json_object_set_new(root, "suggestions", suggestions_json(r));
            }
            if (json_out(root) != 0) status = micic_cli_fail(cmd, "could not write JSON");
        } else {
            suggestions_text(r);
        }
        micic_suggestions_free(r);
    } else if (status == MICIC_EXIT_OK) {
        char *paths[1];
        paths[0] = (char *)file;
        if (!(corpus = micic_corpus_new())) status = micic_cli_fail(cmd, "out of memory");
        if (status == MICIC_EXIT_OK) status = micic_cli_load(cmd, corpus, paths, file ? 1 : 0, from);
        if (status == MICIC_EXIT_OK && json && !(root = json_array()))
            status = micic_cli_fail(cmd, "out of memory");
        for (i = 0; status == MICIC_EXIT_OK && i < micic_corpus_size(corpus); i++) {
            const micic_practice *p = micic_corpus_get(corpus, i);
            micic_suggestions *r = NULL;
            rc = micic_suggest_practice(s, p, topk, &r, &err);
            if (rc == MICIC_EINVAL) { /* nothing to rank by: said, and the others ranked */
                micic_cli_fail(cmd, "%s: %s", micic_practice_id(p), err.text);
                unranked++;
                continue;
            }
            if (rc != MICIC_OK) {
                status = micic_cli_fail_error(cmd, rc, &err);
                break;
            }
            if (json) {
                json_t *o = json_object(), *given = json_array();
                for (j = 0; j < micic_practice_count(p, MICIC_FIELD_GUIDELINE); j++)
                    json_array_append_new(given, json_string(micic_practice_value(
                                                     p, MICIC_FIELD_GUIDELINE, j)));
                json_object_set_new(o, "id", json_string(micic_practice_id(p)));
                json_object_set_new(o, "title",
                                    json_string(micic_practice_first(p, MICIC_FIELD_TITLE)));
                json_object_set_new(o, "guidelines", given);
                suggestions_json_summary(o, r);
                json_object_set_new(o, "suggestions", suggestions_json(r));
                json_array_append_new(root, o);
            } else {
                const char *title = micic_practice_first(p, MICIC_FIELD_TITLE);
                printf("%s%s%s%s", micic_practice_id(p), *title ? "  " : "", title,
                       micic_practice_count(p, MICIC_FIELD_GUIDELINE) ? "  (tagged:" : "");
                for (j = 0; j < micic_practice_count(p, MICIC_FIELD_GUIDELINE); j++)
                    printf(" %s", micic_practice_value(p, MICIC_FIELD_GUIDELINE, j));
                fputs(micic_practice_count(p, MICIC_FIELD_GUIDELINE) ? ")\n" : "\n", stdout);
                suggestions_text(r);
            }
            micic_suggestions_free(r);
        }
        if (status == MICIC_EXIT_OK && json && json_out(root) != 0)
            status = micic_cli_fail(cmd, "could not write JSON");
        else if (status != MICIC_EXIT_OK)
            json_decref(root);
        if (status == MICIC_EXIT_OK && unranked) status = MICIC_EXIT_FAIL;
    }
    micic_suggester_free(s);
    micic_corpus_free(corpus);
    free(stdin_text);
    free(train);
    return status < 0 ? MICIC_EXIT_OK : status;
}

/* ======================================================================== */
/* similar                                                                   */
/* ======================================================================== */

static const micic_cli_option similar_options[] = {
    {'k', "top", "N", "show the N most similar records (default 5)"},
    {OPT_TEXT, "text", "TEXT", "records most similar to TEXT instead of a record ID"},
    {OPT_DUPLICATES, "duplicates", "T",
     "list groups of near-duplicate records with similarity >= T (0..1) instead"},
    {OPT_JSON, "json", NULL, "write JSON instead of text"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {'q', "quiet", NULL, "do not show progress bars on standard error"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec similar_spec = {
    "similar",
    "ID [-k N] [FILE...] | --text TEXT [-k N] [FILE...] | --duplicates T [FILE...]",
    "Find the records most similar to a record or a text, or near duplicates.",
    "Similarity is the cosine of TF-IDF vectors over the title, description and\n"
    "stakeholder names (Unicode folding, English stemming, stopwords removed),\n"
    "between 0 and 1. ID is a record id of the inputs (with no FILE, of the\n"
    "bundled corpus; 'micic show' lists ids). --duplicates T groups records whose\n"
    "similarity is at least T (single link). See docs/similar.md.",
    similar_options,
    "  micic similar P1 -k 3\n"
    "  micic similar --text 'cash assistance to returnees'\n"
    "  micic similar --duplicates 0.8 records.json\n"};

static void print_results(const micic_corpus *corpus, const micic_results *r, int json) {
    size_t i;
    json_t *arr = json ? json_array() : NULL;
    for (i = 0; i < micic_results_size(r); i++) {
        const micic_practice *p = micic_corpus_get(corpus, micic_results_record(r, i));
        const char *title = micic_practice_first(p, MICIC_FIELD_TITLE);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
            json_object_set_new(o, "id", json_string(micic_results_id(r, i)));
            json_object_set_new(o, "title", json_string(title));
            json_object_set_new(o, "score", json_real(micic_results_score(r, i)));
            json_array_append_new(arr, o);
        } else {
            printf("%3zu. %.3f  %s  %s\n", i + 1, micic_results_score(r, i),
                   micic_results_id(r, i), title);
        }
    }
    if (json) json_out(arr);
}

static void print_groups(const micic_corpus *corpus, const micic_groups *g, int json) {
    size_t i, j;
    json_t *arr = json ? json_array() : NULL;
    for (i = 0; i < micic_groups_count(g); i++) {
        json_t *members = json ? json_array() : NULL;
        if (!json) printf("group %zu (%zu records):\n", i + 1, micic_groups_size(g, i));
        for (j = 0; j < micic_groups_size(g, i); j++) {
            const micic_practice *p = micic_corpus_get(corpus, micic_groups_member(g, i, j));
            if (json)
                json_array_append_new(members, json_string(micic_practice_id(p)));
            else
                printf("  %s  %s\n", micic_practice_id(p), micic_practice_first(p, MICIC_FIELD_TITLE));
        }
        if (json) json_array_append_new(arr, members);
    }
    if (json)
        json_out(arr);
    else if (micic_groups_count(g) == 0)
        puts("no near duplicates");
}

int micic_cmd_similar(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **files;
    const char *id = NULL, *text = NULL, *dup_text = NULL;
    size_t n_files = 0, topk = 5;
    double threshold = 0;
    micic_format from = MICIC_FORMAT_AUTO;
    micic_corpus *corpus = NULL;
    micic_index *ix = NULL;
    micic_results *r = NULL;
    micic_groups *g = NULL;
    micic_error err;
    int k, status = MICIC_EXIT_OK, json = 0, quiet = 0, rc = MICIC_OK;

    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &similar_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG:
            if (!id && !text && !dup_text)
                id = a.arg;
            else
                files[n_files++] = (char *)a.arg;
            break;
        case 'k': status = micic_cli_parse_size(cmd, "-k", a.arg, &topk); break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_TEXT: text = a.arg; break;
        case OPT_DUPLICATES: dup_text = a.arg; break;
        case OPT_JSON: json = 1; break;
        case 'q': quiet = 1; break;
        default: break;
        }
    }
    /* an ID read before --text / --duplicates is really a file */
    if (status == MICIC_EXIT_OK && id && (text || dup_text)) {
        memmove(files + 1, files, n_files * sizeof *files);
        files[0] = (char *)id;
        n_files++;
        id = NULL;
    }
    if (status == MICIC_EXIT_OK && (!!id + !!text + !!dup_text) != 1)
        status = micic_cli_usage_error(cmd, "give one of: a record ID, --text TEXT, --duplicates T");
    if (status == MICIC_EXIT_OK && dup_text) {
        char *end = NULL;
        threshold = strtod(dup_text, &end);
        if (!end || *end || end == dup_text || !(threshold >= 0 && threshold <= 1))
            status = micic_cli_usage_error(cmd, "--duplicates needs a number from 0 to 1, not '%s'",
                                           dup_text);
    }
    if (status == MICIC_EXIT_OK && !(corpus = micic_corpus_new()))
        status = micic_cli_fail(cmd, "out of memory");
    if (status == MICIC_EXIT_OK)
        status = micic_cli_load_ex(cmd, corpus, files, n_files, from, quiet);
    if (status == MICIC_EXIT_OK) status = micic_cli_index(cmd, corpus, quiet, &ix);
    if (status == MICIC_EXIT_OK) {
        if (id) {
            long at = micic_corpus_index_of(corpus, id);
            if (at < 0)
                status = micic_cli_fail(cmd, "no record with id '%s'", id);
            else
                rc = micic_similar(ix, (size_t)at, topk, &r, &err);
        } else if (text) {
            rc = micic_similar_text(ix, text, topk, &r, &err);
        } else {
            rc = micic_duplicates(ix, threshold, &g, &err);
        }
        if (status == MICIC_EXIT_OK && rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    if (status == MICIC_EXIT_OK) {
        if (g)
            print_groups(corpus, g, json);
        else
            print_results(corpus, r, json);
    }
    micic_results_free(r);
    micic_groups_free(g);
    micic_index_free(ix);
    micic_corpus_free(corpus);
    free(files);
    return status < 0 ? MICIC_EXIT_OK : status;
}
