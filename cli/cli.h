/*
 * The micic command-line tool: subcommand entry points and the helpers
 * they share (cli/cli_util.c). Not installed; the CLI uses only the public
 * libmicic API.
 *
 * A subcommand is `int micic_cmd_NAME(int argc, char **argv)` with
 * argv[0] = the command name ("convert"). It returns the process exit
 * status:
 *   MICIC_EXIT_OK    (0) success
 *   MICIC_EXIT_FAIL  (1) the work failed (I/O error, record not found,
 *                        validation found errors, ...)
 *   MICIC_EXIT_USAGE (2) bad command line (unknown option, missing or
 *                        invalid argument); a message went to stderr.
 *
 * Typical subcommand:
 *
 *   static const micic_cli_option opts[] = {
 *       {'t', "to", "FMT", "output format: csv, json, jsonl, text, long"},
 *       {'o', "output", "FILE", "write to FILE (default: standard output)"},
 *       {MICIC_CLI_KEY_LONG + 1, "compact", NULL, "compact JSON"},
 *       {0, NULL, NULL, NULL}
 *   };
 *   static const micic_cli_spec spec = {
 *       "convert", "IN... --to FMT [-o OUT]", "Convert practice records.",
 *       "Longer description...", opts, "  micic convert --to json\n"
 *   };
 *   int micic_cmd_convert(int argc, char **argv) {
 *       micic_cli_args a;
 *       int k;
 *       micic_cli_args_init(&a, &spec, argc, argv);
 *       while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
 *           switch (k) {
 *           case MICIC_CLI_HELP: return MICIC_EXIT_OK;    (help was printed)
 *           case MICIC_CLI_BAD: return MICIC_EXIT_USAGE;  (message was printed)
 *           case MICIC_CLI_ARG: ... a.arg is a positional argument ...
 *           case 't': ... a.arg is the option's value ...
 *           }
 *       }
 *       ...
 *   }
 *
 * Option syntax accepted by micic_cli_next(): -x VALUE, -xVALUE,
 * --name VALUE, --name=VALUE, flags -x / --name, grouped flags -ab,
 * unambiguous prefixes of long names (--comp for --compact), "--" ends
 * the options, "-" alone is a positional argument (standard input/output).
 * Options and positional arguments may be mixed. -h and --help print the
 * spec's help to standard output.
 */
#ifndef MICIC_CLI_H
#define MICIC_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "micic/micic.h"

#if defined(__GNUC__)
#define MICIC_CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MICIC_CLI_PRINTF(a, b)
#endif

/* ---- exit statuses -------------------------------------------------- */
#define MICIC_EXIT_OK 0
#define MICIC_EXIT_FAIL 1
#define MICIC_EXIT_USAGE 2

/* ---- subcommands (one file each; see the dispatch table in main.c) -- */
int micic_cmd_guidelines(int argc, char **argv); /* cli/cmd_catalogue.c */
int micic_cmd_vocab(int argc, char **argv);      /* cli/cmd_catalogue.c */
int micic_cmd_country(int argc, char **argv);    /* cli/cmd_catalogue.c */
int micic_cmd_validate(int argc, char **argv);   /* cli/cmd_validate.c */
int micic_cmd_convert(int argc, char **argv);    /* cli/cmd_io.c */
int micic_cmd_show(int argc, char **argv);       /* cli/cmd_io.c */
int micic_cmd_summary(int argc, char **argv);    /* cli/cmd_io.c */
int micic_cmd_suggest(int argc, char **argv);    /* cli/cmd_match.c */
int micic_cmd_similar(int argc, char **argv);    /* cli/cmd_match.c */
int micic_cmd_crosstab(int argc, char **argv);   /* cli/cmd_match.c */
int micic_cmd_gaps(int argc, char **argv);       /* cli/cmd_match.c */
int micic_cmd_search(int argc, char **argv);     /* cli/cmd_search.c */

/* ---- option parsing ------------------------------------------------- */

/* Keys at or above this value are long-only options (no -x form). */
#define MICIC_CLI_KEY_LONG 256

