/* micic: command-line front end of libmicic. Dispatches to the subcommands
 * declared in cli.h; see docs/cli.md. */
#define _POSIX_C_SOURCE 200809L /* SIGXFSZ */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `micic --help` */
} command;

/* The dispatch table, in the order `micic --help` lists it. */
static const command commands[] = {
    {"summary", micic_cmd_summary,
     "count records by kind, guideline and phase (default: the bundled corpus)"},
    {"show", micic_cmd_show, "print records of a file, or one record by id, readably"},
    {"convert", micic_cmd_convert, "convert records between text, csv, json, jsonl and long"},
    {"validate", micic_cmd_validate, "check records against the MICIC vocabularies and rules"},
    {"search", micic_cmd_search, "search records by facets and words, ranked by BM25"},
    {"suggest", micic_cmd_suggest, "rank the 15 Guidelines for practice records or a free text"},
    {"similar", micic_cmd_similar, "find records similar to a record or a text, or near duplicates"},
    {"crosstab", micic_cmd_crosstab, "count records by one facet against another (CSV/JSON/text)"},
    {"gaps", micic_cmd_gaps, "list guideline x stakeholder type x phase cells no practice covers"},
    {"guidelines", micic_cmd_guidelines, "list the 15 MICIC Guidelines, or show one"},
    {"vocab", micic_cmd_vocab, "list the controlled vocabularies, or look a value up"},
    {"country", micic_cmd_country, "look up countries (ISO 3166-1 names and codes)"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *out) {
    size_t i;
    fputs("Usage: micic COMMAND [ARGS...]\n"
          "       micic help COMMAND\n"
          "       micic --version | --help\n\n"
          "Reads, converts, validates and counts the practices of the MICIC Repository of\n"
          "Practices (Migrants in Countries in Crisis) and knows its 15 Guidelines.\n\n"
          "Commands:\n",
          out);
    for (i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\nOptions:\n"
          "  -V, --version  print the library version and exit\n"
          "  -h, --help     show this help and exit\n\n"
          "Run 'micic help COMMAND' or 'micic COMMAND --help' for a command's options.\n"
          "Inputs default to the bundled corpus; '-' means standard input/output.\n"
          "Exit status: 0 success, 1 failure (I/O error, not found, invalid data),\n"
          "2 bad command line.\n",
          out);
}

static const command *find_command(const char *name) {
    size_t i;
    for (i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static int unknown_command(const char *name) {
    const char *names[N_COMMANDS];
    const char *near;
    size_t i;
    for (i = 0; i < N_COMMANDS; i++) names[i] = commands[i].name;
    fprintf(stderr, "micic: unknown command '%s'; see 'micic --help'\n", name);
    near = micic_cli_closest(name, names, N_COMMANDS);
    if (near) fprintf(stderr, "micic: did you mean 'micic %s'?\n", near);
    return MICIC_EXIT_USAGE;
}

/* A full disk or closed pipe must not pass for success: exit 1, or the
 * status a command documents for an output it could not write (validate: 2). */
static int finish_as(int status, int write_failed) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("micic: error writing to standard output\n", stderr);
        return status == MICIC_EXIT_OK || status < write_failed ? write_failed : status;
    }
    return status;
}

static int finish(int status) { return finish_as(status, MICIC_EXIT_FAIL); }

int main(int argc, char **argv) {
    const command *cmd;
    const char *first;
    /* past a file size limit, a write fails with EFBIG (and the output file
       is left as it was) instead of the process being killed mid-write */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        print_help(stderr);
        return MICIC_EXIT_USAGE;
    }
    first = argv[1];
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("micic %s\n", micic_version());
        return finish(MICIC_EXIT_OK);
    }
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        print_help(stdout);
        return finish(MICIC_EXIT_OK);
    }
    if (strcmp(first, "help") == 0) {
        char help_flag[] = "--help";
        char *sub_argv[3];
        if (argc == 2) {
            print_help(stdout);
            return finish(MICIC_EXIT_OK);
        }
        if (argc > 3) {
            fputs("micic help: expected one command name; see 'micic --help'\n", stderr);
            return MICIC_EXIT_USAGE;
        }
        cmd = find_command(argv[2]);
        if (!cmd) return unknown_command(argv[2]);
        sub_argv[0] = argv[2];
        sub_argv[1] = help_flag;
        sub_argv[2] = NULL;
        return finish(cmd->run(2, sub_argv));
    }
    if (first[0] == '-') {
        fprintf(stderr, "micic: unknown option '%s'; see 'micic --help'\n", first);
        return MICIC_EXIT_USAGE;
    }
    cmd = find_command(first);
    if (!cmd) return unknown_command(first);
    return finish_as(cmd->run(argc - 1, argv + 1),
                     cmd->run == micic_cmd_validate ? MICIC_EXIT_USAGE : MICIC_EXIT_FAIL);
}
