/* micic convert / show / summary: reading, writing and counting records. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"

/* Long-only option keys. */
enum {
    OPT_COMPACT = MICIC_CLI_KEY_LONG + 1,
    OPT_ORIGINALS,
    OPT_JSON,
    OPT_DELIMITER
};

/* ======================================================================== */
/* convert                                                                   */
/* ======================================================================== */

static const micic_cli_option convert_options[] = {
    {'t', "to", "FMT", "output format: csv, json, jsonl, text or long (required)"},
    {'f', "from", "FMT", "input format: auto (default), text, guidelines, csv, json, jsonl, long"},
    {OPT_DELIMITER, "delimiter", "CHAR", "CSV cell delimiter: ',', ';', tab or '|' (default: sniffed)"},
    {'o', "output", "OUT", "write to OUT; '-' (default) is standard output"},
    {OPT_COMPACT, "compact", NULL, "json: one line instead of indented output"},
    {OPT_ORIGINALS, "with-originals", NULL,
     "json, jsonl: also write each value's original text where it differs"},
    {'q', "quiet", NULL, "do not print reading diagnostics nor the progress bar on standard error"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec convert_spec = {
    "convert",
    "[IN...] --to FMT [--from FMT] [-o OUT]",
    "Convert practice records between formats.",
    "Reads every IN (a file, or '-' for standard input; with no IN, the bundled\n"
    "corpus) into one collection and writes it in the --to format. Records keep\n"
    "their ids, so the output can be read back and converted again.\n\n"
    "Formats (docs/formats.md):\n"
    "  text        Repository record text (\"Label: value\" lines, as seed 001)\n"
    "  guidelines  guideline documents (input only: seeds 000, 002, 003)\n"
    "  csv         one row per record; several values joined by \"; \"\n"
    "  json        an array of record objects (data/practice.schema.json)\n"
    "  jsonl       one record object per line\n"
    "  long        tidy CSV: id,field,value, one row per value\n\n"
    "Problems in the input (unknown labels, rejected records...) are printed on\n"
    "standard error as file:line:column messages and do not stop the conversion.\n"
    "The output is written to a temporary file next to OUT and renamed over it\n"
    "only when complete: a failed conversion leaves OUT as it was. OUT may not be\n"
    "one of the inputs.\n"
    "Exit status: 0 every input record written, 1 an input could not be read or\n"
    "held no record (empty, a CSV header alone, unrecognised content), the output\n"
    "could not be written, or input records were lost (rejected, or in input that\n"
    "had to be skipped; the good records are still written), 2 bad command line.",
    convert_options,
    "  micic convert --to json -o corpus.json     # the bundled corpus as JSON\n"
    "  micic convert corpus.json --to csv -o corpus.csv\n"
    "  micic convert corpus.csv --to text         # back to record text, on stdout\n"
    "  cat records.txt | micic convert - --from text --to jsonl\n"};

/* ---- convert record by record (constant memory) ---- */

typedef struct stream_job {
    micic_writer *w;
    micic_error err;
    int rc;
} stream_job;

static int stream_one(const micic_practice *p, void *payload) {
    stream_job *job = payload;
    job->rc = micic_writer_add(job->w, p, &job->err);
    return job->rc != MICIC_OK;
}

/* 1 when the inputs can be converted record by record: regular files (a
 * directory, standard input and the bundled corpus are loaded), to a format
 * written record by record (not CSV: its header names every record's extra
 * fields). */
static int streamable(char *const *inputs, size_t n, micic_format to) {
    size_t i;
    struct stat st;
    if (n == 0 || to == MICIC_FORMAT_CSV) return 0;
    for (i = 0; i < n; i++)
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
    return 1;
}

/* Read each input with micic_stream_file() and write each record as it
 * comes (micic_writer): memory stays that of one record (and of one file
 * for formats read whole: text, guideline documents, long CSV). */
static int convert_streaming(const char *cmd, char *const *inputs, size_t n, micic_format from,
                             micic_format to, const micic_write_options *wo,
                             const char *out_path, micic_report *rr, int quiet,
                             size_t *written) {
    micic_read_options ro;
    micic_cli_progress bar;
    stream_job job;
    size_t i;
    int rc = MICIC_OK;
    memset(&job, 0, sizeof job);
    *written = 0;
    if ((rc = micic_writer_open(out_path, to, wo, &job.w, &job.err)) != MICIC_OK)
        return micic_cli_fail_error(cmd, rc, &job.err);
    micic_read_options_init(&ro);
    ro.format = from;
    ro.delimiter = micic_cli_delimiter();
    micic_cli_progress_start(&bar, cmd, "converting", quiet, 1);
    ro.progress = micic_cli_progress_cb;
    ro.progress_payload = &bar;
    for (i = 0; i < n && rc == MICIC_OK; i++) {
        size_t before = micic_report_records_in(rr) - micic_report_rejected(rr);
        micic_error err;
        rc = micic_stream_file(inputs[i], &ro, stream_one, &job, rr, &err);
        micic_cli_progress_end(&bar);
        *written += micic_report_records_in(rr) - micic_report_rejected(rr) - before;
        if (rc == MICIC_ECANCELLED && job.rc != MICIC_OK) {
            /* the writer failed: its error */
            micic_writer_abort(job.w);
            return micic_cli_fail_error(cmd, job.rc, &job.err);
        }
        if (rc != MICIC_OK) {
            micic_writer_abort(job.w);
            return micic_cli_fail_error(cmd, rc, &err);
        }
    }
    if ((rc = micic_writer_close(job.w, &job.err)) != MICIC_OK)
        return micic_cli_fail_error(cmd, rc, &job.err);
    return MICIC_EXIT_OK;
}

static int convert_done(const char *cmd, int status, const micic_report *rr, size_t written,
                        int quiet);

int micic_cmd_convert(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **inputs;
    size_t n_inputs = 0;
    const char *to_name = NULL, *out_path = "-";
    micic_format from = MICIC_FORMAT_AUTO, to = MICIC_FORMAT_AUTO;
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    int quiet = 0, k, status;
    size_t written = 0;
    micic_corpus *corpus;
    micic_error err;
    const micic_report *rr;

    inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &convert_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        status = MICIC_EXIT_OK;
        switch (k) {
        case MICIC_CLI_HELP: free(inputs); return MICIC_EXIT_OK;
        case MICIC_CLI_BAD: free(inputs); return MICIC_EXIT_USAGE;
        case MICIC_CLI_ARG: inputs[n_inputs++] = (char *)a.arg; break;
        case 't':
            to_name = a.arg;
            status = micic_cli_parse_format(cmd, "--to", a.arg, 1, &to);
            break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_DELIMITER: status = micic_cli_parse_delimiter(cmd, a.arg); break;
        case 'o': out_path = a.arg; break;
        case OPT_COMPACT: wo.pretty = 0; break;
        case OPT_ORIGINALS: wo.with_originals = 1; break;
        case 'q': quiet = 1; break;
        default: break;
        }
        if (status != MICIC_EXIT_OK) {
            free(inputs);
            return status;
        }
    }
    if (!to_name) {
        free(inputs);
        return micic_cli_usage_error(cmd, "missing --to FMT (csv, json, jsonl, text or long)");
    }

    if (micic_cli_check_output(cmd, out_path, inputs, n_inputs) != MICIC_EXIT_OK) {
        free(inputs);
        return MICIC_EXIT_USAGE;
    }
    if (streamable(inputs, n_inputs, to)) {
        /* record by record: memory does not grow with the input */
        micic_report *sr = micic_report_new();
        corpus = NULL;
        if (!sr) {
            free(inputs);
            return micic_cli_fail(cmd, "out of memory");
        }
        status = convert_streaming(cmd, inputs, n_inputs, from, to, &wo, out_path, sr, quiet,
                                   &written);
        free(inputs);
        if (!quiet) micic_cli_print_diagnostics(sr, MICIC_SEVERITY_WARNING, stderr);
        status = convert_done(cmd, status, sr, written, quiet);
        if (status == MICIC_EXIT_OK) status = micic_cli_check_report(cmd, sr, 0);
        micic_report_free(sr);
        return status;
    }
    corpus = micic_corpus_new();
    if (!corpus) {
        free(inputs);
        return micic_cli_fail(cmd, "out of memory");
    }
    status = micic_cli_load_ex(cmd, corpus, inputs, n_inputs, from, quiet);
    free(inputs);
    rr = micic_corpus_read_report(corpus);
    if (!quiet) micic_cli_print_diagnostics(rr, MICIC_SEVERITY_WARNING, stderr);
    if (status == MICIC_EXIT_OK) {
        int rc = micic_write_file(corpus, out_path, to, &wo, &err);
        if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
    }
    status = convert_done(cmd, status, rr, micic_corpus_size(corpus), quiet);
    if (status == MICIC_EXIT_OK) status = micic_cli_check_records(cmd, corpus, 0);
    micic_corpus_free(corpus);
    return status;
}

/* The exit status of a conversion that wrote @p written records: 1 when
 * input records were lost (the good ones are written), with a last line
 * saying how many. */
static int convert_done(const char *cmd, int status, const micic_report *rr, size_t written,
                        int quiet) {
    if (status == MICIC_EXIT_OK && micic_report_lost(rr)) {
        /* the good records are written; the exit status says some were lost */
        if (!quiet) {
            fprintf(stderr, "micic %s: %zu record(s) written; %zu rejected while reading", cmd,
                    written, micic_report_rejected(rr));
            if (micic_report_skipped_bytes(rr))
                fprintf(stderr, ", %zu byte(s) of input skipped (records there not reached)",
                        micic_report_skipped_bytes(rr));
            if (micic_report_skipped_files(rr))
                fprintf(stderr, ", %zu file(s) skipped", micic_report_skipped_files(rr));
            fputc('\n', stderr);
        }
        status = MICIC_EXIT_FAIL;
    }
    return status;
}

/* ======================================================================== */
/* show                                                                      */
/* ======================================================================== */

static const micic_cli_option show_options[] = {
    {'i', "in", "FILE", "look ids up in FILE instead of the bundled corpus (repeatable)"},
    {'f', "from", "FMT", "format of the files read (default: detect)"},
    {OPT_DELIMITER, "delimiter", "CHAR", "CSV cell delimiter: ',', ';', tab or '|' (default: sniffed)"},
    {OPT_JSON, "json", NULL, "print the records as a JSON array (the 'json' format)"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec show_spec = {
    "show",
    "FILE|ID... [--in FILE] [--from FMT] [--json]",
    "Print practice records in a readable form.",
    "Each argument that names an existing file (or '-' for standard input) shows\n"
    "every record of that file; any other argument is the id of a record, looked\n"
    "up in the bundled corpus (or in the --in files). 'micic convert --to text'\n"
    "and 'micic summary' show the ids. Each record shows its id, where it was\n"
    "read, every non-empty field with its canonical values (and the text as read\n"
    "when it differs), the guideline titles, and the fields the reader did not\n"
    "recognize.\n\n"
    "Exit status: 0 shown, 1 an id was not found or a file could not be read,\n"
    "2 bad command line.",
    show_options,
    "  micic show data/corpus/004_aa20fe2b579e300a.txt\n"
    "  micic convert --to csv | micic show -\n"
    "  micic show ID --json\n"};

/* Columns of display text in s[0..n) (UTF-8 continuation bytes do not count). */
static size_t display_width(const char *s, size_t n) {
    size_t w = 0, i;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

/* Print text wrapped at 78 columns, each line indented by 4 spaces;
 * paragraphs ("\n\n") stay separated by an empty line, single newlines
 * start a new line. Breaks only at spaces, so no character is cut. */
static void print_wrapped(const char *text, FILE *out) {
    const size_t width = 74;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *line = p;
        size_t rest = len;
        if (len == 0) fputc('\n', out);
        while (rest > 0) {
            size_t take = rest, i, last_space = 0;
            int found = 0;
            if (display_width(line, rest) > width) {
                size_t w = 0;
                for (i = 0; i < rest; i++) {
                    if (((unsigned char)line[i] & 0xC0) != 0x80) w++;
                    if (w > width) break;
                    if (line[i] == ' ') {
                        last_space = i;
                        found = 1;
                    }
                }
                if (found && last_space > 0) {
                    take = last_space;
                } else { /* one long word: cut at the next space */
                    const char *sp = memchr(line, ' ', rest);
                    take = sp ? (size_t)(sp - line) : rest;
                }
            }
            fprintf(out, "    %.*s\n", (int)take, line);
            line += take;
            rest -= take;
            while (rest > 0 && *line == ' ') {
                line++;
                rest--;
            }
        }
        if (!eol) break;
        p = eol + 1;
    }
}

static void print_practice(const micic_practice *p, FILE *out) {
    micic_location where = micic_practice_record_location(p);
    size_t f, i, n;
    fprintf(out, "== %s ==", micic_practice_id(p));
    if (where.source && where.source[0]) {
        fprintf(out, "  (%s", where.source);
        if (where.line > 0) fprintf(out, ", line %d", where.line);
        fputc(')', out);
    }
    fputc('\n', out);
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        micic_field field = (micic_field)f;
        n = micic_practice_count(p, field);
        if (field == MICIC_FIELD_ID || n == 0) continue;
        if (field == MICIC_FIELD_DESCRIPTION) {
            fprintf(out, "%s:\n", micic_field_label(field));
            for (i = 0; i < n; i++) print_wrapped(micic_practice_value(p, field, i), out);
            continue;
        }
        fprintf(out, "%s:", micic_field_label(field));
        for (i = 0; i < n; i++) {
            const char *v = micic_practice_value(p, field, i);
            const char *orig = micic_practice_original(p, field, i);
            fprintf(out, "%s%s", n > 1 ? "\n    " : " ", v);
            if (field == MICIC_FIELD_GUIDELINE) {
                /* the title stands for the "GUIDELINE N: title" heading read */
                const micic_guideline *g = micic_guideline_get(atoi(v));
                if (g) {
                    fprintf(out, ": %s", micic_guideline_title(g));
                    continue;
                }
            }
            if (orig && strcmp(orig, v) != 0) fprintf(out, "  (read as '%s')", orig);
        }
        fputc('\n', out);
    }
    n = micic_practice_extra_count(p);
    if (n > 0) {
        fputs("Other fields (not recognized):\n", out);
        for (i = 0; i < n; i++)
            fprintf(out, "    %s: %s\n", micic_practice_extra_label(p, i),
                    micic_practice_extra_value(p, i));
    }
}

static int is_file_argument(const char *arg) {
    struct stat st;
    return strcmp(arg, "-") == 0 || (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode));
}

/* Append a copy of p to the records to show. */
static int add_copy(const char *cmd, micic_corpus *shown, const micic_practice *p) {
    micic_error err;
    micic_practice *copy = micic_practice_copy(p);
    int rc;
    if (!copy) return micic_cli_fail(cmd, "out of memory");
    rc = micic_corpus_add(shown, copy, &err);
    return rc == MICIC_OK ? MICIC_EXIT_OK : micic_cli_fail_error(cmd, rc, &err);
}

static int id_not_found(const char *cmd, const char *id, const micic_corpus *lookup,
                        int bundled) {
    size_t n = micic_corpus_size(lookup), i;
    const char **ids = malloc((n ? n : 1) * sizeof *ids);
    const char *near = NULL;
    if (ids) {
        for (i = 0; i < n; i++) ids[i] = micic_practice_id(micic_corpus_get(lookup, i));
        near = micic_cli_closest(id, ids, n);
    }
    fprintf(stderr, "micic %s: no file or record id '%s' (%zu records in %s)\n", cmd, id, n,
            bundled ? "the bundled corpus" : "the --in files");
    if (near) fprintf(stderr, "micic %s: did you mean '%s'?\n", cmd, near);
    free(ids);
    return MICIC_EXIT_FAIL;
}

int micic_cmd_show(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **args, **in_files;
    size_t n_args = 0, n_in = 0, i, j;
    micic_format from = MICIC_FORMAT_AUTO;
    int json = 0, k, status = MICIC_EXIT_OK;
    micic_corpus *shown = NULL, *lookup = NULL;

    args = calloc((size_t)argc + 1, sizeof *args);
    in_files = calloc((size_t)argc + 1, sizeof *in_files);
    if (!args || !in_files) {
        free(args);
        free(in_files);
        return micic_cli_fail(cmd, "out of memory");
    }
    micic_cli_args_init(&a, &show_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG: args[n_args++] = (char *)a.arg; break;
        case 'i': in_files[n_in++] = (char *)a.arg; break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_DELIMITER: status = micic_cli_parse_delimiter(cmd, a.arg); break;
        case OPT_JSON: json = 1; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK && n_args == 0)
        status = micic_cli_usage_error(cmd, "expected a FILE or a record ID");
    if (status == MICIC_EXIT_OK) {
        shown = micic_corpus_new();
        if (!shown) status = micic_cli_fail(cmd, "out of memory");
    }
    for (i = 0; status == MICIC_EXIT_OK && i < n_args; i++) {
        if (is_file_argument(args[i])) {
            micic_corpus *c = micic_corpus_new();
            if (!c) {
                status = micic_cli_fail(cmd, "out of memory");
                break;
            }
            status = micic_cli_load(cmd, c, &args[i], 1, from);
            if (status == MICIC_EXIT_OK)
                micic_cli_print_diagnostics(micic_corpus_read_report(c),
                                            MICIC_SEVERITY_WARNING, stderr);
            for (j = 0; status == MICIC_EXIT_OK && j < micic_corpus_size(c); j++)
                status = add_copy(cmd, shown, micic_corpus_get(c, j));
            micic_corpus_free(c);
        } else {
            const micic_practice *p;
            if (!lookup) {
                lookup = micic_corpus_new();
                if (!lookup) {
                    status = micic_cli_fail(cmd, "out of memory");
                    break;
                }
                status = micic_cli_load(cmd, lookup, in_files, n_in, from);
                if (status != MICIC_EXIT_OK) break;
            }
            p = micic_corpus_find(lookup, args[i]);
            if (!p) {
                status = id_not_found(cmd, args[i], lookup, n_in == 0);
                break;
            }
            status = add_copy(cmd, shown, p);
        }
    }
    if (status == MICIC_EXIT_OK) {
        if (json) {
            micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
            micic_error err;
            int rc = micic_write_stream(shown, stdout, MICIC_FORMAT_JSON, &wo, &err);
            if (rc != MICIC_OK) status = micic_cli_fail_error(cmd, rc, &err);
        } else {
            for (i = 0; i < micic_corpus_size(shown); i++) {
                if (i > 0) fputc('\n', stdout);
                print_practice(micic_corpus_get(shown, i), stdout);
            }
        }
    }
    micic_corpus_free(lookup);
    micic_corpus_free(shown);
    free(args);
    free(in_files);
    return status < 0 ? MICIC_EXIT_OK : status;
}

/* ======================================================================== */
/* summary                                                                   */
/* ======================================================================== */

static const micic_cli_option summary_options[] = {
    {'f', "from", "FMT", "format of the files (default: detect)"},
    {OPT_DELIMITER, "delimiter", "CHAR", "CSV cell delimiter: ',', ';', tab or '|' (default: sniffed)"},
    {OPT_JSON, "json", NULL, "print the counts as one JSON object"},
    {'v', "verbose", NULL, "also print every reading diagnostic"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec summary_spec = {
    "summary",
    "[FILE...] [--from FMT] [--json] [-v]",
    "Count practice records by kind, guideline, phase and source.",
    "Reads the FILEs ('-' for standard input) or, with none, the bundled corpus\n"
    "(the seed documents shipped with libmicic; set MICIC_DATA_DIR to use\n"
    "another directory holding corpus/), and prints:\n"
    "  - the read report: records in the input, accepted, rejected, and the\n"
    "    reading diagnostics by severity and by code;\n"
    "  - records by kind (Reported Practice / Recommended Practice), by\n"
    "    guideline (1-15), by crisis phase and by source file.\n"
    "A record tagged with several guidelines or phases counts under each;\n"
    "'(none)' counts records without a value, 'other' values outside the list.\n\n"
    "--json prints {\"source\", \"records\", \"records_in\", \"rejected\",\n"
    "\"diagnostics\": {\"error\", \"warning\", \"info\", \"by_code\"}, \"by_kind\",\n"
    "\"by_guideline\", \"by_phase\", \"by_source\"}.\n\n"
    "Exit status: 0 counted, 1 a file could not be read or an input held no\n"
    "record (its empty-input error goes to standard error), 2 bad command line.",
    summary_options,
    "  micic summary\n"
    "  micic summary corpus.json --json\n"};

/* Counts of one facet: fixed labels first, then other values and records without any. */
typedef struct tally {
    const char *labels[16];
    size_t counts[16];
    size_t n;
    size_t other; /* values outside labels */
    size_t none;  /* records without a value */
} tally;

static void tally_record(tally *t, const micic_practice *p, micic_field f, int vocab) {
    size_t n = micic_practice_count(p, f), i, j;
    if (n == 0) {
        t->none++;
        return;
    }
    for (i = 0; i < n; i++) {
        const char *v = micic_practice_value(p, f, i);
        const char *canon = vocab >= 0 ? micic_vocab_lookup((micic_vocab)vocab, v) : NULL;
        if (canon) v = canon;
        for (j = 0; j < t->n; j++)
            if (strcmp(t->labels[j], v) == 0) break;
        if (j < t->n)
            t->counts[j]++;
        else
            t->other++;
    }
}

typedef struct source_count {
    const char *name; /* borrowed from a practice */
    size_t count;
} source_count;

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

typedef struct summary {
    tally kind, guideline, phase;
    source_count *sources;
    size_t n_sources;
    char numbers[15][3]; /* "1".."15", the labels of the guideline tally */
} summary;

static int summarize(const micic_corpus *c, summary *s) {
    size_t i, j, v, n = micic_corpus_size(c);
    memset(s, 0, sizeof *s);
    for (v = 0; v < micic_vocab_size(MICIC_VOCAB_KIND) && v < 16; v++)
        s->kind.labels[s->kind.n++] = micic_vocab_label(MICIC_VOCAB_KIND, v);
    for (v = 0; v < micic_vocab_size(MICIC_VOCAB_PHASE) && v < 16; v++)
        s->phase.labels[s->phase.n++] = micic_vocab_label(MICIC_VOCAB_PHASE, v);
    for (v = 0; v < 15; v++) {
        snprintf(s->numbers[v], sizeof s->numbers[v], "%d", (int)v + 1);
        s->guideline.labels[s->guideline.n++] = s->numbers[v];
    }
    s->sources = calloc(n ? n : 1, sizeof *s->sources);
    if (!s->sources) return -1;
    for (i = 0; i < n; i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        micic_location where = micic_practice_record_location(p);
        const char *src = where.source && where.source[0] ? base_name(where.source) : "(unknown)";
        tally_record(&s->kind, p, MICIC_FIELD_KIND, MICIC_VOCAB_KIND);
        tally_record(&s->guideline, p, MICIC_FIELD_GUIDELINE, -1);
        tally_record(&s->phase, p, MICIC_FIELD_PHASE, MICIC_VOCAB_PHASE);
        for (j = 0; j < s->n_sources; j++)
            if (strcmp(s->sources[j].name, src) == 0) break;
        if (j == s->n_sources) s->sources[s->n_sources++].name = src;
        s->sources[j].count++;
    }
    return 0;
}

/* "  label ....... count": the label padded to 56 display columns (UTF-8
 * labels such as "migrants’" would be misaligned by printf's byte widths). */
static void print_row(FILE *out, const char *label, size_t count) {
    size_t w = display_width(label, strlen(label));
    fprintf(out, "  %s%*s %6zu\n", label, (int)(w < 56 ? 56 - w : 0), "", count);
}

static void print_tally(const char *title, const tally *t, int guidelines, FILE *out) {
    size_t i;
    char label[256];
    fprintf(out, "\n%s:\n", title);
    for (i = 0; i < t->n; i++) {
        if (guidelines) {
            const micic_guideline *g = micic_guideline_get((int)i + 1);
            snprintf(label, sizeof label, "%2d  %s", (int)i + 1, g ? micic_guideline_theme(g) : "");
            print_row(out, label, t->counts[i]);
        } else {
            print_row(out, t->labels[i], t->counts[i]);
        }
    }
    if (t->other) print_row(out, "other", t->other);
    print_row(out, "(none)", t->none);
}

static json_t *tally_json(const tally *t) {
    json_t *o = json_object();
    size_t i;
    if (!o) return NULL;
    for (i = 0; i < t->n; i++) json_object_set_new(o, t->labels[i], json_integer((json_int_t)t->counts[i]));
    json_object_set_new(o, "other", json_integer((json_int_t)t->other));
    json_object_set_new(o, "(none)", json_integer((json_int_t)t->none));
    return o;
}

static int print_summary_json(const micic_corpus *c, const summary *s, const char *source) {
    const micic_report *rr = micic_corpus_read_report(c);
    json_t *root = json_object(), *diag = json_object(), *codes = json_object(),
           *sources = json_object();
    size_t i;
    int rc = -1;
    if (root && diag && codes && sources) {
        for (i = 0; i < micic_report_size(rr); i++) {
            const char *code = micic_diagnostic_code_name(micic_report_get(rr, i));
            json_t *cur = json_object_get(codes, code);
            json_object_set_new(codes, code,
                                json_integer(cur ? json_integer_value(cur) + 1 : 1));
        }
        for (i = 0; i < s->n_sources; i++)
            json_object_set_new(sources, s->sources[i].name,
                                json_integer((json_int_t)s->sources[i].count));
        json_object_set_new(diag, "error",
                            json_integer((json_int_t)micic_report_count(rr, MICIC_SEVERITY_ERROR)));
        json_object_set_new(diag, "warning",
                            json_integer((json_int_t)micic_report_count(rr, MICIC_SEVERITY_WARNING)));
        json_object_set_new(diag, "info",
                            json_integer((json_int_t)micic_report_count(rr, MICIC_SEVERITY_INFO)));
        json_object_set(diag, "by_code", codes);
        json_object_set_new(root, "source", json_string(source));
        json_object_set_new(root, "records", json_integer((json_int_t)micic_corpus_size(c)));
        json_object_set_new(root, "records_in",
                            json_integer((json_int_t)micic_report_records_in(rr)));
        json_object_set_new(root, "rejected", json_integer((json_int_t)micic_report_rejected(rr)));
        json_object_set(root, "diagnostics", diag);
        json_object_set_new(root, "by_kind", tally_json(&s->kind));
        json_object_set_new(root, "by_guideline", tally_json(&s->guideline));
        json_object_set_new(root, "by_phase", tally_json(&s->phase));
        json_object_set(root, "by_source", sources);
        rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (rc == 0) fputc('\n', stdout);
    }
    json_decref(root);
    json_decref(diag);
    json_decref(codes);
    json_decref(sources);
    return rc;
}

static void print_summary_text(const micic_corpus *c, const summary *s, const char *source) {
    const micic_report *rr = micic_corpus_read_report(c);
    size_t i, j, n = micic_report_size(rr);
    FILE *out = stdout;
    fprintf(out, "Source: %s\n", source);
    fprintf(out, "Records: %zu accepted, %zu rejected, %zu in the input\n",
            micic_corpus_size(c), micic_report_rejected(rr), micic_report_records_in(rr));
    fprintf(out, "Reading diagnostics: %zu errors, %zu warnings, %zu info\n",
            micic_report_count(rr, MICIC_SEVERITY_ERROR),
            micic_report_count(rr, MICIC_SEVERITY_WARNING),
            micic_report_count(rr, MICIC_SEVERITY_INFO));
    /* by code, in order of first appearance */
    for (i = 0; i < n; i++) {
        int code = micic_diagnostic_code(micic_report_get(rr, i));
        for (j = 0; j < i; j++)
            if (micic_diagnostic_code(micic_report_get(rr, j)) == code) break;
        if (j < i) continue;
        print_row(out, micic_code_name(code), micic_report_count_code(rr, code));
    }
    print_tally("By kind", &s->kind, 0, out);
    print_tally("By guideline (thematic area)", &s->guideline, 1, out);
    print_tally("By crisis phase", &s->phase, 0, out);
    fputs("\nBy source:\n", out);
    for (i = 0; i < s->n_sources; i++)
        print_row(out, s->sources[i].name, s->sources[i].count);
}

int micic_cmd_summary(int argc, char **argv) {
    const char *cmd = argv[0];
    micic_cli_args a;
    char **files;
    size_t n_files = 0, i, len = 0;
    micic_format from = MICIC_FORMAT_AUTO;
    int json = 0, verbose = 0, k, status = MICIC_EXIT_OK;
    micic_corpus *corpus = NULL;
    summary s;
    char *source = NULL;

    memset(&s, 0, sizeof s);
    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return micic_cli_fail(cmd, "out of memory");
    micic_cli_args_init(&a, &summary_spec, argc, argv);
    while (status == MICIC_EXIT_OK && (k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: status = -1; break;
        case MICIC_CLI_BAD: status = MICIC_EXIT_USAGE; break;
        case MICIC_CLI_ARG: files[n_files++] = (char *)a.arg; break;
        case 'f': status = micic_cli_parse_format(cmd, "--from", a.arg, 0, &from); break;
        case OPT_DELIMITER: status = micic_cli_parse_delimiter(cmd, a.arg); break;
        case OPT_JSON: json = 1; break;
        case 'v': verbose = 1; break;
        default: break;
        }
    }
    if (status == MICIC_EXIT_OK) {
        corpus = micic_corpus_new();
        if (!corpus) status = micic_cli_fail(cmd, "out of memory");
    }
    if (status == MICIC_EXIT_OK) status = micic_cli_load(cmd, corpus, files, n_files, from);
    if (status == MICIC_EXIT_OK && summarize(corpus, &s) != 0)
        status = micic_cli_fail(cmd, "out of memory");
    if (status == MICIC_EXIT_OK) {
        /* "bundled corpus (DIR)" or the file names joined by ", " */
        for (i = 0; i < n_files; i++) len += strlen(files[i]) + 2;
        len += strlen(micic_bundled_dir()) + 32;
        source = malloc(len);
        if (!source) {
            status = micic_cli_fail(cmd, "out of memory");
        } else if (n_files == 0) {
            snprintf(source, len, "bundled corpus (%s)", micic_bundled_dir());
        } else {
            source[0] = '\0';
            for (i = 0; i < n_files; i++) {
                if (i) strcat(source, ", ");
                strcat(source, files[i]);
            }
        }
    }
    if (status == MICIC_EXIT_OK) {
        if (verbose)
            micic_cli_print_diagnostics(micic_corpus_read_report(corpus), MICIC_SEVERITY_INFO,
                                        stderr);
        if (json) {
            if (print_summary_json(corpus, &s, source) != 0)
                status = micic_cli_fail(cmd, "could not write the JSON summary");
        } else {
            print_summary_text(corpus, &s, source);
        }
    }
    if (status == MICIC_EXIT_OK) status = micic_cli_check_records(cmd, corpus, !verbose);
    free(source);
    free(s.sources);
    micic_corpus_free(corpus);
    free(files);
    return status < 0 ? MICIC_EXIT_OK : status;
}
