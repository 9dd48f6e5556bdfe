/*
 * Timing of micic_index_build and micic_search (docs/search.md) on a
 * synthetic corpus: N records of a 6-word title and a 60-word description
 * drawn (Zipf-like) from the words of seed 003, with a country and a phase.
 * Prints the build time and the median / 90th percentile of 10 queries run
 * 10 times each; with a third argument, also writes the records as TSV
 * (title, description, country, phase) for bench/search_bench.sh's SQLite
 * FTS5 comparison. Built and run by bench/search_bench.sh.
 *
 * Usage: search_bench SEED_003_PATH N [TSV_OUT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "micic/micic.h"

static unsigned long long rng = 88172645463325252ULL;

static unsigned next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static double now(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Zipf-like pick among n words: low indexes are frequent. */
static size_t zipf(size_t n) {
    double u = (next() % 1000000) / 1000000.0;
    size_t i = (size_t)((double)n * u * u * u);
    return i < n ? i : n - 1;
}

int main(int argc, char **argv) {
    static const char *const countries[] = {"Libya", "Egypt", "Mali", "Niger", "Ghana",
                                            "Thailand", "Lebanon", "Global"};
    static const char *const phases[] = {"Crisis Preparedness", "Emergency Response",
                                         "Post-Crisis Action"};
    static const char *const queries[] = {
        "migrants", "evacuation", "\"post evacuation\"", "crisis response",
        "humanitarian OR assistance", "country:LBY evacuation", "phase:emergency",
        "states migrants crisis", "referral mechanisms", "NOT migrants"};
    char *text, **words, title[1024], desc[16384];
    size_t len, nw = 0, n, i, j, q;
    FILE *f, *tsv = NULL;
    micic_corpus *c;
    micic_index *ix;
    micic_search_options o = MICIC_SEARCH_OPTIONS_INIT;
    double t0, lat[100];
    if (argc < 3) {
        fprintf(stderr, "usage: search_bench SEED_003_PATH N [TSV_OUT]\n");
        return 2;
    }
    n = strtoul(argv[2], NULL, 10);
    f = fopen(argv[1], "rb");
    if (!f) return 1;
    text = malloc(1 << 22);
    words = malloc(sizeof *words * (1 << 20));
    if (!text || !words) return 1;
    len = fread(text, 1, (1 << 22) - 1, f);
    text[len] = '\0';
    fclose(f);
    for (char *w = strtok(text, " \n\t\r,.;:()\""); w && nw < (1 << 20);
         w = strtok(NULL, " \n\t\r,.;:()\""))
        if (strlen(w) > 1 && strlen(w) < 40) words[nw++] = w;
    if (argc > 3 && !(tsv = fopen(argv[3], "w"))) return 1;
    c = micic_corpus_new();
    for (i = 0; i < n; i++) {
        micic_practice *p = micic_practice_new();
        const char *co = countries[next() % 8], *ph = phases[next() % 3];
        title[0] = desc[0] = '\0';
        for (j = 0; j < 6; j++) {
            strcat(title, words[zipf(nw)]);
            strcat(title, " ");
        }
        for (j = 0; j < 60; j++) {
            strcat(desc, words[zipf(nw)]);
            strcat(desc, " ");
        }
        micic_practice_add(p, MICIC_FIELD_TITLE, title, title, NULL, 0, 0, NULL);
        micic_practice_add(p, MICIC_FIELD_DESCRIPTION, desc, desc, NULL, 0, 0, NULL);
        micic_practice_add(p, MICIC_FIELD_COUNTRY, co, co, NULL, 0, 0, NULL);
        micic_practice_add(p, MICIC_FIELD_PHASE, ph, ph, NULL, 0, 0, NULL);
        if (micic_corpus_add(c, p, NULL) != MICIC_OK) return 1;
        if (tsv) fprintf(tsv, "%s\t%s\t%s\t%s\n", title, desc, co, ph);
    }
    if (tsv) fclose(tsv);
    t0 = now();
    if (micic_index_build(c, &ix, NULL) != MICIC_OK) return 1;
    printf("micic  N=%zu  index build %.2f s\n", n, now() - t0);
    for (q = 0; q < 10; q++) {
        for (j = 0; j < 10; j++) {
            micic_results *r;
            t0 = now();
            if (micic_search(ix, queries[q], &o, &r, NULL) != MICIC_OK) return 1;
            lat[q * 10 + j] = now() - t0;
            micic_results_free(r);
        }
    }
    qsort(lat, 100, sizeof *lat, cmp_double);
    printf("micic  N=%zu  query p50 %.2f ms  p90 %.2f ms\n", n, lat[50] * 1e3, lat[90] * 1e3);
    micic_index_free(ix);
    micic_corpus_free(c);
    free(words);
    free(text);
    return 0;
}
