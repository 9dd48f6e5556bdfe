/* Option parsing, messages, input loading and the progress bar shared by the
 * micic subcommands. */
#define _POSIX_C_SOURCE 200809L /* isatty, fileno, clock_gettime */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* ---- option parsing --------------------------------------------------- */

void micic_cli_args_init(micic_cli_args *a, const micic_cli_spec *spec, int argc,
                         char **argv) {
    memset(a, 0, sizeof *a);
    a->spec = spec;
    a->argc = argc;
    a->argv = argv;
    a->next = 1;
}

static size_t option_count(const micic_cli_spec *spec) {
    size_t n = 0;
    if (!spec->options) return 0;
    while (spec->options[n].name) n++;
    return n;
}

/* Suggest the closest long option name for a misspelled one. */
static void bad_long_option(const micic_cli_args *a, const char *name, size_t len,
                            const char *why) {
    const char *names[64];
    size_t n = option_count(a->spec), k = 0, i;
    char word[64];
    const char *near;
    if (len >= sizeof word) len = sizeof word - 1;
    memcpy(word, name, len);
    word[len] = '\0';
    for (i = 0; i < n && k < sizeof names / sizeof names[0] - 1; i++)
        names[k++] = a->spec->options[i].name;
    names[k++] = "help";
    near = micic_cli_closest(word, names, k);
    if (near && strcmp(why, "unknown") == 0)
        micic_cli_usage_error(a->spec->name, "unknown option '--%s'; did you mean '--%s'?",
                              word, near);
    else
        micic_cli_usage_error(a->spec->name, "%s option '--%s'", why, word);
}

/* Read the value of the option just found into a->arg. */
static int take_value(micic_cli_args *a, const micic_cli_option *o, const char *inline_value) {
    if (!o->arg) {
        if (inline_value) {
            micic_cli_usage_error(a->spec->name, "option '%s' takes no value", a->opt_text);
            return MICIC_CLI_BAD;
        }
        a->arg = NULL;
        return o->key;
    }
    if (inline_value) {
        a->arg = inline_value;
        return o->key;
    }
    if (a->next >= a->argc) {
        micic_cli_usage_error(a->spec->name, "option '%s' needs a value (%s)", a->opt_text,
                              o->arg);
        return MICIC_CLI_BAD;
    }
    a->arg = a->argv[a->next++];
    return o->key;
}

static int next_long(micic_cli_args *a, const char *text) {
    const char *eq = strchr(text, '=');
    size_t len = eq ? (size_t)(eq - text) : strlen(text);
    size_t n = option_count(a->spec), i;
    const micic_cli_option *found = NULL;
    int ambiguous = 0;
    snprintf(a->opt_text, sizeof a->opt_text, "--%.*s", (int)(len > 60 ? 60 : len), text);
    if (len == 4 && strncmp(text, "help", 4) == 0) {
        micic_cli_print_help(a->spec, stdout);
        return MICIC_CLI_HELP;
    }
    for (i = 0; i < n; i++) {
        const micic_cli_option *o = &a->spec->options[i];
        if (strncmp(o->name, text, len) != 0) continue;
        if (strlen(o->name) == len) { /* exact match wins */
            found = o;
            ambiguous = 0;
            break;
        }
        if (found) ambiguous = 1;
        found = o;
    }
    if (ambiguous) {
        bad_long_option(a, text, len, "ambiguous");
        return MICIC_CLI_BAD;
    }
    if (!found) {
        bad_long_option(a, text, len, "unknown");
        return MICIC_CLI_BAD;
    }
    snprintf(a->opt_text, sizeof a->opt_text, "--%s", found->name);
    return take_value(a, found, eq ? eq + 1 : NULL);
}

static int next_short(micic_cli_args *a) {
    char c = *a->group++;
    size_t n = option_count(a->spec), i;
    snprintf(a->opt_text, sizeof a->opt_text, "-%c", c);
    if (c == 'h') {
        a->group = NULL;
        micic_cli_print_help(a->spec, stdout);
        return MICIC_CLI_HELP;
    }
    for (i = 0; i < n; i++) {
        const micic_cli_option *o = &a->spec->options[i];
        const char *rest;
        if (o->key >= MICIC_CLI_KEY_LONG || o->key != (unsigned char)c) continue;
        if (!o->arg) {
            if (*a->group == '\0') a->group = NULL;
            a->arg = NULL;
            return o->key;
        }
        rest = a->group;
        a->group = NULL;
        return take_value(a, o, *rest ? rest : NULL);
    }
    a->group = NULL;
    micic_cli_usage_error(a->spec->name, "unknown option '-%c'", c);
    return MICIC_CLI_BAD;
}

