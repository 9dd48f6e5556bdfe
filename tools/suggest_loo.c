/*
 * Leave-one-out accuracy of the guideline suggester on the seeds' tagged
 * practices (docs/suggest.md). Built and run by tools/suggest_loo.sh.
 *
 * For every record of the corpus (default: the bundled corpus) that carries
 * guideline numbers, a suggester is trained on the catalogue plus every
 * other tagged record (micic_suggester_new(corpus, id)), which also drops
 * the catalogue Sample Practices that copy the held-out record; the record
 * is then ranked on its own fields. A record counts as
 *   top-1 correct  when the first guideline is one of its own,
 *   top-3 correct  when one of its own is among the first three,
 *   all-in-top-n   when all its n own guidelines are in the first max(3, n).
 * The same is reported for the suggester trained on the catalogue alone
 * (no tagged practices; the held-out record's Sample Practice copies are
 * still dropped), per source file, and, for comparison only, for the
 * default suggester trained on every record (resubstitution: optimistic).
 *
 * Leave-group-out goes further: the near duplicates of the held-out record
 * (micic_duplicates at cosine >= 0.5, single link: the seeds repeat some
 * practices across documents) are left out of the training too.
 *
 * Usage: suggest_loo [-v] [FILE...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "micic/micic.h"

#define GROUP_THRESHOLD 0.5 /* near duplicates held out together */

typedef struct tally {
    char source[128];
    int n, top1, top3, all;
} tally;

static int is_own(const micic_practice *p, int g) {
    size_t i;
    for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE); i++)
        if (atoi(micic_practice_value(p, MICIC_FIELD_GUIDELINE, i)) == g) return 1;
    return 0;
}

static void score(tally *t, const micic_practice *p, const micic_suggestions *r) {
    size_t n = micic_practice_count(p, MICIC_FIELD_GUIDELINE), top = n > 3 ? n : 3, i, hits = 0;
    int t3 = 0;
    t->n++;
    if (is_own(p, micic_suggestions_guideline(r, 0))) t->top1++;
    for (i = 0; i < 3; i++)
        if (is_own(p, micic_suggestions_guideline(r, i))) t3 = 1;
    t->top3 += t3;
    for (i = 0; i < top; i++)
        if (is_own(p, micic_suggestions_guideline(r, i))) hits++;
    if (hits == n) t->all++;
}

static tally *find_tally(tally *v, size_t *n, const char *source) {
    size_t i;
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    for (i = 0; i < *n; i++)
        if (strcmp(v[i].source, base) == 0) return &v[i];
    memset(&v[*n], 0, sizeof v[*n]);
    snprintf(v[*n].source, sizeof v[*n].source, "%s", base);
    return &v[(*n)++];
}

static void print_row(const char *what, const tally *t) {
    if (!t->n) return;
    printf("| %-34s | %4d | %5.1f%% (%d) | %5.1f%% (%d) | %5.1f%% (%d) |\n", what, t->n,
           100.0 * t->top1 / t->n, t->top1, 100.0 * t->top3 / t->n, t->top3,
           100.0 * t->all / t->n, t->all);
}

