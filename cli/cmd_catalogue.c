/* micic guidelines / vocab / country: the built-in catalogue (micic/catalogue.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

#define KEY_JSON (MICIC_CLI_KEY_LONG + 1)
#define KEY_TEXT (MICIC_CLI_KEY_LONG + 2)
#define KEY_ALL (MICIC_CLI_KEY_LONG + 3)

/* Print a JSON document (steals it); MICIC_EXIT_FAIL when it cannot be written. */
static int dump_json(const char *cmd, json_t *doc) {
    int rc;
    if (!doc) return micic_cli_fail(cmd, "out of memory");
    rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (rc != 0) return micic_cli_fail(cmd, "cannot write JSON output");
    fputc('\n', stdout);
    return MICIC_EXIT_OK;
}

/* Print text indented, wrapping nothing (the terminal wraps). */
static void print_indented(const char *text, const char *indent) {
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) printf("%s%.*s\n", indent, (int)n, p);
        else putchar('\n');
        if (!nl) break;
        p = nl + 1;
    }
}

/* ------------------------------------------------------------------ */
/* micic guidelines                                                     */
/* ------------------------------------------------------------------ */

static const micic_cli_option guidelines_opts[] = {
    {KEY_JSON, "json", NULL, "print a JSON array instead of text"},
    {KEY_TEXT, "text", NULL,
     "include the description, and the body text and Sample Practices where known"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec guidelines_spec = {
    "guidelines", "[--json] [--text] [GUIDELINE...]",
    "List the 15 MICIC Guidelines, or show some.",
    "Prints each Guideline's number, phase, thematic area and title. A GUIDELINE is\n"
    "a number (1-15), a title (\"GUIDELINE 8: Build capacity...\", any case) or a\n"
    "thematic-area label (\"Capacity building\"). With --text, each Guideline's\n"
    "description (the project's own: aim, actions, kinds of practice, stakeholders,\n"
    "vocabulary) follows, and, for Guidelines 3, 8, 9, 14 and 15, the body text and\n"
    "Sample Practices that the seed documents give.",
    guidelines_opts,
    "  micic guidelines\n"
    "  micic guidelines --text 14\n"
    "  micic guidelines --json \"Capacity building\"\n"};

/* Guideline named by a command-line argument: number, title or theme. */
static const micic_guideline *guideline_arg(const char *arg) {
    char *end;
    long n = strtol(arg, &end, 10);
    const micic_guideline *g;
    if (end != arg && *end == '\0') return micic_guideline_get(n >= 1 && n <= 15 ? (int)n : 0);
    g = micic_guideline_by_title(arg);
    return g ? g : micic_guideline_by_theme(arg);
}

static json_t *guideline_json(const micic_guideline *g, int with_text) {
    json_t *o = json_object(), *variants = json_array();
    size_t i;
    json_object_set_new(o, "number", json_integer(micic_guideline_number(g)));
    json_object_set_new(o, "title", json_string(micic_guideline_title(g)));
    json_object_set_new(o, "theme", json_string(micic_guideline_theme(g)));
    json_object_set_new(o, "phase", json_string(micic_phase_label(micic_guideline_phase(g))));
    for (i = 0; i < micic_guideline_variant_count(g); i++)
        json_array_append_new(variants, json_string(micic_guideline_variant(g, i)));
    json_object_set_new(o, "title_variants", variants);
    if (with_text) {
        json_t *samples = json_array();
        const char *text = micic_guideline_text(g);
        json_object_set_new(o, "description", json_string(micic_guideline_description(g)));
        json_object_set_new(o, "text", text ? json_string(text) : json_null());
        for (i = 0; i < micic_guideline_sample_count(g); i++)
            json_array_append_new(samples, json_string(micic_guideline_sample(g, i)));
        json_object_set_new(o, "sample_practices", samples);
    }
    return o;
}

static void guideline_print(const micic_guideline *g, int with_text) {
    size_t i;
    printf("%2d  %-19s  %s\n", micic_guideline_number(g),
           micic_phase_label(micic_guideline_phase(g)), micic_guideline_theme(g));
    printf("    GUIDELINE %d: %s\n", micic_guideline_number(g), micic_guideline_title(g));
    if (!with_text) return;
    printf("\n    Description\n\n");
    print_indented(micic_guideline_description(g), "    ");
    if (micic_guideline_text(g)) {
        printf("\n    Guideline text\n\n");
        print_indented(micic_guideline_text(g), "    ");
    }
    if (micic_guideline_sample_count(g)) {
        printf("\n    Sample Practices\n");
        for (i = 0; i < micic_guideline_sample_count(g); i++)
            printf("    - %s\n", micic_guideline_sample(g, i));
    }
    putchar('\n');
}

int micic_cmd_guidelines(int argc, char **argv) {
    micic_cli_args a;
    const micic_guideline *chosen[64];
    size_t nchosen = 0, i;
    int k, json = 0, text = 0, status = MICIC_EXIT_OK;
    micic_cli_args_init(&a, &guidelines_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: return MICIC_EXIT_OK;
        case MICIC_CLI_BAD: return MICIC_EXIT_USAGE;
        case KEY_JSON: json = 1; break;
        case KEY_TEXT: text = 1; break;
        case MICIC_CLI_ARG: {
            const micic_guideline *g = guideline_arg(a.arg);
            if (!g) {
                status = micic_cli_fail(guidelines_spec.name,
                                        "no guideline '%s' (give 1-15, a title or a thematic area)",
                                        a.arg);
                break;
            }
            if (nchosen == sizeof chosen / sizeof chosen[0])
                return micic_cli_usage_error(guidelines_spec.name, "too many arguments");
            chosen[nchosen++] = g;
            break;
        }
        default: return micic_cli_usage_error(guidelines_spec.name, "unexpected option");
        }
    }
    if (status != MICIC_EXIT_OK) return status;
    if (nchosen == 0)
        for (i = 0; i < micic_guideline_count(); i++) chosen[nchosen++] = micic_guideline_get((int)i + 1);
    if (json) {
        json_t *arr = json_array();
        for (i = 0; i < nchosen; i++) json_array_append_new(arr, guideline_json(chosen[i], text));
        return dump_json(guidelines_spec.name, arr);
    }
    for (i = 0; i < nchosen; i++) guideline_print(chosen[i], text);
    return MICIC_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* micic vocab                                                          */
/* ------------------------------------------------------------------ */

static const micic_cli_option vocab_opts[] = {
    {KEY_JSON, "json", NULL, "print JSON instead of text"}, {0, NULL, NULL, NULL}};

static const micic_cli_spec vocab_spec = {
    "vocab", "[--json] [FIELD [VALUE...]]",
    "List the controlled vocabularies, or look values up in one.",
    "Without FIELD, lists every vocabulary with its labels and accepted synonyms.\n"
    "FIELD is a vocabulary name (type, stakeholder_type, crisis, phase, theme,\n"
    "population, need, source, kind) or a record label (\"Type of crisis\").\n"
    "With VALUEs, prints the canonical label of each, or a \"did you mean\"; the\n"
    "exit status is 1 when a value of a closed vocabulary is not in it.\n"
    "Matching ignores case, accents, quote styles, hyphens and spacing.",
    vocab_opts,
    "  micic vocab\n"
    "  micic vocab crisis\n"
    "  micic vocab stakeholder_type \"Host States\" \"Internatonal Organisations\"\n"};

static json_t *vocab_json(micic_vocab v) {
    json_t *o = json_object(), *labels = json_array();
    size_t i, j;
    json_object_set_new(o, "name", json_string(micic_vocab_name(v)));
    json_object_set_new(o, "closed", json_boolean(micic_vocab_is_closed(v)));
    for (i = 0; i < micic_vocab_size(v); i++) {
        json_t *t = json_object(), *syn = json_array();
        json_object_set_new(t, "label", json_string(micic_vocab_label(v, i)));
        for (j = 0; j < micic_vocab_synonym_count(v, i); j++)
            json_array_append_new(syn, json_string(micic_vocab_synonym(v, i, j)));
        json_object_set_new(t, "synonyms", syn);
        json_array_append_new(labels, t);
    }
    json_object_set_new(o, "labels", labels);
    return o;
}

static void vocab_print(micic_vocab v) {
    size_t i, j;
    printf("%s (%s, %zu labels)\n", micic_vocab_name(v),
           micic_vocab_is_closed(v) ? "closed" : "open", micic_vocab_size(v));
    for (i = 0; i < micic_vocab_size(v); i++) {
        printf("  %s", micic_vocab_label(v, i));
        for (j = 0; j < micic_vocab_synonym_count(v, i); j++)
            printf("%s%s", j ? "; " : "  [also: ", micic_vocab_synonym(v, i, j));
        printf("%s\n", micic_vocab_synonym_count(v, i) ? "]" : "");
    }
}

static int vocab_field(const char *arg, micic_vocab *v) {
    const char *names[MICIC_VOCAB_COUNT];
    const char *near;
    int i;
    if (micic_vocab_from_name(arg, v) == MICIC_OK) return MICIC_EXIT_OK;
    for (i = 0; i < MICIC_VOCAB_COUNT; i++) names[i] = micic_vocab_name((micic_vocab)i);
    near = micic_cli_closest(arg, names, MICIC_VOCAB_COUNT);
    if (near)
        return micic_cli_usage_error(vocab_spec.name, "unknown vocabulary '%s'; did you mean '%s'?",
                                     arg, near);
    return micic_cli_usage_error(vocab_spec.name,
                                 "unknown vocabulary '%s' (see 'micic vocab' for the list)", arg);
}

int micic_cmd_vocab(int argc, char **argv) {
    micic_cli_args a;
    micic_vocab v = MICIC_VOCAB_COUNT;
    char **values;
    size_t nvalues = 0, i;
    int k, json = 0, have_field = 0, status = MICIC_EXIT_OK;
    values = calloc((size_t)(argc > 0 ? argc : 1), sizeof *values);
    if (!values) return micic_cli_fail(vocab_spec.name, "out of memory");
    micic_cli_args_init(&a, &vocab_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: free(values); return MICIC_EXIT_OK;
        case MICIC_CLI_BAD: free(values); return MICIC_EXIT_USAGE;
        case KEY_JSON: json = 1; break;
        case MICIC_CLI_ARG:
            if (!have_field) {
                int rc = vocab_field(a.arg, &v);
                if (rc != MICIC_EXIT_OK) {
                    free(values);
                    return rc;
                }
                have_field = 1;
            } else {
                values[nvalues++] = (char *)a.arg;
            }
            break;
        default: free(values); return micic_cli_usage_error(vocab_spec.name, "unexpected option");
        }
    }
    if (!have_field) { /* list everything */
        free(values);
        if (json) {
            json_t *arr = json_array();
            for (i = 0; i < MICIC_VOCAB_COUNT; i++) json_array_append_new(arr, vocab_json((micic_vocab)i));
            return dump_json(vocab_spec.name, arr);
        }
        for (i = 0; i < MICIC_VOCAB_COUNT; i++) {
            if (i) putchar('\n');
            vocab_print((micic_vocab)i);
        }
        return MICIC_EXIT_OK;
    }
    if (nvalues == 0) {
        free(values);
        if (json) return dump_json(vocab_spec.name, vocab_json(v));
        vocab_print(v);
        return MICIC_EXIT_OK;
    }
    {
        json_t *arr = json ? json_array() : NULL;
        for (i = 0; i < nvalues; i++) {
            const char *label = micic_vocab_lookup(v, values[i]);
            const char *near = label ? NULL : micic_vocab_suggest(v, values[i], NULL);
            if (json) {
                json_t *o = json_object();
                json_object_set_new(o, "input", json_string(values[i]));
                json_object_set_new(o, "label", label ? json_string(label) : json_null());
                json_object_set_new(o, "suggestion", near ? json_string(near) : json_null());
                json_array_append_new(arr, o);
            } else if (label) {
                printf("%s\t%s\n", values[i], label);
            } else if (near) {
                fprintf(stderr, "micic vocab: '%s' is not in %s; did you mean '%s'?\n", values[i],
                        micic_vocab_name(v), near);
            } else {
                fprintf(stderr, "micic vocab: '%s' is not in %s\n", values[i], micic_vocab_name(v));
            }
            if (!label && micic_vocab_is_closed(v)) status = MICIC_EXIT_FAIL;
        }
        free(values);
        if (json) {
            int rc = dump_json(vocab_spec.name, arr);
            if (rc != MICIC_EXIT_OK) return rc;
        }
    }
    return status;
}

/* ------------------------------------------------------------------ */
/* micic country                                                        */
/* ------------------------------------------------------------------ */

static const micic_cli_option country_opts[] = {
    {KEY_JSON, "json", NULL, "print a JSON array instead of text"},
    {KEY_ALL, "all", NULL, "list every country (ISO 3166-1 plus Global)"},
    {0, NULL, NULL, NULL}};

static const micic_cli_spec country_spec = {
    "country", "[--json] NAME... | --all",
    "Look up countries by name, alias or ISO 3166-1 code.",
    "Prints alpha-2, alpha-3, numeric code and name, tab-separated, one line per\n"
    "NAME. A NAME is an ISO short, common or official name, a common variant\n"
    "(\"USA\", \"Ivory Coast\", \"Republic of Korea\"), an alpha-2/alpha-3/numeric code\n"
    "or \"Global\" (XG/XGL). Unknown names are reported with a \"did you mean\" and\n"
    "make the exit status 1.",
    country_opts,
    "  micic country Egypt USA 818\n"
    "  micic country --json \"Cote d'Ivoire\"\n"
    "  micic country --all\n"};

static json_t *country_json(const char *input, const micic_country *c) {
    json_t *o = json_object();
    if (input) json_object_set_new(o, "input", json_string(input));
    json_object_set_new(o, "alpha2", json_string(micic_country_alpha2(c)));
    json_object_set_new(o, "alpha3", json_string(micic_country_alpha3(c)));
    json_object_set_new(o, "numeric", json_string(micic_country_numeric(c)));
    json_object_set_new(o, "name", json_string(micic_country_name(c)));
    json_object_set_new(o, "official_name", json_string(micic_country_official_name(c)));
    return o;
}

static void country_print(const micic_country *c) {
    printf("%s\t%s\t%s\t%s\n", micic_country_alpha2(c), micic_country_alpha3(c),
           micic_country_numeric(c), micic_country_name(c));
}

int micic_cmd_country(int argc, char **argv) {
    micic_cli_args a;
    json_t *arr = NULL;
    int k, json = 0, all = 0, status = MICIC_EXIT_OK, named = 0;
    size_t i;
    /* first pass: options (names are handled in order in the second) */
    micic_cli_args_init(&a, &country_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        switch (k) {
        case MICIC_CLI_HELP: return MICIC_EXIT_OK;
        case MICIC_CLI_BAD: return MICIC_EXIT_USAGE;
        case KEY_JSON: json = 1; break;
        case KEY_ALL: all = 1; break;
        case MICIC_CLI_ARG: named++; break;
        default: return micic_cli_usage_error(country_spec.name, "unexpected option");
        }
    }
    if (all && named)
        return micic_cli_usage_error(country_spec.name, "give NAMEs or --all, not both");
    if (!all && !named) return micic_cli_usage_error(country_spec.name, "no country NAME given");
    if (json) arr = json_array();
    if (all) {
        for (i = 0; i < micic_country_count(); i++) {
            if (json) json_array_append_new(arr, country_json(NULL, micic_country_at(i)));
            else country_print(micic_country_at(i));
        }
        return json ? dump_json(country_spec.name, arr) : MICIC_EXIT_OK;
    }
    micic_cli_args_init(&a, &country_spec, argc, argv);
    while ((k = micic_cli_next(&a)) != MICIC_CLI_DONE) {
        const micic_country *c, *near;
        if (k != MICIC_CLI_ARG) continue;
        c = micic_country_lookup(a.arg);
        if (c) {
            if (json) json_array_append_new(arr, country_json(a.arg, c));
            else country_print(c);
            continue;
        }
        status = MICIC_EXIT_FAIL;
        near = micic_country_suggest(a.arg, NULL);
        if (near)
            fprintf(stderr, "micic country: unknown country '%s'; did you mean '%s' (%s)?\n",
                    a.arg, micic_country_name(near), micic_country_alpha3(near));
        else
            fprintf(stderr, "micic country: unknown country '%s'\n", a.arg);
    }
    if (json) {
        int rc = dump_json(country_spec.name, arr);
        if (rc != MICIC_EXIT_OK) return rc;
    }
    return status;
}
