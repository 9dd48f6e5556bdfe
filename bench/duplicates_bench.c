/*
 * Timing of micic_duplicates (prefix-filtered all-pairs, lib/similar.c) on
 * synthetic corpora: N records of 20-80 words drawn from a Zipf-like
 * vocabulary of 20000 words, 2% of them near-copies (two words changed) of
 * an earlier record. Built and run by bench/duplicates_bench.sh.
 *
 * Usage: duplicates_bench N [THRESHOLD]
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

static void word(char *out, size_t cap) {
    /* Zipf-like: rank ~ 20000^u */
    double u = (next() % 1000000) / 1000000.0;
    unsigned r = (unsigned)(1.0 + 19999.0 * u * u * u);
    snprintf(out, cap, "w%c%c%u", 'a' + r % 26, 'a' + r / 26 % 26, r);
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 10000, i;
    double threshold = argc > 2 ? atof(argv[2]) : 0.8, t0, t1, t2;
    micic_corpus *c = micic_corpus_new();
    micic_index *ix = NULL;
    micic_groups *g = NULL;
    micic_error err;
    char **texts = calloc(n, sizeof *texts);
    size_t members = 0;
    for (i = 0; i < n; i++) {
        micic_practice *p = micic_practice_new();
        char id[32], buf[2048], w[32];
        size_t len = 0, k, nw = 20 + next() % 61;
        if (i > 10 && next() % 50 == 0) { /* near-copy of an earlier record */
            size_t src = next() % i;
            snprintf(buf, sizeof buf, "%s zzchanged%zu zzother%zu", texts[src], i, i);
        } else {
            for (k = 0; k < nw; k++) {
                word(w, sizeof w);
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? " " : "", w);
            }
        }
        texts[i] = malloc(strlen(buf) + 1);
        strcpy(texts[i], buf);
        snprintf(id, sizeof id, "r%zu", i);
        micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, NULL);
        micic_practice_add(p, MICIC_FIELD_DESCRIPTION, buf, buf, NULL, 0, 0, NULL);
        if (micic_corpus_add(c, p, &err) != MICIC_OK) return 1;
    }
    t0 = now();
    if (micic_index_build(c, &ix, &err) != MICIC_OK) return 1;
    t1 = now();
    if (micic_duplicates(ix, threshold, &g, &err) != MICIC_OK) return 1;
    t2 = now();
    for (i = 0; i < micic_groups_count(g); i++) members += micic_groups_size(g, i);
    printf("records %zu  threshold %.2f  index %.2fs  duplicates %.2fs  groups %zu (%zu records)"
           "  all pairs %.3g\n",
           n, threshold, t1 - t0, t2 - t1, micic_groups_count(g), members,
           (double)n * (double)(n - 1) / 2);
    for (i = 0; i < n; i++) free(texts[i]);
    free(texts);
    micic_groups_free(g);
    micic_index_free(ix);
    micic_corpus_free(c);
    return 0;
}