int micic_cli_next(micic_cli_args *a) {
    const char *s;
    a->arg = NULL;
    if (a->group) return next_short(a);
    if (a->next >= a->argc) return MICIC_CLI_DONE;
    s = a->argv[a->next++];
    if (a->only_args || s[0] != '-' || s[1] == '\0') {
        a->arg = s;
        return MICIC_CLI_ARG;
    }
    if (s[1] == '-') {
        if (s[2] == '\0') {
            a->only_args = 1;
            return micic_cli_next(a);
        }
        return next_long(a, s + 2);
    }
    a->group = s + 1;
    return next_short(a);
}

void micic_cli_print_help(const micic_cli_spec *spec, FILE *out) {
    size_t n = option_count(spec), i, width = 10;
    fprintf(out, "Usage: micic %s%s%s\n\n%s\n", spec->name, spec->synopsis ? " " : "",
            spec->synopsis ? spec->synopsis : "", spec->summary);
    if (spec->description) fprintf(out, "\n%s\n", spec->description);
    for (i = 0; i < n; i++) {
        const micic_cli_option *o = &spec->options[i];
        size_t w = 6 + strlen(o->name) + (o->arg ? strlen(o->arg) + 1 : 0);
        if (w > width) width = w;
    }
    fputs("\nOptions:\n", out);
    for (i = 0; i < n; i++) {
        const micic_cli_option *o = &spec->options[i];
        char left[128];
        if (o->key < MICIC_CLI_KEY_LONG && isprint(o->key))
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(out, "  %-*s  %s\n", (int)width, left, o->help);
    }
    fprintf(out, "  %-*s  %s\n", (int)width, "-h, --help", "show this help and exit");
    if (spec->examples) fprintf(out, "\nExamples:\n%s", spec->examples);
}

/* ---- messages ------------------------------------------------------------ */

int micic_cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "micic %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'micic %s --help'.\n", cmd);
    return MICIC_EXIT_USAGE;
}

int micic_cli_fail(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "micic %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return MICIC_EXIT_FAIL;
}

int micic_cli_fail_error(const char *cmd, int status, const micic_error *err) {
    const char *what = micic_strerror(err && err->code ? err->code : status);
    fprintf(stderr, "micic %s: ", cmd);
    /* the location, unless the text names the file already */
    if (err && err->source[0] && !(err->line <= 0 && strstr(err->text, err->source))) {
        fputs(err->source, stderr);
        if (err->line > 0) fprintf(stderr, ":%d", err->line);
        if (err->line > 0 && err->column > 0) fprintf(stderr, ":%d", err->column);
        fputs(": ", stderr);
    }
    if (err && err->text[0] && (strcmp(err->text, what) == 0 || (err->code == MICIC_EIO &&
                                                                  strchr(err->text, ':'))))
        fprintf(stderr, "%s\n", err->text); /* "cannot open X: <system error>" says it all */
    else if (err && err->text[0])
        fprintf(stderr, "%s (%s)\n", err->text, what);
    else
        fprintf(stderr, "%s\n", what);
    return MICIC_EXIT_FAIL;
}

/* Levenshtein distance, ASCII case-insensitive, for short words (commands,
 * option names). Longer words are compared on their first 63 bytes. */
