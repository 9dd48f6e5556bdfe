/* Similar practices and near duplicates: nearest neighbours among
 * near-copies of the seed practices, free-text similarity, duplicate groups
 * with a threshold (single link), and the prefix-filtered duplicate search
 * checked against brute force on the seeds and on a synthetic corpus. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/micic.h"

static char *xstrdup(const char *s) {
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    return strcpy(d, s);
}

static micic_practice *mk(const char *id, const char *title, const char *desc) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    assert_non_null(p);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, &err), MICIC_OK);
    if (title)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, title, title, NULL, 0, 0, &err),
                         MICIC_OK);
    if (desc)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_DESCRIPTION, desc, desc, NULL, 0, 0,
                                            &err),
                         MICIC_OK);
    return p;
}

static void add(micic_corpus *c, micic_practice *p) {
    micic_error err;
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
}

/* Replace every occurrence of word @p from by @p to in a new string. */
static char *replace(const char *s, const char *from, const char *to) {
    size_t n = strlen(s), lf = strlen(from), lt = strlen(to), cap = n * 2 + 64, k = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    while (*s) {
        if (strncmp(s, from, lf) == 0) {
            assert_true(k + lt + 1 < cap);
            memcpy(out + k, to, lt);
            k += lt;
            s += lf;
        } else {
            assert_true(k + 2 < cap);
            out[k++] = *s++;
        }
    }
    out[k] = '\0';
    return out;
}

/* Seeds 001 and 004, a near-copy of each (a few words changed, one
 * sentence dropped), and two unrelated records. */
static micic_corpus *near_copies(void) {
    micic_corpus *c = micic_corpus_new(), *seeds = micic_corpus_new();
    micic_error err;
    const char *d1, *d4;
    char *x1, *x4, *cut;
    assert_int_equal(micic_read_file(seeds, MICIC_SEEDS_DIR "/001_87c8b2353408428e.txt", NULL, &err),
                     MICIC_OK);
    assert_int_equal(micic_read_file(seeds, MICIC_SEEDS_DIR "/004_aa20fe2b579e300a.txt", NULL, &err),
                     MICIC_OK);
    d1 = micic_practice_first(micic_corpus_get(seeds, 0), MICIC_FIELD_DESCRIPTION);
    d4 = micic_practice_first(micic_corpus_get(seeds, 1), MICIC_FIELD_DESCRIPTION);
    assert_true(strlen(d1) > 200 && strlen(d4) > 200);
    add(c, mk("unrelated-1", "Hotline", "A telephone hotline informs migrants about storms."));
    add(c, mk("s001", NULL, d1));
    add(c, mk("s004", NULL, d4));
    x4 = replace(d4, "migrants", "foreign workers");
    cut = strstr(x4, "Enhanced assistance");
    assert_non_null(cut);
    *cut = '\0';
    add(c, mk("s004-copy", "Return assistance from Libya", x4));
    x1 = replace(d1, "training", "course");
    add(c, mk("s001-copy", NULL, x1));
    add(c, mk("unrelated-2", "Shelter", "Emergency shelters for families after the earthquake."));
    free(x1);
    free(x4);
    micic_corpus_free(seeds);
    return c;
}

