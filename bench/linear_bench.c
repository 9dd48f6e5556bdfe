/*
 * Linear time in every reader (issue 23, item 6): reads inputs of n items
 * for n = 10k, 100k, 1M (a smaller set with --quick) in several shapes —
 * items on one line or in one cell or array, and records per file — and
 * prints the time per item and the growth ratio time(10n)/time(n). A
 * linear reader shows a ratio near 10; a per-item rescan shows ~100.
 * Not a test (timings): figures in docs/reliability.md.
 *
 *   bench_linear [--quick] [SHAPE...]
 * Exit status 1 when a ratio is over 30 (clearly worse than linear).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "micic/micic.h"

typedef struct gbuf {
    char *d;
    size_t n, cap;
} gbuf;

static void put(gbuf *b, const char *s) {
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->d = realloc(b->d, b->cap);
        if (!b->d) exit(2);
    }
    memcpy(b->d + b->n, s, k + 1);
    b->n += k;
}

typedef struct shape {
    const char *name;
    micic_format format;
    void (*gen)(gbuf *b, size_t n);
} shape;

static void text_line(gbuf *b, size_t n) {
    size_t i;
    put(b, "Type of practice: Reported Practice\nTitle: T\nCountry: ");
    for (i = 0; i < n; i++) put(b, i ? ", Libya" : "Libya");
    put(b, "\nDescription: d\n");
}
static void text_labels(gbuf *b, size_t n) { /* one record, n unknown labels */
    size_t i;
    char l[64];
    put(b, "Type of practice: Reported Practice\nTitle: T\n");
    for (i = 0; i < n; i++) {
        snprintf(l, sizeof l, "Label %zu: v\n", i % 50);
        put(b, l);
    }
}
static void text_records(gbuf *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        put(b, "Type of practice: Reported Practice\nTitle: T\nCountry: Libya\n"
               "Description: d\n\n");
}
static void csv_cell(gbuf *b, size_t n) {
    size_t i;
    put(b, "id,title,country\nr1,T,\"");
    for (i = 0; i < n; i++) put(b, i ? "; Libya" : "Libya");
    put(b, "\"\n");
}
static void csv_rows(gbuf *b, size_t n) {
    size_t i;
    char l[96];
    put(b, "id,title,country\n");
    for (i = 0; i < n; i++) {
        snprintf(l, sizeof l, "r%zu,Title %zu,Libya\n", i, i);
        put(b, l);
    }
}
static void json_items(gbuf *b, size_t n) {
    size_t i;
    put(b, "[{\"id\":\"r\",\"country\":[");
    for (i = 0; i < n; i++) put(b, i ? ",\"Libya\"" : "\"Libya\"");
    put(b, "]}]\n");
}
static void json_records(gbuf *b, size_t n) {
    size_t i;
    char l[96];
    put(b, "[\n");
    for (i = 0; i < n; i++) {
        snprintf(l, sizeof l, "%s{\"id\":\"r%zu\",\"title\":\"T\"}\n", i ? "," : "", i);
        put(b, l);
    }
    put(b, "]\n");
}
static void jsonl_records(gbuf *b, size_t n) {
    size_t i;
    char l[96];
    for (i = 0; i < n; i++) {
        snprintf(l, sizeof l, "{\"id\":\"r%zu\",\"title\":\"T\"}\n", i);
        put(b, l);
    }
}
static void long_rows(gbuf *b, size_t n) {
    size_t i;
    put(b, "id,field,value\n");
    for (i = 0; i < n; i++) put(b, "r1,country,Libya\n");
}
static void guideline_items(gbuf *b, size_t n) {
    size_t i;
    put(b, "GUIDELINE 1: MONITOR CRISES AND ANTICIPATE THEIR IMPACTS ON MIGRANTS\n\n"
           "Sample Practices\n\n");
    for (i = 0; i < n; i++) put(b, "- States monitor crises in Libya.\n");
}

static const shape shapes[] = {
    {"text-line", MICIC_FORMAT_TEXT, text_line},
    {"text-labels", MICIC_FORMAT_TEXT, text_labels},
    {"text-records", MICIC_FORMAT_TEXT, text_records},
    {"csv-cell", MICIC_FORMAT_CSV, csv_cell},
    {"csv-rows", MICIC_FORMAT_CSV, csv_rows},
    {"json-items", MICIC_FORMAT_JSON, json_items},
    {"json-records", MICIC_FORMAT_JSON, json_records},
    {"jsonl-records", MICIC_FORMAT_JSONL, jsonl_records},
    {"long-rows", MICIC_FORMAT_LONG, long_rows},
    {"guideline-items", MICIC_FORMAT_GUIDELINES, guideline_items},
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(const shape *s, size_t n) {
    gbuf b = {NULL, 0, 0};
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    double t;
    int rc;
    s->gen(&b, n);
    o.format = s->format;
    o.max_field_bytes = o.max_record_bytes = (size_t)1 << 30;
    t = now();
    rc = micic_read_buffer(c, b.d, b.n, s->name, &o, &err);
    t = now() - t;
    if (rc != MICIC_OK) {
        fprintf(stderr, "%s: %s\n", s->name, err.text);
        exit(2);
    }
    micic_corpus_free(c);
    free(b.d);
    return t;
}

int main(int argc, char **argv) {
    size_t sizes[] = {10000, 100000, 1000000}, nsizes = 3, i, k;
    int quick = 0, bad = 0, a, any = 0;
    for (a = 1; a < argc; a++)
        if (strcmp(argv[a], "--quick") == 0) quick = 1;
        else any = 1;
    if (quick) nsizes = 2;
    printf("%-16s %10s %10s %10s %8s\n", "shape", "items", "seconds", "ns/item", "ratio");
    for (k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        double prev = 0;
        if (any) {
            int want = 0;
            for (a = 1; a < argc; a++)
                if (strcmp(argv[a], shapes[k].name) == 0) want = 1;
            if (!want) continue;
        }
        for (i = 0; i < nsizes; i++) {
            double t = run(&shapes[k], sizes[i]);
            double ratio = prev > 0 ? t / prev : 0;
            printf("%-16s %10zu %10.3f %10.1f %8.1f\n", shapes[k].name, sizes[i], t,
                   t * 1e9 / (double)sizes[i], ratio);
            fflush(stdout);
            /* below 5 ms the ratio is noise */
            if (prev > 0.005 && ratio > 30) bad = 1;
            prev = t;
        }
    }
    return bad;
}