/* One option of a subcommand. A table ends with an all-zero entry. */
typedef struct micic_cli_option {
    int key;          /* returned by micic_cli_next(); a printable ASCII key is
                         also the short option (-k); MICIC_CLI_KEY_LONG + n for
                         long-only options */
    const char *name; /* long name without "--" ("output"); never NULL */
    const char *arg;  /* value placeholder for --help ("FILE"), NULL for a flag */
    const char *help; /* one line for --help */
} micic_cli_option;

/* Everything --help says about a subcommand. */
typedef struct micic_cli_spec {
    const char *name;        /* "convert" */
    const char *synopsis;    /* arguments after the name: "IN... --to FMT [-o OUT]" */
    const char *summary;     /* one sentence */
    const char *description; /* more text (may hold "\n"), or NULL */
    const micic_cli_option *options; /* table ending with {0, NULL, NULL, NULL}; may be NULL */
    const char *examples;    /* lines of examples, each "  micic ...\n", or NULL */
} micic_cli_spec;

/* Results of micic_cli_next() besides an option key. */
#define MICIC_CLI_DONE (-1) /* no more arguments */
#define MICIC_CLI_ARG (-2)  /* positional argument in args->arg */
#define MICIC_CLI_HELP (-3) /* -h/--help: help was printed to stdout; exit 0 */
#define MICIC_CLI_BAD (-4)  /* bad option: message was printed to stderr; exit 2 */

/* Iterator over a subcommand's arguments (no global state, unlike getopt). */
typedef struct micic_cli_args {
    const micic_cli_spec *spec;
    int argc;
    char **argv;
    int next;          /* index of the next argv element */
    int only_args;     /* "--" seen: the rest are positional */
    const char *group; /* rest of a "-abc" group being read, or NULL */
    const char *arg;   /* value of the last option, or the positional argument */
    char opt_text[64]; /* how the last option was spelled ("--to", "-t") */
} micic_cli_args;

/* Start iterating argv[1..argc) (argv[0] is the command name). */
void micic_cli_args_init(micic_cli_args *a, const micic_cli_spec *spec, int argc,
                         char **argv);

/* Next option key, or one of the MICIC_CLI_* results above. */
int micic_cli_next(micic_cli_args *a);

/* Print the spec's full help ("Usage: micic NAME SYNOPSIS", options...). */
void micic_cli_print_help(const micic_cli_spec *spec, FILE *out);

/* ---- messages --------------------------------------------------------- */

/* "micic CMD: <message>" + "Try 'micic CMD --help'." to stderr; returns
 * MICIC_EXIT_USAGE. */
int micic_cli_usage_error(const char *cmd, const char *fmt, ...) MICIC_CLI_PRINTF(2, 3);

/* "micic CMD: <message>" to stderr; returns MICIC_EXIT_FAIL. */
int micic_cli_fail(const char *cmd, const char *fmt, ...) MICIC_CLI_PRINTF(2, 3);

/* "micic CMD: [source:line:column: ]text (strerror)" for a failed library
 * call; returns MICIC_EXIT_FAIL. @p status is the call's return value. */
int micic_cli_fail_error(const char *cmd, int status, const micic_error *err);

/* The candidate closest to @p word by edit distance (ASCII case-insensitive),
 * or NULL when none is close enough to be a likely typo. */
const char *micic_cli_closest(const char *word, const char *const *candidates, size_t n);

/* ---- shared argument helpers -------------------------------------------- */

/* Parse a format name for option @p opt (e.g. "--to"). @p writable: only
 * formats that can be written (csv, json, jsonl, text, long) are accepted.
 * Prints a usage error (with a suggestion) and returns MICIC_EXIT_USAGE
 * when the name is not valid; MICIC_EXIT_OK otherwise. */
int micic_cli_parse_format(const char *cmd, const char *opt, const char *name, int writable,
                           micic_format *out);

/* --delimiter CHAR: ',', ';', '|', or a tab ("tab", "\t" or a tab
 * character); "comma", "semicolon" and "pipe" too. Sets the CSV delimiter
 * that micic_cli_load() reads with for the rest of the process (default
 * 0: sniffed from each header line). Usage error (MICIC_EXIT_USAGE) for
 * anything else. */
int micic_cli_parse_delimiter(const char *cmd, const char *text);

/* The delimiter --delimiter gave (0 = sniff). */
int micic_cli_delimiter(void);