static void test_nearest_neighbour(void **state) {
    micic_corpus *c = near_copies();
    micic_index *ix = NULL;
    micic_results *r = NULL;
    micic_error err;
    size_t i;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    /* 004's nearest is its near-copy; itself is never listed */
    assert_int_equal(micic_similar(ix, 2, 3, &r, &err), MICIC_OK);
    assert_true(micic_results_size(r) >= 1 && micic_results_size(r) <= 3);
    assert_string_equal(micic_results_id(r, 0), "s004-copy");
    assert_true(micic_results_score(r, 0) > 0.7 && micic_results_score(r, 0) <= 1.0);
    for (i = 0; i < micic_results_size(r); i++) {
        assert_true(micic_results_record(r, i) != 2);
        assert_true(micic_results_score(r, i) > 0.0);
        if (i) assert_true(micic_results_score(r, i) <= micic_results_score(r, i - 1));
    }
    assert_true(micic_results_total(r) >= micic_results_size(r));
    micic_results_free(r);
    r = NULL;
    /* and the other way round; 001 likewise */
    assert_int_equal(micic_similar(ix, 3, 1, &r, &err), MICIC_OK);
    assert_string_equal(micic_results_id(r, 0), "s004");
    micic_results_free(r);
    r = NULL;
    assert_int_equal(micic_similar(ix, 1, 1, &r, &err), MICIC_OK);
    assert_string_equal(micic_results_id(r, 0), "s001-copy");
    assert_true(micic_results_score(r, 0) > 0.8);
    micic_results_free(r);
    r = NULL;
    /* k = 0: every record sharing a term, at most the 5 others */
    assert_int_equal(micic_similar(ix, 1, 0, &r, &err), MICIC_OK);
    assert_true(micic_results_size(r) <= 5);
    assert_int_equal(micic_results_size(r), micic_results_total(r));
    micic_results_free(r);
    r = NULL;
    /* out of range */
    assert_int_equal(micic_similar(ix, 99, 3, &r, &err), MICIC_ENOTFOUND);
    assert_null(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

static void test_similar_text(void **state) {
    micic_corpus *c = near_copies();
    micic_index *ix = NULL;
    micic_results *r = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    assert_int_equal(micic_similar_text(ix, "emergency shelter after an earthquake", 2, &r, &err),
                     MICIC_OK);
    assert_string_equal(micic_results_id(r, 0), "unrelated-2");
    assert_true(micic_results_score(r, 0) > 0.3);
    micic_results_free(r);
    r = NULL;
    assert_int_equal(micic_similar_text(ix, "repatriated from Libya, pre-departure medical screening",
                                        2, &r, &err),
                     MICIC_OK);
    assert_int_equal(micic_results_size(r), 2);
    assert_true(strncmp(micic_results_id(r, 0), "s004", 4) == 0);
    assert_true(strncmp(micic_results_id(r, 1), "s004", 4) == 0);
    micic_results_free(r);
    r = NULL;
    /* no known word: no result */
    assert_int_equal(micic_similar_text(ix, "the zzyzx of qwertyuiop", 5, &r, &err), MICIC_OK);
    assert_int_equal(micic_results_size(r), 0);
    assert_int_equal(micic_results_total(r), 0);
    micic_results_free(r);
    r = NULL;
    assert_int_equal(micic_similar_text(ix, "bad \xc3\x28", 5, &r, &err), MICIC_EUTF8);
    assert_int_equal(micic_similar_text(ix, NULL, 5, &r, &err), MICIC_EINVAL);
    assert_null(r);
    micic_index_free(ix);
    micic_corpus_free(c);
}

/* Chain A ~ A2 ~ A3 (A and A3 less alike), pair B ~ B2, loner C. */
static micic_corpus *chain_fixture(void) {
    micic_corpus *c = micic_corpus_new();
    add(c, mk("A", "Evacuation", "buses evacuate stranded migrants from the coastal city to the capital"));
    add(c, mk("C", "Fund", "a dedicated fund finances consular staff training in host countries"));
    add(c, mk("B", "Hotline", "multilingual hotline answers questions of migrant domestic workers"));
    add(c, mk("A2", "Evacuation", "buses evacuate stranded migrants from the coastal city to the border"));
    add(c, mk("B2", "Hotline", "multilingual hotline answers questions of migrant domestic workers"));
    add(c, mk("A3", "Evacuation", "trucks evacuate stranded families from the coastal city to the border"));
    add(c, mk("E", NULL, NULL)); /* no text: similar to nothing */
    return c;
}

static double sim(const micic_index *ix, size_t a, size_t b) {
    micic_results *r = NULL;
    size_t i;
    double s = 0;
    assert_int_equal(micic_similar(ix, a, 0, &r, NULL), MICIC_OK);
    for (i = 0; i < micic_results_size(r); i++)
        if (micic_results_record(r, i) == b) s = micic_results_score(r, i);
    micic_results_free(r);
    return s;
}

static void test_duplicate_groups(void **state) {
    micic_corpus *c = chain_fixture();
    micic_index *ix = NULL;
    micic_groups *g = NULL;
    micic_error err;
    double t, ab, a_a3, a2_a3;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    ab = sim(ix, 0, 3);
    a2_a3 = sim(ix, 3, 5);
    a_a3 = sim(ix, 0, 5);
    assert_true(fabs(sim(ix, 2, 4) - 1.0) < 1e-9); /* B and B2 are identical */
    assert_true(fabs(sim(ix, 0, 3) - sim(ix, 3, 0)) < 1e-12);
    assert_true(a_a3 < ab && a_a3 < a2_a3);
    /* a threshold between A~A3 and the two chain links: single link joins all three */
    t = (a_a3 + (ab < a2_a3 ? ab : a2_a3)) / 2;
    assert_int_equal(micic_duplicates(ix, t, &g, &err), MICIC_OK);
    assert_int_equal(micic_groups_count(g), 2);
    /* groups by their first record: A's (0, 3, 5), then B's (2, 4) */
    assert_int_equal(micic_groups_size(g, 0), 3);
    assert_int_equal(micic_groups_member(g, 0, 0), 0);
    assert_int_equal(micic_groups_member(g, 0, 1), 3);
    assert_int_equal(micic_groups_member(g, 0, 2), 5);
    assert_int_equal(micic_groups_size(g, 1), 2);
    assert_int_equal(micic_groups_member(g, 1, 0), 2);
    assert_int_equal(micic_groups_member(g, 1, 1), 4);
    assert_int_equal(micic_groups_size(g, 2), 0);
    micic_groups_free(g);
    g = NULL;
    /* above the weaker chain link, A3 drops out */
    assert_int_equal(micic_duplicates(ix, (ab < a2_a3 ? ab : a2_a3) + 1e-6, &g, &err), MICIC_OK);
    assert_int_equal(micic_groups_count(g), 2);
    assert_int_equal(micic_groups_size(g, 0), 2);
    micic_groups_free(g);
    g = NULL;
    /* 1.0: only the identical pair */
    assert_int_equal(micic_duplicates(ix, 1.0, &g, &err), MICIC_OK);
    assert_int_equal(micic_groups_count(g), 1);
    assert_int_equal(micic_groups_member(g, 0, 0), 2);
    micic_groups_free(g);
    g = NULL;
    /* 0: everything is one group */
    assert_int_equal(micic_duplicates(ix, 0.0, &g, &err), MICIC_OK);
    assert_int_equal(micic_groups_count(g), 1);
    assert_int_equal(micic_groups_size(g, 0), 7);
    micic_groups_free(g);
    g = NULL;
    assert_int_equal(micic_duplicates(ix, 1.5, &g, &err), MICIC_EINVAL);
    assert_int_equal(micic_duplicates(ix, -0.1, &g, &err), MICIC_EINVAL);
    assert_int_equal(micic_duplicates(ix, NAN, &g, &err), MICIC_EINVAL);
    assert_null(g);
    micic_groups_free(NULL);
    assert_int_equal(micic_groups_count(NULL), 0);
    micic_index_free(ix);
    micic_corpus_free(c);
}

/* ---- prefix filtering == brute force ---------------------------------- */

static size_t find(size_t *parent, size_t x) {
    while (parent[x] != x) x = parent[x];
    return x;
}

/* Brute-force single-link groups from all pairwise similarities
 * (micic_similar of every record), compared with micic_duplicates. */
static void check_against_brute_force(const micic_corpus *c, const double *thresholds, size_t nt) {
    micic_index *ix = NULL;
    micic_error err;
    size_t n = micic_corpus_size(c), i, j, k, ti;
    double *s = calloc(n * n, sizeof *s);
    size_t *parent = malloc(n * sizeof *parent);
    assert_non_null(s);
    assert_non_null(parent);
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    for (i = 0; i < n; i++) {
        micic_results *r = NULL;
        assert_int_equal(micic_similar(ix, i, 0, &r, &err), MICIC_OK);
        for (k = 0; k < micic_results_size(r); k++) s[i * n + micic_results_record(r, k)] = micic_results_score(r, k);
        micic_results_free(r);
    }
    for (ti = 0; ti < nt; ti++) {
        micic_groups *g = NULL;
        size_t pairs = 0, members = 0;
        for (i = 0; i < n; i++) parent[i] = i;
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (s[i * n + j] >= thresholds[ti] - 1e-9) {
                    size_t a = find(parent, i), b = find(parent, j);
                    pairs++;
                    if (a != b) parent[a > b ? a : b] = a > b ? b : a;
                }
        assert_int_equal(micic_duplicates(ix, thresholds[ti], &g, &err), MICIC_OK);
        for (k = 0; k < micic_groups_count(g); k++) {
            size_t root = find(parent, micic_groups_member(g, k, 0));
            assert_true(micic_groups_size(g, k) >= 2);
            for (j = 0; j < micic_groups_size(g, k); j++) {
                assert_int_equal(find(parent, micic_groups_member(g, k, j)), root);
                if (j) assert_true(micic_groups_member(g, k, j) > micic_groups_member(g, k, j - 1));
            }
            members += micic_groups_size(g, k);
        }
        /* every record in a brute-force group of 2+ is listed */
        {
            size_t expect = 0;
            size_t *size = calloc(n, sizeof *size);
            for (i = 0; i < n; i++) size[find(parent, i)]++;
            for (i = 0; i < n; i++)
                if (size[find(parent, i)] >= 2) expect++;
            assert_int_equal(members, expect);
            free(size);
        }
        print_message("threshold %.2f: %zu pairs, %zu groups, %zu records\n", thresholds[ti], pairs,
                      micic_groups_count(g), members);
        micic_groups_free(g);
    }
    micic_index_free(ix);
    free(s);
    free(parent);
}

static void test_duplicates_seeds_brute_force(void **state) {
    static const double t[] = {0.2, 0.35, 0.5, 0.7, 0.9};
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    (void)state;
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    check_against_brute_force(c, t, sizeof t / sizeof t[0]);
    micic_corpus_free(c);
}

/* A synthetic corpus: 400 records of 8-30 words drawn from 600 words with
 * a skewed distribution, and 40 planted near-copies (a few words changed). */
static void test_duplicates_synthetic_brute_force(void **state) {
    static const double t[] = {0.3, 0.6, 0.85};
    micic_corpus *c = micic_corpus_new();
    unsigned long long rng = 12345;
    char text[1024], id[32];
    char *texts[400];
    size_t i, w;
    (void)state;
    for (i = 0; i < 400; i++) {
        size_t len = 0, nw;
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        nw = 8 + (size_t)(rng >> 33) % 23;
        for (w = 0; w < nw; w++) {
            unsigned v;
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            v = (unsigned)((rng >> 33) % 600);
            v = (v * v) / 600; /* skew toward frequent words */
            len += (size_t)snprintf(text + len, sizeof text - len, "%sw%c%c%u", w ? " " : "",
                                    'a' + (char)(v % 26), 'a' + (char)(v / 26 % 26), v);
        }
        texts[i] = xstrdup(text);
        snprintf(id, sizeof id, "r%zu", i);
        add(c, mk(id, NULL, text));
    }
    for (i = 0; i < 40; i++) { /* near-copy of record 7*i with its last word changed */
        char *copy = xstrdup(texts[7 * i]), *sp = strrchr(copy, ' ');
        if (sp) snprintf(sp, strlen(sp) + 1, " %s", "zzcopy");
        snprintf(id, sizeof id, "copy%zu", i);
        add(c, mk(id, NULL, copy));
        free(copy);
    }
    for (i = 0; i < 400; i++) free(texts[i]);
    check_against_brute_force(c, t, sizeof t / sizeof t[0]);
    micic_corpus_free(c);
}

static void test_empty(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_index *ix = NULL;
    micic_groups *g = NULL;
    micic_results *r = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    assert_int_equal(micic_duplicates(ix, 0.5, &g, &err), MICIC_OK);
    assert_int_equal(micic_groups_count(g), 0);
    micic_groups_free(g);
    assert_int_equal(micic_similar_text(ix, "evacuation", 3, &r, &err), MICIC_OK);
    assert_int_equal(micic_results_size(r), 0);
    micic_results_free(r);
    assert_int_equal(micic_similar(ix, 0, 3, &r, &err), MICIC_ENOTFOUND);
    assert_int_equal(micic_similar(NULL, 0, 3, &r, &err), MICIC_EINVAL);
    micic_index_free(ix);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_neighbour),
        cmocka_unit_test(test_similar_text),
        cmocka_unit_test(test_duplicate_groups),
        cmocka_unit_test(test_duplicates_seeds_brute_force),
        cmocka_unit_test(test_duplicates_synthetic_brute_force),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