int main(int argc, char **argv) {
    micic_corpus *c = micic_corpus_new();
    micic_suggester *cat = NULL, *full = NULL;
    micic_error err;
    tally loo = {"", 0, 0, 0, 0}, base = {"", 0, 0, 0, 0}, resub = {"", 0, 0, 0, 0},
          lgo = {"", 0, 0, 0, 0};
    micic_index *ix = NULL;
    micic_groups *groups = NULL;
    size_t *group_of = NULL, g, m;
    tally *per_src, *per_src_base;
    size_t nsrc = 0, nsrc_base = 0, i;
    int verbose = 0, a, rc;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "-v") == 0) {
            verbose = 1;
            continue;
        }
        rc = micic_read_file(c, argv[a], NULL, &err);
        if (rc != MICIC_OK) {
            fprintf(stderr, "suggest_loo: %s: %s\n", argv[a], err.text);
            return 1;
        }
    }
    if (micic_corpus_size(c) == 0 && (rc = micic_read_bundled(c, NULL, &err)) != MICIC_OK) {
        fprintf(stderr, "suggest_loo: bundled corpus: %s\n", err.text);
        return 1;
    }
    per_src = calloc(micic_corpus_size(c) + 1, sizeof *per_src);
    per_src_base = calloc(micic_corpus_size(c) + 1, sizeof *per_src_base);
    if (!per_src || !per_src_base || micic_suggester_new(c, NULL, &full, &err) != MICIC_OK) {
        fprintf(stderr, "suggest_loo: out of memory\n");
        return 1;
    }
    /* near-duplicate groups, for leave-group-out */
    group_of = malloc((micic_corpus_size(c) + 1) * sizeof *group_of);
    if (!group_of || micic_index_build(c, &ix, &err) != MICIC_OK ||
        micic_duplicates(ix, GROUP_THRESHOLD, &groups, &err) != MICIC_OK) {
        fprintf(stderr, "suggest_loo: %s\n", err.text);
        return 1;
    }
    for (i = 0; i < micic_corpus_size(c); i++) group_of[i] = (size_t)-1;
    for (g = 0; g < micic_groups_count(groups); g++)
        for (m = 0; m < micic_groups_size(groups, g); m++) group_of[micic_groups_member(groups, g, m)] = g;
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        micic_suggester *s = NULL, *sg = NULL;
        micic_suggestions *rg = NULL;
        micic_corpus *rest;
        size_t o;
        micic_suggestions *r = NULL, *rb = NULL, *rf = NULL;
        micic_corpus *alone;
        micic_location loc = micic_practice_record_location(p);
        size_t j;
        if (micic_practice_count(p, MICIC_FIELD_GUIDELINE) == 0) continue;
        /* catalogue only, honestly: a one-record training corpus with that
         * record excluded trains on nothing but still drops the catalogue
         * Sample Practices that copy it */
        alone = micic_corpus_new();
        if (!alone || micic_corpus_add(alone, micic_practice_copy(p), &err) != MICIC_OK ||
            micic_suggester_new(alone, micic_practice_id(micic_corpus_get(alone, 0)), &cat, &err) !=
                MICIC_OK ||
            micic_suggester_new(c, micic_practice_id(p), &s, &err) != MICIC_OK ||
            micic_suggest_practice(s, p, 0, &r, &err) != MICIC_OK ||
            micic_suggest_practice(cat, p, 0, &rb, &err) != MICIC_OK ||
            micic_suggest_practice(full, p, 0, &rf, &err) != MICIC_OK) {
            fprintf(stderr, "suggest_loo: %s\n", err.text);
            return 1;
        }
        micic_corpus_free(alone);
        score(&resub, p, rf);
        /* leave-group-out: p and its near duplicates (cosine >= 0.5 of the
         * title/description/stakeholder TF-IDF vectors, single link) */
        rest = micic_corpus_new();
        for (o = 0; rest && o < micic_corpus_size(c); o++) {
            if (o != i && group_of[i] != (size_t)-1 && group_of[o] == group_of[i]) continue;
            if (micic_corpus_add(rest, micic_practice_copy(micic_corpus_get(c, o)), &err) != MICIC_OK)
                return 1;
        }
        if (!rest || micic_suggester_new(rest, micic_practice_id(p), &sg, &err) != MICIC_OK ||
            micic_suggest_practice(sg, p, 0, &rg, &err) != MICIC_OK) {
            fprintf(stderr, "suggest_loo: %s\n", err.text);
            return 1;
        }
        score(&lgo, p, rg);
        micic_suggestions_free(rg);
        micic_suggester_free(sg);
        micic_corpus_free(rest);
        score(&loo, p, r);
        score(find_tally(per_src, &nsrc, loc.source), p, r);
        score(&base, p, rb);
        score(find_tally(per_src_base, &nsrc_base, loc.source), p, rb);
        if (verbose) {
            printf("%-8s %-40.40s own:", micic_practice_id(p),
                   micic_practice_first(p, MICIC_FIELD_TITLE));
            for (j = 0; j < micic_practice_count(p, MICIC_FIELD_GUIDELINE); j++)
                printf(" %s", micic_practice_value(p, MICIC_FIELD_GUIDELINE, j));
            printf("  loo: %d %d %d  catalogue: %d %d %d  all: %d %d %d\n",
                   micic_suggestions_guideline(r, 0), micic_suggestions_guideline(r, 1),
                   micic_suggestions_guideline(r, 2), micic_suggestions_guideline(rb, 0),
                   micic_suggestions_guideline(rb, 1), micic_suggestions_guideline(rb, 2),
                   micic_suggestions_guideline(rf, 0), micic_suggestions_guideline(rf, 1),
                   micic_suggestions_guideline(rf, 2));
        }
        micic_suggestions_free(r);
        micic_suggestions_free(rb);
        micic_suggestions_free(rf);
        micic_suggester_free(s);
        micic_suggester_free(cat);
        cat = NULL;
    }
    printf("| %-34s | %4s | %-11s | %-11s | %-11s |\n", "evaluation", "n", "top-1", "top-3",
           "all own in top max(3,n)");
    printf("|------------------------------------|------|-------------|-------------|-------------|\n");
    print_row("leave-one-out, catalogue + seeds", &loo);
    for (i = 0; i < nsrc; i++) {
        char what[160];
        snprintf(what, sizeof what, "  from %.20s", per_src[i].source);
        print_row(what, &per_src[i]);
    }
    print_row("leave-group-out (near dups >= 0.5)", &lgo);
    print_row("catalogue only (no tagged practices)", &base);
    for (i = 0; i < nsrc_base; i++) {
        char what[160];
        snprintf(what, sizeof what, "  from %.20s", per_src_base[i].source);
        print_row(what, &per_src_base[i]);
    }
    print_row("not held out (trained on all; optimistic)", &resub);
    for (g = 0, m = 0; g < micic_groups_count(groups); g++) m += micic_groups_size(groups, g);
    printf("\n%zu near-duplicate groups (cosine >= %.1f) hold %zu records\n",
           micic_groups_count(groups), GROUP_THRESHOLD, m);
    free(per_src);
    free(per_src_base);
    free(group_of);
    micic_groups_free(groups);
    micic_index_free(ix);
    micic_suggester_free(full);
    micic_corpus_free(c);
    return 0;
}