static size_t word_distance(const char *a, const char *b) {
    size_t row[64], la = strlen(a), lb = strlen(b), i, j;
    if (la > 63) la = 63;
    if (lb > 63) lb = 63;
    for (j = 0; j <= lb; j++) row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])
                              ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *micic_cli_closest(const char *word, const char *const *candidates, size_t n) {
    const char *best = NULL;
    size_t best_d = (size_t)-1, i, len = strlen(word);
    /* a typo is at most a third of the word (at least 1, at most 3 edits) */
    size_t limit = len / 3 < 1 ? 1 : (len / 3 > 3 ? 3 : len / 3);
    for (i = 0; i < n; i++) {
        size_t d = word_distance(word, candidates[i]);
        size_t clen = strlen(candidates[i]);
        /* "sum" for "summary": a prefix of at least 3 letters counts too */
        if (len >= 3 && len < clen && strncmp(word, candidates[i], len) == 0) d = 1;
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

/* ---- shared argument helpers ----------------------------------------------- */

int micic_cli_parse_format(const char *cmd, const char *opt, const char *name, int writable,
                           micic_format *out) {
    static const char *const readable[] = {"auto", "text", "guidelines", "csv",
                                           "json", "jsonl", "long"};
    static const char *const written[] = {"csv", "json", "jsonl", "text", "long"};
    const char *const *names = writable ? written : readable;
    size_t n = writable ? sizeof written / sizeof written[0]
                        : sizeof readable / sizeof readable[0];
    size_t i;
    const char *near;
    for (i = 0; i < n; i++) {
        if (strcmp(name, names[i]) == 0 && micic_format_from_name(name, out) == MICIC_OK)
            return MICIC_EXIT_OK;
    }
    near = micic_cli_closest(name, names, n);
    if (near)
        return micic_cli_usage_error(cmd, "unknown format '%s' for %s; did you mean '%s'?",
                                     name, opt, near);
    return micic_cli_usage_error(cmd, "unknown format '%s' for %s (one of: %s)", name, opt,
                                 writable ? "csv, json, jsonl, text, long"
                                          : "auto, text, guidelines, csv, json, jsonl, long");
}

int micic_cli_parse_size(const char *cmd, const char *opt, const char *text, size_t *out) {
    char *end = NULL;
    unsigned long long v;
    if (!text || !isdigit((unsigned char)text[0]))
        return micic_cli_usage_error(cmd, "%s needs a non-negative integer, not '%s'", opt,
                                     text ? text : "");
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || *end != '\0' || v > (unsigned long long)(size_t)-1)
        return micic_cli_usage_error(cmd, "%s needs a non-negative integer, not '%s'", opt,
                                     text);
    *out = (size_t)v;
    return MICIC_EXIT_OK;
}

/* --delimiter of the command being run (0 = sniff); see micic_cli_parse_delimiter(). */
static int cli_delimiter;

int micic_cli_parse_delimiter(const char *cmd, const char *text) {
    static const struct {
        const char *name;
        int delim;
    } names[] = {{",", ','},    {";", ';'},        {"|", '|'},    {"\t", '\t'},
                 {"\\t", '\t'}, {"tab", '\t'},     {"comma", ','}, {"semicolon", ';'},
                 {"pipe", '|'}};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(text, names[i].name) == 0) {
            cli_delimiter = names[i].delim;
            return MICIC_EXIT_OK;
        }
    }
    return micic_cli_usage_error(cmd, "--delimiter must be ',', ';', '|' or tab ('tab' or "
                                      "'\\t'), not '%s'", text);
}

int micic_cli_delimiter(void) { return cli_delimiter; }

int micic_cli_check_records(const char *cmd, const micic_corpus *corpus, int print) {
    return micic_cli_check_report(cmd, micic_corpus_read_report(corpus), print);
}

int micic_cli_check_report(const char *cmd, const micic_report *report, int print) {
    micic_report *empty = NULL;
    size_t n;
    if (micic_report_filter(report, MICIC_CODE_EMPTY_INPUT,
                            MICIC_SEVERITY_ERROR, NULL, &empty) != MICIC_OK)
        return micic_cli_fail(cmd, "out of memory");
    n = micic_report_size(empty);
    if (n && print) micic_cli_print_diagnostics(empty, MICIC_SEVERITY_ERROR, stderr);
    micic_report_free(empty);
    return n ? MICIC_EXIT_FAIL : MICIC_EXIT_OK;
}

int micic_cli_check_output(const char *cmd, const char *out, char *const *inputs, size_t n) {
    struct stat so, si;
    size_t i;
    if (!out || strcmp(out, "-") == 0 || stat(out, &so) != 0 || !S_ISREG(so.st_mode))
        return MICIC_EXIT_OK;
    for (i = 0; i < n; i++) {
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &si) != 0) continue;
        if (si.st_dev == so.st_dev && si.st_ino == so.st_ino)
            return micic_cli_usage_error(cmd,
                                         "the output '%s' is the input '%s': write to another "
                                         "file (records rejected while reading would be lost)",
                                         out, inputs[i]);
    }
    return MICIC_EXIT_OK;
}

int micic_cli_load(const char *cmd, micic_corpus *corpus, char *const *paths, size_t n,
                   micic_format from) {
    return micic_cli_load_ex(cmd, corpus, paths, n, from, 0);
}