/* micic_cli_check_records() on a read report (a streamed read's). */
int micic_cli_check_report(const char *cmd, const micic_report *report, int print);

/* MICIC_EXIT_FAIL when an input loaded into @p corpus yielded no record
 * (an "empty-input" error in its read report; printed to stderr when
 * @p print), MICIC_EXIT_OK otherwise. */
int micic_cli_check_records(const char *cmd, const micic_corpus *corpus, int print);

/* Parse a non-negative decimal integer for option @p opt; usage error
 * (MICIC_EXIT_USAGE) when it is not one. */
int micic_cli_parse_size(const char *cmd, const char *opt, const char *text, size_t *out);

/* MICIC_EXIT_USAGE (with a message) when the output file @p out is one of
 * the inputs paths[0..n) (the same file, by device and inode): a command
 * would otherwise replace its input with what it could read of it. */
int micic_cli_check_output(const char *cmd, const char *out, char *const *inputs, size_t n);

/*
 * Load the inputs of a command into @p corpus: each path of paths[0..n)
 * ("-" = standard input) read with format @p from (MICIC_FORMAT_AUTO to
 * detect), or the bundled corpus (micic_read_bundled) when n == 0.
 * On failure prints "micic CMD: ..." and returns MICIC_EXIT_FAIL; returns
 * MICIC_EXIT_OK otherwise. Data problems are not failures: they are in
 * micic_corpus_read_report(corpus).
 */
int micic_cli_load(const char *cmd, micic_corpus *corpus, char *const *paths, size_t n,
                   micic_format from);

/*
 * micic_cli_load() with a progress bar while reading (see micic_cli_progress),
 * silent when @p quiet. micic_cli_load(...) is micic_cli_load_ex(..., 0).
 */
int micic_cli_load_ex(const char *cmd, micic_corpus *corpus, char *const *paths, size_t n,
                      micic_format from, int quiet);

/* ---- progress bar -------------------------------------------------------- */

/*
 * A progress bar on standard error for long work (reading, validating,
 * indexing): "micic CMD: validating [#######.....]  58%  580000/1000000".
 * It is drawn only when standard error is a terminal, the command was not
 * given --quiet, and the work has lasted MICIC_PROGRESS_DELAY seconds
 * (environment; default 1, so short work shows nothing); then redrawn at
 * most 10 times a second, and erased by micic_cli_progress_end().
 *
 *   micic_cli_progress bar;
 *   micic_cli_progress_start(&bar, cmd, "validating", quiet, 0);
 *   rc = micic_validate_with_progress(corpus, &vo, micic_cli_progress_cb, &bar, &rep, &err);
 *   micic_cli_progress_end(&bar);
 */
typedef struct micic_cli_progress {
    const char *cmd;   /* "validate" */
    const char *what;  /* "validating" */
    int enabled;       /* stderr is a TTY and not quiet */
    int bytes;         /* units are bytes (shown in MB) rather than records */
    double start;      /* monotonic seconds at start */
    double delay;      /* seconds before the first draw */
    double last;       /* time of the last draw */
    int drawn;         /* the bar is on the screen */
} micic_cli_progress;

void micic_cli_progress_start(micic_cli_progress *p, const char *cmd, const char *what,
                              int quiet, int bytes);
/* The libmicic progress callback (micic_progress_cb); payload = the bar. Never cancels. */
int micic_cli_progress_cb(size_t done, size_t total, void *payload);
/* Erase the bar if it was drawn. */
void micic_cli_progress_end(micic_cli_progress *p);

/*
 * Build the search index of @p corpus with a progress bar ("indexing"),
 * silent when @p quiet (see micic_cli_progress). On failure prints
 * "micic CMD: ..." and returns MICIC_EXIT_FAIL (*out stays NULL); returns
 * MICIC_EXIT_OK otherwise, *out new (micic_index_free()).
 */
int micic_cli_index(const char *cmd, const micic_corpus *corpus, int quiet, micic_index **out);

/* Print the read report's diagnostics of at least @p min severity to
 * @p out in the text format (file:line:col: severity: [code] message). */
void micic_cli_print_diagnostics(const micic_report *report, micic_severity min, FILE *out);

#endif /* MICIC_CLI_H */