int micic_cli_load_ex(const char *cmd, micic_corpus *corpus, char *const *paths, size_t n,
                      micic_format from, int quiet) {
    micic_read_options ro;
    micic_error err;
    micic_cli_progress bar;
    size_t i;
    int rc;
    micic_read_options_init(&ro);
    ro.format = from;
    ro.delimiter = cli_delimiter;
    micic_cli_progress_start(&bar, cmd, "reading", quiet, 1);
    ro.progress = micic_cli_progress_cb;
    ro.progress_payload = &bar;
    if (n == 0) {
        rc = micic_read_bundled(corpus, &ro, &err);
        micic_cli_progress_end(&bar);
        if (rc != MICIC_OK) {
            micic_cli_fail_error(cmd, rc, &err);
            return micic_cli_fail(cmd, "could not load the bundled corpus (looked in '%s'; "
                                       "set MICIC_DATA_DIR)", micic_bundled_dir());
        }
        return MICIC_EXIT_OK;
    }
    for (i = 0; i < n; i++) {
        rc = micic_read_file(corpus, paths[i], &ro, &err);
        micic_cli_progress_end(&bar);
        if (rc != MICIC_OK) {
            if (!err.source[0]) {
                /* name the file even when the library did not */
                micic_cli_fail(cmd, "%s: %s", paths[i],
                               err.text[0] ? err.text : micic_strerror(rc));
                return MICIC_EXIT_FAIL;
            }
            return micic_cli_fail_error(cmd, rc, &err);
        }
    }
    return MICIC_EXIT_OK;
}

int micic_cli_index(const char *cmd, const micic_corpus *corpus, int quiet, micic_index **out) {
    micic_cli_progress bar;
    micic_error err;
    int rc;
    micic_cli_progress_start(&bar, cmd, "indexing", quiet, 0);
    rc = micic_index_build_with_progress(corpus, micic_cli_progress_cb, &bar, out, &err);
    micic_cli_progress_end(&bar);
    if (rc != MICIC_OK) return micic_cli_fail_error(cmd, rc, &err);
    return MICIC_EXIT_OK;
}

void micic_cli_print_diagnostics(const micic_report *report, micic_severity min, FILE *out) {
    micic_report *shown = NULL;
    char *text = NULL;
    if (!report || micic_report_size(report) == 0) return;
    if (micic_report_filter(report, 0, min, NULL, &shown) == MICIC_OK &&
        micic_report_size(shown) > 0 && /* no summary line for nothing shown */
        micic_report_render(shown, MICIC_REPORT_TEXT, &text, NULL) == MICIC_OK && text) {
        fputs(text, out);
        if (text[0] && text[strlen(text) - 1] != '\n') fputc('\n', out);
    }
    micic_free(text);
    micic_report_free(shown);
}

/* ---- progress bar ------------------------------------------------------------ */

static double monotonic_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void micic_cli_progress_start(micic_cli_progress *p, const char *cmd, const char *what,
                              int quiet, int bytes) {
    const char *delay = getenv("MICIC_PROGRESS_DELAY");
    char *end = NULL;
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->what = what;
    p->bytes = bytes;
    p->enabled = !quiet && isatty(fileno(stderr));
    p->start = monotonic_seconds();
    p->delay = 1.0;
    if (delay && *delay) {
        double d = strtod(delay, &end);
        if (end && *end == '\0' && d >= 0) p->delay = d;
    }
}

int micic_cli_progress_cb(size_t done, size_t total, void *payload) {
    micic_cli_progress *p = payload;
    char count[64];
    double t;
    if (!p || !p->enabled) return 0;
    t = monotonic_seconds();
    if (t - p->start < p->delay) return 0;
    if (p->drawn && t - p->last < 0.1 && !(total && done >= total)) return 0;
    p->last = t;
    p->drawn = 1;
    if (p->bytes && total >= 1000000)
        snprintf(count, sizeof count, "%.1f/%.1f MB", (double)done / 1e6, (double)total / 1e6);
    else if (p->bytes)
        snprintf(count, sizeof count, "%.1f/%.1f kB", (double)done / 1e3, (double)total / 1e3);
    else
        snprintf(count, sizeof count, "%zu/%zu", done, total);
    if (total > 0) {
        char bar[31];
        size_t width = sizeof bar - 1, fill = done >= total ? width : done * width / total;
        memset(bar, '#', fill);
        memset(bar + fill, '.', width - fill);
        bar[width] = '\0';
        fprintf(stderr, "\rmicic %s: %s [%s] %3d%%  %s\033[K", p->cmd, p->what, bar,
                (int)(done >= total ? 100 : done * 100 / total), count);
    } else {
        if (p->bytes)
            snprintf(count, sizeof count, "%.1f MB", (double)done / 1e6);
        else
            snprintf(count, sizeof count, "%zu", done);
        fprintf(stderr, "\rmicic %s: %s %s\033[K", p->cmd, p->what, count);
    }
    fflush(stderr);
    return 0;
}

void micic_cli_progress_end(micic_cli_progress *p) {
    if (p && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->drawn = 0;
    }
}
